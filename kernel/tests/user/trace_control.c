/*
 * trace_control - the trace_control call marks the kernel's trace and pauses and resumes it
 * (the `trace` utility's mechanism, for the visualizer).
 *
 * The program marks the trace with MARK_BEFORE, pauses it, makes NULL_CALLS null system
 * calls (each would be a syscall_entry and a syscall_exit record), resumes it and marks it
 * with MARK_AFTER; a bad operation is ERR_INVALID, and pausing twice or resuming an unpaused
 * trace is harmless. The test (kernel/tests/test_trace_control_programs.py) reads the trace:
 * the marks with this thread's id and values, no record between trace_paused and
 * trace_resumed, and trace_resumed counting every record skipped.
 *
 * Expected: prints "trace_control: marked, paused, resumed" and exits 0.
 */
#define TEST_NAME "trace_control"
#include "user_test.h"

#define MARK_BEFORE 0x7ACE0001u
#define MARK_AFTER 0x7ACE0002u
#define NULL_CALLS 5

int main(const struct user_boot_info *info)
{
    (void)info;
    expect_result("trace_control of operation 3", ERR_INVALID, sys_trace_control(3, 0));
    expect_result("trace_control resume of an unpaused trace", 0,
                  sys_trace_control(TRACE_CONTROL_RESUME, 0));
    expect_result("trace_control mark", 0, sys_trace_control(TRACE_CONTROL_MARK, MARK_BEFORE));
    expect_result("trace_control pause", 0, sys_trace_control(TRACE_CONTROL_PAUSE, 0));
    expect_result("trace_control pause again", 0, sys_trace_control(TRACE_CONTROL_PAUSE, 0));
    for (int i = 0; i < NULL_CALLS; i++)
        sys_null();
    expect_result("trace_control resume", 0, sys_trace_control(TRACE_CONTROL_RESUME, 0));
    expect_result("trace_control mark", 0, sys_trace_control(TRACE_CONTROL_MARK, MARK_AFTER));
    test_print("marked, paused, resumed");
    return 0;
}
