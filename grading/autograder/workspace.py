"""The tree a submission is graded in, and building it as an unprivileged user.

``Workspace.create`` copies the course's tree (``source``) to ``<work>/orrery``, leaving out
the graded lab's reference solution, and builds it once with the starter code into
``<work>/build`` (or copies a starter build made earlier, ``prebuilt``), as the user who
runs the autograder (root on Gradescope). Then ``overlay`` writes the student's files over
the lab's own files, and ``build`` runs ``make all host-tests`` again as the unprivileged
``Grader`` user: only the student's files and what links them are rebuilt.

What the unprivileged user may touch: ``<work>/build`` (theirs), nothing else.  The tree,
the graders and /autograder/results stay root's, so code that runs during the build or in a
host test cannot rewrite a grader or the results.  The other labs' reference sources
(compiled in the starter build) are made unreadable to that user, so a submission cannot
print them into its output.
"""

from __future__ import annotations

import dataclasses
import os
import pwd
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Dict, List, Optional

BUILD_TIMEOUT = 420.0              # seconds for one make run (the whole tree at 1 CPU fits)
ERROR_CONTEXT_LINES = 60           # compiler lines kept for a failed build
UNPRIVILEGED_USERS = ("orrery-student", "nobody")   # setup.sh creates the first
DIAGNOSTIC = re.compile(r"(error|warning|note|undefined reference|In function|"
                        r"multiple definition|\*\*\*)", re.IGNORECASE)


