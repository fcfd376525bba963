"""pytest setup for the trace decoder tests: make viz/orrery_trace importable and share helpers."""

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
for path in (TESTS.parent, TESTS):  # viz/ for orrery_trace, viz/tests for trace_samples
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from orrery_trace.events import load_events  # noqa: E402


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
