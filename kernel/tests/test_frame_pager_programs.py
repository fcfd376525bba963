"""The kernel calls a pager uses on its frames (docs/syscalls.md, "Frames for pagers"):
frame_mapping_bits, frame_protect, frame_copy, frame_read and frame_write, and a capability
in a slot near CSPACE_MAX_SLOTS. kernel/tests/user/frame_pager_calls.c checks their effects
on memory from inside; here the kernel's trace records of the same calls are checked from
outside: they name the frames and mappings the program made."""

from test_user_programs import abi_value, assert_passed, program_lines, run_program  # kernel/tests/

NAME = "frame_pager_calls"
A_VADDR, B_VADDR, HIGH_VADDR = 0x40000000, 0x40001000, 0x40003000  # #defines of the program
ACCESSED, DIRTY, WRITABLE = 0x1, 0x2, 0x4


def test_frame_pager_calls_change_memory_and_mappings(boot, build):
    result = run_program(boot, build, NAME)
    assert_passed(result, NAME)
    lines = program_lines(result, NAME)
    assert "all frame pager call checks passed" in lines, result.describe()
    max_slots = abi_value("CSPACE_MAX_SLOTS")
    assert max_slots == 65536
    assert (f"high slots: 8191 and {max_slots - 1} hold frames, {max_slots} slots for "
            f"{max_slots // 64 * 4} KiB of quota") in lines, lines

    maps = {r["vaddr"]: r for r in result.records("page_map")}
    a = maps[A_VADDR]
    task, a_paddr, b_paddr = a["task"], a["paddr"], maps[B_VADDR]["paddr"]
    assert maps[HIGH_VADDR]["paddr"] == a_paddr, "slot 65535's copy maps frame A"

    bits = [(r["bits"], r["cleared"]) for r in result.records("page_bits")
            if r["task"] == task and r["vaddr"] == A_VADDR]
    # The first calls of check_bits(): untouched, read, clear ACCESSED, cleared, written.
    assert bits[:5] == [(WRITABLE, 0), (WRITABLE | ACCESSED, 0), (WRITABLE | ACCESSED, ACCESSED),
                        (WRITABLE, 0), (WRITABLE | ACCESSED | DIRTY, 0)], bits

    protects = [(r["vaddr"], r["paddr"], r["writable"]) for r in result.records("page_protect")
                if r["task"] == task]
    assert protects[:2] == [(A_VADDR, a_paddr, 0), (A_VADDR, a_paddr, 1)], protects
    assert (HIGH_VADDR, a_paddr, 0) in protects, protects

    faults = [r for r in result.records("page_fault") if r["address"] == A_VADDR]
    assert faults, "the write to A while it was read-only left no page_fault record"

    copies = [(r["to_paddr"], r["from_paddr"]) for r in result.records("frame_copy")]
    assert copies[:2] == [(b_paddr, a_paddr), (b_paddr, b_paddr)], copies
    writes = {(r["paddr"], r["offset"], r["length"]) for r in result.records("frame_write")}
    reads = {(r["paddr"], r["offset"], r["length"]) for r in result.records("frame_read")}
    for offset, length in ((0, 1), (123, 500), (4095, 1), (0, 4096)):
        assert (b_paddr, offset, length) in writes and (b_paddr, offset, length) in reads
    assert (a_paddr, 256, 256) in writes, "the frame_write through slot 65535 reached frame A"
