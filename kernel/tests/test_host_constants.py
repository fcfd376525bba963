"""The few kernel constants the host side keeps copies of, on purpose, agree with the kernel.

The test harness and the lab graders also run in the student's tree, whose kernel headers
the student may change: what they judge the kernel by (how a run ended, the page size a
frame must be aligned to) stays their own, and this instructor-side test (not in the
handout) checks that those copies agree with the kernel's headers. Everything else on the
host side reads the headers (orrery_trace.kernel_headers) or the build (the GDB commands).
"""

import importlib.util

from grading.harness import qemu
from grading.harness.qemu import REPO
from orrery_trace.kernel_headers import header_enum, header_value


def _lab1_grader():
    spec = importlib.util.spec_from_file_location("lab1_grade", REPO / "labs" / "lab1" / "grade.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_harness_reads_every_halt_status_of_kernel_machine_h():
    # QEMU's isa-debug-exit exits with (value << 1) | 1 (kernel/machine.h).
    statuses = header_enum("machine.h", "halt_status")
    assert qemu.OUTCOMES == {(value << 1) | 1: name[len("HALT_"):].lower()
                             for name, value in statuses.items()}


def test_the_debug_exit_port_is_the_kernels():
    device = f"isa-debug-exit,iobase={header_value('machine.h', 'QEMU_DEBUG_EXIT_PORT'):#x},iosize=4"
    for user in (REPO / "grading" / "harness" / "qemu.py", REPO / "Makefile"):
        assert device in user.read_text(), f"{user.relative_to(REPO)} does not use {device}"


def test_the_lab1_grader_judges_frames_by_the_kernels_page_size_and_low_memory():
    grader = _lab1_grader()
    assert grader.PAGE == header_value("types.h", "PAGE_SIZE")
    assert grader.LOW_MEMORY_END == header_value("memlayout.h", "LOW_MEMORY_END")
