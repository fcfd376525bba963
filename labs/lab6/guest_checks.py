"""Lab 6 on the booted system: the whole system in QEMU (init starts ata and fs from the
manifest) runs kernel/tests/user/lab6_fs.c against the file server built with the
student's code, on a fresh copy of build/disk.img. After QEMU stopped, the copy is judged
from outside by e2fsck -fn and debugfs (ext2_judge.py): what lab6_fs.c's comment lists
must be on the disk, byte for byte. Nothing the guest prints earns a mark.

One boot serves every booted test of a grading run: the first test to need it boots and
keeps the run (its serial output, its disk copy, its trace) in a directory named after the
grader's process and the binaries booted; the others wait for it (a lock) and read the
same disk.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from grading.framework import CheckFailed
from grading.harness.qemu import REPO, run_qemu
from grading.harness.shell_session import ShellError, system_modules

import ext2_judge

PROGRAM = "lab6_fs"
# lab6_fs.c's constants.
SMALL_SIZE, INDIRECT_SIZE, DOUBLE_SIZE, DOOMED_SIZE, MANY = 3000, 100000, 400000, 50000, 150
WALL_TIMEOUT = 900.0
#: Guest instructions the run may take: under -icount without sleep, the time QEMU's disk
#: takes to answer counts too (the guest idles meanwhile), so a run of a few thousand disk
#: requests needs far more than the default budget.
INSN_BUDGET = 60_000_000_000
#: The kernel's trace of a few thousand file requests is more than the default 4 MiB.
OUTPUT_LIMIT = 64 * 1024 * 1024


def many_name(i: int) -> str:
    """lab6_fs.c's many_name(): the i-th file of /lab6/many, without the directory."""
    return f"entry-{i:03d}-" + "".join(chr(ord("a") + (i + k) % 26) for k in range(i % 40))


def _key(modules: list[Path], disk: Path) -> str:
    digest = hashlib.sha256()
    for path in [*modules, disk]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def booted_run(ctx) -> dict:
    """The finished run: {"outcome", "serial", "disk" (the copy), "original"}; boots once."""
    build = ctx.build_dir
    original = build / "disk.img"
    try:
        modules = system_modules(build, REPO / "servers" / "init" / "manifest.txt")
    except ShellError as error:
        raise CheckFailed(expected="the system built", seen=str(error)) from None
    program = build / "user-tests" / f"{PROGRAM}.elf"
    for needed in (program, original, build / "kernel.elf"):
        if not needed.exists():
            raise CheckFailed(expected=f"{needed} built", seen="it is missing",
                              hint="run `make` (make grade does this for you)")
    modules.append(program)
    cache = Path(tempfile.gettempdir()) / \
        f"orrery-lab6-{os.getppid()}-{_key([build / 'kernel.elf', *modules], original)}"
    cache.mkdir(exist_ok=True)
    with open(cache / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = cache / "run.json"
        if not done.exists():
            ctx.log(f"booting the system with {PROGRAM} on a fresh copy of {original}")
            result = run_qemu(build / "kernel.elf", modules, cmdline=f"root=init run={PROGRAM}",
                              workdir=cache / "qemu", disk=original, wall_timeout=WALL_TIMEOUT,
                              insn_budget=INSN_BUDGET, output_limit=OUTPUT_LIMIT)
            done.write_text(json.dumps({"outcome": result.outcome, "serial": result.serial,
                                        "describe": result.describe(),
                                        "disk": str(result.disk) if result.disk else ""}))
        run = json.loads(done.read_text())
    # The trace of the boot goes with each test that used it (a failing one gets its page).
    capture = cache / "qemu" / "debugcon.bin"
    if capture.exists():
        (ctx.workdir / "qemu").mkdir(exist_ok=True)
        shutil.copyfile(capture, ctx.workdir / "qemu" / "debugcon.bin")
    serial = run["serial"].replace("\r", "")
    ctx.log("the guest's last lines:\n" + "\n".join(serial.splitlines()[-25:]))
    if not run["disk"] or not Path(run["disk"]).exists():
        raise CheckFailed(expected="QEMU ran with a copy of the disk", seen=run["describe"])
    run["original"] = original
    run["disk"] = Path(run["disk"])
    _forget_old_runs()
    return run


def _forget_old_runs(hours: float = 6) -> None:
    """Runs of graders long gone are removed."""
    for old in Path(tempfile.gettempdir()).glob("orrery-lab6-*"):
        try:
            if time.time() - old.stat().st_mtime > hours * 3600:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass


def missing_holes(run: dict) -> str:
    """The guest's "lab 6: ... not implemented yet" lines, for a failure's message."""
    lines = [line.strip() for line in run["serial"].splitlines() if "not implemented yet" in line]
    return (" (the file server said: " + "; ".join(lines) + ")") if lines else ""


def check_clean(ctx, run: dict) -> None:
    ext2_judge.fsck_clean(ctx, run["disk"])


def check_files(ctx, run: dict, paths: dict[str, bytes], kinds: dict[str, set[str]]) -> None:
    """Each path holds its bytes (debugfs, sha256) and its map has the kinds of blocks."""
    disk = run["disk"]
    for path, data in paths.items():
        try:
            ext2_judge.same_bytes(disk, path, data)
        except CheckFailed as failure:
            failure.seen += missing_holes(run)
            raise
        seen = ext2_judge.map_kinds(disk, path)
        if not kinds.get(path, set()) <= seen:
            raise CheckFailed(expected=f"{path}'s map has {sorted(kinds[path])} blocks",
                              seen=f"debugfs lists {sorted(seen) or 'only direct blocks'}")
