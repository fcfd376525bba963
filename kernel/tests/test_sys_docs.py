"""The user-space chapter (docs/10-user-space.md) agrees with the system it describes: its
who-may-call-whom diagram is the one servers/init/manifest_diagram.py draws from today's boot
manifest, and every server and utility it names exists."""

import re
import subprocess

from grading.harness.qemu import REPO

CHAPTER = REPO / "docs" / "10-user-space.md"
TOOL = REPO / "servers" / "init" / "manifest_diagram.py"


def _tool(*args):
    return subprocess.run(["/usr/bin/python3", str(TOOL), *args], capture_output=True, text=True,
                          timeout=60)


def test_the_chapter_shows_the_diagram_of_todays_manifest():
    block = re.search(r"<!-- manifest-diagram: begin -->\n```mermaid\n(.*?)```\n<!-- manifest-diagram: end -->",
                      CHAPTER.read_text(), re.S)
    assert block, "docs/10-user-space.md: no diagram between the manifest-diagram markers"
    drawn = _tool()
    assert drawn.returncode == 0, drawn.stderr
    assert block.group(1) == drawn.stdout, (
        "the diagram in docs/10-user-space.md is not today's manifest's: paste the output of "
        "/usr/bin/python3 servers/init/manifest_diagram.py between its markers")


def test_the_diagram_follows_the_manifest(tmp_path):
    manifest = tmp_path / "manifest.txt"
    manifest.write_text("nameserver nameserver 10 64K\n"
                        "mine mine 9 64K irq=5 io=0x300+4 call=nameserver # a student's server\n"
                        "processes - 5 - call=mine\nrun shell -x\n")
    drawn = _tool(str(manifest))
    assert drawn.returncode == 0, drawn.stderr
    assert "    mine --> nameserver\n" in drawn.stdout
    assert "    processes --> mine\n" in drawn.stdout
    assert '    mine -. "irq 5; io 0x300+4" .-> hw\n' in drawn.stdout
    assert '    init -- "run shell -x" --> pm\n' in drawn.stdout


def test_the_diagram_tool_names_a_manifest_it_cannot_read(tmp_path):
    missing = tmp_path / "no-such-manifest.txt"
    drawn = _tool(str(missing))
    assert drawn.returncode == 2
    assert str(missing) in drawn.stderr and drawn.stdout == ""


def test_every_server_and_utility_the_chapter_names_exists():
    text = CHAPTER.read_text()
    for directory in re.findall(r"\(\.\./servers/(\w+)/\)", text):
        assert (REPO / "servers" / directory).is_dir(), directory
    utilities = re.search(r"The utilities \((.*?)\)", text, re.S).group(1)
    for name in re.findall(r"`(\w+)`", utilities):
        assert (REPO / "servers" / "bin" / f"{name}.c").exists(), name
