"""The guide's boot-time debugging instructions work on the real kernel.

docs/04-debugging.md tells a student how to stop GDB at the kernel's first instruction, and
docs/02-boot.md names the ELF entry point; both are checked against the build and the linker
script, so that they cannot go stale again.
"""

import re

from grading.harness.qemu import REPO
from test_gdb import _gdb_session  # kernel/tests/, on pytest's path

SECTION = "**Breaking before paging is on.**"


def _guide_gdb_commands():
    text = (REPO / "docs" / "04-debugging.md").read_text()
    block = re.search(r"^```\n(.*?)^```", text[text.index(SECTION):], re.M | re.S).group(1)
    return [re.sub(r"\s+#.*$", "", line[len("(gdb) "):]) for line in block.splitlines()
            if line.startswith("(gdb) ")]


def test_the_guides_breakpoint_before_paging_stops_at_the_first_instruction(image):
    kernel, modules = image
    commands = _guide_gdb_commands()
    assert commands and commands[0].startswith(("break ", "hbreak ")), commands
    out = _gdb_session(kernel, modules[0], "exit", commands)
    assert "No symbol" not in out and "Cannot access memory" not in out, out
    assert re.search(r"Breakpoint 1, (0x[0-9a-f]+ in )?boot_entry ", out), out
    assert re.search(r"^eax\s+0x2badb002\b", out, re.M), out   # the Multiboot magic


def test_the_boot_chapter_names_the_linker_scripts_entry_point():
    script = (REPO / "kernel" / "arch" / "x86" / "kernel.ld").read_text()
    entry = re.search(r"^ENTRY\((\w+)\)", script, re.M).group(1)
    chapter = (REPO / "docs" / "02-boot.md").read_text()
    assert set(re.findall(r"ENTRY\((\w+)\)", chapter)) == {entry}
