#!/usr/bin/python3
"""Build Orrery's disk image (build/disk.img): an ext2 file system made with Debian's
``mke2fs -d`` from a directory tree, the same bytes on every build.

    make_disk.py --tree servers/disk/tree --manifest servers/init/manifest.txt \\
        --program build/bin/cat.elf ... -o build/disk.img

What the image holds (the staging directory, build/disk/root, is made first):

    /bin/NAME            every program given with --program, as NAME (no .elf)
    /etc/services        the boot manifest's services: "SERVICE PROGRAM" per line
    /etc/motd            from the tree
    /home/student/README, wc.c   from the tree
    /home/student/big.txt        BIG_TEXT_BYTES of generated text (big_text())

Reproducible to the byte: a fixed UUID and directory hash seed, every inode's times set to
FIXED_TIME (the staging files' mtimes, E2FSPROGS_FAKE_TIME for what mke2fs makes itself),
and owner root: mke2fs -d copies each file's owner and change time (which utime cannot
set) from the staging tree, so debugfs sets uid, gid and ctime of every inode afterwards.

Errors (a missing tree, program or mke2fs) are reported with what is missing and exit 1.
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

IMAGE_BYTES = 32 * 1024 * 1024
BLOCK_SIZE = 1024
INODE_SIZE = 128
VOLUME_LABEL = "orrery"
VOLUME_UUID = "0a11ce55-0b17-4e55-a7a0-000000000011"
HASH_SEED = "0a11ce55-0b17-4e55-a7a0-0000000000aa"
#: 2026-01-01 00:00:00 UTC: every time stamp in the image.
FIXED_TIME = 1767225600
#: big.txt: at least 1 MiB, not a whole number of blocks (its last block is partly used).
BIG_TEXT_BYTES = 1024 * 1024 + 123_457
#: Where mke2fs and debugfs are on Debian (/sbin is not on every user's PATH).
SBIN_DIRS = ("/sbin", "/usr/sbin")

WORDS = ("orrery", "kernel", "capability", "endpoint", "notification", "thread", "frame",
         "sector", "block", "inode", "directory", "driver", "interrupt", "pager", "server",
         "message", "badge", "reply", "student", "lab", "disk", "cache", "ext2", "port")


def big_text(size=BIG_TEXT_BYTES):
    """Deterministic text of exactly *size* bytes: numbered lines of words chosen by a
    linear congruential generator (the same on every machine and Python version)."""
    state = 11
    lines, total, number = [], 0, 1
    while total < size:
        words = []
        for _ in range(8):
            state = (state * 1103515245 + 12345) % 2**31
            words.append(WORDS[(state >> 16) % len(WORDS)])
        line = f"{number:06d} {' '.join(words)}\n"
        lines.append(line)
        total += len(line)
        number += 1
    return "".join(lines).encode("ascii")[:size]


def services_text(manifest):
    """/etc/services: the services of the boot manifest, one "SERVICE PROGRAM" a line."""
    out = ["# The services of the boot manifest (servers/init/manifest.txt): service program"]
    for raw in manifest.read_text().splitlines():
        words = raw.split("#", 1)[0].split()
        if len(words) >= 2 and words[0] not in ("processes", "run"):
            out.append(f"{words[0]} {words[1]}")
    return "\n".join(out) + "\n"


def find_tool(name):
    """The path of e2fsprogs' *name*: on PATH or in /sbin, /usr/sbin."""
    found = shutil.which(name) or next(
        (str(Path(d) / name) for d in SBIN_DIRS if (Path(d) / name).exists()), None)
    if not found:
        sys.exit(f"make_disk: {name} not found: install Debian's e2fsprogs "
                 "(sh grading/ensure-deps.sh build)")
    return found


def stage(root, tree, manifest, programs):
    """Fill the staging directory *root*; return the paths of its files, sorted."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(tree, root)
    (root / "bin").mkdir(exist_ok=True)
    for program in programs:
        name = program.name[:-len(".elf")] if program.name.endswith(".elf") else program.name
        target = root / "bin" / name
        if target.exists():
            sys.exit(f"make_disk: two programs are called {name} ({program})")
        shutil.copyfile(program, target)
        target.chmod(0o755)
    (root / "etc" / "services").write_text(services_text(manifest))
    (root / "home" / "student" / "big.txt").write_bytes(big_text())
    paths = sorted(root.rglob("*"))
    for path in paths:
        if path.is_dir():
            path.chmod(0o755)
        elif path.parent.name != "bin":
            path.chmod(0o644)
    for path in paths + [root]:
        os.utime(path, (FIXED_TIME, FIXED_TIME), follow_symlinks=False)
    return paths


def make_image(output, root, paths):
    """mke2fs -d *root* into *output*, then owner root for every file (debugfs)."""
    env = dict(os.environ, E2FSPROGS_FAKE_TIME=str(FIXED_TIME), MKE2FS_CONFIG="/dev/null",
               LC_ALL="C", TZ="UTC")
    tmp = output.with_name(output.name + ".tmp")
    tmp.unlink(missing_ok=True)
    command = [find_tool("mke2fs"), "-q", "-F", "-t", "ext2", "-r", "1", "-b", str(BLOCK_SIZE),
               "-I", str(INODE_SIZE), "-m", "0", "-L", VOLUME_LABEL, "-U", VOLUME_UUID,
               "-O", "none,filetype,sparse_super",
               "-E", f"hash_seed={HASH_SEED},root_owner=0:0",
               "-d", str(root), str(tmp), f"{IMAGE_BYTES // 1024}k"]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"make_disk: mke2fs failed ({' '.join(command)}):\n{done.stderr}")
    # mke2fs -d copies each file's owner and change time (which utime cannot set) too.
    script = "".join(f"sif {name} uid 0\nsif {name} gid 0\nsif {name} ctime @{FIXED_TIME}\n"
                     for name in ["/"] + [f"/{p.relative_to(root)}" for p in paths])
    done = subprocess.run([find_tool("debugfs"), "-w", "-f", "-", str(tmp)], input=script,
                          env=env, capture_output=True, text=True)
    if done.returncode != 0 or "debugfs:" not in done.stdout and done.stderr.count("\n") > 1:
        sys.exit(f"make_disk: debugfs could not set the owners:\n{done.stderr}")
    tmp.replace(output)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Build Orrery's ext2 disk image.")
    parser.add_argument("--tree", type=Path, required=True, help="the files copied as they are")
    parser.add_argument("--manifest", type=Path, required=True, help="the boot manifest")
    parser.add_argument("--program", type=Path, action="append", default=[],
                        help="a program for /bin (NAME.elf becomes /bin/NAME)")
    parser.add_argument("--staging", type=Path, help="where the tree is assembled "
                        "(default: OUTPUT's directory/disk/root)")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    for what, path in [("tree", args.tree), ("manifest", args.manifest)] + \
            [("program", p) for p in args.program]:
        if not path.exists():
            sys.exit(f"make_disk: the {what} {path} does not exist")
    staging = args.staging or args.output.parent / "disk" / "root"
    staging.parent.mkdir(parents=True, exist_ok=True)
    paths = stage(staging, args.tree, args.manifest, args.program)
    make_image(args.output, staging, paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
