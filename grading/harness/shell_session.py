"""Drive Orrery's shell over the serial console, as a person at a terminal would.

Boots the whole system (what `make run` boots: init, the boot manifest, every server and
every utility, kernel command line ``root=init``) in QEMU with the serial port on a
pseudo-terminal, waits for the shell's first prompt, then sends lines and returns what the
system printed up to the next prompt::

    with ShellSession(build) as shell:
        out = shell.run("echo hello")       # "hello\\n"
        shell.send("spin\\n"); shell.expect("spinning"); shell.control("c")
        out = shell.wait_prompt()           # "spin: interrupted\\n"

Every wait has a timeout, and a timeout, QEMU ending, or the kernel stopping raises
ShellError with what was expected and the last of the output, never a hang. The transcript
of the whole session is kept (``shell.transcript``) for failure messages.

QEMU runs without -icount here: an idle system waiting at the prompt halts the CPU and QEMU
sleeps (with -icount sleep=off it would spin through virtual time). A monitor socket in the
work directory takes commands such as ``sendkey a`` (``shell.monitor("sendkey a")``), for
tests of the PS/2 keyboard.
"""

from __future__ import annotations

import re
import secrets
import socket
import tempfile
import time
from pathlib import Path

import pexpect

from grading.harness.qemu import OUTCOMES, QEMU, REPO, build_dir

#: The shell's banner and prompt (servers/shell/main.c).
BANNER = "orrery shell: type help"
PROMPT = "$ "
#: A prompt is "$ " at the start of a line (the console ends every line with \r\n).
PROMPT_PATTERN = re.compile(r"(?:^|\n)\$ ")
BOOT_TIMEOUT = 180.0
COMMAND_TIMEOUT = 60.0
#: The programs booted as the root task and by roottask, not part of the system (Makefile's
#: BOOT_INFO_PROGRAMS besides init).
NOT_SYSTEM_SERVERS = {"roottask", "hello", "init"}
TAIL = 3000


class ShellError(AssertionError):
    """The session did not go as expected: says what was awaited, and what came instead."""


def system_modules(build: Path, manifest: Path | None = None) -> list[Path]:
    """What `make run` boots (the Makefile's SYSTEM_MODULES), in the same order: init, the
    manifest (servers/init/manifest.txt, or *manifest*: a file whose name without its
    extension is "manifest"), every server but roottask/init/hello, every utility."""
    servers = sorted(p.name for p in (REPO / "servers").iterdir()
                     if p.is_dir() and p.name not in ("lib", "bin", "disk") and p.name not in NOT_SYSTEM_SERVERS)
    utilities = sorted(p.stem for p in (REPO / "servers" / "bin").glob("*.c"))
    modules = [build / "servers" / "init.elf", manifest or REPO / "servers" / "init" / "manifest.txt"]
    modules += [build / "servers" / f"{name}.elf" for name in servers]
    modules += [build / "bin" / f"{name}.elf" for name in utilities]
    missing = [str(m) for m in modules if not m.exists()]
    if missing:
        raise ShellError(f"the system is not built ({', '.join(missing)} missing): run `make BUILD={build}`")
    return modules


