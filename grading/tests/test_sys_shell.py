"""The shell on the whole system, over the serial console (grading/harness/shell_session.py).

One boot serves the tests of this file in order (booting costs most of the time); a test that
finds the system gone boots it again. Each test types what a student would and checks what
the system prints: every utility, quoting and $?, a pipe, background jobs, Ctrl-C, crashes
in each way (reported, and the shell goes on), kill, a mistyped command, a flood of output
and a very long line. The first tests check the harness itself: that it fails clearly, and
fast, when the prompt never comes.
"""

import re

import pytest

from grading.harness.shell_session import ShellError, ShellSession

# ---- the harness ----------------------------------------------------------------------


def test_harness_says_when_the_system_stops_before_the_prompt(build):
    with pytest.raises(ShellError, match=r"QEMU ended \(success\) while waiting for the shell's first prompt"):
        ShellSession(build, modules=[build / "servers" / "roottask.elf"], cmdline="root=roottask",
                     boot_timeout=120)


def test_harness_says_when_the_prompt_never_comes(build):
    with pytest.raises(ShellError, match=r"the shell's first prompt did not come within 5 s"):
        ShellSession(build, modules=[build / "servers" / "roottask.elf"], cmdline="root=roottask stay",
                     boot_timeout=5)


# ---- the shell ------------------------------------------------------------------------

_session = {}


@pytest.fixture
def shell(build):
    """The module's shell session, booted again if an earlier test left it dead."""
    session = _session.get("shell")
    if session is None or not session.alive():
        if session is not None:
            session.close()
        session = _session["shell"] = ShellSession(build)
    yield session


@pytest.fixture(scope="module", autouse=True)
def _stop_the_session():
    yield
    if "shell" in _session:
        _session.pop("shell").close()


def lines(output):
    return [line.rstrip() for line in output.splitlines() if line.strip()]


def status(shell):
    """$? of the last command."""
    out = lines(shell.run("echo $?"))
    assert out and out[-1].isdigit(), f"echo $? printed {out}"
    return int(out[-1])


def test_boot_reaches_the_prompt(shell):
    assert "orrery shell: type help" in shell.boot_output


def test_help_lists_built_ins_and_programs(shell):
    out = shell.run("help")
    assert "Built-ins: help, exit" in out
    for program in ("echo", "cat", "ps", "crash", "spin", "ipcbench"):
        assert program in out


def test_echo_and_quoting(shell):
    assert lines(shell.run("echo hello world")) == ["hello world"]
    assert lines(shell.run("echo 'two  spaces' \"and $?\" back\\ slash")) == ["two  spaces and 0 back slash"]


def test_exit_status(shell):
    shell.run("crash divide")
    assert status(shell) == 128 + 0
    assert status(shell) == 0  # echo's own


def test_hello(shell):
    assert re.fullmatch(r"hello from process \d+", lines(shell.run("hello"))[-1])


def test_ps_lists_the_shell_and_itself(shell):
    out = lines(shell.run("ps"))
    assert out[0].split() == ["PID", "PPID", "STATE", "PRI", "THREADS", "PAGES", "NAME"]
    names = [line.split()[-1] for line in out[1:]]
    assert "shell" in names and "ps" in names, out


def test_mem_counts_frames(shell):
    out = shell.run("mem")
    frames = re.search(r"frames in use: (\d+) \((\d+) KiB\)", out)
    assert frames and int(frames.group(1)) > 0, out
    assert int(frames.group(2)) == 4 * int(frames.group(1))
    assert re.search(r"^\s*\d+\s+\d+\s+\d+ mem$", out, re.M), out


def test_caps_shows_the_standard_streams(shell):
    out = shell.run("caps")
    assert re.search(r"capabilities of process \d+:", out), out
    for role in ("(own task)", "(process manager)", "(stdin)", "(stdout)", "(stderr)"):
        assert role in out, out


def test_ipcbench_prints_its_costs(shell):
    out = shell.run("ipcbench", timeout=120)
    rounds = re.search(r"ipc round trip .*: (\d+) cycles", out)
    assert rounds and int(rounds.group(1)) > 0, out


def test_uptime_and_sleep(shell):
    first = re.search(r"up (\d+)\.(\d{3}) s", shell.run("uptime"))
    assert first, "uptime printed no `up S.mmm s`"
    shell.run("sleep 1")
    assert status(shell) == 0
    second = re.search(r"up (\d+)\.(\d{3}) s", shell.run("uptime"))
    elapsed_ms = (int(second.group(1)) * 1000 + int(second.group(2))) - (int(first.group(1)) * 1000 + int(first.group(2)))
    assert elapsed_ms >= 1000, f"uptime moved {elapsed_ms} ms across `sleep 1`"
    assert "usage: sleep" in shell.run("sleep forever")


