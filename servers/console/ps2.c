/*
 * ps2.c - the keyboard's interrupt handler: scancodes from the i8042 controller (ps2.h).
 *
 * ps2_keyboard_notified is Lab 4's hole (labs/lab4/README.md, exercise 2); the reference is
 * solutions/lab4/console/ps2.c.
 */
#include "lab_hole.h"
#include "ps2.h"
#include "ports.h"
#include "syscall_stubs.h"

LAB_HOLE unsigned ps2_keyboard_notified(struct ps2_keyboard *keyboard, unsigned bits)
{
    (void)keyboard, (void)bits;
    lab_hole_missing(4, "ps2_keyboard_notified");
    return 0;
}