class ShellSession:
    """One boot of the system with a shell to talk to (see the module's comment).

    *modules* and *cmdline* replace the system's (to test this harness on other images),
    *manifest* the boot manifest (see system_modules); *memory_mb* is the guest's RAM;
    *extra_args* are more QEMU arguments (a disk); *trace* keeps the kernel's trace in
    workdir/debugcon.bin (a grader's failing test then gets its visualizer page).
    """

    def __init__(self, build: Path | None = None, *, memory_mb: int = 32,
                 boot_timeout: float = BOOT_TIMEOUT, command_timeout: float = COMMAND_TIMEOUT,
                 modules: list[Path] | None = None, cmdline: str = "root=init",
                 manifest: Path | None = None,
                 workdir: Path | None = None, wait_for_prompt: bool = True,
                 extra_args: list[str] | None = None, trace: bool = False):
        self.build = Path(build or build_dir())
        self.memory_mb = memory_mb
        self.boot_timeout = boot_timeout
        self.command_timeout = command_timeout
        self.modules = modules if modules is not None else system_modules(self.build, manifest)
        self.cmdline = f"{cmdline} nonce={secrets.randbits(31) | 1:#010x}"
        self._own_dir = tempfile.TemporaryDirectory(prefix="orrery-shell-") if workdir is None else None
        self.workdir = Path(self._own_dir.name if self._own_dir else workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.monitor_path = self.workdir / "monitor.sock"
        # extra_args: more QEMU arguments (a disk: -drive ...); trace: keep the kernel's trace
        # (port 0xE9) in workdir/debugcon.bin, where the grader finds it for a failing test.
        self.extra_args = list(extra_args or []) + (
            ["-debugcon", f"file:{self.workdir / 'debugcon.bin'}"] if trace else [])
        self.transcript = ""
        self.child: pexpect.spawn | None = None
        self._start()
        if wait_for_prompt:
            self.boot_output = self._expect_prompt(self.boot_timeout, "the shell's first prompt",
                                                   require=BANNER)

    # ---- starting and stopping --------------------------------------------------------

    def _start(self) -> None:
        args = ["-m", str(self.memory_mb), "-no-reboot", "-display", "none", "-nodefaults",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
                # signal=off: a Ctrl-C typed here goes to the guest, not to QEMU.
                "-chardev", "stdio,id=serial0,signal=off", "-serial", "chardev:serial0",
                "-monitor", f"unix:{self.monitor_path},server=on,wait=off",
                "-kernel", str(self.build / "kernel.elf"), "-append", self.cmdline,
                "-initrd", ",".join(str(m) for m in self.modules), *self.extra_args]
        self.child = pexpect.spawn(QEMU, args, encoding="utf-8", codec_errors="replace",
                                   timeout=self.command_timeout, echo=False, cwd=str(REPO))
        self.child.delaybeforesend = None

    def close(self) -> None:
        """Stop QEMU (always: a test must never leave one running)."""
        if self.child is not None and self.child.isalive():
            self.child.terminate(force=True)
        self.child = None
        if self._own_dir:
            self._own_dir.cleanup()
            self._own_dir = None

    def __enter__(self) -> "ShellSession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def alive(self) -> bool:
        return self.child is not None and self.child.isalive()

    # ---- talking to it -----------------------------------------------------------------

    def send(self, text: str) -> None:
        """Type *text* (no newline added)."""
        self._check_alive(f"sending {text!r}")
        self.child.send(text)

    def control(self, letter: str) -> None:
        """Type Ctrl-*letter* (control("c") is Ctrl-C)."""
        self.send(chr(ord(letter.lower()) - ord("a") + 1))

    def run(self, line: str, timeout: float | None = None) -> str:
        """Type *line* and Enter; return what came before the next prompt, the echo of
        the typed line left out, with \\n line ends."""
        self.send(line + "\r")
        output = self._expect_prompt(timeout or self.command_timeout, f"the prompt after `{line[:80]}`")
        first, newline, rest = output.partition("\n")
        return rest if newline and first.rstrip() == line.rstrip() else output

    def wait_prompt(self, timeout: float | None = None, what: str = "the prompt") -> str:
        """Wait for the next prompt; return the output before it."""
        return self._expect_prompt(timeout or self.command_timeout, what)

    def expect(self, pattern: str, timeout: float | None = None) -> str:
        """Wait until *pattern* (a regular expression) is printed; return the output before it."""
        return self._expect([pattern], timeout or self.command_timeout, f"`{pattern}`")

    def monitor(self, command: str) -> str:
        """Send one command to QEMU's monitor (e.g. ``sendkey ctrl-c``); return its answer."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(10)
            s.connect(str(self.monitor_path))
            time.sleep(0.2)
            s.recv(65536)  # the monitor's greeting
            s.sendall(command.encode() + b"\n")
            time.sleep(0.3)
            try:
                return s.recv(65536).decode(errors="replace")
            except socket.timeout:
                return ""

    # ---- the waiting -------------------------------------------------------------------

    def _check_alive(self, doing: str) -> None:
        if not self.alive():
            raise ShellError(f"QEMU is not running any more ({doing}); the end of the output:\n"
                             f"{self.tail()}")

    def tail(self) -> str:
        return self.transcript[-TAIL:]

    def _expect_prompt(self, timeout: float, what: str, require: str | None = None) -> str:
        output = self._expect([PROMPT_PATTERN], timeout, what)
        if require is not None and require not in output:
            raise ShellError(f"{what} came without `{require}` before it; the output:\n{self.tail()}")
        return output

    def _expect(self, patterns: list, timeout: float, what: str) -> str:
        self._check_alive(f"waiting for {what}")
        try:
            self.child.expect(patterns, timeout=timeout)
        except pexpect.TIMEOUT:
            self.transcript += self._normal(self.child.before or "")
            self.child.before = ""
            raise ShellError(f"{what} did not come within {timeout:.0f} s; the end of the output:\n"
                             f"{self.tail()}") from None
        except pexpect.EOF:
            self.transcript += self._normal(self.child.before or "")
            self.child.close()
            status = self.child.exitstatus
            outcome = OUTCOMES.get(status, f"exit status {status}")
            raise ShellError(f"QEMU ended ({outcome}) while waiting for {what}; the end of the output:\n"
                             f"{self.tail()}") from None
        before = self._normal(self.child.before)
        self.transcript += before + self._normal(self.child.after)
        return before + ("\n" if self.child.after.startswith(("\n", "\r")) else "")

    @staticmethod
    def _normal(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "")
