"""device_frame_create (docs/syscalls.md, "Device memory"): a task maps the VGA text screen
through a device frame and writes to it (kernel/tests/user/device_frame_vga.c); this test
reads the screen back from outside the guest, through QEMU's gdbstub
(grading/harness/guest_state.py), when the program halts: the characters must be in the VGA
adapter's memory, not only in some page the task believes is the screen. The program prints
more lines than the screen has rows afterwards, so a kernel console still writing to the
screen would have scrolled the marker away.

The harness boots QEMU with -nodefaults, which leaves out the VGA adapter; this test adds a
standard one (-vga std), so that physical 0xB8000 is the adapter's memory as under `make run`.
"""

import re

import grading.harness.guest_state as guest_state
from test_user_programs import USER_TESTS, abi_value, assert_passed, program_lines  # kernel/tests/

NAME = "device_frame_vga"
VGA_COLUMNS = 80
VGA_ADAPTER = ["-vga", "std"]


def program_define(name):
    """A #define of kernel/tests/user/device_frame_vga.c (the program owns its layout): a
    number, or a string without its quotes."""
    text = (USER_TESTS / f"{NAME}.c").read_text()
    match = re.search(rf'^#define {name} ("[^"]*"|\S+)', text, re.M)
    assert match, f"{NAME}.c defines no {name}"
    value = match.group(1)
    return value.strip('"') if value.startswith('"') else int(value, 0)


def test_device_frame_writes_reach_vga_memory(build, tmp_path, monkeypatch):
    marker = program_define("MARKER")
    row, column = program_define("MARKER_ROW"), program_define("MARKER_COLUMN")
    attribute = program_define("MARKER_ATTRIBUTE")
    text_paddr = abi_value("VGA_TEXT_PADDR")
    cell = text_paddr + 2 * (row * VGA_COLUMNS + column)

    run_qemu = guest_state.run_qemu
    monkeypatch.setattr(guest_state, "run_qemu", lambda *args, extra_args=(), **options: run_qemu(
        *args, extra_args=[*extra_args, *VGA_ADAPTER], **options))

    def inspect(guest):
        stop = guest.run_to("syscall_debug_halt")
        assert stop is not None, "the program never reached debug_halt"
        return guest.read(cell, 2 * len(marker)), guest.read(text_paddr, 2 * VGA_COLUMNS)

    result, screen = guest_state.run_guest(build / "kernel.elf", [build / "user-tests" / f"{NAME}.elf"],
                                           inspect, cmdline=f"root={NAME}", workdir=tmp_path)
    assert_passed(result, NAME)
    lines = program_lines(result, NAME)
    assert "all device frame checks passed" in lines, result.describe()
    assert any(line.startswith("first cell 0x") for line in lines), result.describe()
    marker_cells, first_row = screen
    seen = bytes(marker_cells[0::2]).decode("ascii", "replace")
    assert seen == marker, (
        f"VGA memory at row {row}, column {column} (physical {cell:#x}), read from outside the "
        f"guest, holds {seen!r}, not the {marker!r} the program wrote through its device frame "
        "(or the kernel console scrolled the screen after the program took it)")
    assert set(marker_cells[1::2]) == {attribute}, f"attributes {marker_cells[1::2].hex()}"
    # The kernel's first boot line is still on the first row: the page was never zeroed.
    first_text = bytes(first_row[0::2]).decode("ascii", "replace").rstrip()
    assert first_text and any(line.startswith(first_text) for line in result.serial.splitlines()), (
        f"the screen's first row {first_text!r} is not a line the kernel printed at boot")
