"""Lab 3's grader against wrong and gaming submissions: each fixture under labs/tests/lab3/
is a whole kernel/ipc_rendezvous.c a student might hand in, built into a temporary kernel
(make HOLE_OVERRIDES=..., in place of the reference's file; the working tree is never
touched) and graded. Each must lose the points of the tests it fools today, with a message
that names the real cause, and keep those it does not concern.

The temporary build starts from a copy of build/general-ipc (every solution, no fast path,
as in a student's kernel, which `make test` builds), so only the fixture is compiled.
"""

import json
import shutil
import subprocess
import sys

import pytest

from grading.framework import REPO_ROOT, load_lab

FIXTURES = REPO_ROOT / "labs" / "tests" / "lab3"
BOOTED_TESTS = ["ipc_pingpong", "ipc_many_clients", "ipc_endpoint_deleted", "ipc_long_message",
                "ipc_nonblocking", "ipc_plain_send"]

# fixture: {test id: text its failure must show}; the booted tests not named must pass.
EXPECTED_FAILURES = {
    "halt_with_success": {
        test: "the machine stopped with the success status after" for test in BOOTED_TESTS},
    "nonblocking_enqueues": {
        "ipc_nonblocking": "a receiver on A after nb_send on A returned ERR_WOULD_BLOCK, "
                           "expected still waiting"},
    "recv_forgets_plain_sender": {
        "ipc_plain_send": "the waiting sender's send returning once recv took its message",
        "ipc_nonblocking": "recv must wake it",
        "ipc_endpoint_deleted": "never woken after its match",
        "ipc_long_message": "never woken after its match"},
}
HINTS = {  # words of the hint the failing test must give
    "ipc_nonblocking": "before any endpoint_enqueue or ipc_block",
    "ipc_plain_send": "must be woken with ipc_wake",
}

pytestmark = pytest.mark.skipif(not (REPO_ROOT / "solutions" / "lab3").is_dir(),
                                reason="needs the reference solutions (not in a handout)")


def _build_with_fixture(build, fixture, tmp_path):
    """A kernel with the fixture's ipc_rendezvous.c in place of the reference's."""
    base = build / "general-ipc"
    if not (base / "kernel.elf").exists():
        pytest.fail(f"{base}/kernel.elf is missing: `make test` builds it")
    out = tmp_path / "build"
    out.mkdir()
    for part in ("kernel", "solutions", "kernel.flags"):  # copies keep their times: no rebuild
        src = base / part
        if src.is_dir():
            shutil.copytree(src, out / part, symlinks=True)
        else:
            shutil.copy2(src, out / part)
    (out / "user-tests").symlink_to(base / "user-tests")
    override = (FIXTURES / fixture / "ipc_rendezvous.c").relative_to(REPO_ROOT)
    made = subprocess.run(["make", "--no-print-directory", f"BUILD={out}", "SOLUTIONS=all",
                           "IPC_FASTPATH=0", f"HOLE_OVERRIDES={override}", str(out / "kernel.elf")],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stdout + made.stderr
    assert f"overrides={override}" in (out / "solutions.selected").read_text()
    assert (out / override.with_suffix(".o")).exists(), made.stdout  # compiled and linked in
    return out


def _grade(build_dir, out_dir, tests):
    return subprocess.run([sys.executable if sys.executable.startswith("/usr/bin") else "/usr/bin/python3",
                           "-m", "grading.grade", "--lab", "3", "--build-dir", str(build_dir),
                           "--out", str(out_dir), "-q", "--only", *tests],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)


def test_every_fixture_is_checked():
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(EXPECTED_FAILURES)


@pytest.mark.slow
@pytest.mark.parametrize("fixture", sorted(EXPECTED_FAILURES))
def test_wrong_rendezvous_loses_the_points_it_fooled(build, fixture, tmp_path):
    kernel_build = _build_with_fixture(build, fixture, tmp_path)
    run = _grade(kernel_build, tmp_path / "grade", BOOTED_TESTS)
    assert run.returncode == 0, run.stdout + run.stderr
    names = {t.id: t.name for t in load_lab(REPO_ROOT / "labs", 3).tests}
    results = {t["name"]: t for t in json.loads((tmp_path / "grade" / "results.json").read_text())["tests"]}
    by_id = {test: results[names[test]] for test in BOOTED_TESTS}
    failing = EXPECTED_FAILURES[fixture]
    for test in BOOTED_TESTS:
        entry = by_id[test]
        if test in failing:
            assert entry["score"] == 0, f"{fixture} still scores on {test}:\n{run.stdout}"
            assert failing[test] in entry["output"], f"{test}'s message:\n{entry['output']}"
            if test in HINTS and fixture != "halt_with_success":
                assert HINTS[test] in entry["output"], entry["output"]
        else:
            assert entry["score"] == entry["max_score"], f"{fixture} should pass {test}:\n{run.stdout}"


@pytest.mark.slow
def test_the_reference_without_its_fast_path_gets_every_booted_point(build, tmp_path):
    """The control: the build the fixtures start from, with the reference's own file."""
    run = _grade(build / "general-ipc", tmp_path / "grade", BOOTED_TESTS)
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((tmp_path / "grade" / "results.json").read_text())
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) > 0, run.stdout


def test_lab3_is_graded_out_of_100_and_every_booted_test_is_tried_here():
    tests = load_lab(REPO_ROOT / "labs", 3).tests
    assert sum(t.points for t in tests) == 100
    assert sorted(t.id for t in tests if "(booted)" in t.name) == sorted(BOOTED_TESTS)
