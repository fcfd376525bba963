"""The visualizer's benchmark trace (viz/bench/synth_trace.py) and the recorder of real traces
(viz/record_traces.py): the synthetic trace must be one the strict decoder accepts, whose
messages all pair, in the kernel's record shapes; the recorder must name real programs."""

import subprocess
import sys

from orrery_trace.decode import decode_stream
from orrery_trace.messages import pair_messages

from trace_samples import VIZ

sys.path.insert(0, str(VIZ / "bench"))
sys.path.insert(0, str(VIZ))
import record_traces  # noqa: E402
import synth_trace  # noqa: E402


def test_synthetic_trace_decodes_strictly_and_its_messages_pair(ev):
    result = decode_stream(synth_trace.build(20_000), strict=True)
    assert len(result.records) >= 20_000 and not result.warnings and result.lost == 0
    log = pair_messages(result.records)
    assert len(log.messages) > 1000
    assert not log.unsent_receives and not log.repeated_receives and not log.repeated_sends
    assert not log.misattributed() and not log.unreceived()
    # many threads and tasks, in the shapes the views read
    kinds = {r["type"] for r in result.records}
    assert {"context_switch", "sched_pick", "ipc_send", "ipc_recv", "ipc_reply", "page_fault",
            "fault_delivered", "frame_alloc", "irq_raised", "thread_create", "thread_name"} <= kinds
    for new_event in ("cap_install", "cap_source", "page_map", "thread_state", "object_create"):
        assert (new_event in kinds) == (new_event in ev.ids), new_event
    assert len({r["thread"] for r in result.records if r["type"] == "thread_create"}) == \
        synth_trace.TASKS * synth_trace.THREADS_PER_TASK


def test_synthetic_trace_is_the_same_every_time():
    assert synth_trace.build(3000) == synth_trace.build(3000)


def test_fast_decoder_agrees_on_the_synthetic_trace():
    data = synth_trace.build(10_000)
    assert decode_stream(data, fast=True).records == decode_stream(data, fast=False).records


def test_recordings_are_real_programs():
    user = VIZ.parent / "kernel" / "tests" / "user"
    for recording in record_traces.RECORDINGS:
        if not recording.whole_system:
            assert (user / f"{recording.name}.c").exists(), recording.name
    assert {"ipc_pingpong", "ipc_many_clients", "pager_demand_zero", "driver_rtc_irq"} <= \
        {r.name for r in record_traces.RECORDINGS}
    assert any(r.whole_system and "run=sysbench" in r.cmdline for r in record_traces.RECORDINGS)


def test_recorder_refuses_unknown_names(tmp_path):
    run = subprocess.run([sys.executable, str(VIZ / "record_traces.py"), "--out", str(tmp_path), "no_such"],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "no recording no_such" in run.stderr
