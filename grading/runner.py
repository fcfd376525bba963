"""Running one graded test in a process of its own.

Every graded test runs in a child Python process (``python3 -m grading.runner ...``) in a
new session, so the grader survives whatever the test, or the student code it drives,
does:

* a test that runs past its timeout has its whole process group killed (QEMU included)
  and is failed with "timed out after N s";
* a test process that dies (signal, ``os._exit``) without reporting is failed as a crash;
* output is drained continuously and only its first and last 32 KiB are kept, so a flood
  cannot fill memory or block the test.

The child writes its verdict to a small JSON file; ``ctx.log`` lines go to a log file as
they are written, so they survive a hang or a crash.  ``run_test`` turns all of this
into a ``TestResult``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Optional

from grading.framework import (REPO_ROOT, CheckFailed, GradeContext, GradedTest, Lab,
                               load_lab)

OUTPUT_HEAD = 32 * 1024
OUTPUT_TAIL = 32 * 1024


@dataclasses.dataclass
class TestResult:
    """The outcome of one graded test.

    ``kind`` is "pass", "check" (CheckFailed), "error" (another exception in the test),
    "timeout" or "crash" (the test process died without reporting).
    """

    test: GradedTest
    passed: bool
    kind: str
    expected: Optional[str] = None
    seen: Optional[str] = None
    hint: Optional[str] = None
    output: str = ""
    duration: float = 0.0
    #: Where the test's files were kept (``--keep-workdirs``), passed or not; else None.
    kept_workdir: Optional[Path] = None
    #: A failed test's newest trace capture, kept for its visualizer page (grading.trace_pages).
    trace_capture: Optional[Path] = None
    #: That page (<out>/<test id>.html), once the grader has written it.
    trace_page: Optional[Path] = None

    @property
    def score(self) -> float:
        """Points earned: all of the test's points or none."""
        return self.test.points if self.passed else 0

    def failure_lines(self) -> list:
        """``expected: ...``, ``seen: ...``, ``hint: ...`` lines for a failed test."""
        lines = []
        for label, value in (("expected", self.expected), ("seen", self.seen),
                             ("hint", self.hint)):
            if value:
                lines.append(f"{label + ':':<10}{value}")
        return lines


