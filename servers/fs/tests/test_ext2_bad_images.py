"""Bad images are input too: the ext2 core (build/host/ext2tool, under ASan/UBSan) refuses a
corrupt superblock, a directory entry with a bad record length, an inode pointing past the
disk and a directory loop with a message naming what is wrong, and never crashes; and
thousands of random byte flips in a small image's metadata neither crash nor hang it."""

import struct
import subprocess

import pytest

from ext2_helpers import debugfs, ext2tool, make_image, tool


@pytest.fixture
def image(tmp_path):
    root = tmp_path / "tree"
    (root / "etc").mkdir(parents=True)
    (root / "home" / "student").mkdir(parents=True)
    (root / "etc" / "motd").write_text("Welcome to Orrery.\n")
    (root / "home" / "student" / "README").write_text("Read me first.\n" * 100)
    return make_image(tmp_path / "disk.img", 1024, "4M", root)


def patch(image, offset: int, data: bytes):
    with open(image, "r+b") as file:
        file.seek(offset)
        file.write(data)


def refused(image, *args: str) -> str:
    result = tool(image, *args, ok=False)
    assert result.returncode == 1, f"ext2tool {' '.join(args)} accepted a bad image"
    return result.stderr.decode()


def test_bad_superblock_magic(image):
    patch(image, 1024 + 56, struct.pack("<H", 0x1234))
    message = refused(image, "ls", "/")
    assert "not an ext2 file system" in message and "magic" in message


def test_superblock_bigger_than_the_disk(image):
    patch(image, 1024 + 4, struct.pack("<I", 1 << 24))
    message = refused(image, "ls", "/")
    assert "more than the disk" in message


def test_superblock_with_zero_blocks_per_group(image):
    patch(image, 1024 + 32, struct.pack("<I", 0))
    assert "blocks per group" in refused(image, "df")


def test_group_descriptor_pointing_outside(image):
    patch(image, 2048 + 8, struct.pack("<I", 0xFFFFFF))     # group 0's inode table
    assert "inode table" in refused(image, "ls", "/")


def first_block(image, path: str) -> int:
    return int(debugfs(image, f"bmap {path} 0").split()[0])


def test_directory_entry_with_a_bad_record_length(image):
    block = first_block(image, "/etc")
    patch(image, block * 1024 + 4, struct.pack("<H", 3))    # "."'s rec_len: not a multiple of 4
    message = refused(image, "ls", "/etc")
    assert "bad entry" in message and "record length 3" in message
    refused(image, "cat", "/etc/motd")
    refused(image, "write", "/etc/new")


def test_directory_entry_running_past_its_block(image):
    block = first_block(image, "/etc")
    patch(image, block * 1024 + 12 + 4, struct.pack("<H", 2000))   # ".."'s rec_len
    assert "bad entry" in refused(image, "ls", "/etc")


def test_inode_pointing_past_the_disk(image):
    debugfs(image, "sif /home/student/README block[0] 999999", writable=True)
    message = refused(image, "cat", "/home/student/README")
    assert "past the end of the file system" in message
    refused(image, "rm", "/home/student/README")
    debugfs(image, "sif /home/student/README block[IND] 888888", writable=True)
    debugfs(image, "sif /home/student/README size 300000", writable=True)
    refused(image, "cat", "/home/student/README")


def test_directory_loop(image):
    tool(image, "mkdir", "/a")
    tool(image, "mkdir", "/a/b")
    # A second name for /a inside its own subtree: a loop.
    debugfs(image, "link /a /a/b/loop", writable=True)
    message = refused(image, "ls", "/a/b/loop")
    assert "directory loop" in message
    refused(image, "ls", "/a/b/loop/b/loop")
    refused(image, "mv", "/a/b/loop", "/x")


def test_unreadable_image_file(tmp_path):
    result = tool(tmp_path / "missing.img", "ls", "/", ok=False)
    assert result.returncode == 1 and b"cannot open" in result.stderr
    empty = tmp_path / "empty.img"
    empty.write_bytes(b"")
    assert b"too small" in tool(empty, "ls", "/", ok=False).stderr


def test_bad_commands_and_paths(image):
    assert tool(image, "frobnicate", ok=False).returncode == 2
    assert b"not absolute" in tool(image, "ls", "etc", ok=False).stderr
    assert b"not found" in tool(image, "cat", "/nothing/here", ok=False).stderr
    assert b"not a directory" in tool(image, "ls", "/etc/motd/x", ok=False).stderr
    assert b"not a number" in tool(image, "truncate", "/etc/motd", "lots", ok=False).stderr
    assert b"bad name" in tool(image, "mkdir", "/" + "x" * 300, ok=False).stderr


@pytest.mark.parametrize("seed", [1, 2])
def test_fuzz_metadata_byte_flips(tmp_path, image, seed):
    """2500 rounds per seed, in batches of 500: each batch is one run with a timeout, so a
    hang is caught as well as a crash."""
    for batch in range(5):
        result = subprocess.run([str(ext2tool()), str(image), "fuzz", str(seed * 100 + batch), "500"],
                                capture_output=True, timeout=120)
        stderr = result.stderr.decode(errors="replace")
        assert result.returncode == 0, f"fuzz seed {seed * 100 + batch} crashed:\n{stderr[-3000:]}"
        assert b"500 rounds" in result.stdout
