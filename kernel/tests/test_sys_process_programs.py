"""The memory manager and the process manager (servers/mm, servers/pm) in QEMU, started by
kernel/tests/user/mmpm_system.c playing init (it serves the name service and bootfs
itself), which spawns copies of itself through pm to run each check as a process."""

import re

from grading.harness.qemu import run_qemu
from kernel.tests.test_user_programs import assert_passed, program_lines

NAME = "mmpm_system"


def scenario_modules(build, tmp_path):
    """mmpm_system, mm and pm of BUILD, and a boot file that is not a program."""
    not_elf = tmp_path / "notelf"
    not_elf.write_text("this boot file is text, not an ELF program\n" * 20)
    return [build / "user-tests" / f"{NAME}.elf", build / "servers" / "mm.elf",
            build / "servers" / "pm.elf", not_elf]


def run_scenario(boot, build, tmp_path, scenario, **options):
    """Boot mmpm_system with mm and pm and run SCENARIO."""
    return boot(f"root={NAME} mmpm={scenario}", modules=scenario_modules(build, tmp_path), **options)


def test_processes_every_scenario(boot, build, tmp_path):
    """Spawn, wait, exit status, crashes of each kind reported with their region, an
    allocation refused with the system going on, isolation, kill, orphans reaped, list and
    caps, and bad arguments of every mm and pm request."""
    result = run_scenario(boot, build, tmp_path, "all")
    assert_passed(result, NAME)
    lines = program_lines(result, NAME)
    assert "driver all: passed" in lines, result.describe()
    assert "alloc: refused, and the system went on" in lines
    assert "bad mm requests: refused, mm serves on" in lines
    assert "bad pm requests: refused, pm serves on" in lines
    serial = result.serial.replace("\r", "")
    # The null pointer's report names the address and the nearest region.
    assert re.search(r"mm: process \d+ \(mmpm_system\) stopped: page fault at 0x00000000 "
                     r"\(eip 0x[0-9a-f]{8}\), not in any region \(nearest: code and data ", serial)
    assert re.search(r"mm: process \d+ \(mmpm_system\) stopped: page fault at 0x[0-9a-f]{8} "
                     r"\(eip 0x[0-9a-f]{8}\), a write not allowed in code and data", serial)
    assert re.search(r"mm: process \d+ \(mmpm_system\) stopped: divide error \(vector 0\)", serial)
    assert re.search(r"mm: process \d+ \(mmpm_system\) stopped: invalid opcode \(vector 6\)", serial)
    assert re.search(r"nearest: stack 0x[0-9a-f]{8}-0xbfff0000", serial)
    assert re.search(r"nearest: heap ", serial)
    assert "mm: cannot load notelf: not an ELF file" in serial


def test_mm_and_pm_know_their_peers_by_the_badges_init_named(boot, build, tmp_path):
    """mm takes pm's requests, and pm the console's Ctrl-C, from the badges init wrote in
    their start information (start_info.h, struct start_service), not from whichever server
    asks first: a server that is neither, asking before pm and the console ever did, is
    refused; the named badges are accepted; and the processes run at the priority init
    named for them (start_info's process_priority)."""
    result = run_scenario(boot, build, tmp_path, "identity")
    assert_passed(result, NAME)
    lines = program_lines(result, NAME)
    assert "service identity: the badges init named are accepted, an impostor is refused" in lines, \
        result.describe()
    assert "driver: priority 5, as init named for processes" in lines, result.describe()
    assert "driver identity: passed" in lines, result.describe()


def test_two_processes_share_a_buffer_and_its_frames_come_back(boot, build, tmp_path):
    """A shared buffer (MM_SHARE_CREATE, MM_SHARE_MAP, kernel/tests/user/mmpm_share.h): its
    creator writes, a second process it gave the handle to reads and answers, and still
    reads after the creator ended; bad handles, sizes, unaligned or outside addresses and
    overlaps are refused; the page limit counts buffers; and once both ended the frames in
    use are what they were."""
    result = run_scenario(boot, build, tmp_path, "share")
    assert_passed(result, NAME)
    lines = program_lines(result, NAME)
    for expected in ["share: bad handles, sizes, addresses and overlaps refused",
                     "share: A wrote, B read it and answered through the buffer",
                     "share: B still reads the buffer after A ended",
                     "share: a buffer past the page limit refused",
                     "driver share: passed"]:
        assert expected in lines, result.describe()
    frames = [line for line in lines if line.startswith("share: frames in use")]
    assert len(frames) == 1, result.describe()
    before, after = re.match(r"share: frames in use (\d+) before, (\d+) after", frames[0]).groups()
    assert before == after, frames[0]


def run_on_bench_build(build, tmp_path, scenario):
    """SCENARIO on the benchmark build: tracing compiled out, as thousands of processes or
    pages would flood the trace (and spawn_wait's cost is measured there)."""
    bench = build / "bench"
    return run_qemu(bench / "kernel.elf", scenario_modules(bench, tmp_path),
                    cmdline=f"root={NAME} mmpm={scenario}", workdir=tmp_path / "qemu")


def test_allocating_more_than_the_system_has_is_refused_and_the_system_goes_on(build, tmp_path):
    result = run_on_bench_build(build, tmp_path, "exhaust")
    assert_passed(result, NAME)
    lines = program_lines(result, NAME)
    assert "driver exhaust: passed" in lines, result.describe()
    assert any(re.match(r"alloc: refused after \d+ pages: ERR_NO_MEMORY", line) for line in lines)


def test_spawn_and_wait_1000_children_leaves_frames_where_they_were(build, tmp_path):
    """Also spawn_wait's cost in guest instructions, within the issue's budget."""
    result = run_on_bench_build(build, tmp_path, "spawn_wait")
    assert_passed(result, NAME)
    lines = program_lines(result, NAME)
    frames = [line for line in lines if line.startswith("spawn_wait: 1000 children")]
    assert frames, result.describe()
    before, after = re.search(r"before (\d+) after (\d+)", frames[0]).groups()
    assert before == after, frames[0]
    cost = [line for line in lines if line.startswith("bench: spawn_wait ")]
    assert cost and int(cost[0].split()[2]) <= 500_000, cost  # the budget
