"""In-kernel tests of kernel services, checked through the trace as well as the console."""

import grading.harness.qemu  # noqa: F401 (puts viz/ on the path)
from orrery_trace.kernel_headers import header_value


def test_kernel_object_memory_returns_every_frame(boot):
    result = boot("test=kmem_accounting")
    assert result.outcome == "success", result.describe()
    assert result.ktest_nonce_ok()
    assert result.records("ktest_end")[-1]["failures"] == 0
    allocs = len(result.records("frame_alloc"))
    frees = len(result.records("frame_free"))
    boot_allocs = sum(1 for r in result.trace if r["type"] == "frame_alloc"
                      and r["seq"] < result.records("ktest_begin")[0]["seq"])
    assert allocs - frees == boot_allocs, "every slab frame went back to pmem"


def test_trace_overflow_is_reported_as_lost_records(boot):
    ring = header_value("trace.h", "TRACE_RING_RECORDS")
    result = boot("test=trace_overflow")
    assert result.outcome == "success", result.describe()
    lost = result.records("lost")
    assert len(lost) == 1
    emitted = 2 * ring  # what kernel/ktest/test_trace.c emits with draining off
    assert lost[0]["count"] == emitted - (ring - 1)
    kept = [r for r in result.trace if r["type"] == "ktest_check" and r["check"] >= 1000]
    assert [r["check"] for r in kept] == list(range(1000, 1000 + ring - 1))
