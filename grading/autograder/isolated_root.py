"""``make gradescope-test LAB=n``: the autograder zip, run for real in a Debian root.

As Gradescope does it, but on this machine: a minimal Debian root made with debootstrap
(cached), ``/autograder/source`` unpacked from the zip, ``setup.sh`` run once as root in
that root (with the network, for apt; the result is cached per zip), then for each test
submission (``grading.autograder.scenarios``) a fresh copy-on-write view of that image
(overlayfs), the upload in ``/autograder/submission``, and ``/autograder/run_autograder``
run in it with unshare (own mount, PID, IPC, UTS and network namespaces) and chroot, pinned
to one CPU.  Each results.json is checked (``grading.autograder.checks``) and the times are
printed.  Needs root, and the network the first time (debootstrap and apt).

    python3 -m grading.autograder.isolated_root --zip build/gradescope/lab1.zip --lab 1 \\
        --cache /var/tmp/orrery-gradescope-root
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Optional

from grading.autograder.checks import check_results
from grading.autograder.lab_files import student_files
from grading.autograder.scenarios import SCENARIOS, write_scenario
from grading.framework import REPO_ROOT, load_lab

SUITE = "bookworm"
MIRROR = "http://deb.debian.org/debian"
SETUP_TIMEOUT = 1800        # seconds for setup.sh (apt downloads, the starter build)
RUN_MARGIN = 120            # seconds past the zip's time budget before a run is killed
STATE_DIRS = ("submission", "results", "work")


def sh(cmd, **kwargs) -> subprocess.CompletedProcess:
    """Run ``cmd``; raise with its output if it fails."""
    run = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({run.returncode}):\n"
                           f"{run.stdout[-3000:]}{run.stderr[-3000:]}")
    return run


def base_root(cache: Path, mirror: str) -> Path:
    """A minimal Debian root, made with debootstrap the first time."""
    base = cache / f"base-{SUITE}"
    if not (base / ".complete").exists():
        partial = cache / f"base-{SUITE}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        cache.mkdir(parents=True, exist_ok=True)
        print(f"gradescope-test: debootstrap {SUITE} into {partial} (a few minutes, once)", flush=True)
        sh(["debootstrap", "--variant=minbase", SUITE, str(partial), mirror], timeout=SETUP_TIMEOUT)
        (partial / ".complete").touch()
        shutil.rmtree(base, ignore_errors=True)
        partial.rename(base)
    return base


def image_root(cache: Path, base: Path, zip_path: Path, lab: int) -> Path:
    """The base root with the zip unpacked in /autograder/source and setup.sh run (cached
    per zip: a changed zip makes a new image, an unchanged one is reused)."""
    key = hashlib.sha256(zip_path.read_bytes()).hexdigest()[:16]
    image = cache / f"image-lab{lab}-{key}"
    if (image / ".complete").exists():
        return image
    for old in cache.glob(f"image-lab{lab}-*"):
        shutil.rmtree(old, ignore_errors=True)
    print(f"gradescope-test: copying the base root to {image}", flush=True)
    sh(["cp", "-a", str(base), str(image)])
    (image / ".complete").unlink(missing_ok=True)
    source = image / "autograder" / "source"
    source.mkdir(parents=True)
    _unzip(zip_path, source)
    shutil.copy2(source / "run_autograder", image / "autograder" / "run_autograder")
    for name in STATE_DIRS[:2]:
        (image / "autograder" / name).mkdir()
    shutil.copy2("/etc/resolv.conf", image / "etc" / "resolv.conf")
    print("gradescope-test: running setup.sh in the root (apt-get needs the network)", flush=True)
    start = time.monotonic()
    script = "cd /autograder/source && apt-get update -q >/dev/null && bash ./setup.sh"
    run = _in_root(image, ["/bin/sh", "-c", script], network=True, timeout=SETUP_TIMEOUT,
                   apt_cache=cache / "apt-archives")
    if run.returncode != 0:
        raise RuntimeError(f"setup.sh failed:\n{run.stdout[-5000:]}")
    print(f"gradescope-test: setup.sh took {time.monotonic() - start:.0f} s", flush=True)
    (image / ".complete").touch()
    return image


def _unzip(zip_path: Path, dest: Path) -> None:
    """Unpack like Gradescope: files with their modes."""
    with zipfile.ZipFile(zip_path) as z:
        for info in z.infolist():
            target = dest / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(info))
            os.chmod(target, (info.external_attr >> 16) & 0o777 or 0o644)


def _in_root(root: Path, cmd, network: bool, timeout: float, cpus: Optional[str] = None,
             lower: Optional[Path] = None,
             apt_cache: Optional[Path] = None) -> subprocess.CompletedProcess:
    """Run ``cmd`` chrooted in ``root`` in new namespaces, with /proc, /dev and a fresh /tmp.

    With ``lower``, ``root`` is a scratch directory and the root is an overlay of
    ``lower`` (read-only) with ``root/upper`` (the run's changes).  With ``apt_cache``,
    that folder is apt's download cache, so a new image does not fetch the packages again.
    """
    merged = root
    mounts = []
    if lower is not None:
        merged = root / "merged"
        for d in ("upper", "overlay-work", "merged"):
            (root / d).mkdir(exist_ok=True)
        mounts.append(f"mount -t overlay overlay -o lowerdir={lower},upperdir={root / 'upper'},"
                      f"workdir={root / 'overlay-work'} {merged}")
    mounts += [f"mount -t proc proc {merged}/proc", f"mount --rbind /dev {merged}/dev",
               f"mount -t tmpfs -o mode=1777 tmpfs {merged}/tmp"]
    if apt_cache is not None:
        apt_cache.mkdir(parents=True, exist_ok=True)
        mounts.append(f"mount --bind {apt_cache} {merged}/var/cache/apt/archives")
    if not network:
        mounts.insert(0, "ip link set lo up")
    quoted = " ".join("'" + c.replace("'", "'\\''") + "'" for c in cmd)
    script = " && ".join(["set -e"] + mounts + [f"exec chroot {merged} {quoted}"])
    unshare = ["unshare", "--mount", "--pid", "--fork", "--ipc", "--uts",
               "--propagation", "private"] + ([] if network else ["--net"])
    prefix = ["taskset", "-c", cpus] if cpus else []
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "HOME": "/root"}
    try:
        return subprocess.run(prefix + unshare + ["/bin/sh", "-c", script], env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode("utf-8", "replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        return subprocess.CompletedProcess(cmd, None, out + "\n*** killed: timed out", "")


def run_scenario(image: Path, scratch: Path, name: str, lab: int, cpus: str,
                 budget: float) -> tuple[Optional[dict], float, str]:
    """Grade scenario ``name`` in a fresh view of ``image``: (results, seconds, stdout)."""
    shutil.rmtree(scratch, ignore_errors=True)
    upper = scratch / "upper" / "autograder"
    write_scenario(name, REPO_ROOT, lab, upper / "submission")
    start = time.monotonic()
    run = _in_root(scratch, ["/autograder/run_autograder"], network=False,
                   timeout=budget + RUN_MARGIN, cpus=cpus, lower=image)
    seconds = time.monotonic() - start
    try:
        results = json.loads((upper / "results" / "results.json").read_text())
    except (OSError, ValueError):
        results = None
    return results, seconds, run.stdout


def main(argv=None) -> int:
    """Run every scenario; exit status 1 if any check failed."""
    p = argparse.ArgumentParser(prog="python3 -m grading.autograder.isolated_root",
                                description="Test the Gradescope zip in a debootstrap'd root.")
    p.add_argument("--zip", type=Path, required=True)
    p.add_argument("--lab", type=int, required=True)
    p.add_argument("--cache", type=Path, default=Path("/var/tmp/orrery-gradescope-root"))
    p.add_argument("--mirror", default=MIRROR)
    p.add_argument("--cpus", default="0", help="CPUs the runs may use (taskset list; default 0)")
    p.add_argument("--scenarios", nargs="+", default=list(SCENARIOS), choices=SCENARIOS)
    p.add_argument("--out", type=Path, default=None,
                   help="write summary.json and each scenario's results.json here")
    a = p.parse_args(argv)
    if os.geteuid() != 0:
        print("gradescope-test: needs root (debootstrap, unshare, chroot)", file=sys.stderr)
        return 2
    config = json.loads(zipfile.ZipFile(a.zip).read("autograder.json"))
    image = image_root(a.cache, base_root(a.cache, a.mirror), a.zip.resolve(), a.lab)
    runs = a.cache / f"runs-lab{a.lab}"
    tests = load_lab(REPO_ROOT / "labs", a.lab).tests
    first_file = Path(student_files(a.lab, REPO_ROOT)[0]).name
    order = sorted(a.scenarios, key=lambda s: s != "starter")      # starter first: tricks compare
    failures, summary, starter_score = 0, [], None
    for name in order:
        results, seconds, stdout = run_scenario(image, runs / name, name, a.lab,
                                                a.cpus, config["time_budget"])
        if name == "starter" and results:
            starter_score = results.get("score")
        problems = check_results(name, results, len(tests), first_file, starter_score)
        if seconds > config["time_budget"] + 30:
            problems.append(f"took {seconds:.0f} s, past the time budget {config['time_budget']:g} s")
        score = f"{results['score']:g}/{sum(t['max_score'] for t in results['tests']):g}" \
            if results else "none"
        verdict = "ok" if not problems else "FAIL: " + "; ".join(problems)
        print(f"gradescope-test: lab {a.lab} {name:8} score {score:>8}  {seconds:5.0f} s on "
              f"CPU {a.cpus}  {verdict}", flush=True)
        if problems:
            failures += 1
            print("  run_autograder's output (last lines):\n    "
                  + "\n    ".join(stdout.splitlines()[-25:]), flush=True)
        summary.append({"scenario": name, "score": results and results.get("score"),
                        "seconds": round(seconds, 1), "cpus": a.cpus, "problems": problems})
        if a.out:
            a.out.mkdir(parents=True, exist_ok=True)
            (a.out / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
            (a.out / f"{name}.log").write_text(stdout)
    if a.out:
        (a.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    shutil.rmtree(runs, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
