"""The handout works as shipped: every command the READMEs quote, and every link.

A student's tree is ``make handout``'s, with no solutions/. Here it is made in a temporary
directory and the reference solutions are written into it as a student would (the stubs
marked LAB_HOLE replaced by the code in kernel/), without the optional IPC fast path of
Lab 3 (solutions/lab3/ipc_fastpath.c, a challenge). Then every command quoted in a code block
of labs/*/README.md and of the top README.md runs there and must succeed: the builds, boots,
host tests, every lab's grader (full marks on correct code), `make bench` and the trace
decoder. Commands that stay interactive get a kernel command line that ends the run.

The handout's own ``make test`` (several builds, then pytest) is not run here, to keep this
test to a few minutes; it is run by hand before a release (see docs/06-labs-and-grading.md).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from grading.handout_links import dead_links
from grading.harness.qemu import REPO
from test_make_qemu_gdb import make_qemu_gdb_with_gdb  # kernel/tests/, on pytest's path

#: A code-block line that is a command (what a student would type), not sample output.
COMMAND = re.compile(r"^(make|python3|viz/orrery-trace|build/host/)\b")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
#: Commands not run, and why.
SKIPPED = {
    "make test": "the handout's whole suite: run by hand (see the module docstring)",
    "make run-bochs": "interactive Bochs; the same ISO boots in Bochs in test_bochs_boot.py",
    "make viz": "a web server that runs until Ctrl-C; viz/tests/test_serve.py tests it",
    "make viz TRACE_FILE=other.bin": "the same server on a file of the reader's own",
}
# python3 = Debian's; and not the settings of a `make test` this may run under
ENV = {name: value for name, value in os.environ.items() if name not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
ENV["PATH"] = "/usr/bin:" + os.environ.get("PATH", "")
COMMAND_TIMEOUT = 900
#: The lab hole stubs: "LAB_HOLE <signature>" up to the first line that is just "}".
STUB = re.compile(r"^LAB_HOLE [^\n]*\n(?:[^\n]*\n)*?\}\n", re.M)


def readme_commands(tree: Path) -> list[tuple[str, str]]:
    """(README, command) for every command line in the code blocks of the lab READMEs and
    the top README, in order, without trailing comments; each command once."""
    found, seen = [], set()
    for readme in [tree / "README.md", *sorted(tree.glob("labs/*/README.md"))]:
        for block in FENCE.findall(readme.read_text()):
            for line in block.splitlines():
                if not COMMAND.match(line):
                    continue
                command = re.sub(r"\s+#.*$", "", line).strip()
                if command not in seen:
                    seen.add(command)
                    found.append((str(readme.relative_to(tree)), command))
    return found


def install_reference_as_student_code(tree: Path) -> None:
    """Write solutions/labN/*.c into the handout's kernel/ files, and solutions/labN/SERVER/*.c
    into servers/SERVER/, in place of their LAB_HOLE stubs, as a student's finished labs; the
    optional fast path stays out."""
    solutions = REPO / "solutions"
    for solution in sorted([*solutions.glob("lab*/*.c"), *solutions.glob("lab*/*/*.c")]):
        if solution.name == "ipc_fastpath.c":
            continue
        server = solution.parent.name if solution.parent.parent != solutions else None
        target = tree / "servers" / server / solution.name if server else tree / "kernel" / solution.name
        text, stubs = STUB.subn("", target.read_text())
        assert stubs, f"{target} has no LAB_HOLE stub for {solution}"
        target.write_text(text + f"\n/* The student's code (from {solution.relative_to(REPO)}) */\n"
                          + solution.read_text())


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    """The handout tree as `make handout` makes it."""
    build = tmp_path_factory.mktemp("handout-build")
    made = subprocess.run(["make", "--no-print-directory", "handout", f"BUILD={build}"], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    return build / "handout" / "orrery"


@pytest.fixture(scope="module")
def student_tree(handout, tmp_path_factory):
    """A copy of the handout with every lab done (the reference code, no fast path)."""
    tree = tmp_path_factory.mktemp("student") / "orrery"
    shutil.copytree(handout, tree, symlinks=True)
    install_reference_as_student_code(tree)
    return tree


def _run(tree: Path, command: str, timeout: float = COMMAND_TIMEOUT) -> tuple[int, str]:
    run = subprocess.run(["bash", "-c", command], cwd=tree, env=ENV, stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=timeout)
    return run.returncode, run.stdout + run.stderr


#: For `make run` without a command line of its own: boot the whole system, but have init
#: run one program (`run=hello`, docs/test-protocol.md) in place of the shell and stop the
#: machine when it ends (as a student quits with Ctrl-A X after a command), leaving a whole
#: trace behind.
RUN_TO_THE_END = "CMDLINE=run=hello"


def _runnable(command: str) -> str:
    """The command as this test runs it (see RUN_TO_THE_END)."""
    words = shlex.split(command.split("|")[0])
    if "VIZ=1" in words:  # any free port: tests running at once must not fight over 8040
        command = command.replace("VIZ=1", "VIZ=1 VIZ_PORT=0", 1)
    if words[:2] == ["make", "run"] and not any(w.startswith(("CMDLINE=", "ROOT=")) for w in words):
        return command.replace("make run", f"make run {RUN_TO_THE_END}", 1)
    return command


def test_the_readmes_quote_the_commands_this_test_expects(handout):
    commands = [command for _, command in readme_commands(handout)]
    for expected in ("make run SOLUTIONS=1", 'make grade LAB=3 SOLUTIONS="1 2"', "make bench",
                     "make qemu-gdb", "make grade LAB=1 SOLUTIONS=none"):
        assert expected in commands, commands
    assert all(not c.startswith("#") for c in commands)


def test_make_accepts_every_quoted_command_in_the_handout_as_shipped(handout):
    # As shipped (the holes still open), make must at least understand each command: no
    # "SOLUTIONS asks for lab(s) 1" error where there is no solutions/ to ask.
    for readme, command in readme_commands(handout):
        if not command.startswith("make ") or command in SKIPPED:
            continue
        status, out = _run(handout, f"{command.split('&&')[0]} -n", timeout=120)
        assert status == 0, f"{readme}: `{command}` in a handout:\n{out}"
        if "SOLUTIONS=" in command and "SOLUTIONS=none" not in command:
            assert "uses your own code for lab(s)" in out, out


def test_every_quoted_command_works_on_correct_student_code(student_tree):
    ran, kept = [], []
    try:
        for readme, command in readme_commands(student_tree):
            if command in SKIPPED:
                continue
            if command == "make qemu-gdb":
                status, out = make_qemu_gdb_with_gdb(student_tree, student_tree / "build")
                assert status == 0 and "orrery: halting: success" in out, f"{readme}: {command}:\n{out}"
                ran.append(command)
                continue
            started = time.monotonic()
            status, out = _run(student_tree, _runnable(command))
            print(f"{time.monotonic() - started:6.1f} s  {_runnable(command)}")
            assert status == 0, f"{readme}: `{_runnable(command)}` failed ({status}):\n{out[-6000:]}"
            kept += re.findall(r"^ {6}files kept in (\S+)$", out, re.M)
            if re.match(r"make grade|python3 -m grading\.grade", command):
                total = re.search(r"^  total\s+(\S+)/(\S+)$", out, re.M)
                assert total and total.group(1) == total.group(2), f"{command}: not full marks:\n{out}"
            if "--keep-workdirs" in command:
                assert kept, f"{command} did not say where it kept the files:\n{out}"
            if command.startswith("viz/orrery-trace decode"):
                assert '"type"' in out, out
            ran.append(command)
    finally:
        for directory in kept:
            shutil.rmtree(directory, ignore_errors=True)
    assert {"make bench", "make qemu-gdb", "make help"} <= set(ran), ran
    assert sum(c.startswith("make grade") for c in ran) == 6, ran  # labs 1-6


def test_no_dead_links_in_the_checkout_or_the_handout(handout):
    assert dead_links(REPO) == []
    assert dead_links(handout) == []
    assert "(not in the handout)" in (handout / "docs" / "06-labs-and-grading.md").read_text()
    assert not (handout / "solutions").exists()
