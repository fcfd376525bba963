"""The console server (servers/console) on real devices: QEMU's 16550 serial port and PS/2
keyboard, driven the way a person at the machine would drive them.

Until init starts the system, kernel/tests/user/console_service.c is the root task: it starts
the console with its ports and IRQs, acts as two client processes, and prints what it reads
("console_service: read N: [text]", the newline shown as '$'). This file types on the serial
port (pexpect on QEMU's stdio) and presses keys on the PS/2 keyboard (the QEMU monitor's
`sendkey`), and checks the echo, line editing, Ctrl-C, Ctrl-D, a very long input line, a flood
of output, bad requests, and that two writers' lines never interleave.

QEMU runs in real time here (no -icount): typing needs a machine that waits for keys. One
boot serves every test (the module's fixture runs the steps in order, each recorded), once
with both IRQs on one notification and once with a notification each.
"""

import io
import os
import re
import shutil
import socket
import tempfile
import time

import pytest

from grading.harness.qemu import build_dir

pexpect = pytest.importorskip("pexpect")

BOOT_TIMEOUT = 180     # seconds to the first read (boot, the writers and the flood)
STEP_TIMEOUT = 60      # seconds for one typed line to come back
KEY_GAP = 0.15         # seconds between keys sent through the monitor
WRITER_LINES = 20      # kernel/tests/user/console_service.c
FOREGROUND_PID = 42    # ditto
LINE_MAX_BYTES = 1024  # servers/console/line_discipline.h
SCREEN_ROW = re.compile(r"^console_service: screen row (\d\d): \[(.*)\]$")
WRITER_LINE = re.compile(r"^writer ([AB]) line (\d\d): (a{40}|b{40}) end$")
FLOOD_LINE = re.compile(r"^flood (\d{4}) -{60}$")


class ConsoleMachine:
    """QEMU booting console_service, its serial port on a pexpect pty, its monitor on a
    Unix socket (for sendkey)."""

    def __init__(self, build, cmdline):
        self.directory = tempfile.mkdtemp(prefix="orrery-console-")
        self.monitor_path = os.path.join(self.directory, "monitor.sock")
        modules = [build / "user-tests" / "console_service.elf", build / "servers" / "console.elf"]
        command = ["-m", "32", "-no-reboot", "-display", "none", "-nodefaults", "-vga", "std",
                   "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
                   "-chardev", "stdio,id=serial0,signal=off", "-serial", "chardev:serial0",
                   "-monitor", f"unix:{self.monitor_path},server=on,wait=off",
                   "-kernel", str(build / "kernel.elf"),
                   "-initrd", ",".join(str(m) for m in modules),
                   "-append", cmdline]
        self.child = pexpect.spawn("qemu-system-i386", command, encoding="utf-8",
                                   codec_errors="replace", timeout=STEP_TIMEOUT)
        self.child.delaybeforesend = None
        self.child.logfile_read = io.StringIO()  # everything the serial port showed
        self.monitor = None

    def expect(self, pattern, timeout=STEP_TIMEOUT):
        self.child.expect(pattern, timeout=timeout)

    def type(self, text):
        """Type *text* on the serial port."""
        self.child.send(text)

    def keys(self, *names):
        """Press each key (QEMU's names: a, shift-a, ctrl-u, ret, caps_lock) on the keyboard."""
        if self.monitor is None:
            self.monitor = socket.socket(socket.AF_UNIX)
            self.monitor.connect(self.monitor_path)
        for name in names:
            self.monitor.sendall(f"sendkey {name}\n".encode())
            time.sleep(KEY_GAP)

    def close(self):
        """Stop QEMU if it still runs; remove the monitor's socket."""
        if self.monitor is not None:
            self.monitor.close()
        if self.child.isalive():
            self.child.close(force=True)
        shutil.rmtree(self.directory, ignore_errors=True)


def read_pattern(text):
    """What console_service prints for a read of *text* (newline shown as '$')."""
    shown = text.replace("\n", "$")
    return re.escape(f"console_service: read {len(text)}: [{shown}]")


# The steps, in order: (name, action). Each action gets the machine.
def step_ready(m):
    m.expect("console_service: reading", timeout=BOOT_TIMEOUT)


def step_serial_line(m):
    m.type("hello world\n")
    m.expect(read_pattern("hello world\n"))


def step_editing(m):
    # abc, DEL, d, Ctrl-U (all gone), xyz, backspace, Q, Enter
    m.type("abc\x7fd\x15xyz\x08Q\n")
    m.expect(read_pattern("xyQ\n"))


def step_ctrl_c(m):
    m.type("junk\x03")
    m.expect(f"PM_INTERRUPT pid {FOREGROUND_PID}")
    m.type("after\n")
    m.expect(read_pattern("after\n"))


def step_long_line(m):
    m.type("x" * (LINE_MAX_BYTES + 500) + "\n")
    m.expect(re.escape(f"console_service: read {LINE_MAX_BYTES}: long, starts with 'x', ends with a newline"))
    m.type("short\n")
    m.expect(read_pattern("short\n"))


def step_keyboard(m):
    m.keys("h", "i", "shift-a", "ret")
    m.expect(read_pattern("hiA\n"))
    m.keys("k", "e", "y", "ctrl-u", "o", "k", "backspace", "k", "ret")
    m.expect(read_pattern("ok\n"))
    m.keys("caps_lock", "a", "caps_lock", "b", "ret")
    m.expect(read_pattern("Ab\n"))
    m.keys("z", "ctrl-c")
    m.expect(f"PM_INTERRUPT pid {FOREGROUND_PID}")


def step_ctrl_d(m):
    m.type("\x04")
    m.expect(r"console_service: end of input after 9 reads \(2 interrupts\)")
    m.expect(r"console_service: cursor at \d+")
    m.expect(pexpect.EOF)


