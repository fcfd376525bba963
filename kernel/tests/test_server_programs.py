"""The console and timer servers (servers/console, servers/timer), each started by a test
program of kernel/tests/user/ booted as the root task (until init starts them), deterministic
under -icount. The console's input side needs a person at the keyboard and is tested in real
time by grading/tests/test_sys_console.py."""

import re

from test_user_programs import assert_passed, program_lines

WRITER_LINE = re.compile(r"^writer ([AB]) line (\d\d): (a{40}|b{40}) end$")
WRITER_LINES = 20  # kernel/tests/user/console_service.c


def test_timer_sleepers_wake_on_time_in_order_and_bad_requests_are_refused(boot, build):
    name = "timer_service"
    result = boot(f"root={name}", modules=[build / "user-tests" / f"{name}.elf",
                                           build / "servers" / "timer.elf"])
    assert_passed(result, name)
    assert "timer: serving (1000 ticks a second;" in result.serial, result.describe()
    lines = program_lines(result, name)
    for line in ("bad requests answered ERR_INVALID", "all timer checks passed"):
        assert line in lines, result.describe()
    for start in ("8 sleepers at once woke on time, in order",
                  "8 sleepers at once beside a spinner woke on time, in order"):
        assert any(line.startswith(start) for line in lines), result.describe()


def test_console_output_bad_requests_writers_and_flood_without_input(boot, build):
    """console_service up to its first read, which no one answers here (the run ends on its
    instruction budget): bad requests refused, two writers' lines whole, a flood whole."""
    name = "console_service"
    result = boot(f"root={name}", modules=[build / "user-tests" / f"{name}.elf",
                                           build / "servers" / "console.elf"],
                  insn_budget=1_000_000_000)
    assert result.outcome == "budget_exhausted", result.describe()
    assert f"{name}: FAIL" not in result.serial, result.describe()
    lines = program_lines(result, name)
    assert "bad requests answered ERR_INVALID, the console still serves" in lines, result.describe()
    assert "24 connections at most, then ERR_NO_MEMORY; room again after STREAM_CLOSE" in lines, result.describe()
    assert "reading" in lines, result.describe()
    serial = result.serial.replace("\r", "").splitlines()
    writer_lines = [line for line in serial if line.startswith("writer ")]
    assert all(WRITER_LINE.match(line) for line in writer_lines), writer_lines[:5]
    assert len(writer_lines) == 2 * WRITER_LINES, writer_lines
    assert sum(1 for line in serial if line.startswith("flood ")) > 400
