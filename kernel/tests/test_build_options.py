"""Build options: tracing compiled away, lab solution selection, and the make front door."""

import subprocess

from grading.harness.qemu import REPO

from grading.harness.qemu import run_qemu


def _make(*args, **kwargs):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=600, **kwargs)


def test_trace_off_compiles_every_trace_point_away(build, tmp_path):
    build = build / "bench"  # `make test` builds it with TRACE=0
    assert (build / "kernel.flags").read_text().count("-DORRERY_TRACE=0") == 1
    symbols = subprocess.run(["nm", str(build / "kernel.elf")], capture_output=True, text=True).stdout
    assert "trace_emit" not in symbols and "ring_storage" not in symbols
    result = run_qemu(build / "kernel.elf", [build / "servers/roottask.elf"], cmdline="exit",
                      workdir=tmp_path / "run")
    assert result.outcome == "success", result.describe()
    assert result.debugcon == b"", "nothing is written to the trace port"
    assert "orrery: boot complete" in result.serial


def test_no_solutions_build_stops_at_the_first_lab_hole(build):
    kernel = build / "no-solutions" / "kernel.elf"
    assert kernel.exists(), "make test builds build/no-solutions with SOLUTIONS=none"
    result = run_qemu(kernel, [build / "no-solutions/servers/roottask.elf"], cmdline="exit")
    assert result.outcome == "panic", result.describe()
    assert result.panic.message == ("lab 1: frame_add_free_range is not implemented yet "
                                    "(see labs/lab1/README.md)")
    assert result.panic.functions()[:2] == ["lab_hole_missing", "frame_add_free_range"]


def test_asking_for_a_missing_solution_is_a_clear_error(tmp_path):
    made = _make("kernel", f"BUILD={tmp_path}", "SOLUTIONS=1 9")
    assert made.returncode != 0
    assert "SOLUTIONS asks for lab(s) 9, but solutions/ has only: 1" in made.stdout + made.stderr


def test_help_lists_the_targets():
    made = _make("help")
    assert made.returncode == 0
    for target in ("run", "run-bochs", "iso", "test", "grade", "qemu-gdb", "gdb", "clean", "help"):
        assert f"  {target} " in made.stdout, made.stdout


def test_grade_without_a_lab_says_how():
    made = _make("grade", "LAB=")
    assert made.returncode != 0
    assert "usage: make grade LAB=n" in made.stdout + made.stderr


def test_running_a_missing_root_program_is_a_clear_error(tmp_path):
    made = _make("run", f"BUILD={tmp_path}", "ROOT=no_such_program")
    assert made.returncode != 0
    output = made.stdout + made.stderr
    assert "ROOT=no_such_program: there is no kernel/tests/user/no_such_program.c" in output, output
    assert "user_fault" in output, "the message lists the programs there are"
    assert not (tmp_path / "kernel.elf").exists(), "nothing was built"
