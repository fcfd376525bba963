"""The Gradescope autograder (grading/autograder/) without chroot: its pieces, and
run_autograder from a real zip against an /autograder-like folder in /tmp.

The full test in a debootstrap'd Debian root is ``make gradescope-test LAB=n`` (root and
network, about 10 minutes); this one runs in ``make test``.  Its starter build (what setup.sh
makes) is ``make test``'s build/without-lab1, whose objects are newer than the zip's dates;
``make grade-all``'s test makes its own.
"""

import csv
import io
import json
import re
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from grading.autograder.checks import check_results
from grading.autograder.grade_all import unique_names
from grading.autograder.lab_files import declared_student_files, student_files
from grading.autograder.package import build_zip
from grading.autograder.scenarios import reference_file, solution_path, write_scenario
from grading.autograder.submission import UnpackError, locate, unpack
from grading.framework import REPO_ROOT, available_labs, load_lab
from grading.gradescope import validate_results

LAB = 1
PYTHON = sys.executable if sys.executable.startswith("/usr/bin") else "/usr/bin/python3"
needs_solutions = pytest.mark.skipif(
    not (REPO_ROOT / "solutions" / f"lab{LAB}").is_dir(),
    reason="grades the reference solutions: an instructor tree's test (a handout has none)")


def _world_readable_tmpdir(prefix):
    """A directory the unprivileged grading user can enter (pytest's tmp_path is 0700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    os.chmod(path, 0o755)
    return path


# ---- which files, and finding them ---------------------------------------------------

@pytest.mark.parametrize("lab", available_labs(REPO_ROOT / "labs"))
def test_a_labs_files_are_the_ones_with_its_stubs(lab):
    files = student_files(lab, REPO_ROOT)
    assert files, f"lab {lab} has no files with LAB_HOLE stubs"
    for rel in files:
        text = (REPO_ROOT / rel).read_text()
        assert "LAB_HOLE" in text and f"lab_hole_missing({lab}," in text
    # Every reference solution that replaces a kernel/ file's stubs names one of them.
    for solution in (REPO_ROOT / "solutions" / f"lab{lab}").glob("*.c"):
        if (REPO_ROOT / "kernel" / solution.name).exists():
            assert f"kernel/{solution.name}" in files


@needs_solutions
@pytest.mark.parametrize("lab", available_labs(REPO_ROOT / "labs"))
def test_a_labs_reference_files_fill_every_hole(lab):
    """The 'correct' upload of every lab, kernel or server holes (solutions/labN/SERVER/)."""
    for rel in student_files(lab, REPO_ROOT):
        assert solution_path(REPO_ROOT, lab, rel).is_file(), f"no reference for {rel}"
        text = reference_file(REPO_ROOT, lab, rel)
        assert "lab_hole_missing(" not in text, f"{rel}: a stub is left in the reference upload"


def test_a_declared_student_files_list_wins(tmp_path):
    (tmp_path / "labs" / "lab7").mkdir(parents=True)
    (tmp_path / "labs" / "lab7" / "grade.py").write_text(
        'TITLE = "x"\nSTUDENT_FILES = ["kernel/a.c", "servers/b/b.c"]\n')
    (tmp_path / "kernel").mkdir()
    assert declared_student_files(7, tmp_path) == ["kernel/a.c", "servers/b/b.c"]
    assert student_files(7, tmp_path) == ["kernel/a.c", "servers/b/b.c"]


def test_locate_prefers_the_full_path_and_ignores_links_and_metadata(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "vm.c").write_text("old copy")
    (tmp_path / "me" / "kernel").mkdir(parents=True)
    (tmp_path / "me" / "kernel" / "vm.c").write_text("the real one")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "frame_alloc.c").write_text("resource fork")
    (tmp_path / "frame_alloc.c").symlink_to("/etc/passwd")
    found = locate(tmp_path, ["kernel/frame_alloc.c", "kernel/vm.c"])
    assert found.found["kernel/vm.c"].read_text() == "the real one"
    assert found.missing == ["kernel/frame_alloc.c"]
    assert any("several files are named vm.c" in n for n in found.notes)


def test_unpack_keeps_only_safe_regular_files(tmp_path):
    archive = tmp_path / "alice.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in (("orrery/kernel/vm.c", b"int x;\n"), ("../escape.c", b"bad"),
                           ("/abs.c", b"bad")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("orrery/kernel/frame_alloc.c")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/shadow"
        tar.addfile(link)
    dest = tmp_path / "out"
    assert unpack(archive, dest) == 1
    assert [p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()] == \
        ["orrery/kernel/vm.c"]
    assert not (tmp_path / "escape.c").exists()
    bad = tmp_path / "bob.tgz"
    bad.write_bytes(b"this is not gzip")
    with pytest.raises(UnpackError, match="cannot unpack bob.tgz"):
        unpack(bad, tmp_path / "bob")


def test_grade_all_gives_each_entry_its_own_name(tmp_path):
    entries = [tmp_path / "alice", tmp_path / "alice.tar.gz", tmp_path / "bob.zip"]
    entries[0].mkdir()
    for e in entries[1:]:
        e.write_bytes(b"")
    assert sorted(unique_names(entries).values()) == ["alice", "alice-2", "bob"]


# ---- the zip ---------------------------------------------------------------------------

@needs_solutions
def test_the_zip_has_gradescopes_layout_and_not_the_labs_own_solution(tmp_path):
    config = build_zip(LAB, tmp_path / "lab1.zip")
    with zipfile.ZipFile(tmp_path / "lab1.zip") as z:
        names = set(z.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in z.infolist()}
        assert json.loads(z.read("autograder.json")) == config
    assert {"setup.sh", "run_autograder", "autograder.json", "orrery/Makefile",
            "orrery/grading/autograder/run.py", "orrery/labs/lab1/grade.py"} <= names
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert not any(n.startswith(f"orrery/solutions/lab{LAB}/") for n in names)
    assert any(n.startswith("orrery/solutions/lab2/") for n in names)
    assert config["student_files"] == student_files(LAB, REPO_ROOT)
    assert LAB not in config["other_labs"]


def test_setup_installs_what_make_grade_needs(tmp_path):
    """setup.sh installs the packages grading/ensure-deps.sh lists for grading (gdb among
    them: the graders read the guest through its stub), from the zip's own copy of the list."""
    build_zip(LAB, tmp_path / "lab1.zip")
    with zipfile.ZipFile(tmp_path / "lab1.zip") as z:
        setup = z.read("setup.sh").decode()
        deps = z.read("orrery/grading/ensure-deps.sh").decode()
    assert re.search(r"^sh grading/ensure-deps.sh grade$", setup, re.MULTILINE), setup
    assert "gdb|grade) echo \"gdb gdb\"" in deps


