"""The trace of a system with user tasks: names, thread life cycles, switches, system calls."""

from grading.harness.qemu import run_qemu
from orrery_trace.kernel_headers import header_enum, header_value  # viz/, on the path through grading.harness.qemu


def _boot_root_and_hello(build, tmp_path):
    modules = [build / "servers" / "roottask.elf", build / "servers" / "hello.elf"]
    result = run_qemu(build / "kernel.elf", modules, cmdline="", workdir=tmp_path)
    assert result.outcome == "success", result.describe()
    return result


def test_task_and_thread_names_decode(build, tmp_path):
    result = _boot_root_and_hello(build, tmp_path)
    tasks = {r["task"]: r["name"] for r in result.records("task_name")}
    assert sorted(tasks.values()) == ["hello", "roottask"]
    threads = {r["thread"]: r["name"] for r in result.records("thread_name")}
    assert sorted(threads.values()) == ["hello", "roottask"]
    created = {r["thread"]: r["task"] for r in result.records("thread_create")}
    assert set(created) == set(threads)


def test_every_switch_goes_between_known_threads(build, tmp_path):
    result = _boot_root_and_hello(build, tmp_path)
    known = {0} | {r["thread"] for r in result.records("thread_create")}
    switches = result.records("context_switch")
    assert switches, "the root task and hello take turns with the idle thread"
    for switch in switches:
        assert switch["from_thread"] in known and switch["to_thread"] in known
        assert switch["from_thread"] != switch["to_thread"]
        assert switch["reason"] in header_enum("sched.h", "switch_reason").values()
    # The thread switched to is the one that was just picked.
    for record, following in zip(result.trace, result.trace[1:]):
        if following["type"] == "context_switch":
            assert record["type"] == "sched_pick" and record["thread"] == following["to_thread"]


def test_system_calls_enter_and_exit_in_pairs(build, tmp_path):
    result = _boot_root_and_hello(build, tmp_path)
    open_calls = {}
    for record in result.trace:
        if record["type"] == "syscall_entry":
            assert record["thread"] not in open_calls, "one call at a time per thread"
            open_calls[record["thread"]] = record["number"]
        elif record["type"] == "syscall_exit":
            assert open_calls.pop(record["thread"]) == record["number"]
    # Only the root task's final debug_halt (and sleeps cut short by the halt) stay open.
    assert len(open_calls) <= 2


def test_hello_exits_and_its_thread_is_traced_as_exited(build, tmp_path):
    result = _boot_root_and_hello(build, tmp_path)
    hello_threads = [r["thread"] for r in result.records("thread_name") if r["name"] == "hello"]
    exits = [r for r in result.records("thread_exit") if r["thread"] in hello_threads]
    assert exits and exits[0]["reason"] == header_value("thread.h", "EXIT_CALLED"), \
        "hello returned from main: thread_exit(EXIT_CALLED)"


def test_perfetto_export_has_a_running_track_per_thread(build, tmp_path):
    from orrery_trace.perfetto import THREAD_TID_BASE, to_chrome_trace
    result = _boot_root_and_hello(build, tmp_path)
    events = to_chrome_trace(result.trace)["traceEvents"]
    names = {e["tid"]: e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "thread_name"}
    assert any(name.startswith("hello (thread") for name in names.values())
    slices = [e for e in events if e["ph"] == "X" and e["name"] == "running"]
    assert {e["tid"] for e in slices} >= {tid for tid, n in names.items() if n.startswith(("hello", "roottask"))}
    assert all(e["dur"] >= 0 and e["tid"] >= THREAD_TID_BASE for e in slices)
