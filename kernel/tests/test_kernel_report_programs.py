"""The trace is complete enough to rebuild the kernel's state: at the end of a run, the
capability spaces and address spaces viz/orrery_trace/state.py rebuilds from the trace
alone are exactly what the kernel itself holds, as GDB reads it from the halted guest
(grading/harness/kernel_report.py: every task on task_list, every slot, every page table
entry of the user half). And every record of those runs names its trace point (its `line`
field and viz/orrery_trace/sites.py).

Programs: the IPC ping-pong (two tasks, a thousand calls), capability-heavy ones (transfer
in messages, every capability error, teardown of whole graphs of tasks, saved replies,
quota moves), a pager mapping frames on faults, the frame calls of pagers (a mapping
left writable by frame_protect, a capability space of 65,536 slots), and the whole system (init runs sysbench in
place of the shell, as `make bench` does).
"""

import pytest

from grading.harness.kernel_report import run_with_kernel_report
from grading.harness.shell_session import system_modules
from orrery_trace.decode import decode_stream
from orrery_trace.sites import REPO, index_sites, load_sites, site_of
from orrery_trace.state import kernel_report, replay, report_differences

PROGRAMS = ["ipc_pingpong", "ipc_cap_transfer", "cap_errors", "teardown_graphs", "ipc_reply_saved",
            "quota_transfer", "pager_demand_zero", "frame_pager_calls"]
#: The whole system's run: the command line and RAM of `make bench`'s system benchmark.
SYSTEM_RUN = ("root=init run=sysbench", 16)


def _check(result, report, what):
    assert result.outcome == "success", result.describe()
    assert report is not None, f"{what}: the run never reached machine_halt\n{result.describe()}"
    records = decode_stream(result.debugcon).records
    state = replay(records)
    assert not state.problems, f"{what}: the trace does not add up:\n" + "\n".join(state.problems[:20])
    rebuilt = kernel_report(state)
    differences = report_differences(report, rebuilt)
    assert not differences, (f"{what}: the kernel's state (first) and the state rebuilt from its "
                             "trace (second) differ:\n" + "\n".join(differences))
    assert rebuilt == report
    return records


def _check_sites(records, what):
    sites = load_sites()
    index = index_sites(sites)
    sources = {}
    for record in records:
        if record["type"] == "lost":
            continue  # made by the ring itself (line 0), not by a trace point
        site = site_of(record, index)
        assert site, f"{what}: record {record} has no trace point at line {record.get('line')}"
        if site["file"] not in sources:
            sources[site["file"]] = (REPO / site["file"]).read_text().splitlines()
        assert f"TRACE({record['type']}," in sources[site["file"]][site["line"] - 1], site


@pytest.mark.parametrize("name", PROGRAMS)
def test_the_state_rebuilt_from_the_trace_is_the_kernels(build, name):
    kernel = build / "kernel.elf"
    result, report = run_with_kernel_report(kernel, [build / "user-tests" / f"{name}.elf"],
                                            cmdline=f"root={name}")
    records = _check(result, report, name)
    _check_sites(records, name)
    if name == "ipc_cap_transfer":  # capabilities travelled, and the trace says so
        assert any(r["type"] == "ipc_cap" for r in records)
    if name == "teardown_graphs":
        assert any(r["type"] == "task_destroy" for r in records)


def test_the_whole_systems_state_rebuilt_from_the_trace_is_the_kernels(build):
    cmdline, memory_mb = SYSTEM_RUN
    result, report = run_with_kernel_report(build / "kernel.elf", system_modules(build),
                                            cmdline=cmdline, memory_mb=memory_mb)
    records = _check(result, report, cmdline)
    _check_sites(records, cmdline)
    assert len(report["tasks"]) > 3, report["tasks"].keys()  # init and its servers
