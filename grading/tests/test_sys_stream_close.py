"""Each connection a process was given is closed exactly once (proto/stream.h, STREAM_CLOSE).

The process manager keeps a copy of every standard stream it gives a process (PM_GIVE) and
sends the one STREAM_CLOSE when the process ends, however it ends; the runtime's exit()
flushes the streams and closes none of them itself (servers/lib/fd.c,
fd_open_given_stream_as). The console remembers the connections it closed and refuses a
second close, with a `console: STREAM_CLOSE of connection ... closed already` line: a
system where both sides close prints that line after every program.
"""

from grading.harness.shell_session import ShellSession

DOUBLE_CLOSE = "which is closed already"


def test_programs_that_exit_close_their_console_streams_once(build):
    with ShellSession(build) as shell:
        assert shell.run("echo one").strip() == "one"
        assert "hello" in shell.run("hello")
        assert shell.run("echo two | cat").strip() == "two"
        shell.run("crash null")  # ends by a fault: pm's close is the only one
        assert shell.run("echo three").strip() == "three"  # the console still answers
        transcript = shell.transcript
    assert DOUBLE_CLOSE not in transcript, (
        "a connection was closed twice (the runtime's exit() and pm both sent STREAM_CLOSE):\n"
        + transcript[-3000:])
    assert "one" in transcript and "three" in transcript
