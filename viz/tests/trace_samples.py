"""Shared constants for the trace decoder tests (imported by the test modules)."""

from pathlib import Path

VIZ = Path(__file__).resolve().parent.parent

#: A line in the form Bochs writes to port 0xE9 alongside the kernel's records.
BOCHS_LINE = b"00000000000i[      ] reading configuration from bochsrc\n"
