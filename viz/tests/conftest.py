"""pytest setup for the trace decoder tests: make viz/orrery_trace importable and share helpers."""

import sys
from pathlib import Path

import pytest

VIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(VIZ))

from orrery_trace.events import load_events  # noqa: E402

#: A line in the form Bochs writes to port 0xE9 alongside the kernel's records.
BOCHS_LINE = b"00000000000i[      ] reading configuration from bochsrc\n"


@pytest.fixture
def ev():
    """The real kernel event table."""
    return load_events()


@pytest.fixture
def ids(ev):
    """Event name -> id, from the real header."""
    return ev.ids


@pytest.fixture
def phase_ids(ev):
    """Boot phase name -> index, from the real header."""
    return {name: i for i, name in ev.phases.items()}
