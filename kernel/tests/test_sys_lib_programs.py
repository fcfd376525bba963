"""The runtime library of servers/lib (issue 9): malloc, threads and their mutex and IPC
buffers, stdio over stream connections, assert. Each kernel/tests/user/lib_*.c program is
booted as the root task; the allocator's own logic is tested on the host
(kernel/tests/host/test_allocator.c)."""

import re

from kernel.tests.test_user_programs import USER_TESTS, assert_passed, program_lines, run_program


def test_lib_threads_own_ipc_buffers_mutex_and_shared_malloc(boot, build):
    result = run_program(boot, build, "lib_threads")
    assert_passed(result, "lib_threads")
    lines = program_lines(result, "lib_threads")
    assert "4 threads made 50 long calls each, every reply their own" in lines, result.describe()
    assert "the counter is 800: 4 threads x 200 rounds, waiters slept on a notification" in lines
    assert lines[-1] == "all thread checks passed", result.describe()


def test_lib_malloc_in_a_server_heap(boot, build):
    result = run_program(boot, build, "lib_malloc")
    assert_passed(result, "lib_malloc")
    lines = program_lines(result, "lib_malloc")
    refused = [line for line in lines if line.startswith("malloc gave ")]
    assert refused, result.describe()
    assert lines[-1] == "all malloc checks passed", result.describe()


def failure_lines(result, name):
    """What the program printed, and how the run ended: a test failure, not a crash."""
    assert result.outcome == "test_failure", result.describe()
    assert result.panic is None, result.describe()
    assert "orrery: user fault" not in result.serial, result.describe()
    return program_lines(result, name)


def test_lib_malloc_double_free_is_reported(boot, build):
    result = boot("root=lib_malloc lib_malloc=double_free",
                  modules=[build / "user-tests" / "lib_malloc.elf"])
    lines = failure_lines(result, "lib_malloc")
    freed = re.search(r"freeing (0x[0-9a-f]+) twice", result.serial)
    assert freed, result.describe()
    assert f"fatal error: free({freed.group(1)}): double free (this block is already free)" in lines, \
        result.describe()


def test_lib_malloc_write_past_the_end_is_reported(boot, build):
    result = boot("root=lib_malloc lib_malloc=overrun", modules=[build / "user-tests" / "lib_malloc.elf"])
    lines = failure_lines(result, "lib_malloc")
    written = re.search(r"writing past the end of (0x[0-9a-f]+)", result.serial)
    assert written, result.describe()
    assert (f"fatal error: free({written.group(1)}): heap corruption: something wrote past the end "
            "of this block (its footer is damaged)") in lines, result.describe()


def source_line(name, text):
    """The line number of the first line of kernel/tests/user/NAME.c containing text."""
    source = (USER_TESTS / f"{name}.c").read_text().splitlines()
    return next(number for number, line in enumerate(source, 1) if text in line)


def test_lib_assert_reports_expression_file_line_and_function(boot, build):
    result = run_program(boot, build, "lib_assert")
    lines = failure_lines(result, "lib_assert")
    line = source_line("lib_assert", "assert(two == 3);")
    report = f"assertion failed: two == 3 (kernel/tests/user/lib_assert.c:{line}, in main)"
    assert report in lines, result.describe()
    assert lines.index(report) < lines.index("atexit ran"), "exit() runs atexit after the report"
    assert f"lib_assert: {report}" in result.serial


def test_lib_mutex_misuse_is_reported(boot, build):
    elf = [build / "user-tests" / "lib_assert.elf"]
    twice = failure_lines(boot("root=lib_assert lib_assert=mutex_twice", modules=elf), "lib_assert")
    assert any(re.fullmatch(r"fatal error: mutex_lock\(0x[0-9a-f]+\): this thread holds the mutex "
                            r"already \(it would wait for itself forever\)", line) for line in twice), twice
    foreign = failure_lines(boot("root=lib_assert lib_assert=mutex_foreign", modules=elf), "lib_assert")
    assert any(re.fullmatch(r"fatal error: mutex_unlock\(0x[0-9a-f]+\): this thread does not hold "
                            r"the mutex", line) for line in foreign), foreign
    assert "atexit ran" in foreign


def test_lib_stdio_over_a_stream_connection(boot, build):
    result = run_program(boot, build, "lib_stdio")
    assert_passed(result, "lib_stdio")
    lines = program_lines(result, "lib_stdio")
    assert "a printed line is one STREAM_WRITE; the page was mapped once" in lines, result.describe()
    assert "write of 10000 bytes: 10 requests, every byte in order" in lines, result.describe()
    assert "fgets read two lines after the prompt was written, then the end of input" in lines
    assert "after close(1), printf is back on the debug console" in lines
    assert "a write on a revoked connection gives ERR_INVALID_CAP, not a hang" in lines
    assert lines[-1] == "all stdio checks passed", result.describe()
    # What went to the stream server never reached the serial console.
    assert "first 1" not in result.serial and "abcdef" not in result.serial


def test_lib_program_start_argv_sbrk_stdout_and_exit(boot, build):
    elfs = build / "user-tests"
    child = "lib_program_child"  # started by lib_program_start, as the memory manager would
    result = boot("root=lib_program_start",
                  modules=[elfs / "lib_program_start.elf", elfs / f"{child}.elf"])
    assert_passed(result, "lib_program_start")
    lines = program_lines(result, "lib_program_start")
    assert ('argv from the start page, printed as one write: '
            '"child: lib_program_child: argc=3 [lib_program_child] [hello world] [7]"') in lines
    assert "exit flushed the last line and sent PM_EXIT, leaving stdout for pm to close" in lines, \
        result.describe()
    assert "exit status 7" in lines
    assert lines[-1] == "all start checks passed", result.describe()
    assert "orrery: user fault" not in result.serial, result.describe()
