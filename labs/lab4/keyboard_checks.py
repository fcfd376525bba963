"""Lab 4's keyboard checks: keys pressed through QEMU's monitor must reach the shell.

The whole system boots (grading/harness/shell_session.py, serial console on a pty, QEMU's
monitor on a socket). The grader makes a random line, presses its keys on QEMU's PS/2
keyboard with the monitor's ``sendkey`` (``echo``, a space, the line, Enter), and the shell's
``echo`` must then print exactly that line. Nothing in the guest knows the line but through
the scancodes QEMU's keyboard controller hands to the driver, so printing cannot earn it; the
characters the console echoes while typing (on the line of the prompt) are not the line
``echo`` prints, which must stand on a line of its own.
"""

from __future__ import annotations

import secrets
import socket
import time

from grading.framework import CheckFailed
from grading.harness.shell_session import ShellError, ShellSession

MEMORY_MB = 32
BOOT_TIMEOUT = 240.0     # seconds to the shell's first prompt (real time: typing needs it)
LINE_TIMEOUT = 60.0      # seconds from the last key to the prompt after the command
KEY_GAP = 0.12           # seconds between two keys (QEMU holds each key 100 ms)
LINE_LENGTH = 12

# Characters the shell passes through echo unchanged, and the key QEMU's sendkey names for
# each (servers/shell/parse.c treats ' " \\ $ | & specially: none of those here).
PLAIN_KEYS = {**{c: c for c in "abcdefghijklmnopqrstuvwxyz0123456789"},
              "-": "minus", "=": "equal", ",": "comma", ".": "dot", "/": "slash",
              "[": "bracket_left", "]": "bracket_right", ";": "semicolon"}
SHIFTED_KEYS = {**{c.upper(): c for c in "abcdefghijklmnopqrstuvwxyz"},
                "!": "1", "@": "2", "%": "5", "^": "6", "*": "8", "(": "9", ")": "0",
                "_": "minus", "+": "equal", ":": "semicolon", "{": "bracket_left",
                "}": "bracket_right", "?": "slash"}
STUB_MESSAGE = "lab 4: {} is not implemented yet"
HOLES = ("ps2_keyboard_notified", "scancode_translate")


def random_plain_text(length: int = LINE_LENGTH) -> str:
    """A fresh line of unshifted characters (letters, digits, a few symbols)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    text = [secrets.choice(letters)] + [secrets.choice(sorted(PLAIN_KEYS)) for _ in range(length - 1)]
    return "".join(text)


def random_shifted_text(length: int = LINE_LENGTH) -> str:
    """A fresh line mixing shifted characters (capitals, symbols) with plain ones, at least
    half of them shifted, a capital first."""
    capitals = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = [secrets.choice(capitals)]
    for i in range(length - 1):
        table = SHIFTED_KEYS if i % 2 == 0 or secrets.randbits(1) else PLAIN_KEYS
        text.append(secrets.choice(sorted(table)))
    return "".join(text)


def key_names(text: str) -> list[str]:
    """The sendkey names that type *text*: shifted characters alternate between the left and
    the right Shift (shift, shift_r), so both keys are exercised."""
    names, right = [], False
    for c in text:
        if c == " ":
            names.append("spc")
        elif c in PLAIN_KEYS:
            names.append(PLAIN_KEYS[c])
        elif c in SHIFTED_KEYS:
            names.append(f"{'shift_r' if right else 'shift'}-{SHIFTED_KEYS[c]}")
            right = not right
        else:
            raise ValueError(f"no key types {c!r}")
    return names


class Monitor:
    """One connection to QEMU's monitor (its Unix socket), for sendkey."""

    def __init__(self, path):
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.socket.settimeout(10)
        self.socket.connect(str(path))

    def press(self, names: list[str]) -> None:
        for name in names:
            self.socket.sendall(f"sendkey {name}\n".encode())
            time.sleep(KEY_GAP)

    def close(self) -> None:
        self.socket.close()


def _stubs_reported(output: str) -> list[str]:
    return [STUB_MESSAGE.format(h) for h in HOLES if STUB_MESSAGE.format(h) in output]


def check_typed_line(ctx, name: str, text: str) -> None:
    """Boot the system, type ``echo TEXT`` and Enter on the keyboard, and fail unless echo
    printed TEXT on a line of its own."""
    for needed in ("kernel.elf", "servers/console.elf", "bin/echo.elf"):
        if not (ctx.build_dir / needed).exists():
            raise CheckFailed(expected=f"{ctx.build_dir / needed} built", seen="it is missing",
                              hint="run `make` (make grade does this for you)")
    workdir = ctx.workdir / name
    try:
        session = ShellSession(ctx.build_dir, memory_mb=MEMORY_MB, workdir=workdir, trace=True,
                               boot_timeout=min(BOOT_TIMEOUT, max(30.0, ctx.remaining() - 60)),
                               command_timeout=LINE_TIMEOUT)
    except ShellError as error:
        raise CheckFailed(expected="the system boots to the shell's prompt", seen=str(error)) from None
    with session:
        stubs = _stubs_reported(session.boot_output)
        if stubs:  # the console said so as it started: no key can arrive, do not wait for one
            raise CheckFailed(expected=f"`echo {text}` typed on the keyboard prints {text}",
                              seen="the console reported at boot: " + "; ".join(stubs),
                              hint="Exercise 1 and 2 of labs/lab4/README.md: both are needed before "
                                   "a key reaches a program.")
        monitor = Monitor(session.monitor_path)
        try:
            monitor.press(key_names(f"echo {text}") + ["ret"])
            try:
                output = session.wait_prompt(LINE_TIMEOUT, "the prompt after the typed command")
            except ShellError:
                stubs = _stubs_reported(session.transcript)
                after = session.transcript[len(session.boot_output):].strip()
                raise CheckFailed(expected=f"the keys of `echo {text}` and Enter reach the shell, "
                                           "which runs the command and prompts again",
                                  seen="; ".join(stubs) if stubs else
                                       f"no prompt within {LINE_TIMEOUT:.0f} s; after the first prompt "
                                       f"the console showed: {after[-300:]!r}") from None
        finally:
            monitor.close()
    lines = [line.rstrip() for line in output.splitlines()]
    ctx.log(f"typed: echo {text}\nthe shell printed: {lines}")
    typed = lines[0] if lines else ""
    printed = lines[1:]
    if text in printed:
        return
    raise CheckFailed(expected=f"`echo {text}` (typed on the keyboard) prints the line {text}",
                      seen=f"the console echoed the typed line as {typed!r}; echo printed "
                           + (", ".join(repr(line) for line in printed) or "nothing"))
