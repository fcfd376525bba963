"""task_info, thread_info and task_cap_info (docs/syscalls.md, "Looking at tasks and
threads"): kernel/tests/user/info_calls.c checks the values and the refusals from inside;
here the task id it reports is compared with what the kernel's trace says from outside."""

import re

from test_user_programs import assert_passed, program_lines, run_program  # kernel/tests/, on the path


def test_info_calls_report_tasks_threads_and_capabilities(boot, build):
    result = run_program(boot, build, "info_calls")
    assert_passed(result, "info_calls")
    lines = program_lines(result, "info_calls")
    assert "all info checks passed" in lines, result.describe()
    assert "child: quota limit 64 KiB, +4 pages used, user pages 0, 3, 4, 3" in lines
    assert "child threads 0, 1, 2, then 1 once the second's last capability went" in lines
    assert "child capability slots 64, then 128" in lines
    assert ("states: running, ready, blocked send, recv, reply, notification, sleeping, "
            "suspended, dead") in lines
    reported = [int(m.group(1)) for line in lines if (m := re.fullmatch(r"child task id (\d+)", line))]
    assert len(reported) == 1, result.describe()
    traced = [r["task"] for r in result.records("task_name") if r["name"] == "info_child"]
    assert traced == reported, (
        f"task_info(TASK_INFO_ID) said {reported}, the task_name trace record of info_child "
        f"says {traced}")
