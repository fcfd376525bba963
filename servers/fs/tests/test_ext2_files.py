"""The file server's ext2 core on the host (build/host/ext2tool): files and directories made,
written, renamed and removed on images mke2fs made, then judged from outside: e2fsck -fn
must find the image clean, debugfs must read back the same bytes (by sha256)."""

import random

import pytest

from ext2_helpers import debugfs, debugfs_cat, free_counts, fsck_clean, make_image, names, sha, tool

BLOCK_SIZES = [1024, 4096]


def some_bytes(count: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(count)


@pytest.fixture
def tree(tmp_path):
    """A small tree like the system disk's: /etc, /home/student with a large file."""
    root = tmp_path / "tree"
    (root / "etc").mkdir(parents=True)
    (root / "home" / "student").mkdir(parents=True)
    (root / "etc" / "motd").write_text("Welcome to Orrery.\n")
    (root / "home" / "student" / "README").write_text("Read me first.\n" * 10)
    (root / "home" / "student" / "big.bin").write_bytes(some_bytes(1 << 20, 1))
    return root


@pytest.mark.parametrize("block_size", BLOCK_SIZES)
def test_reads_what_mke2fs_wrote(tmp_path, tree, block_size):
    image = make_image(tmp_path / "disk.img", block_size, "16M", tree)
    before = sha(image.read_bytes())
    for path in ["etc/motd", "home/student/README", "home/student/big.bin"]:
        out = tool(image, "cat", "/" + path).stdout
        assert sha(out) == sha((tree / path).read_bytes()), f"/{path} read back differently"
    listing = tool(image, "ls", "/home/student").stdout.decode()
    assert "README" in listing and "big.bin" in listing
    tool(image, "stat", "/etc/motd")
    tool(image, "df")
    assert sha(image.read_bytes()) == before, "reading the image changed it"
    fsck_clean(image)


@pytest.mark.parametrize("block_size", BLOCK_SIZES)
def test_large_file_reaches_double_indirect_blocks(tmp_path, block_size):
    image = make_image(tmp_path / "disk.img", block_size, "32M")
    # 12 direct blocks + one indirect block's worth, then well into the double-indirect ones.
    size = (12 + block_size // 4) * block_size + 40 * block_size + 123
    if block_size == 4096:
        size = 6 * 1024 * 1024 + 123
    data = some_bytes(size, 2)
    tool(image, "write", "/large.bin", data=data)
    fsck_clean(image)
    assert sha(debugfs_cat(image, "/large.bin")) == sha(data)
    assert b"(DIND)" in debugfs(image, "stat /large.bin"), "the file has no double-indirect block"
    assert sha(tool(image, "cat", "/large.bin").stdout) == sha(data)


@pytest.mark.parametrize("block_size", BLOCK_SIZES)
def test_many_files_in_a_directory_of_several_blocks(tmp_path, block_size):
    image = make_image(tmp_path / "disk.img", block_size, "16M")
    tool(image, "mkdir", "/many")
    # Long names (up to 250 bytes) fill blocks with few files: 1 KiB blocks hold 4 or 5.
    count = 60 if block_size == 1024 else 90
    files = {f"entry-{i:04d}-" + "n" * (120 + i % 130): some_bytes(i * 7 % 3000, i)
             for i in range(count)}
    for name, data in files.items():
        tool(image, "write", f"/many/{name}", data=data)
    size = int(tool(image, "stat", "/many").stdout.split()[5])
    assert size >= 3 * block_size, f"/many is {size} bytes: the test wants several blocks"
    fsck_clean(image)
    assert names(image, "/many") == set(files)
    removed = sorted(files)[::3]
    for name in removed:
        tool(image, "rm", f"/many/{name}")
        del files[name]
    fsck_clean(image)
    assert names(image, "/many") == set(files)
    for name in sorted(files)[:10]:
        assert sha(debugfs_cat(image, f"/many/{name}")) == sha(files[name])
    # The gaps the removals left are reused.
    tool(image, "write", "/many/late-comer", data=b"late\n")
    assert int(tool(image, "stat", "/many").stdout.split()[5]) == size
    fsck_clean(image)


@pytest.mark.parametrize("block_size", BLOCK_SIZES)
def test_unlink_frees_the_blocks_and_the_inode(tmp_path, tree, block_size):
    image = make_image(tmp_path / "disk.img", block_size, "16M", tree)
    before = free_counts(image)
    tool(image, "write", "/home/student/copy.bin", data=some_bytes(700_000, 3))
    during = free_counts(image)
    assert during[0] < before[0] - 700_000 // block_size and during[1] == before[1] - 1
    fsck_clean(image)
    tool(image, "rm", "/home/student/copy.bin")
    assert free_counts(image) == before, "unlink did not give back every block and the inode"
    tool(image, "rm", "/home/student/big.bin")
    fsck_clean(image)
    df = tool(image, "df").stdout.split()
    assert (int(df[5]), int(df[9])) == free_counts(image)


@pytest.mark.parametrize("block_size", BLOCK_SIZES)
def test_rename(tmp_path, tree, block_size):
    image = make_image(tmp_path / "disk.img", block_size, "16M", tree)
    readme = (tree / "home/student/README").read_bytes()
    tool(image, "mv", "/home/student/README", "/home/student/README.old")
    tool(image, "mv", "/home/student/README.old", "/etc/readme")
    assert debugfs_cat(image, "/etc/readme") == readme
    # Onto an existing file: it is replaced, its blocks freed.
    tool(image, "mv", "/etc/readme", "/etc/motd")
    assert debugfs_cat(image, "/etc/motd") == readme
    # A directory to another parent: its ".." and both parents' link counts change.
    tool(image, "mkdir", "/work")
    tool(image, "mv", "/home/student", "/work/student")
    assert sha(debugfs_cat(image, "/work/student/big.bin")) == sha((tree / "home/student/big.bin").read_bytes())
    fsck_clean(image)
    # Into its own subtree: refused.
    result = tool(image, "mv", "/work", "/work/student/inside", ok=False)
    assert result.returncode == 1 and b"into itself" in result.stderr
    # A directory onto an empty one replaces it; onto a non-empty one it is refused.
    tool(image, "mkdir", "/empty")
    tool(image, "mv", "/work/student", "/empty")
    assert "big.bin" in names(image, "/empty")
    result = tool(image, "mv", "/home", "/empty", ok=False)
    assert result.returncode == 1 and b"not empty" in result.stderr
    fsck_clean(image)


@pytest.mark.parametrize("block_size", BLOCK_SIZES)
def test_mkdir_and_rmdir(tmp_path, tree, block_size):
    image = make_image(tmp_path / "disk.img", block_size, "16M", tree)
    tool(image, "mkdir", "/a")
    tool(image, "mkdir", "/a/b")
    assert tool(image, "mkdir", "/a", ok=False).returncode == 1
    result = tool(image, "rmdir", "/a", ok=False)
    assert result.returncode == 1 and b"not empty" in result.stderr, result.stderr
    assert b"is a directory" in tool(image, "rm", "/a/b", ok=False).stderr
    assert b"not a directory" in tool(image, "rmdir", "/etc/motd", ok=False).stderr
    assert tool(image, "rmdir", "/", ok=False).returncode == 1
    fsck_clean(image)
    tool(image, "rmdir", "/a/b")
    tool(image, "rmdir", "/a")
    assert "a" not in names(image, "/")
    fsck_clean(image)


@pytest.mark.parametrize("block_size", BLOCK_SIZES)
def test_truncate(tmp_path, block_size):
    image = make_image(tmp_path / "disk.img", block_size, "16M")
    data = some_bytes(300_000, 4)
    tool(image, "write", "/t.bin", data=data)
    tool(image, "truncate", "/t.bin", "5000")
    assert debugfs_cat(image, "/t.bin") == data[:5000]
    fsck_clean(image)
    tool(image, "truncate", "/t.bin", "20000")
    assert debugfs_cat(image, "/t.bin") == data[:5000] + bytes(15000)
    tool(image, "truncate", "/t.bin", "0")
    assert debugfs_cat(image, "/t.bin") == b""
    fsck_clean(image)