STEPS = [("ready", step_ready), ("serial_line", step_serial_line), ("editing", step_editing),
         ("ctrl_c", step_ctrl_c), ("long_line", step_long_line), ("keyboard", step_keyboard),
         ("ctrl_d", step_ctrl_d)]


class Session:
    """One boot: every step's error (None if it passed) and everything the serial port showed."""

    def __init__(self):
        self.errors = {}
        self.transcript = ""
        self.exit_status = None

    def check(self, step):
        assert step in self.errors, f"step {step} did not run"
        assert self.errors[step] is None, (
            f"step {step}: {self.errors[step]}\n--- serial output (last 3000 characters) ---\n"
            f"{self.transcript[-3000:]}")

    def lines(self):
        return self.transcript.replace("\r", "").splitlines()


#: The console's IRQs share one notification, or have one each (the console then forwards).
IRQ_NOTIFICATIONS = {"shared": "root=console_service",
                     "separate": "root=console_service separate_irq_notifications"}


@pytest.fixture(scope="module", params=sorted(IRQ_NOTIFICATIONS))
def session(request):
    build = build_dir()
    for needed in (build / "user-tests" / "console_service.elf", build / "servers" / "console.elf"):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: run `make` first", pytrace=False)
    result = Session()
    machine = ConsoleMachine(build, IRQ_NOTIFICATIONS[request.param])
    failed = False
    try:
        for name, action in STEPS:
            if failed:
                result.errors[name] = "not run: an earlier step failed"
                continue
            try:
                action(machine)
                result.errors[name] = None
            except (pexpect.TIMEOUT, pexpect.EOF) as error:
                result.errors[name] = f"{type(error).__name__}: expected output did not come"
                failed = True
        machine.child.close()
        result.exit_status = machine.child.exitstatus
    finally:
        result.transcript = machine.child.logfile_read.getvalue()
        machine.close()
    return result


def test_console_starts_and_refuses_bad_requests(session):
    session.check("ready")
    text = "\n".join(session.lines())
    assert "console: serving: output to serial and VGA, input from serial and keyboard" in text
    assert "console_service: registered console" in text
    assert "console_service: written through a duplicate connection" in text
    assert "console_service: bad requests answered ERR_INVALID, the console still serves" in text
    assert "console_service: FAIL" not in text


def test_console_two_writers_lines_never_interleave(session):
    session.check("ready")
    lines = session.lines()
    writer_lines = [line for line in lines if "writer " in line and " line " in line]
    broken = [line for line in writer_lines if not WRITER_LINE.match(line)]
    assert not broken, f"lines of two writers mixed: {broken[:5]}"
    seen = [WRITER_LINE.match(line).groups()[:2] for line in writer_lines]
    for writer in "AB":
        numbers = [int(n) for w, n in seen if w == writer]
        assert numbers == list(range(WRITER_LINES)), f"writer {writer}'s lines: {numbers}"
    switches = sum(1 for a, b in zip(seen, seen[1:]) if a[0] != b[0])
    assert switches >= 2, "the writers did not run at the same time: the test proves nothing"


def test_console_flood_of_output_arrives_whole(session):
    session.check("ready")
    numbers = [int(m.group(1)) for m in map(FLOOD_LINE.match, session.lines()) if m]
    summary = [line for line in session.lines() if "flood of" in line]
    assert summary, "console_service did not finish the flood"
    count = int(re.search(r"in (\d+) lines", summary[0]).group(1))
    assert numbers == list(range(count)), "flood lines missing, cut or out of order"


def test_console_echoes_serial_input_and_reads_a_line(session):
    session.check("serial_line")
    assert any(line == "hello world" for line in session.lines()), "no echo of the typed line"


def test_console_backspace_and_ctrl_u_edit_the_line(session):
    session.check("editing")
    assert "\b \b" in session.transcript, "erasing a character echoes backspace, space, backspace"


def test_console_ctrl_c_interrupts_foreground_and_discards_line(session):
    session.check("ctrl_c")
    assert "junk^C" in session.transcript.replace("\r", "")
    assert "read 5: [junk" not in session.transcript and "junkafter" not in session.transcript


def test_console_very_long_input_line_is_cut_with_a_bell(session):
    session.check("long_line")
    assert "\a" in session.transcript, "keys past the line's limit ring the bell"


def test_console_keyboard_keys_shift_caps_lock_ctrl(session):
    session.check("keyboard")


def test_console_ctrl_d_is_end_of_input(session):
    session.check("ctrl_d")
    assert session.exit_status == 33, f"QEMU exit status {session.exit_status} (33: success)"


def test_console_draws_on_the_vga_screen_and_scrolls(session):
    """The VGA text screen (which console_service prints at the end) shows what the serial
    port showed: the echo with erased characters blanked, the long line wrapped over rows,
    everything scrolled up, the cursor at the start of the last row."""
    session.check("ctrl_d")
    rows = [m.group(2) for m in map(SCREEN_ROW.match, session.lines()) if m]
    assert len(rows) == 25, f"expected 25 screen rows, seen {len(rows)}"
    long_rows = (LINE_MAX_BYTES - 1) // 80
    tail = (LINE_MAX_BYTES - 1) % 80
    expected = (["hello world", "xyQ", "junk^C", "after"] + ["x" * 80] * long_rows +
                ["x" * tail, "short", "hiA", "ok", "Ab", "z^C", ""])
    assert rows[-len(expected):] == expected, rows
    assert all(FLOOD_LINE.match(row) for row in rows[:-len(expected)]), rows
    assert "console_service: cursor at 1920" in session.lines(), "the CRTC's cursor: row 24, column 0"
