"""Lab 1 grader: the frame allocator and the kernel page-table functions.

Run with ``make grade LAB=1``. The frame allocator is checked twice: on the host, against
its contract (kernel/tests/host/test_frame_alloc.c, built under AddressSanitizer), and in the
booted kernel. The page-table functions are checked by in-kernel tests
(kernel/ktest/test_paging.c) whose results are read from the trace, tagged with a per-run
nonce.

Kernel code could write those trace records itself, so every booted check also rests on
state the harness reads from outside the guest, through QEMU's gdbstub
(grading/harness/guest_state.py): the memory map QEMU gave the kernel (read before the
kernel runs), the page tables the MMU walks from CR3, the frame bitmap in physical memory,
the frames the allocator test took (a chain through their first words), and a random word
the harness writes into a mapped frame, which the test must read through its mapping.
"""

from __future__ import annotations

import secrets

from grading.framework import CheckFailed, graded
from grading.host_cases import run_host_cases
from grading.harness.guest_state import GuestMemoryError, allocatable_frames, run_guest
from grading.harness.qemu import boot_image

TITLE = "boot and physical memory"
# The files this lab's holes (LAB_HOLE) live in: what a student hands in and the submission
# check (grading.submission_check) reads; the Gradescope autograder copies only these.
STUDENT_FILES = ("kernel/frame_alloc.c", "kernel/vm.c")
PAGE = 4096
LOW_MEMORY_END = 0x100000  # kernel/memlayout.h; the lab's contract: never hand out the low 1 MiB
FRAME_TEST_MEMORY_MB = 32
MAX_FRAMES = 1 << 20  # 4 GiB of frames: more than any bitmap the kernel can have


def _host_cases(ctx, *cases: str) -> None:
    """Run some cases of the host frame-allocator test; fail with their output."""
    run_host_cases(ctx, "test_frame_alloc", cases)


def _boot_test(ctx, test_name: str, inspect=None, memory_mb: int = 32):
    """Boot the kernel running one in-kernel test under the harness's GDB; fail unless it
    passed with our nonce. *inspect(guest)* reads the machine's state from outside while the
    test runs (grading/harness/guest_state.py); its evidence is returned with the run."""
    kernel, modules = boot_image(ctx.build_dir)
    result, evidence = run_guest(kernel, modules, inspect or _inspect_to_halt,
                                 cmdline=f"test={test_name}", memory_mb=memory_mb,
                                 workdir=ctx.workdir / test_name,
                                 wall_timeout=min(120, ctx.remaining() - 5))
    ctx.log(result.describe())
    if result.outcome == "panic":
        raise CheckFailed(expected=f"in-kernel test {test_name} runs to the end",
                          seen=result.panic.summary())
    if result.outcome != "test_failure" and result.outcome != "success":
        raise CheckFailed(expected=f"in-kernel test {test_name} runs to the end",
                          seen=result.how_it_ended())
    from grading.harness.panic_report import parse_failed_checks
    failed = parse_failed_checks(result.serial)
    ends = result.records("ktest_end")
    if not result.ktest_nonce_ok():
        raise CheckFailed(expected="the test's trace records carry this run's nonce",
                          seen="they do not (was the trace tampered with?)")
    if result.outcome != "success" or failed or ends[-1]["failures"] != 0:
        raise CheckFailed(expected="every check passes",
                          seen="\n".join(f"check {c.number}: {c.description}: expected {c.expected:#x}, "
                                         f"seen {c.seen:#x}" for c in failed) or result.outcome)
    _require_halt(evidence)
    return result, evidence


# -------------------------------------------------------------------------------------------
# Evidence from outside the guest: QEMU's gdbstub, read by the harness (not by student code).

def _inspect_to_halt(guest) -> dict:
    """Only note that the run ended through machine_halt, and with which status."""
    return _run_checkpoints(guest, {})