def test_pipe_between_two_programs(shell):
    assert lines(shell.run("echo through a pipe | cat")) == ["through a pipe"]
    out = lines(shell.run("hello 50 | cat | cat"))
    assert len(out) == 50 and out[-1].startswith("hello 50 of 50"), out[-3:]


def test_background_job_and_wait(shell):
    started = lines(shell.run("sleep 1 &"))
    assert started and re.fullmatch(r"\[\d+\]", started[-1]), started
    pid = started[-1][1:-1]
    assert lines(shell.run("echo meanwhile")) == ["meanwhile"]
    assert f"[{pid}] done 0" in shell.run("wait", timeout=60)


def test_ctrl_c_stops_spin(shell):
    shell.send("spin\r")
    shell.expect("spinning as process")
    shell.control("c")
    out = shell.wait_prompt(what="the prompt after Ctrl-C")
    assert "interrupted" in out
    assert status(shell) == 130
    assert lines(shell.run("echo still here")) == ["still here"]


def test_kill_a_background_spin(shell):
    started = lines(shell.run("spin &"))
    pid = started[-1][1:-1]
    assert pid.isdigit(), started
    # The shell reaps the background spin while it waits for the next command in front
    # (kill itself, or wait): the report comes with whichever it was.
    out = shell.run(f"kill {pid}") + shell.run("wait")
    assert "spin: killed" in out and f"[{pid}] done 137" in out, out
    assert pid not in [line.split()[0] for line in lines(shell.run("ps"))[1:]]
    assert "kill: no such process: 99999" in shell.run("kill 99999")


CRASHES = {
    "null": r"crash: stopped by page fault at 0x0 \(eip 0x[0-9a-f]+\)",
    "null-write": r"crash: stopped by page fault at 0x0 \(eip 0x[0-9a-f]+\)",
    "write-code": r"crash: stopped by page fault at 0x4[0-9a-f]{5} \(eip 0x[0-9a-f]+\)",
    "divide": r"crash: stopped by divide error \(vector 0, eip 0x[0-9a-f]+\)",
    "stack-overflow": r"crash: stopped by page fault at 0x[0-9a-f]+ \(eip 0x[0-9a-f]+\)",
    "invalid-opcode": r"crash: stopped by invalid opcode \(vector 6, eip 0x[0-9a-f]+\)",
    "privileged": r"crash: stopped by general protection fault \(vector 13, eip 0x[0-9a-f]+\)",
    # int3's gate is the kernel's alone (DPL 0): from user mode it is a general protection fault.
    "breakpoint": r"crash: stopped by general protection fault \(vector 13, eip 0x[0-9a-f]+\)",
    "jump-null": r"crash: stopped by page fault at 0x0 \(eip 0x0\)",
    "kernel-memory": r"crash: stopped by page fault at 0xc0000000 \(eip 0x[0-9a-f]+\)",
    "bad-syscall-argument": r"the kernel refused the argument, no fault",
}


def test_crash_lists_its_ways(shell):
    out = shell.run("crash")
    for way in CRASHES:
        assert f"  {way} " in out, out


@pytest.mark.parametrize("way", sorted(CRASHES))
def test_crash_is_reported_and_the_shell_goes_on(shell, way):
    out = shell.run(f"crash {way}", timeout=120)
    assert re.search(CRASHES[way], out), out
    assert lines(shell.run("echo after the crash")) == ["after the crash"]


def test_mistyped_command(shell):
    assert "shell: no such program: ehco" in shell.run("ehco hello")
    assert status(shell) == 127
    assert "shell: a quote is not closed" in shell.run("echo 'oops")


def test_flood_of_output(shell):
    count = 3000
    out = lines(shell.run(f"hello {count}", timeout=300))
    said = [line for line in out if line.startswith("hello ")]
    assert len(said) == count, f"{len(said)} of {count} lines arrived; the last: {said[-3:]}"
    assert said == [line for line in said if re.fullmatch(r"hello \d+ of \d+ from process \d+", line)]
    assert [int(line.split()[1]) for line in said] == list(range(1, count + 1)), "lines lost or out of order"
    assert lines(shell.run("echo after the flood")) == ["after the flood"]


def test_very_long_input_line(shell):
    word = "x" * 200
    assert lines(shell.run(f"echo {word}")) == [word]
    out = shell.run("echo " + "y" * 3000, timeout=120)
    assert "too long" in out, out[-500:]
    assert lines(shell.run("echo after the long line")) == ["after the long line"]


def test_trace_marks_pauses_and_resumes_the_kernel_trace(shell):
    # The records themselves are checked in kernel/tests/test_trace_control_programs.py.
    assert shell.run("trace mark 42") == "trace: mark done\n"
    assert shell.run("trace pause") == "trace: pause done\n"
    assert shell.run("trace resume") == "trace: resume done\n"
    assert "not a number: here" in shell.run("trace mark here")
    assert "usage: trace mark NUMBER" in shell.run("trace")
