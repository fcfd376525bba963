"""Lab 4 grader: user-level drivers, the keyboard's and the disk's.

Run with ``make grade LAB=4``. The scancode translation is checked on the host, against its
contract in servers/console/scancode.h (kernel/tests/host/test_console_scancode.c, built
under AddressSanitizer and UBSan). Everything else is checked on the whole booted system,
with evidence the driver code cannot forge because it lives outside the guest:

- keys: the grader presses keys on QEMU's PS/2 keyboard through QEMU's monitor
  (``sendkey``), a fresh random line each run, and the shell's ``echo`` must print exactly
  that line. Only a driver that reads the real scancodes, and translates them, learns it.
- the disk: the grader writes random bytes into the disk's copy before the boot, and the
  checksums of the sectors the guest read must be those of the bytes; the guest writes a
  pattern from a random seed, and after QEMU has ended the grader finds it in the copy's file.

keyboard_checks.py and disk_checks.py, beside this file, hold the details.
"""

from __future__ import annotations

from grading.framework import graded
from grading.host_cases import run_host_cases

import disk_checks  # beside this file (the lab's directory is on the path)
import keyboard_checks

TITLE = "drivers"
# The files this lab's holes (LAB_HOLE) live in: what a student hands in and the submission
# check (grading.submission_check) reads; the Gradescope autograder copies only these.
STUDENT_FILES = ("servers/console/scancode.c", "servers/console/ps2.c", "servers/ata/pio.c")


def _host_cases(ctx, *cases: str) -> None:
    """Run some cases of the host scancode test; fail with their output."""
    run_host_cases(ctx, "test_console_scancode", cases)


# -------------------------------------------------------------------------------------------
# Exercise 1: scancode translation, on the host.

@graded(points=5, name="make codes give their characters, releases nothing (host)",
        hint="A code with SCANCODE_RELEASE (0x80) set is a release and gives 0; a make code below "
             "SCANCODE_KEYS gives scancode_plain[code] (Enter is '\\n', Backspace '\\b', Space ' ').")
def host_plain_keys(ctx):
    _host_cases(ctx, "letters_digits_and_enter", "backspace_and_space")


@graded(points=10, name="Shift gives capitals and symbols while held (host)",
        hint="Left Shift (0x2A) and right Shift (0x36) each set their own flag on press and clear it "
             "on release (0xAA, 0xB6); while either is held a key gives scancode_shifted[key].")
def host_shift(ctx):
    _host_cases(ctx, "shift_makes_capitals_and_symbols_until_released")


@graded(points=5, name="Caps Lock and Ctrl (host)",
        hint="Caps Lock toggles on a press, not on the repeats of a held key, and inverts Shift for "
             "letters only; Ctrl (0x1D, extended: right Ctrl) with a letter gives letter - 'a' + 1.")
def host_caps_and_ctrl(ctx):
    _host_cases(ctx, "caps_lock_toggles_letters_only", "ctrl_gives_control_characters")


@graded(points=5, name="extended keys and the Pause sequence (host)",
        hint="0xE0 marks the next code extended: of the extended keys only the keypad's Enter (0x1C) "
             "and '/' (0x35) give a character, and E0 2A / E0 AA (a 'fake shift') change nothing.")
def host_extended(ctx):
    _host_cases(ctx, "extended_keys_and_releases_give_nothing_but_keypad_enter")


# -------------------------------------------------------------------------------------------
# Exercise 2: the keyboard's interrupt handler, on the booted system with QEMU's keyboard.

@graded(points=15, name="keys pressed on the keyboard reach the shell (booted, sendkey)",
        hint="ps2_keyboard_notified: when the keyboard's bit is in the notification's bits, read the "
             "status port (0x64) before each data read (0x60), stop when PS2_STATUS_OUTPUT_FULL is "
             "clear, pass each character scancode_translate gives to keyboard->take, and acknowledge "
             "IRQ 1 with sys_irq_ack at the end: without that the kernel keeps the line masked and "
             "only the first key ever arrives.")
def keyboard_reaches_the_shell(ctx):
    keyboard_checks.check_typed_line(ctx, "plain", keyboard_checks.random_plain_text())


@graded(points=10, name="Shift (both keys) types capitals and symbols (booted, sendkey)",
        hint="The same keys as the test before, with the left or the right Shift held: the shell must "
             "see the capitals and symbols of scancode_shifted, in order, each exactly once.")
def keyboard_shift(ctx):
    keyboard_checks.check_typed_line(ctx, "shifted", keyboard_checks.random_shifted_text())


# -------------------------------------------------------------------------------------------
# Exercises 3 to 5: the ATA driver's command issue, interrupt wait and data transfer, on the
# booted system with QEMU's IDE disk.

@graded(points=25, name="the driver identifies the disk and reads what it holds (booted, disk)",
        hint="ata_pio_issue: wait until not busy, then the device register (master, LBA, LBA bits "
             "24..27), the count, LBA low, mid and high, and the command byte last. "
             "ata_pio_wait_interrupt: sys_wait until the IRQ's bit, read the status register, "
             "sys_irq_ack, and again while BSY. ata_pio_transfer: 256 words from the data register.")
def disk_reads(ctx):
    disk_checks.check_reads(ctx)


@graded(points=25, name="what the driver writes is on QEMU's disk (booted, disk read from outside)",
        hint="ata_pio_transfer towards the drive writes all 256 words of the sector to the data "
             "register; the drive interrupts when it took a sector, and a missing word leaves it "
             "waiting (the watchdog then ends the request with BLOCK_ERR_TIMEOUT).")
def disk_writes(ctx):
    disk_checks.check_writes(ctx)
