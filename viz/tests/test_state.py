"""Tests for state.py on small hand-made traces: capability spaces, address spaces, frames and
threads rebuilt record by record, at the end or at any record, and the report format.
(kernel/tests/test_kernel_report_programs.py checks it against real runs and the kernel.)"""

import json

from orrery_trace.decode import decode_stream, encode_record
from orrery_trace.state import REPORT_FORMAT, kernel_report, replay, report_differences


def rec(kind, **fields):
    return dict({"type": kind, "seq": 0, "ts": 0, "line": 1}, **fields)


def boot():
    """A root task 1 (its slot 0 to itself), an endpoint 3 in slot 4, and a child task 5."""
    return [
        rec("object_create", object=1, arg_type="task", task=0),
        rec("task_create", task=1, parent=0, quota=1 << 20),
        rec("task_name", task=1, name="root"),
        rec("cap_install", task=1, slot=0, object=1, rights=15),
        rec("cap_source", op="self", badge=0, from_task=0, from_slot=0),
        rec("object_create", object=3, arg_type="endpoint", task=1),
        rec("cap_install", task=1, slot=4, object=3, rights=15),
        rec("cap_source", op="create", badge=0, from_task=0, from_slot=0),
        rec("object_create", object=5, arg_type="task", task=1),
        rec("task_create", task=5, parent=1, quota=65536),
        rec("task_name", task=5, name="child"),
        rec("cap_install", task=5, slot=0, object=5, rights=15),
        rec("cap_source", op="self", badge=0, from_task=0, from_slot=0),
    ]


def test_capabilities_appear_with_how_they_were_made_and_go():
    records = boot() + [
        rec("cap_install", task=5, slot=7, object=3, rights=2),
        rec("cap_source", op="mint", badge=42, from_task=1, from_slot=4),
    ]
    state = replay(records)
    cap = state.tasks[5].caps[7]
    assert (cap.object, cap.type, cap.rights, cap.badge) == (3, "endpoint", 2, 42)
    assert (cap.op, cap.from_task, cap.from_slot, cap.index) == ("mint", 1, 4, len(records) - 2)
    assert state.problems == []
    state = replay(records + [rec("cap_revoke", task=1, slot=4, removed=1),
                              rec("cap_remove", task=5, slot=7, object=3, remove="revoke")])
    assert 7 not in state.tasks[5].caps and 4 in state.tasks[1].caps
    assert state.problems == []


def test_the_state_at_any_record_and_in_steps_is_the_same():
    records = boot() + [rec("cap_remove", task=1, slot=4, object=3, remove="delete")]
    before = replay(records, upto=len(records) - 2)
    assert 4 in before.tasks[1].caps
    assert 4 not in replay(records).tasks[1].caps
    stepped = replay(records[5:], state=replay(records[:5]))
    assert kernel_report(stepped) == kernel_report(replay(records))
    assert stepped.records_applied == len(records)
    # A cap_install at the end of one step, its cap_source at the start of the next.
    split = replay(boot()[7:], state=replay(boot()[:7]))
    assert split.problems == [] and split.tasks[1].caps[4].op == "create"


def test_mappings_and_frames_with_their_owner_which_passes_to_the_parent():
    records = boot() + [
        rec("frame_alloc", paddr=0x200000, frames_in_use=1, use="user_page", task=5),
        rec("frame_alloc", paddr=0x201000, frames_in_use=2, use="slab", task=5),
        rec("frame_alloc", paddr=0x202000, frames_in_use=3, use="page_table", task=0),
        rec("page_map", task=5, vaddr=0x400000, paddr=0x200000, writable=1),
    ]
    state = replay(records)
    assert state.tasks[5].mappings[0x400000].paddr == 0x200000
    assert state.tasks[5].mappings[0x400000].writable is True
    assert state.frames_by_owner() == {5: {"user_page": 1, "slab": 1}, 0: {"page_table": 1}}
    records += [
        rec("page_unmap", task=5, vaddr=0x400000, paddr=0x200000),
        rec("frame_free", paddr=0x200000, frames_in_use=2),
        rec("cap_remove", task=5, slot=0, object=5, remove="task_destroyed"),
        rec("task_destroy", task=5),
    ]
    state = replay(records)
    assert 5 not in state.tasks and 5 in state.destroyed_tasks
    # The slab still charged to the child is its parent's now, as the kernel moves charges.
    assert state.frames_by_owner() == {1: {"slab": 1}, 0: {"page_table": 1}}
    assert state.problems == []


