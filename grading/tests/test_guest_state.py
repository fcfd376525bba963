"""grading/harness/guest_state.py reads the real machine: Multiboot facts, page tables, memory."""

import secrets

from grading.harness.guest_state import GuestMemoryError, run_guest
from grading.harness.qemu import boot_image

MEMORY_MB = 32


def _inspect(guest):
    facts = guest.boot_facts()
    stop = guest.run_to("machine_halt", args=1)
    base = guest.constant("KERNEL_BASE")
    word, frame = secrets.randbits(32), 0x200000
    guest.write(frame, word.to_bytes(4, "little"))
    try:
        guest.read_u32(0, physical=False)
        null_mapped = True
    except GuestMemoryError:
        null_mapped = False
    return {"facts": facts, "stop": stop, "halt_success": guest.eval("HALT_SUCCESS"),
            "cr3": guest.cr3(), "directory": guest.eval("kernel_page_directory") - base,
            "translation": guest.translate(base + frame + 0x123), "word": word,
            "through_direct_map": guest.read_u32(base + frame, physical=False),
            "null_mapped": null_mapped}


def test_the_harness_reads_the_machine_from_outside(build, tmp_path):
    kernel, modules = boot_image(build)
    result, seen = run_guest(kernel, modules, _inspect, cmdline="exit", memory_mb=MEMORY_MB,
                             workdir=tmp_path)
    assert result.outcome == "success", result.describe()
    assert seen["stop"].location == "machine_halt" and seen["stop"].args == [seen["halt_success"]]
    # QEMU's memory map for -m 32: low memory, then RAM from 1 MiB to just below 32 MiB.
    assert seen["facts"].usable[0][0] == 0 and seen["facts"].usable[-1][0] == 0x100000
    assert 31 << 20 < seen["facts"].usable[-1][1] <= MEMORY_MB << 20
    assert seen["facts"].modules and seen["facts"].kernel[0] == 0x100000
    assert seen["cr3"] == seen["directory"]
    assert seen["translation"].physical == 0x200123
    assert seen["through_direct_map"] == seen["word"]  # written physically, read through the MMU
    assert not seen["null_mapped"]


def test_a_run_that_never_reaches_the_function_gives_none(build, tmp_path):
    kernel, modules = boot_image(build)
    result, stop = run_guest(kernel, modules, lambda guest: guest.run_to("ktest_checkpoint"),
                             cmdline="exit", workdir=tmp_path)
    assert result.outcome == "success", result.describe()
    assert stop is None
