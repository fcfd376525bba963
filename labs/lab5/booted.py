"""Lab 5 on the booted system: the whole system in QEMU, init running a test program in
place of the shell (kernel command line ``run=PROGRAM``), from the boot files (no disk:
Lab 5 comes before Lab 6, whose file server a student's tree has not finished yet).

One boot per program serves every test of a grading run that needs it: the first test
boots and keeps the run (serial output, the decoded trace) in a directory named after the
grader's process and the binaries booted; the others wait for it (a lock) and read it.
The check modules (pager_checks.py, cow_checks.py, swap_checks.py) share this.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import shutil
import tempfile
import time
from pathlib import Path

from grading.framework import CheckFailed
from grading.harness.qemu import REPO, run_qemu
from grading.harness.shell_session import ShellError, system_modules

WALL_TIMEOUT = 900.0
INSN_BUDGET = 20_000_000_000
OUTPUT_LIMIT = 64 * 1024 * 1024


def _key(paths: list[Path], extra: str) -> str:
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def booted_run(ctx, program: str, arguments: str = "", memory_mb: int = 32) -> dict:
    """The finished run of @p program: {"outcome", "serial", "describe", "trace" (the decoded
    records), "lines" (the program's own lines, its name stripped), "elf" (its file)}."""
    build = ctx.build_dir
    try:
        modules = system_modules(build, REPO / "servers" / "init" / "manifest.txt")
    except ShellError as error:
        raise CheckFailed(expected="the system built", seen=str(error)) from None
    elf = build / "user-tests" / f"{program}.elf"
    for needed in (elf, build / "kernel.elf"):
        if not needed.exists():
            raise CheckFailed(expected=f"{needed} built", seen="it is missing",
                              hint="run `make` (make grade does this for you)")
    modules.append(elf)
    run_line = program + ("," + arguments if arguments else "")
    cache = Path(tempfile.gettempdir()) / \
        f"orrery-lab5-{os.getppid()}-{_key([build / 'kernel.elf', *modules], f'{run_line} {memory_mb}')}"
    cache.mkdir(exist_ok=True)
    with open(cache / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = cache / "run.pickle"
        if not done.exists():
            ctx.log(f"booting the system with run={run_line} ({memory_mb} MiB)")
            result = run_qemu(build / "kernel.elf", modules, cmdline=f"root=init run={run_line}",
                              memory_mb=memory_mb, workdir=cache / "qemu", wall_timeout=WALL_TIMEOUT,
                              insn_budget=INSN_BUDGET, output_limit=OUTPUT_LIMIT)
            try:
                trace = result.trace
            except Exception as error:  # a corrupt stream: no trace evidence
                trace = []
                ctx.log(f"the trace could not be decoded: {error}")
            done.write_bytes(pickle.dumps({"outcome": result.outcome, "serial": result.serial,
                                           "describe": result.describe(), "trace": trace}))
        run = pickle.loads(done.read_bytes())
    capture = cache / "qemu" / "debugcon.bin"
    if capture.exists():
        (ctx.workdir / "qemu").mkdir(exist_ok=True)
        shutil.copyfile(capture, ctx.workdir / "qemu" / "debugcon.bin")
    serial = run["serial"].replace("\r", "")
    ctx.log("the guest's last lines:\n" + "\n".join(serial.splitlines()[-25:]))
    prefix = program + ": "
    run["lines"] = [line[len(prefix):] for line in serial.splitlines() if line.startswith(prefix)]
    run["serial"] = serial
    run["elf"] = elf
    _forget_old_runs()
    return run


def _forget_old_runs(hours: float = 6) -> None:
    for old in Path(tempfile.gettempdir()).glob("orrery-lab5-*"):
        try:
            if time.time() - old.stat().st_mtime > hours * 3600:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass


def missing_holes(run: dict) -> str:
    """The guest's "lab 5: ... not implemented yet" lines, for a failure's message."""
    lines = sorted({line.strip() for line in run["serial"].splitlines() if "not implemented yet" in line})
    return (" (the system said: " + "; ".join(lines) + ")") if lines else ""


def records(run: dict, event: str) -> list[dict]:
    return [r for r in run["trace"] if r.get("type") == event]


def tasks_named(run: dict, name: str) -> list[int]:
    """The ids of the tasks the kernel named @p name, in the order they were made."""
    return [r["task"] for r in records(run, "task_name") if r.get("name") == name]


def threads_of(run: dict, task: int) -> set[int]:
    return {r["thread"] for r in records(run, "thread_create") if r.get("task") == task}
