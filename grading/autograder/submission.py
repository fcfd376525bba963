"""Finding a lab's files in what a student uploaded, and unpacking uploaded archives.

Students upload in two ways: the lab's files at top level (``frame_alloc.c``, ``vm.c``), or
a whole tree in a folder (``orrery/kernel/frame_alloc.c``, from a zip of their checkout).
``locate`` finds each wanted file by name wherever it is; a path that ends with the wanted
path (``.../kernel/frame_alloc.c``) wins over a bare name elsewhere, then the shallowest.
Symbolic links, hidden files and macOS metadata folders are never taken, and a file larger
than ``MAX_FILE_BYTES`` is refused.

``unpack`` extracts a .tar, .tar.gz/.tgz, .tar.bz2, .tar.xz or .zip archive, keeping only
regular files with safe relative names (no absolute paths, no ``..``, no links or devices).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
import tarfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Dict, List

MAX_FILE_BYTES = 1024 * 1024          # a lab's source file is a few KiB
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024  # total unpacked size of one student's archive
IGNORED_DIRS = {"__MACOSX", ".git", "build"}
ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".zip")


class UnpackError(Exception):
    """An archive could not be read or holds nothing usable."""


@dataclasses.dataclass
class Located:
    """Where the wanted files were found in a submission."""

    found: Dict[str, Path]            # wanted path -> file in the submission
    missing: List[str]                # wanted paths not found
    notes: List[str]                  # what the student should know (duplicates, refusals)
    seen: List[str]                   # every file in the submission (relative), for messages


def locate(submission: Path, wanted: List[str]) -> Located:
    """Find each of ``wanted`` (paths like ``kernel/vm.c``) under ``submission``."""
    files = _regular_files(submission)
    seen = sorted(p.relative_to(submission).as_posix() for p in files)
    result = Located(found={}, missing=[], notes=[], seen=seen)
    for want in wanted:
        name = PurePosixPath(want).name
        candidates = [p for p in files if p.name == name]
        if not candidates:
            result.missing.append(want)
            continue
        candidates.sort(key=lambda p: (not p.relative_to(submission).as_posix().endswith(want),
                                       len(p.relative_to(submission).parts),
                                       p.relative_to(submission).as_posix()))
        chosen = candidates[0]
        rel = chosen.relative_to(submission).as_posix()
        if chosen.stat().st_size > MAX_FILE_BYTES:
            result.missing.append(want)
            result.notes.append(f"{rel} is larger than {MAX_FILE_BYTES // 1024} KiB and was not used")
            continue
        if len(candidates) > 1:
            others = ", ".join(p.relative_to(submission).as_posix() for p in candidates[1:4])
            result.notes.append(f"several files are named {name}: used {rel} (not {others})")
        result.found[want] = chosen
    return result


def _regular_files(root: Path) -> List[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in IGNORED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if name.startswith(".") or name.startswith("._"):
                continue
            try:
                if stat.S_ISREG(path.lstat().st_mode):
                    found.append(path)
            except OSError:
                continue
    return found


def is_archive(path: Path) -> bool:
    """Whether ``path``'s name says it is an archive ``unpack`` reads."""
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def archive_stem(path: Path) -> str:
    """The name without its archive suffix: ``alice.tar.gz`` -> ``alice``."""
    lower = path.name.lower()
    for suffix in sorted(ARCHIVE_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return path.name[:-len(suffix)]
    return path.name


def unpack(archive: Path, dest: Path) -> int:
    """Extract ``archive``'s regular files under ``dest``; returns how many.

    Raises UnpackError when the archive cannot be read, is too large, or has no files.
    """
    dest.mkdir(parents=True, exist_ok=True)
    try:
        if archive.name.lower().endswith(".zip"):
            count = _unpack_zip(archive, dest)
        else:
            count = _unpack_tar(archive, dest)
    except (OSError, EOFError, tarfile.TarError, zipfile.BadZipFile, ValueError) as e:
        raise UnpackError(f"cannot unpack {archive.name}: {e}") from None
    if count == 0:
        raise UnpackError(f"{archive.name} holds no files")
    return count


def _safe_target(dest: Path, name: str) -> Path:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not parts or parts[0] == "/" or ".." in parts or ":" in parts[0]:
        return None
    return dest.joinpath(*parts)


class _Budget:
    def __init__(self):
        self.left = MAX_ARCHIVE_BYTES

    def take(self, size: int, name: str):
        self.left -= size
        if self.left < 0:
            raise ValueError(f"unpacks to more than {MAX_ARCHIVE_BYTES // 2**20} MiB (at {name})")


def _unpack_tar(archive: Path, dest: Path) -> int:
    count, budget = 0, _Budget()
    with tarfile.open(archive, "r:*") as tar:
        for member in tar:
            target = _safe_target(dest, member.name)
            if target is None or not member.isreg():
                continue
            budget.take(member.size, member.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)
            count += 1
    return count


def _unpack_zip(archive: Path, dest: Path) -> int:
    count, budget = 0, _Budget()
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            target = _safe_target(dest, info.filename)
            mode = info.external_attr >> 16
            if target is None or info.is_dir() or (mode and not stat.S_ISREG(mode)):
                continue
            budget.take(info.file_size, info.filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)
            count += 1
    return count