def test_threads_states_and_what_they_wait_on():
    records = [rec("thread_create", thread=2, task=1, priority=10),
               rec("thread_state", thread=2, state="suspended", object=0),
               rec("thread_state", thread=2, state="ready", object=0),
               rec("context_switch", from_thread=0, to_thread=2, reason=3)]
    assert replay(records).threads[2].state == "running"
    records.append(rec("thread_state", thread=2, state="blocked_recv", object=3))
    thread = replay(records).threads[2]
    assert (thread.task, thread.state, thread.waits_on) == (1, "blocked_recv", 3)


def test_what_does_not_add_up_is_noted_not_raised():
    state = replay(boot() + [
        rec("cap_remove", task=1, slot=9, object=3, remove="delete"),
        rec("cap_remove", task=1, slot=4, object=8, remove="delete"),
        rec("page_unmap", task=1, vaddr=0x1000, paddr=0x5000),
        rec("cap_install", task=77, slot=1, object=3, rights=1),
        rec("cap_source", op="copy", badge=0, from_task=1, from_slot=4),
        rec("frame_free", paddr=0x9000, frames_in_use=0),
    ])
    text = "\n".join(state.problems)
    assert "slot 9 of task 1 removed but empty" in text
    assert "held object 3, the record says 8" in text
    assert "0x1000 of task 1 unmapped but not mapped" in text
    assert "task 77 is not known" in text
    assert "cap_source without a cap_install" in text
    assert "frame 0x9000 freed" in text
    assert len(state.problems) == 6


def test_the_report_format():
    records = boot() + [rec("page_map", task=5, vaddr=0x400000, paddr=0x1a3000, writable=0)]
    report = kernel_report(replay(records))
    assert report["format"] == REPORT_FORMAT and report["version"] == 1
    assert list(report["tasks"]) == ["1", "5"]
    assert report["tasks"]["1"] == {
        "name": "root",
        "caps": {"0": {"object": 1, "type": "task", "rights": 15, "badge": 0},
                 "4": {"object": 3, "type": "endpoint", "rights": 15, "badge": 0}},
        "mappings": {}}
    assert report["tasks"]["5"]["mappings"] == {"0x00400000": {"paddr": "0x001a3000", "writable": False}}
    assert json.loads(json.dumps(report)) == report
    other = json.loads(json.dumps(report))
    assert report_differences(report, other) == []
    other["tasks"]["5"]["caps"]["0"]["rights"] = 3
    del other["tasks"]["1"]
    assert report_differences(report, other) == [
        "task 1 only in the first report",
        "task 5 caps 0: {'object': 5, 'type': 'task', 'rights': 15, 'badge': 0} != "
        "{'object': 5, 'type': 'task', 'rights': 3, 'badge': 0}"]


def test_it_takes_what_the_decoder_gives(ids):
    # The field names come from the header: a real encoded stream replays as well.
    data = (encode_record(ids["object_create"], 0, 1, [1, 1, 0])
            + encode_record(ids["task_create"], 1, 2, [1, 0, 4096])
            + encode_record(ids["cap_install"], 2, 3, [1, 0, 1, 15])
            + encode_record(ids["cap_source"], 3, 4, [2, 0, 0, 0])
            + encode_record(ids["frame_alloc"], 4, 5, [0x3000, 9, 6, 1]))
    state = replay(decode_stream(data).records)
    assert state.tasks[1].caps[0].type == "task" and state.tasks[1].caps[0].op == "self"
    assert state.frames[0x3000].use == "user_page" and state.frames[0x3000].task == 1


def test_page_protect_changes_a_mapping_in_place():
    records = boot() + [
        rec("page_map", task=1, vaddr=0x400000, paddr=0x200000, writable=1),
        rec("page_protect", task=1, vaddr=0x400000, paddr=0x200000, writable=0),
    ]
    state = replay(records)
    mapping = state.tasks[1].mappings[0x400000]
    assert (mapping.paddr, mapping.writable, state.problems) == (0x200000, False, [])
    assert replay(records, upto=len(records) - 2).tasks[1].mappings[0x400000].writable is True
    records += [rec("page_protect", task=1, vaddr=0x400000, paddr=0x200000, writable=1),
                rec("page_protect", task=1, vaddr=0x401000, paddr=0x200000, writable=0)]
    state = replay(records)
    assert state.tasks[1].mappings[0x400000].writable is True
    assert len(state.problems) == 1 and "protected but not mapped" in str(state.problems[0])
