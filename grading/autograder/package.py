"""``make gradescope LAB=n``: the autograder zip uploaded to Gradescope.

``python3 -m grading.autograder.package --lab N -o build/gradescope/labN.zip`` writes a zip
whose top level is what Gradescope unpacks into /autograder/source:

* ``setup.sh``         run once when Gradescope builds the image (apt packages, the
                       unprivileged user, the starter build);
* ``run_autograder``   run for every submission (``grading.autograder.run``);
* ``autograder.json``  the lab, its files, the labs whose solutions are linked in, the
                       time budget;
* ``orrery/``          the course's tree: every file git tracks or would (the working copy),
                       less lab N's own reference solution and CI settings.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import List

from grading.autograder.lab_files import other_labs, student_files
from grading.autograder.run import CONFIG_NAME, TIME_BUDGET
from grading.framework import REPO_ROOT, available_labs

HERE = Path(__file__).resolve().parent
LEFT_OUT_PREFIXES = (".ci/", "build/")
ZIP_DATE = (2020, 1, 1, 0, 0, 0)      # fixed, so the same tree gives the same zip


def tree_files(repo: Path) -> List[str]:
    """The files of the course's tree: git's list when it is a checkout, else every file."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard"], cwd=repo, capture_output=True,
                             check=True).stdout.decode()
        files = [f for f in out.split("\0") if f]
    except (OSError, subprocess.CalledProcessError):
        files = [p.relative_to(repo).as_posix() for p in repo.rglob("*")
                 if p.is_file() and ".git" not in p.parts and "__pycache__" not in p.parts]
    return sorted(f for f in files if (repo / f).is_file()
                  and not f.startswith(LEFT_OUT_PREFIXES))


def build_zip(lab: int, out: Path, repo: Path = REPO_ROOT,
              time_budget: float = TIME_BUDGET) -> dict:
    """Write lab ``lab``'s autograder zip to ``out``; returns its autograder.json."""
    files = student_files(lab, repo)
    if not files:
        raise ValueError(f"lab {lab} has no files with LAB_HOLE stubs (nothing to submit)")
    config = {"lab": lab, "student_files": files, "other_labs": other_labs(lab, repo),
              "time_budget": time_budget}
    own_solution = f"solutions/lab{lab}/"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        _add(z, "setup.sh", (HERE / "setup.sh").read_bytes(), 0o755)
        runner = (HERE / "run_autograder.in").read_text().replace("@LAB@", str(lab))
        _add(z, "run_autograder", runner.encode(), 0o755)
        _add(z, CONFIG_NAME, (json.dumps(config, indent=2) + "\n").encode(), 0o644)
        for rel in tree_files(repo):
            if rel.startswith(own_solution):
                continue
            mode = 0o755 if os.stat(repo / rel).st_mode & stat.S_IXUSR else 0o644
            _add(z, f"orrery/{rel}", (repo / rel).read_bytes(), mode)
    os.replace(tmp, out)
    return config


def _add(z: zipfile.ZipFile, name: str, data: bytes, mode: int) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, data)


def main(argv=None) -> int:
    """Command line: --lab N -o FILE."""
    p = argparse.ArgumentParser(prog="python3 -m grading.autograder.package",
                                description="Make a lab's Gradescope autograder zip.")
    p.add_argument("--lab", type=int, required=True)
    p.add_argument("-o", "--out", type=Path, required=True)
    p.add_argument("--time-budget", type=float, default=TIME_BUDGET,
                   help=f"seconds a submission may take (default {TIME_BUDGET:g}; keep it "
                        "below the assignment's autograder timeout)")
    a = p.parse_args(argv)
    if a.lab not in available_labs(REPO_ROOT / "labs"):
        print(f"gradescope: there is no lab {a.lab} (labs: "
              f"{', '.join(map(str, available_labs(REPO_ROOT / 'labs')))})", file=sys.stderr)
        return 2
    try:
        config = build_zip(a.lab, a.out, time_budget=a.time_budget)
    except ValueError as e:
        print(f"gradescope: {e}", file=sys.stderr)
        return 2
    print(f"gradescope: {a.out} (lab {a.lab}; students submit {', '.join(config['student_files'])}; "
          f"upload it as the assignment's autograder, see docs/grading.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
