"""Run the host unit tests of the kernel's pure modules (kernel/tests/host/test_*.c).

`make host-tests` builds each of them into <build>/host/test_* (with AddressSanitizer and
UBSan); <build> is $ORRERY_BUILD or build/ in the checkout. This file runs every binary and
fails with its output when a case fails. It also checks that the Lab 1 holes bite: built
without the reference solution (`make host-tests BUILD=<build>/no-solutions SOLUTIONS=none`),
the frame-allocator test must fail every case with the "not implemented yet" message.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HOST_SOURCES = REPO / "kernel" / "tests" / "host"
BUILD = Path(os.environ.get("ORRERY_BUILD", REPO / "build")).resolve()
NO_SOLUTIONS = BUILD / "no-solutions"
TIMEOUT = 60

# One binary per test_*.c, whether or not it has been built (a missing one is a failure).
TEST_NAMES = sorted(p.stem for p in HOST_SOURCES.glob("test_*.c"))

# The cases labs/lab1/grade.py runs by name.
FRAME_ALLOC_CASES = [
    "add_free_range_rounds_inward", "add_free_range_clips_and_skips_frame_0",
    "add_free_range_counts_each_frame_once", "reserve_range_rounds_outward",
    "reserve_range_keeps_free_count", "alloc_distinct_aligned_until_exhausted",
    "alloc_never_returns_reserved", "alloc_next_fit_and_wraps", "free_returns_frame_for_reuse",
    "free_rejects_unaligned_zero_out_of_range", "free_detects_double_free",
    "free_error_changes_nothing",
]


def binary(name: str, build: Path = BUILD) -> Path:
    """The built test binary @name; fail (not skip) with how to build it if it is missing."""
    path = build / "host" / name
    if not path.exists():
        if build == NO_SOLUTIONS:
            how = f"make host-tests BUILD={build} SOLUTIONS=none"
        else:
            how = "make host-tests" + ("" if build == REPO / "build" else f" BUILD={build}")
        pytest.fail(f"{path} is missing: run `{how}` first", pytrace=False)
    return path


def run(path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run a host test binary; stdout and stderr together, as a person would see them."""
    try:
        return subprocess.run([str(path), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=TIMEOUT, cwd=REPO)
    except subprocess.TimeoutExpired as timeout:
        output = timeout.stdout or b""
        if isinstance(output, bytes):
            output = output.decode(errors="replace")
        pytest.fail(f"{path} {' '.join(args)} ran for more than {TIMEOUT} s; its output so far:\n{output}",
                    pytrace=False)


def declared_cases(name: str) -> list[str]:
    """The HOST_TEST(...) names in kernel/tests/host/<name>.c, in file order."""
    source = (HOST_SOURCES / f"{name}.c").read_text()
    return re.findall(r"^HOST_TEST\((\w+)\)", source, flags=re.MULTILINE)


def test_host_test_sources_exist():
    assert TEST_NAMES, f"no kernel/tests/host/test_*.c in {HOST_SOURCES}"


@pytest.mark.parametrize("name", TEST_NAMES)
def test_host_unit_binary_passes(name):
    result = run(binary(name))
    if result.returncode != 0:
        pytest.fail(f"{name} exited with status {result.returncode}; its output:\n{result.stdout}",
                    pytrace=False)
    summary = result.stdout.strip().splitlines()[-1]
    cases = declared_cases(name)
    assert summary == f"{len(cases)} passed, 0 failed", (
        f"{name}: unexpected summary line {summary!r}; its output:\n{result.stdout}")
    for case in cases:
        assert re.search(rf"^PASS {case}$", result.stdout, re.MULTILINE), (
            f"{name}: no 'PASS {case}' line; its output:\n{result.stdout}")


@pytest.mark.parametrize("name", TEST_NAMES)
def test_list_run_one_and_unknown_case(name):
    path = binary(name)
    listed = run(path, "--list")
    assert listed.returncode == 0, listed.stdout
    assert listed.stdout.split() == declared_cases(name), (
        f"{name} --list should print the HOST_TEST names of {name}.c, one per line; it printed:\n"
        f"{listed.stdout}")

    first = declared_cases(name)[0]
    one = run(path, first)
    assert one.returncode == 0, one.stdout
    assert one.stdout.strip().splitlines() == [f"PASS {first}", "1 passed, 0 failed"], one.stdout

    unknown = run(path, "no_such_case_anywhere")
    assert unknown.returncode == 2, (
        f"an unknown case name should exit 2, not {unknown.returncode}:\n{unknown.stdout}")
    assert "no_such_case_anywhere" in unknown.stdout, unknown.stdout
    assert "PASS" not in unknown.stdout and "FAIL" not in unknown.stdout, (
        f"nothing should run when a case name is unknown:\n{unknown.stdout}")


def test_frame_alloc_has_the_cases_the_grader_runs():
    listed = run(binary("test_frame_alloc"), "--list").stdout.split()
    missing = [case for case in FRAME_ALLOC_CASES if case not in listed]
    assert not missing, f"labs/lab1/grade.py runs cases that test_frame_alloc lacks: {missing}"


def test_lab1_holes_bite_without_the_solution():
    if not NO_SOLUTIONS.is_dir():
        pytest.fail(f"{NO_SOLUTIONS} does not exist: run "
                    f"`make host-tests BUILD={NO_SOLUTIONS} SOLUTIONS=none` first", pytrace=False)
    path = binary("test_frame_alloc", NO_SOLUTIONS)
    result = run(path)
    output = result.stdout
    assert result.returncode != 0, f"the stub allocator passed?\n{output}"
    assert re.search(r"lab 1: frame_(add_free_range|reserve_range|alloc|free) is not implemented yet",
                     output), f"the lab-hole message does not reach the output:\n{output}"
    cases = run(path, "--list").stdout.split()
    assert cases, "test_frame_alloc --list printed no cases"
    for case in cases:
        assert re.search(rf"^FAIL {case}(:|$)", output, re.MULTILINE), (
            f"case {case} should FAIL without the Lab 1 solution; output:\n{output}")
        assert not re.search(rf"^PASS {case}$", output, re.MULTILINE), output
    assert output.strip().splitlines()[-1] == f"0 passed, {len(cases)} failed", output