# ---- run_autograder, for real, without chroot ------------------------------------------

@pytest.fixture(scope="module")
def autograder(tmp_path_factory, build):
    """An /autograder-like folder: the zip in source/, the starter build as setup.sh
    makes it. Yields a function grading one scenario (a fresh submission each time)."""
    root = _world_readable_tmpdir("orrery-autograder-")
    zip_path = tmp_path_factory.mktemp("zip") / f"lab{LAB}.zip"
    build_zip(LAB, zip_path)
    with zipfile.ZipFile(zip_path) as z:
        for info in z.infolist():
            target = root / "source" / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(info))
            os.chmod(target, (info.external_attr >> 16) & 0o777)
            stamp = time.mktime(info.date_time + (0, 0, -1))    # the zip's (old) dates
            os.utime(target, (stamp, stamp))
    env = dict(os.environ, ORRERY_AUTOGRADER_ROOT=str(root))
    starter = build / f"without-lab{LAB}"        # make test's build with the same SOLUTIONS
    if (starter / "kernel.elf").exists():
        shutil.copytree(starter, root / "prebuilt" / "build", symlinks=True)
    else:                                         # what setup.sh does
        prepare = subprocess.run([PYTHON, "-m", "grading.autograder.run", "--prepare",
                                  "--config", str(root / "source" / "autograder.json"),
                                  "--autograder-root", str(root)],
                                 cwd=root / "source" / "orrery", env=env, capture_output=True,
                                 text=True, timeout=900)
        assert prepare.returncode == 0, prepare.stdout + prepare.stderr

    def grade(scenario, *extra, during=None):
        for d in ("submission", "results"):
            shutil.rmtree(root / d, ignore_errors=True)
            (root / d).mkdir()
        write_scenario(scenario, REPO_ROOT, LAB, root / "submission")
        proc = subprocess.Popen(["sh", str(root / "source" / "run_autograder"), *extra],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        if during:
            during(root / "results" / "results.json")
        out, _ = proc.communicate(timeout=900)
        assert proc.returncode == 0, out
        return json.loads((root / "results" / "results.json").read_text()), out

    yield grade
    shutil.rmtree(root, ignore_errors=True)


def _check(scenario, results, starter_score=None):
    tests = load_lab(REPO_ROOT / "labs", LAB).tests
    first = Path(student_files(LAB, REPO_ROOT)[0]).name
    return check_results(scenario, results, len(tests), first, starter_score)


@pytest.mark.slow
@needs_solutions
def test_a_correct_submission_in_a_subfolder_gets_full_marks(autograder):
    results, out = autograder("nested")
    assert _check("nested", results) == [], out
    assert "graded with your kernel/vm.c (uploaded as orrery-main/kernel/vm.c)" in results["output"]


@pytest.mark.slow
@needs_solutions
def test_an_empty_submission_gets_0_and_says_why(autograder):
    results, out = autograder("empty")
    assert _check("empty", results) == [], out
    assert "README.txt" in results["output"]


@pytest.mark.slow
@needs_solutions
def test_a_build_failure_gets_0_with_the_compilers_errors(autograder):
    results, out = autograder("broken")
    assert _check("broken", results) == [], out
    assert "kernel/frame_alloc.c:" in results["output"] and "error:" in results["output"]
    assert "/tmp/" not in results["output"]           # paths are the student's, not ours


@pytest.mark.slow
@needs_solutions
def test_a_hang_keeps_the_scores_of_the_tests_before_it(autograder):
    seen_while_running = []

    def watch(path):
        # results.json exists, valid, from the start: a run killed now still reports.
        for _ in range(600):
            if path.exists():
                seen_while_running.append(json.loads(path.read_text()))
                return
            time.sleep(0.1)
    results, out = autograder("hang", "--time-budget", "60", during=watch)
    assert seen_while_running and validate_results(seen_while_running[0]) == []
    assert seen_while_running[0]["score"] == 0
    assert _check("hang", results) == [], out
    host = [t for t in results["tests"] if t["name"].endswith("(host)")]
    assert host and all(t["status"] == "passed" for t in host)     # frame_alloc.c is right
    assert 0 < results["score"] < sum(t["max_score"] for t in results["tests"])
    assert results["execution_time"] < 60 + 30


@pytest.mark.slow
@needs_solutions
def test_the_issues_tricks_score_no_more_than_the_starter_code(autograder):
    starter, _ = autograder("starter")
    assert _check("starter", starter) == []
    tricks, out = autograder("tricks")
    problems = _check("tricks", tricks, starter_score=starter["score"])
    assert problems == [], out


# ---- make grade-all ------------------------------------------------------------------

@pytest.mark.slow
@needs_solutions
def test_grade_all_grades_folders_and_archives_and_reports_bad_entries(build):
    work = _world_readable_tmpdir("orrery-grade-all-")
    try:
        subs = work / "submissions"
        write_scenario("correct", REPO_ROOT, LAB, subs / "alice")
        write_scenario("broken", REPO_ROOT, LAB, work / "bob")
        with tarfile.open(subs / "bob.tar.gz", "w:gz") as tar:
            tar.add(work / "bob", arcname="bob-lab1")
        (subs / "carol.tgz").write_bytes(b"not a tarball at all")
        (subs / "dave.txt").write_text("my code is in the cloud\n")
        only = ["host_add_free_range", "host_alloc"]
        starter = build / f"without-lab{LAB}"     # make test's; else grade-all makes one
        starter = ["--prebuilt", str(starter)] if (starter / "kernel.elf").exists() else []
        run = subprocess.run([PYTHON, "-m", "grading.autograder.grade_all", "--lab", str(LAB),
                              "--submissions", str(subs), "--out", str(work / "out"),
                              "--jobs", "2", "--only", *only] + starter,
                             cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, run.stdout + run.stderr
        with open(work / "out" / "scores.csv") as f:
            rows = {r["student"]: r for r in csv.DictReader(f)}
        assert sorted(rows) == ["alice", "bob", "carol", "dave.txt"]
        assert rows["alice"]["status"] == "graded" and rows["alice"]["total"] == "20"
        assert rows["alice"]["max_score"] == "20"
        assert [rows["alice"][t] for t in only] == ["10", "10"]
        assert rows["bob"]["status"] == "build_failed" and rows["bob"]["total"] == "0"
        assert rows["carol"]["status"] == "error" and "cannot unpack carol.tgz" in rows["carol"]["message"]
        assert rows["dave.txt"]["status"] == "error"
        assert "neither a folder nor an archive" in rows["dave.txt"]["message"]
        alice = json.loads((work / "out" / "results" / "alice.json").read_text())
        assert validate_results(alice) == [] and alice["score"] == 20
    finally:
        shutil.rmtree(work, ignore_errors=True)