def _allocator_state(guest, kernel_base: int) -> dict:
    """The frame allocator as it is in physical memory: its counts and the used frames.

    The bitmap is found through the kernel's own symbols (pmem.c's bitmap_words), not
    through anything the allocator says about itself."""
    count = guest.eval("'pmem.c'::allocator.frame_count")
    words = guest.read_words(guest.eval("&'pmem.c'::bitmap_words") - kernel_base, (count + 31) // 32) \
        if 0 < count <= MAX_FRAMES else []
    used = {i * PAGE for i in range(min(count, MAX_FRAMES)) if words[i // 32] >> (i % 32) & 1}
    return {"frame_count": count, "free_count": guest.eval("'pmem.c'::allocator.free_count"),
            "used": used}


def _covered_frames(guest, facts) -> int:
    """How many frames the kernel's bitmap should cover: up to the end of usable RAM."""
    return min(max((end for _, end in facts.usable), default=0),
               guest.constant("DIRECT_MAP_LIMIT")) // PAGE


def _require_halt(evidence) -> None:
    """Fail unless the harness saw the machine stop through machine_halt with success."""
    if evidence.get("halt") is None or evidence["halt"] != evidence["halt_success"]:
        raise CheckFailed(expected="the machine stops through machine_halt(HALT_SUCCESS), where the "
                                   "harness reads its state",
                          seen="it never got there" if evidence.get("halt") is None
                          else f"machine_halt({evidence['halt']:#x})")


def _require_checkpoint(evidence, step: str) -> dict:
    """The state the harness read at one ktest checkpoint; fail if it was never reached."""
    if step not in evidence:
        raise CheckFailed(expected=f"the in-kernel test reaches its checkpoint '{step}', where the "
                                   "harness reads the page tables and the frame bitmap from outside",
                          seen="it never did (the test did not run as written)")
    return evidence[step]


def _run_checkpoints(guest, steps: dict) -> dict:
    """Stop at each ktest_checkpoint, let *steps[name](guest, a, b)* read the state there
    (name: a KTEST_CHECKPOINT_ step of kernel/ktest/ktest.h), and note how the run ended.
    Evidence is keyed by the steps' names."""
    evidence: dict = {"halt_success": guest.eval("HALT_SUCCESS")}
    steps = {guest.eval(name): (name, read) for name, read in steps.items()}
    while True:
        stop = guest.run_to("ktest_checkpoint", "machine_halt", args=3)
        if stop is None:
            return evidence
        if stop.location == "machine_halt":
            evidence["halt"] = stop.args[0]
            return evidence
        step, a, b = stop.args
        if step in steps:
            name, read = steps[step]
            evidence[name] = read(guest, a, b)


@graded(points=10, name="frame_add_free_range rounds inward (host)",
        hint="A frame only partly inside a usable range is not usable: round start up, end down.")
def host_add_free_range(ctx):
    _host_cases(ctx, "add_free_range_rounds_inward", "add_free_range_clips_and_skips_frame_0",
                "add_free_range_counts_each_frame_once")


@graded(points=10, name="frame_reserve_range rounds outward (host)",
        hint="Every frame holding even one byte of a reserved range must be reserved.")
def host_reserve_range(ctx):
    _host_cases(ctx, "reserve_range_rounds_outward", "reserve_range_keeps_free_count")


@graded(points=10, name="frame_alloc hands out each free frame once (host)",
        hint="Search the bitmap from search_start, wrap around, mark the frame used.")
def host_alloc(ctx):
    _host_cases(ctx, "alloc_distinct_aligned_until_exhausted", "alloc_never_returns_reserved",
                "alloc_next_fit_and_wraps")


@graded(points=10, name="frame_free validates and reuses (host)",
        hint="Reject frame 0, unaligned and out-of-range addresses and double frees; change nothing then.")
def host_free(ctx):
    _host_cases(ctx, "free_returns_frame_for_reuse", "free_rejects_unaligned_zero_out_of_range",
                "free_detects_double_free", "free_error_changes_nothing")


def _inspect_boot(guest) -> dict:
    """The boot loader's facts, then the page tables and the allocator at the final halt."""
    facts = guest.boot_facts()
    evidence = _run_checkpoints(guest, {})
    evidence["facts"] = facts
    if evidence.get("halt") is not None:
        base = guest.constant("KERNEL_BASE")
        directory = guest.eval("kernel_page_directory")
        covered = _covered_frames(guest, facts)
        evidence.update(cr3=guest.cr3(), directory=directory - base if directory else None,
                        kernel_base=base, present=guest.constant("PTE_PRESENT"),
                        allocator=_allocator_state(guest, base), covered=covered,
                        tables=guest.page_tables())
        first = base // PAGE
        evidence["direct_map"] = {}
        for index in range(first >> 10, (first + covered + 1023) >> 10):
            table = evidence["tables"].get(index)
            evidence["direct_map"][index] = guest.read_words(table, 1024) if table is not None else None
    return evidence


@graded(points=10, name="the kernel boots with your allocator and page tables",
        hint="pmem_init builds the allocator with frame_add_free_range and frame_reserve_range; "
             "a panic here names the failing function.")
def boots(ctx):
    kernel, modules = boot_image(ctx.build_dir)
    result, evidence = run_guest(kernel, modules, _inspect_boot, cmdline="exit",
                                 workdir=ctx.workdir / "boot", wall_timeout=min(120, ctx.remaining() - 5))
    ctx.log(result.describe())
    if result.outcome != "success":
        raise CheckFailed(expected="boot completes and the kernel halts with success",
                          seen=result.how_it_ended())
    if result.boot_phases()[-1:] != ["boot_complete"]:
        raise CheckFailed(expected="the trace ends its boot phases with boot_complete",
                          seen=", ".join(result.boot_phases()))
    _require_halt(evidence)
    if evidence["directory"] is None or evidence["cr3"] != evidence["directory"]:
        raise CheckFailed(expected="the CPU runs on the kernel page directory vm_init built (CR3, read "
                                   "from outside, is kernel_page_directory)",
                          seen=f"CR3 = {evidence['cr3']:#010x}, kernel_page_directory at "
                               f"{evidence['directory'] or 0:#010x}: paging was never set up")
    _check_direct_map(evidence)
    _check_bitmap_after_boot(evidence)


def _check_direct_map(evidence) -> None:
    """Every covered frame is mapped at KERNEL_BASE + its address, in the real page tables."""
    for index, entries in evidence["direct_map"].items():
        if entries is None:
            raise CheckFailed(expected=f"the direct map in the page tables the MMU walks (directory "
                                       f"entry {index} present)", seen="it is not present")
        for i, entry in enumerate(entries):
            frame = ((index << 10) + i) * PAGE - evidence["kernel_base"]
            if frame // PAGE >= evidence["covered"]:
                break
            if not entry & evidence["present"] or entry & ~(PAGE - 1) != frame:
                raise CheckFailed(expected=f"physical {frame:#010x} mapped in the direct map",
                                  seen=f"its page table entry is {entry:#010x}")


def _check_bitmap_after_boot(evidence) -> None:
    """The bitmap in memory marks exactly the reserved frames and the page tables as used."""
    state, facts = evidence["allocator"], evidence["facts"]
    if state["frame_count"] != evidence["covered"]:
        raise CheckFailed(expected=f"the frame bitmap covers {evidence['covered']} frames (read from the "
                                   "allocator in memory)", seen=f"{state['frame_count']}")
    allocatable = allocatable_frames(facts, evidence["covered"], LOW_MEMORY_END)
    free = {f * PAGE for f in range(evidence["covered"])} - state["used"]
    wrong = sorted(free - allocatable)
    if wrong:
        raise CheckFailed(expected="reserved memory marked used in the frame bitmap (read from physical "
                                   "memory)", seen=f"{len(wrong)} reserved frames are clear, the first "
                                                    f"{wrong[0]:#010x}")
    if len(free) != state["free_count"]:
        raise CheckFailed(expected=f"free_count equal to the clear bits of the bitmap ({len(free)})",
                          seen=f"{state['free_count']}")
    tables = [evidence["cr3"]] + sorted(evidence["tables"].values())
    unmarked = [t for t in tables if t in free]
    if unmarked:
        raise CheckFailed(expected="every page table the MMU uses is marked used in the frame bitmap",
                          seen=f"{len(unmarked)} are clear, the first {unmarked[0]:#010x}")


def _overlaps(frame: int, start: int, end: int) -> bool:
    return frame < end and start < frame + PAGE


def _frames_held_before_test(trace) -> set[int]:
    """The frames the kernel allocated during boot and still held when the test began."""
    held = set()
    for record in trace:
        if record["type"] == "ktest_begin":
            break
        if record["type"] == "frame_alloc":
            held.add(record["paddr"])
        elif record["type"] == "frame_free":
            held.discard(record["paddr"])
    return held


def _read_chain(guest, a, b, limit: int) -> dict:
    """At FRAMES_TAKEN: follow the chain the test threads through the frames it took (each
    frame's first word is the previous frame), in physical memory, and read the bitmap."""
    return {"chain": guest.follow_chain(a, limit), "taken": b,
            "allocator": _allocator_state(guest, guest.constant("KERNEL_BASE"))}


def _inspect_frames(guest) -> dict:
    facts = guest.boot_facts()
    base = guest.constant("KERNEL_BASE")
    limit = _covered_frames(guest, facts) + 1  # a longer chain goes round a cycle
    evidence = _run_checkpoints(guest, {
        "KTEST_CHECKPOINT_FRAMES_TAKEN": lambda g, a, b: _read_chain(g, a, b, limit),
        "KTEST_CHECKPOINT_FRAMES_GIVEN_BACK": lambda g, a, b: {"allocator": _allocator_state(g, base)}})
    evidence.update(facts=facts, covered=_covered_frames(guest, facts))
    return evidence


@graded(points=20, name="the allocator never hands out reserved memory (booted)",
        hint="Reserve the low 1 MiB, the kernel image and every module, rounding outward.")
def frames_avoid_reserved(ctx):
    result, evidence = _boot_test(ctx, "lab1_frames_exhaust", _inspect_frames, memory_mb=FRAME_TEST_MEMORY_MB)
    facts = evidence["facts"]
    taken = _require_checkpoint(evidence, "KTEST_CHECKPOINT_FRAMES_TAKEN")
    usable = allocatable_frames(facts, evidence["covered"], 0)

    live, problems = set(), []
    for frame in taken["chain"]:
        if frame in live:
            problems.append(f"frame {frame:#010x} handed out twice")
        elif frame % PAGE or frame < LOW_MEMORY_END or frame not in usable:
            problems.append(f"frame {frame:#010x} is not usable RAM above 1 MiB")
        else:
            kernel = facts.kernel
            if _overlaps(frame, *kernel):
                problems.append(f"frame {frame:#010x} is inside the kernel image "
                                f"{kernel[0]:#010x}-{kernel[1]:#010x}")
            for index, module in enumerate(facts.modules):
                if _overlaps(frame, *module):
                    problems.append(f"frame {frame:#010x} holds part of boot module "
                                    f"{index} ({module[0]:#010x}-{module[1]:#010x})")
        live.add(frame)
    if problems:
        raise CheckFailed(expected="only free, usable frames are handed out (the frames the test took, "
                                   "read by the harness from physical memory)",
                          seen="\n".join(problems[:10]))

    expected = allocatable_frames(facts, evidence["covered"], LOW_MEMORY_END)
    held = _frames_held_before_test(result.trace)
    if len(live | held) != len(expected):
        raise CheckFailed(expected=f"{len(expected)} frames allocatable (all usable RAM above 1 MiB "
                                   f"outside the kernel and modules)",
                          seen=f"{len(live | held)} frames handed out before allocation failed "
                               f"({len(held)} of them during boot)",
                          hint="Too few frames: some free memory was lost; check your rounding "
                               "and that every usable range is added.")
    traced = {r["paddr"] for r in result.records("frame_alloc")}
    if not live <= traced:
        raise CheckFailed(expected="a frame_alloc trace record for every frame handed out",
                          seen=f"{len(live - traced)} frames without one")
    state = taken["allocator"]
    clear = [f for f in sorted(live) if f not in state["used"]]
    if clear or state["free_count"]:
        raise CheckFailed(expected="with every frame taken, every bit of the bitmap set and free_count 0 "
                                   "(read from memory)",
                          seen=f"free_count {state['free_count']}; {len(clear)} taken frames still clear")
    back = _require_checkpoint(evidence, "KTEST_CHECKPOINT_FRAMES_GIVEN_BACK")["allocator"]
    still = [f for f in sorted(live) if f in back["used"]]
    if still or back["free_count"] != len(live) + len(expected - live - back["used"]) \
            or {f * PAGE for f in range(back["frame_count"])} - back["used"] - live:
        raise CheckFailed(expected="after freeing every frame, their bits clear and free_count "
                                   f"{len(live)} (read from memory)",
                          seen=f"free_count {back['free_count']}; {len(still)} freed frames still marked used")


def _read_mapping(guest, va: int, frame: int) -> dict:
    """The MMU's view of the two test pages, and a word only the frame can hold: the harness
    writes a fresh random word into the frame and reads it back through QEMU's own
    translation of the virtual address."""
    word = secrets.randbits(32) | 1
    guest.write(frame, word.to_bytes(4, "little"))
    return {"va": va, "frame": frame, "word": word, "cr3": guest.cr3(),
            "writable": guest.constant("PTE_WRITABLE"),
            "directory": guest.eval("kernel_page_directory") - guest.constant("KERNEL_BASE"),
            "first": guest.translate(va), "second": guest.translate(va + PAGE),
            "through_mmu": _read_virtual(guest, va + PAGE),
            "tables": set(guest.page_tables().values()),
            "used": _allocator_state(guest, guest.constant("KERNEL_BASE"))["used"]}


def _read_virtual(guest, va: int) -> int | None:
    """The word at *va* as the MMU translates it (QEMU walks the page tables), or None."""
    try:
        return guest.read_u32(va, physical=False)
    except GuestMemoryError:
        return None


def _inspect_vm_map(guest) -> dict:
    return _run_checkpoints(guest, {
        "KTEST_CHECKPOINT_PAGES_MAPPED": _read_mapping,
        "KTEST_CHECKPOINT_READ_THROUGH_MAPPING": lambda g, a, b: {"seen": a}})


@graded(points=15, name="vm_map_page and vm_translate (booted)",
        hint="Allocate a page table only when the directory entry is not present; keep the offset. "
             "A directory entry is present and writable, and gets PTE_USER when flags has it (vm.h): "
             "without it no user page under that entry is reachable, and every Lab 2 program faults.")
def vm_map(ctx):
    _, evidence = _boot_test(ctx, "lab1_vm_map", _inspect_vm_map)
    mapped = _require_checkpoint(evidence, "KTEST_CHECKPOINT_PAGES_MAPPED")
    if mapped["cr3"] != mapped["directory"]:
        raise CheckFailed(expected="the test runs on the kernel page directory (CR3)",
                          seen=f"CR3 = {mapped['cr3']:#010x}")
    for name, va in (("first", mapped["va"]), ("second", mapped["va"] + PAGE)):
        walk = mapped[name]
        if walk is None or walk.physical != mapped["frame"]:
            raise CheckFailed(expected=f"the page tables the MMU walks (read from outside) map {va:#010x} "
                                       f"to frame {mapped['frame']:#010x}",
                              seen="it is not mapped" if walk is None else f"it maps {walk.physical:#010x}")
        if not walk.allows(mapped["writable"]):
            raise CheckFailed(expected=f"{va:#010x} writable at both levels (directory and table entry)",
                              seen=f"directory entry {walk.pde:#010x}, table entry {walk.pte:#010x}")
        table = walk.pde & ~(PAGE - 1)
        if table not in mapped["used"]:
            raise CheckFailed(expected=f"the page table of {va:#010x} ({table:#010x}) comes from "
                                       "pmem_alloc_frame (marked used in the frame bitmap)",
                              seen="its frame is free in the bitmap")
    if mapped["through_mmu"] != mapped["word"]:
        raise CheckFailed(expected=f"the word the harness wrote into the frame ({mapped['word']:#010x}) "
                                   "visible at the virtual address, through the MMU",
                          seen="the MMU does not map it" if mapped["through_mmu"] is None
                          else f"{mapped['through_mmu']:#010x}")
    seen = _require_checkpoint(evidence, "KTEST_CHECKPOINT_READ_THROUGH_MAPPING")["seen"]
    if seen != mapped["word"]:
        raise CheckFailed(expected=f"the test reads the harness's word {mapped['word']:#010x} through "
                                   "its second mapping", seen=f"{seen:#010x}")


def _inspect_vm_unmap(guest) -> dict:
    return _run_checkpoints(guest, {
        "KTEST_CHECKPOINT_PAGE_UNMAPPED": lambda g, va, frame: {"va": va, "walk": g.translate(va)},
        "KTEST_CHECKPOINT_PAGE_READ_ONLY": lambda g, va, frame: {
            "va": va, "frame": frame, "walk": g.translate(va), "writable": g.constant("PTE_WRITABLE")}})


@graded(points=15, name="vm_unmap_page and read-only pages (booted)",
        hint="Clear the entry and invlpg the address when the page directory is active.")
def vm_unmap(ctx):
    _, evidence = _boot_test(ctx, "lab1_vm_unmap", _inspect_vm_unmap)
    unmapped = _require_checkpoint(evidence, "KTEST_CHECKPOINT_PAGE_UNMAPPED")
    if unmapped["walk"] is not None:
        raise CheckFailed(expected=f"after vm_unmap_page, no translation of {unmapped['va']:#010x} in the "
                                   "page tables the MMU walks (read from outside)",
                          seen=f"it still maps {unmapped['walk'].physical:#010x}")
    read_only = _require_checkpoint(evidence, "KTEST_CHECKPOINT_PAGE_READ_ONLY")
    walk = read_only["walk"]
    if walk is None or walk.physical != read_only["frame"] or walk.pte & read_only["writable"]:
        raise CheckFailed(expected=f"{read_only['va']:#010x} mapped read-only to {read_only['frame']:#010x} "
                                   "in the page tables the MMU walks",
                          seen="not mapped" if walk is None else f"table entry {walk.pte:#010x}")