@dataclasses.dataclass
class Grader:
    """Who runs the student's build and the grader: an unprivileged user, or ourselves."""

    name: str
    uid: Optional[int] = None      # None: stay who we are (not root, or no such user)
    gid: Optional[int] = None
    home: str = "/tmp"

    @classmethod
    def pick(cls, wanted: Optional[str] = None) -> "Grader":
        """The first of ``wanted`` or UNPRIVILEGED_USERS that exists, when we are root."""
        if os.geteuid() != 0:
            try:
                return cls(name=pwd.getpwuid(os.geteuid()).pw_name)
            except KeyError:
                return cls(name=f"uid {os.geteuid()}")
        for name in ([wanted] if wanted else list(UNPRIVILEGED_USERS)):
            try:
                entry = pwd.getpwnam(name)
            except KeyError:
                continue
            return cls(name=name, uid=entry.pw_uid, gid=entry.pw_gid)
        raise LookupError(f"no unprivileged user to grade as (tried {', '.join([wanted] if wanted else UNPRIVILEGED_USERS)})")

    @property
    def drops_privileges(self) -> bool:
        """Whether commands run as another (unprivileged) user."""
        return self.uid is not None

    def run(self, cmd: List[str], cwd: Path, timeout: float, env: Optional[dict] = None,
            **kwargs) -> subprocess.CompletedProcess:
        """Run ``cmd`` as this user in a new session; the whole group dies on timeout.

        Returns a CompletedProcess whose returncode is None after a timeout; its stdout
        holds stdout and stderr together.
        """
        full_env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
                    "HOME": self.home, "USER": self.name, "TMPDIR": "/tmp",
                    "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
        ids = dict(user=self.uid, group=self.gid, extra_groups=[]) if self.drops_privileges else {}
        proc = subprocess.Popen(cmd, cwd=str(cwd), env=full_env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True, **ids, **kwargs)
        try:
            out, _ = proc.communicate(timeout=timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            code = None
            out = b""
        finally:
            _kill_group(proc.pid)
            if proc.returncode is None:
                try:
                    out, _ = proc.communicate(timeout=10)
                except subprocess.TimeoutExpired:
                    out = b""
        return subprocess.CompletedProcess(cmd, code, out.decode("utf-8", "replace"), "")


def _readable_by_all(root: Path) -> None:
    """Let every user read (not write) the tree, whatever modes the upload had."""
    for dirpath, dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                mode = os.stat(path).st_mode
                os.chmod(path, 0o755 if mode & 0o100 else 0o644)


def _kill_group(pgid: int) -> None:
    import signal
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@dataclasses.dataclass
class BuildResult:
    """The outcome of ``make`` on the student's tree."""

    ok: bool
    seconds: float
    output: str                     # everything make printed
    timed_out: bool = False

    def diagnostics(self, work: Path) -> str:
        """The compiler's messages, with the work directory's paths taken out of them."""
        lines = [line.replace(f"{work}/orrery/", "").replace(f"{work}/", "")
                 for line in self.output.splitlines()]
        picked = [line for line in lines if DIAGNOSTIC.search(line)]
        shown = (picked or lines)[-ERROR_CONTEXT_LINES:]
        return "\n".join(shown)


class Workspace:
    """A work directory holding the tree to grade (``tree``) and its build (``build_dir``)."""

    def __init__(self, work: Path, lab: int, other_labs: List[int]):
        self.work = Path(work)
        self.lab = lab
        self.other_labs = other_labs
        self.tree = self.work / "orrery"
        self.build_dir = self.work / "build"

    @property
    def make_vars(self) -> List[str]:
        """The variables of every make run: the other labs' solutions, this lab's holes."""
        return [f"BUILD={self.build_dir}",
                f"SOLUTIONS={' '.join(map(str, self.other_labs)) or 'none'}"]

    @classmethod
    def create(cls, work: Path, source: Path, lab: int, other_labs: List[int],
               prebuilt: Optional[Path] = None, jobs: int = 1) -> "Workspace":
        """Copy ``source`` to a fresh ``work`` and make the starter build there.

        ``prebuilt`` is a build directory of the same tree made with the same SOLUTIONS
        (for example ``make test``'s build/without-labN); without it, the starter build
        is made here. Raises RuntimeError if the starter build fails (a course bug).
        """
        ws = cls(work, lab, other_labs)
        if ws.work.exists():
            shutil.rmtree(ws.work)
        ws.work.mkdir(parents=True)
        os.chmod(ws.work, 0o755)
        shutil.copytree(source, ws.tree, symlinks=True, ignore=ws._ignore)
        _readable_by_all(ws.tree)
        if prebuilt is not None:
            shutil.copytree(prebuilt, ws.build_dir, symlinks=True,
                            ignore=shutil.ignore_patterns("grade", "gradescope", "grade-all",
                                                          "handout", "without-lab*",
                                                          "no-solutions", "general-ipc",
                                                          "bench", "gradescope-root"))
        run = ws._make(Grader(name="course"), jobs)
        if not run.ok:
            raise RuntimeError("the starter code does not build (a bug in the course's "
                               "tree):\n" + run.diagnostics(ws.work))
        return ws

    def _ignore(self, directory: str, names: List[str]) -> List[str]:
        here = Path(directory)
        skipped = {"build", ".git", "__pycache__"} & set(names)
        if here.name == "solutions":
            skipped |= {n for n in names if n == f"lab{self.lab}"}
        return sorted(skipped)

    def overlay(self, files: Dict[str, bytes]) -> None:
        """Write the student's files (path in the tree -> contents) over the starter code."""
        for rel, data in files.items():
            target = self.tree / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            os.chmod(target, 0o644)     # written now: newer than the starter build's objects

    def hand_over(self, grader: Grader) -> None:
        """Give ``grader`` the build directory and nothing else; hide reference sources."""
        if not grader.drops_privileges:
            return
        for dirpath, dirnames, filenames in os.walk(self.build_dir):
            os.chown(dirpath, grader.uid, grader.gid)
            for name in filenames:
                os.lchown(os.path.join(dirpath, name), grader.uid, grader.gid)
        for path in (self.tree / "solutions").rglob("*"):
            if path.is_file():
                os.chmod(path, 0o600)          # compiled already; the names stay visible
        grader.home = str(self.work / "home")
        home = Path(grader.home)
        home.mkdir(exist_ok=True)
        os.chown(home, grader.uid, grader.gid)

    def build(self, grader: Grader, jobs: int = 1, timeout: float = BUILD_TIMEOUT) -> BuildResult:
        """``make all host-tests`` as ``grader``: the student's files and what uses them."""
        return self._make(grader, jobs, timeout)

    def _make(self, grader: Grader, jobs: int, timeout: float = BUILD_TIMEOUT) -> BuildResult:
        start = time.monotonic()
        run = grader.run(["make", "--no-print-directory", f"-j{jobs}", "all", "host-tests",
                          *self.make_vars], cwd=self.tree, timeout=timeout)
        seconds = time.monotonic() - start
        if run.returncode is None:
            return BuildResult(ok=False, seconds=seconds, timed_out=True,
                               output=run.stdout + f"\n*** the build ran past {timeout:g} s")
        return BuildResult(ok=run.returncode == 0, seconds=seconds, output=run.stdout)
