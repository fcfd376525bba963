"""The pipe service (servers/pipe) driven by kernel/tests/user/pipe_service.c as its clients.

The test program is booted as the root task with the pipe server as the second boot module;
it starts the server itself and prints one line per behaviour (see the program's comment).
"""

from kernel.tests.test_user_programs import assert_passed, program_lines

EXPECTED_LINES = [
    "bytes come out in the order they went in",
    "a read of an empty pipe waits for a write",
    "a write to a full pipe waits for room and goes in whole",
    "a closed end is gone from its holder",
    "a read returns 0 once every writer closed, to a waiting reader too",
    "a write with no reader gets ERR_DEAD, a waiting writer too",
    "malformed requests get ERR_INVALID and the server goes on",
    "a client's pipes and ends are limited, and others can still make pipes",
]


def test_pipe_service(boot, build):
    result = boot("root=pipe_service",
                  modules=[build / "user-tests" / "pipe_service.elf", build / "servers" / "pipe.elf"])
    assert_passed(result, "pipe_service")
    lines = program_lines(result, "pipe_service")
    for expected in EXPECTED_LINES:
        assert expected in lines, f"missing `pipe_service: {expected}`:\n{result.describe()}"
    assert any(line.startswith("40 pipes made and closed leave the frames in use at") for line in lines)
    assert lines[-1] == "PASS"
