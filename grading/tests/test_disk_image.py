"""The disk image (build/disk.img, made by servers/disk/make_disk.py) judged from outside by
Debian's e2fsprogs: e2fsck -fn finds it clean, dumpe2fs reads an ext2 revision 1 file
system of 32 MiB, and debugfs reads back every file with the bytes it was made from. Two
builds give the same bytes."""

import hashlib
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from grading.harness.qemu import REPO

MAKE_DISK = REPO / "servers" / "disk" / "make_disk.py"
TREE = REPO / "servers" / "disk" / "tree"
MANIFEST = REPO / "servers" / "init" / "manifest.txt"
#: Servers that are not programs of the system (the Makefile's DISK_PROGRAMS leaves them out).
NOT_ON_DISK = {"roottask", "hello", "init"}


def tool(name):
    found = shutil.which(name) or next((f"{d}/{name}" for d in ("/sbin", "/usr/sbin")
                                        if Path(f"{d}/{name}").exists()), None)
    if not found:
        pytest.fail(f"{name} is missing: install e2fsprogs (sh grading/ensure-deps.sh build)")
    return found


def make_disk_module():
    spec = importlib.util.spec_from_file_location("make_disk", MAKE_DISK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def disk_programs(build):
    """What the Makefile puts in /bin: every utility, every server of the system."""
    utilities = sorted((build / "bin").glob("*.elf"))
    servers = sorted(p for p in (build / "servers").glob("*.elf") if p.stem not in NOT_ON_DISK)
    return utilities + servers


def debugfs(image, request):
    done = subprocess.run([tool("debugfs"), "-R", request, str(image)], capture_output=True)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


@pytest.fixture(scope="module")
def image(build):
    path = build / "disk.img"
    if not path.exists():
        pytest.fail(f"{path} does not exist: run `make BUILD={build}`")
    return path


def test_the_image_is_a_clean_ext2_revision_1_file_system_of_32_mib(image):
    assert image.stat().st_size == 32 * 1024 * 1024
    done = subprocess.run([tool("e2fsck"), "-fn", str(image)], capture_output=True, text=True)
    assert done.returncode == 0, f"e2fsck -fn says the image is not clean:\n{done.stdout}{done.stderr}"
    header = subprocess.run([tool("dumpe2fs"), "-h", str(image)], capture_output=True,
                            text=True).stdout
    assert "Filesystem revision #:    1 (dynamic)" in header, header
    assert "Filesystem volume name:   orrery" in header, header
    assert "has_journal" not in header, "ext2 has no journal"


def test_every_file_holds_the_bytes_it_was_made_from(image, build):
    make_disk = make_disk_module()
    expected = {f"/bin/{p.stem}": p.read_bytes() for p in disk_programs(build)}
    for path in TREE.rglob("*"):
        if path.is_file():
            expected["/" + str(path.relative_to(TREE))] = path.read_bytes()
    expected["/etc/services"] = make_disk.services_text(MANIFEST).encode()
    expected["/home/student/big.txt"] = make_disk.big_text()
    for required in ("/bin/cat", "/bin/console", "/etc/motd", "/home/student/README",
                     "/home/student/wc.c"):
        assert required in expected, f"{required} is not among the image's sources"
    assert len(expected["/home/student/big.txt"]) >= 1024 * 1024
    for name, data in expected.items():
        got = debugfs(image, f"cat {name}")
        assert hashlib.sha256(got).hexdigest() == hashlib.sha256(data).hexdigest(), \
            f"{name} in the image ({len(got)} bytes) is not what it was made from ({len(data)} bytes)"
    listing = debugfs(image, "ls -p /bin").decode()
    names = {line.split("/")[5] for line in listing.splitlines() if line.count("/") >= 6}
    assert names - {".", ".."} == {p.stem for p in disk_programs(build)}, names


def test_the_services_file_names_the_manifests_services(image):
    services = debugfs(image, "cat /etc/services").decode().splitlines()
    assert "nameserver nameserver" in services and "console console" in services, services
    assert not any(line.startswith(("processes", "run ")) for line in services), services


def test_two_builds_give_the_same_bytes(image, build, tmp_path):
    """The image made again from the same programs (twice, into new directories) is byte
    for byte the one make built."""
    digests = []
    for attempt in ("a", "b"):
        out = tmp_path / attempt / "disk.img"
        out.parent.mkdir()
        command = ["/usr/bin/python3", str(MAKE_DISK), "--tree", str(TREE), "--manifest",
                   str(MANIFEST), "-o", str(out)]
        for program in disk_programs(build):
            command += ["--program", str(program)]
        done = subprocess.run(command, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1], "two builds of the image differ"
    assert digests[0] == hashlib.sha256(image.read_bytes()).hexdigest(), \
        "build/disk.img is not what make_disk.py makes from build's programs (run make?)"


def test_a_missing_program_is_named_and_the_build_fails(tmp_path):
    missing = tmp_path / "nothere.elf"
    done = subprocess.run(["/usr/bin/python3", str(MAKE_DISK), "--tree", str(TREE), "--manifest",
                           str(MANIFEST), "--program", str(missing), "-o", str(tmp_path / "d.img")],
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert f"the program {missing} does not exist" in done.stderr, done.stderr
    assert not (tmp_path / "d.img").exists()
