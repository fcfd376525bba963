"""Tests of the Bochs harness (grading/harness/bochs.py) and the ISO builder (iso.py).

They boot the tiny Multiboot kernel in fixtures/minikernel/ (not the real
kernel) from a GRUB ISO in Bochs and check what the harness captured: COM1,
the port-0xE9 bytes, how the run ended.  About 15 s in all.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from grading.harness import bochs, iso

HERE = os.path.dirname(os.path.abspath(__file__))
MINIKERNEL_SRC = os.path.join(HERE, "fixtures", "minikernel")
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))

CMDLINE = "exit nonce=c0ffee $odd;word#"
# What the minikernel writes to port 0xE9 (kmain.c, e9_pattern), byte for byte.
E9_PATTERN = b"E9:\n\r\xa5\x5a\x00\xff\x1b[m\n"

needs_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("bochs", "grub-mkrescue", "xorriso", "gcc", "make")),
    reason="needs bochs, grub-mkrescue, xorriso, gcc, make (make deps-bochs)")


@pytest.fixture(scope="module")
def kernels(tmp_path_factory):
    """Build the minikernel variants; return {variant: elf path}."""
    out = tmp_path_factory.mktemp("minikernel")
    subprocess.run(["make", "-s", "-C", MINIKERNEL_SRC, "OUT=%s" % out, "all", "hang", "vga-spam"],
                   check=True)
    return {"normal": str(out / "minikernel.elf"), "hang": str(out / "minikernel-hang.elf"),
            "vga": str(out / "minikernel-vga.elf")}


@pytest.fixture(scope="module")
def modules(tmp_path_factory):
    """Two small boot-module files: roottask.elf and extra.bin."""
    d = tmp_path_factory.mktemp("modules")
    paths = []
    for name in ("roottask.elf", "extra.bin"):
        (d / name).write_bytes(b"module " + name.encode() + b"\n")
        paths.append(str(d / name))
    return paths


@pytest.fixture(scope="module")
def normal_iso(kernels, modules, tmp_path_factory):
    out = tmp_path_factory.mktemp("iso") / "mini.iso"
    return iso.build_iso(kernels["normal"], modules, CMDLINE, str(out))


@pytest.fixture(scope="module")
def normal_run(normal_iso, tmp_path_factory):
    """One Bochs boot of the normal minikernel, shared by several tests."""
    return bochs.run_bochs(normal_iso, timeout_s=60,
                           workdir=str(tmp_path_factory.mktemp("bochs-normal")))


# ---- no emulator needed -------------------------------------------------------

def test_module_name_is_basename_without_extension():
    assert iso.module_name("build/servers/roottask.elf") == "roottask"
    assert iso.module_name("/x/initrd") == "initrd"
    assert iso.module_name("a/b.tar.gz") == "b.tar"


def test_grub_cfg_lines():
    cfg = iso.grub_cfg("exit test=foo", ["roottask", "extra"])
    assert "set timeout=0" in cfg
    assert "multiboot /boot/kernel.elf 'exit' 'test=foo'\n" in cfg
    assert "module /boot/roottask roottask\n" in cfg
    assert "module /boot/extra extra\n" in cfg
    assert "multiboot /boot/kernel.elf\n" in iso.grub_cfg("", [])


def test_grub_cfg_rejects_words_grub_would_change():
    with pytest.raises(iso.IsoError, match="quote"):
        iso.grub_cfg("name='x'", [])


def test_split_debugcon_cuts_the_debugger_lines():
    head = (b"=====\n  Bochs x86 Emulator 2.7\n=====\nNext at t=0\n"
            b"(0) [0x0000fffffff0] f000:fff0 (unk. ctxt): jmpf 0xf000:e05b          ; ea5be000f0\n")
    tail = (b"(0).[74585296] [0x000000100150] 0010:0000000000100150 (unk. ctxt): "
            b"out dx, al                ; ee\n")
    payload = b"\xa5\x5a\x20\x00\n(0) not a trailer\n\xff"
    assert bochs.split_debugcon(head + payload + tail) == payload
    assert bochs.split_debugcon(head + payload + tail + tail) == payload   # triple fault
    assert bochs.split_debugcon(head + payload) == payload                 # killed
    assert bochs.split_debugcon(b"Bochs failed early\n") == b""


@needs_tools
def test_build_iso_reports_grub_mkrescue_errors(kernels, tmp_path):
    target = tmp_path / "is-a-directory.iso"
    target.mkdir()
    with pytest.raises(iso.IsoError, match="grub-mkrescue failed") as err:
        iso.build_iso(kernels["normal"], [], "", str(target))
    assert "xorriso" in str(err.value)      # its stderr is in the message


@needs_tools
def test_iso_cli(kernels, modules, tmp_path):
    out = tmp_path / "cli.iso"
    args = ["--kernel", kernels["normal"], "--cmdline", "exit"]
    for m in modules:
        args += ["--module", m]
    subprocess.run([sys.executable, "-m", "grading.harness.iso"] + args + ["-o", str(out)],
                   cwd=REPO_ROOT, check=True)
    assert out.stat().st_size > 100_000


# ---- booting in Bochs -------------------------------------------------------------

@needs_tools
def test_serial_shows_greeting_cmdline_and_modules(normal_run):
    assert "hello from minikernel\n" in normal_run.serial
    assert "cmdline: %s\n" % CMDLINE in normal_run.serial
    assert "module: roottask\nmodule: extra\n" in normal_run.serial
    # The kernel waits for the UART to empty before stopping: nothing is cut off.
    assert normal_run.serial.endswith("shutting down\n")


@needs_tools
def test_debugcon_is_byte_exact(normal_run):
    assert normal_run.debugcon == E9_PATTERN, normal_run.stdout


@needs_tools
def test_run_ends_by_shutdown_not_timeout(normal_run):
    assert normal_run.shutdown, normal_run.stderr
    assert not normal_run.timed_out
    assert "Shutdown port: shutdown requested" in normal_run.exit_message
    assert "Shutdown port" in normal_run.log
    assert normal_run.elapsed_s < 30


@needs_tools
def test_hanging_kernel_times_out(kernels, tmp_path):
    hang_iso = iso.build_iso(kernels["hang"], [], "hang", str(tmp_path / "hang.iso"))
    result = bochs.run_bochs(hang_iso, timeout_s=5, workdir=str(tmp_path / "run"))
    assert result.timed_out
    assert not result.shutdown
    assert 5 <= result.elapsed_s < 15
    assert "hanging\n" in result.serial          # output before the kill is kept
    assert result.debugcon == E9_PATTERN


@needs_tools
def test_heavy_vga_output_does_not_block_bochs(kernels, tmp_path, monkeypatch):
    # With TERM=xterm this kernel makes ~60 KiB of curses output; if nobody
    # drained the term display's pty, Bochs would block in write() for ever.
    monkeypatch.setattr(bochs, "SCREEN_TERM", "xterm")
    vga_iso = iso.build_iso(kernels["vga"], [], "", str(tmp_path / "vga.iso"))
    result = bochs.run_bochs(vga_iso, timeout_s=60, workdir=str(tmp_path / "run"))
    assert "vga spam done\n" in result.serial
    assert result.shutdown and not result.timed_out


@needs_tools
def test_works_without_terminal_or_stdin(normal_iso, tmp_path):
    # As in CI: a new session (no controlling terminal), stdin not a tty, no TERM.
    child = textwrap.dedent("""
        import json, sys
        sys.path.insert(0, %r)
        from grading.harness.bochs import run_bochs
        r = run_bochs(%r, timeout_s=60)
        print(json.dumps({"serial": r.serial, "e9": r.debugcon.hex(),
                          "shutdown": r.shutdown, "timed_out": r.timed_out}))
    """ % (REPO_ROOT, normal_iso))
    env = {k: v for k, v in os.environ.items() if k != "TERM"}
    proc = subprocess.run([sys.executable, "-c", child], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, start_new_session=True, env=env,
                          timeout=120, check=True)
    out = json.loads(proc.stdout)
    assert "hello from minikernel\n" in out["serial"]
    assert bytes.fromhex(out["e9"]) == E9_PATTERN
    assert out["shutdown"] and not out["timed_out"]
