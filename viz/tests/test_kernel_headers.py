"""Tests for kernel_headers.py: constants read from the kernel's C headers."""

import importlib

import pytest

from orrery_trace import kernel_headers, perfetto
from orrery_trace.kernel_headers import HeaderConstantError, header_enum, header_value
from orrery_trace.perfetto import SWITCH_REASONS

REAL_KERNEL_DIR = kernel_headers.KERNEL_DIR


@pytest.fixture
def kernel(tmp_path, monkeypatch):
    """A kernel/ folder of our own: write headers into it."""
    monkeypatch.setattr(kernel_headers, "KERNEL_DIR", tmp_path)
    return tmp_path


def test_defines_in_every_spelling(kernel):
    (kernel / "a.h").write_text("#define PAGE_SIZE 4096u\n#  define BASE 0xC0000000u\n"
                                "#define ERR_X (-3)   /* an error */\n#define SHIFTED (1 << 4)\n")
    assert header_value("a.h", "PAGE_SIZE") == 4096
    assert header_value("a.h", "BASE") == 0xC0000000
    assert header_value("a.h", "ERR_X") == -3
    with pytest.raises(HeaderConstantError, match="no SHIFTED as a number"):
        header_value("a.h", "SHIFTED")  # an expression is refused, not misread as 1
    with pytest.raises(HeaderConstantError, match="no MISSING"):
        header_value("a.h", "MISSING")


def test_enumerators_count_on_and_comments_do_not_count(kernel):
    (kernel / "b.h").write_text("/* enum fake { NOT_ME = 9 }; */\n"
                                "enum colour { RED, GREEN = 5, /**< five */ BLUE, // six\n};\n"
                                "enum mixed { LOW = 1, ALL = LOW | 2 };\n")
    assert header_enum("b.h", "colour") == {"RED": 0, "GREEN": 5, "BLUE": 6}
    assert header_value("b.h", "BLUE") == 6
    with pytest.raises(HeaderConstantError, match="no NOT_ME"):
        header_value("b.h", "NOT_ME")
    with pytest.raises(HeaderConstantError, match="cannot read the enumerator"):
        header_enum("b.h", "mixed")
    with pytest.raises(HeaderConstantError, match="no enum fake"):
        header_enum("b.h", "fake")
    with pytest.raises(HeaderConstantError, match="cannot read"):
        header_value("missing.h", "X")


def test_the_real_headers():
    assert header_value("types.h", "PAGE_SIZE") == 1 << header_value("types.h", "PAGE_SHIFT")
    reasons = header_enum("sched.h", "switch_reason")
    assert "SWITCH_YIELD" in reasons and len(set(reasons.values())) == len(reasons)


def test_perfetto_names_the_switch_reasons_the_kernel_has(kernel):
    # A kernel with a fifth reason: the export names it without being told.
    (kernel / "sched.h").write_text("enum switch_reason {\n SWITCH_YIELD = 1,\n SWITCH_PREEMPT = 2,\n"
                                    " SWITCH_BLOCK = 3,\n SWITCH_EXIT = 4,\n SWITCH_MIGRATE = 5,\n};\n")
    try:
        importlib.reload(perfetto)
        assert perfetto.SWITCH_REASONS == {1: "yield", 2: "preempt", 3: "block", 4: "exit", 5: "migrate"}
    finally:
        kernel_headers.KERNEL_DIR = REAL_KERNEL_DIR
        importlib.reload(perfetto)
    assert SWITCH_REASONS == perfetto.SWITCH_REASONS
