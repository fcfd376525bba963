"""trace_control (docs/syscalls.md): marks in the trace, and a pause that really leaves the
records out and counts them. Judged from the trace itself (kernel/tests/user/trace_control.c)."""

from grading.harness.qemu import REPO

NAME = "trace_control"


def test_trace_control_marks_pauses_and_resumes(boot, build):
    result = boot(f"root={NAME}", modules=[build / "user-tests" / f"{NAME}.elf"])
    assert result.outcome == "success", result.describe()
    assert "trace_control: marked, paused, resumed" in result.serial
    trace = result.trace
    marks = [(r["thread"], r["value"]) for r in trace if r["type"] == "trace_mark"]
    assert [value for _, value in marks] == [0x7ACE0001, 0x7ACE0002], marks
    assert len({thread for thread, _ in marks}) == 1
    types = [r["type"] for r in trace]
    # One pause (the second pause adds nothing); two resumes: the first, of a trace that was
    # not paused, skipped nothing.
    assert types.count("trace_paused") == 1 and types.count("trace_resumed") == 2, types
    first_resume = types.index("trace_resumed")
    paused = types.index("trace_paused")
    resumed = types.index("trace_resumed", paused)
    assert first_resume < paused and trace[first_resume]["skipped"] == 0
    assert resumed == paused + 1, trace[paused:resumed + 1]  # nothing recorded in between
    # The pause call's syscall_exit, the second pause, five null calls and the resume's
    # syscall_entry: at least 2 * 5 + 3 records skipped, and they were counted.
    skipped = trace[resumed]["skipped"]
    assert skipped >= 13, trace[resumed]
    # The sequence numbers show the gap: skipped records used none (they were never made).
    assert trace[resumed]["seq"] == trace[paused]["seq"] + 1


def test_trace_control_is_documented_with_its_operations():
    text = (REPO / "docs" / "syscalls.md").read_text()
    for name in ("TRACE_CONTROL_MARK", "TRACE_CONTROL_PAUSE", "TRACE_CONTROL_RESUME"):
        assert name in text