def run_test(lab: Lab, labs_dir: Path, test: GradedTest, build_dir: Path,
             repo: Path = REPO_ROOT, keep_workdir: bool = False,
             capture_dir: Optional[Path] = None) -> TestResult:
    """Run ``test`` from ``lab`` in a child process and return its result; never raises
    for anything the test does. With *capture_dir*, a failed test's newest trace capture
    is copied there (``result.trace_capture``, see grading.trace_pages)."""
    root = Path(tempfile.mkdtemp(prefix=f"orrery-grade-lab{lab.number}-{test.id}-"))
    workdir = root / "work"
    workdir.mkdir()
    result_path, log_path = root / "result.json", root / "log.txt"
    cmd = [sys.executable, "-m", "grading.runner", "--labs-dir", str(labs_dir),
           "--lab", str(lab.number), "--test", test.id, "--build-dir", str(build_dir),
           "--repo", str(repo), "--workdir", str(workdir), "--log", str(log_path),
           "--result", str(result_path), "--timeout", str(test.timeout)]
    for extra in lab.extra_tests:
        cmd += ["--extra-tests", str(extra)]
    env = dict(os.environ, PYTHONUNBUFFERED="1", ORRERY_BUILD=str(build_dir))
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO_ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))

    start = time.monotonic()
    try:
        proc = subprocess.Popen(cmd, cwd=str(repo), env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
    except OSError as e:
        shutil.rmtree(root, ignore_errors=True)
        return TestResult(test=test, passed=False, kind="crash", hint=test.hint,
                          expected="the test process to start",
                          seen=f"could not start it: {e}")
    reader = _CappedReader(proc.stdout)
    reader.start()
    timed_out = False
    try:
        proc.wait(timeout=test.timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        _kill_group(proc.pid)        # also stops anything the test left running
        proc.wait()
    duration = time.monotonic() - start
    reader.join(timeout=5)

    verdict = None if timed_out else _read_json(result_path)
    output = _join_sections(_read_capped(log_path), reader.text(),
                            (verdict or {}).get("traceback"))
    passed = verdict is not None and verdict.get("status") == "passed"
    capture = None
    if capture_dir is not None and not passed:
        # Imported here: the test's own process (this module's _child_main) must start fast
        # (a test may have a 1 s timeout), and trace_pages brings in the trace decoder.
        from grading.trace_pages import keep_capture
        try:
            capture = keep_capture(workdir, Path(capture_dir), test.id)
        except OSError as e:  # the grade matters more than the page
            output += f"\n(could not keep the trace capture: {e})"
    if not keep_workdir:
        shutil.rmtree(root, ignore_errors=True)

    result = TestResult(test=test, passed=False, kind="error", hint=test.hint,
                        output=output, duration=duration, trace_capture=capture)
    if timed_out:
        result.kind = "timeout"
        result.expected = f"the test to finish within {_seconds(test.timeout)} s"
        result.seen = f"timed out after {_seconds(test.timeout)} s"
    elif verdict is None:
        result.kind = "crash"
        result.expected = "the test to run to completion"
        result.seen = f"the test process {_describe_exit(proc.returncode)} without a verdict"
    elif verdict.get("status") == "passed":
        result.passed, result.kind, result.hint = True, "pass", None
    else:
        result.kind = verdict.get("kind", "error")
        result.expected = verdict.get("expected")
        result.seen = verdict.get("seen")
        result.hint = verdict.get("hint") or test.hint
    if keep_workdir:
        result.kept_workdir = root
        result.output += f"\n(work files kept in {root})"
    return result


class _CappedReader(threading.Thread):
    """Drains a pipe, keeping only the first OUTPUT_HEAD and last OUTPUT_TAIL bytes."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream = stream
        self.head, self.tail, self.total = bytearray(), bytearray(), 0

    def run(self):
        fd = self.stream.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.total += len(chunk)
            room = OUTPUT_HEAD - len(self.head)
            if room > 0:
                self.head += chunk[:room]
                chunk = chunk[room:]
            self.tail += chunk
            if len(self.tail) > 2 * OUTPUT_TAIL:
                del self.tail[:-OUTPUT_TAIL]

    def text(self) -> str:
        tail = bytes(self.tail[-OUTPUT_TAIL:])
        omitted = self.total - len(self.head) - len(tail)
        middle = f"\n[... {omitted} bytes of output omitted ...]\n" if omitted > 0 else ""
        return (bytes(self.head).decode("utf-8", "replace") + middle
                + tail.decode("utf-8", "replace"))


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _read_json(path: Path) -> Optional[dict]:
    try:
        with open(path, encoding="utf-8") as f:
            value = json.load(f)
        return value if isinstance(value, dict) else None
    except (OSError, ValueError):
        return None


def _read_capped(path: Path, limit: int = OUTPUT_HEAD) -> str:
    """A text file's contents, or its head and tail if it is longer than 2*limit."""
    try:
        with open(path, "rb") as f:
            data = f.read(2 * limit + 1)
            if len(data) <= 2 * limit:
                return data.decode("utf-8", "replace")
            size = os.fstat(f.fileno()).st_size
            f.seek(size - limit)
            tail = f.read(limit)
    except OSError:
        return ""
    omitted = size - 2 * limit
    return (data[:limit].decode("utf-8", "replace")
            + f"\n[... {omitted} bytes of log omitted ...]\n"
            + tail.decode("utf-8", "replace"))


def _join_sections(log: str, captured: str, tb: Optional[str]) -> str:
    sections = []
    if log.strip():
        sections.append(log.rstrip())
    if captured.strip():
        sections.append("--- test stdout/stderr ---\n" + captured.rstrip())
    if tb:
        sections.append("--- traceback ---\n" + tb.rstrip())
    return "\n".join(sections)


def _describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"was killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"was killed by signal {-returncode}"
    return f"exited with status {returncode}"


def _seconds(value: float) -> str:
    return f"{value:g}"


def _child_main(argv=None) -> None:
    """Entry point of the child process: run one test, write its verdict, exit."""
    p = argparse.ArgumentParser(description="run one graded test (used by grading.grade)")
    for flag in ("--labs-dir", "--test", "--build-dir", "--repo", "--workdir", "--log",
                 "--result"):
        p.add_argument(flag, required=True)
    p.add_argument("--lab", type=int, required=True)
    p.add_argument("--timeout", type=float, required=True)
    p.add_argument("--extra-tests", action="append", default=[])
    a = p.parse_args(argv)

    verdict = {"status": "failed", "kind": "error"}
    try:
        lab = load_lab(Path(a.labs_dir), a.lab, [Path(extra) for extra in a.extra_tests])
        test = next((t for t in lab.tests if t.id == a.test), None)
        if test is None:
            raise LookupError(f"lab {a.lab} has no graded test {a.test!r}")
        ctx = GradeContext(lab=a.lab, build_dir=Path(a.build_dir), repo=Path(a.repo),
                           workdir=Path(a.workdir), test_id=a.test, timeout=a.timeout,
                           log_path=Path(a.log))
        test.func(ctx)
        verdict = {"status": "passed"}
    except CheckFailed as e:
        verdict.update(kind="check", expected=e.expected, seen=e.seen, hint=e.hint)
    except BaseException as e:     # SystemExit too: a test must not decide the exit
        message = str(e)
        tb = e.__traceback__
        if tb is not None and tb.tb_next is not None:
            tb = tb.tb_next                  # leave out this function's own frame
        verdict.update(seen=f"{type(e).__name__}: {message}" if message else type(e).__name__,
                       traceback="".join(traceback.format_exception(type(e), e, tb)))
    tmp = a.result + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(verdict, f)
    os.replace(tmp, a.result)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)        # do not wait for threads the test may have left behind


if __name__ == "__main__":
    _child_main()
