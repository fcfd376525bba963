/**
 * @file ps2.h
 * @brief The console's driver of the PS/2 keyboard behind the i8042 controller: scancodes
 *        by interrupt (IRQ PS2_IRQ), read from PS2_DATA_PORT while PS2_STATUS_PORT says
 *        a byte is there, and turned into characters by scancode.h.
 *
 * The console waits in one place: its receive loop (rpc_serve), with the IRQs'
 * notification bound to its thread, wakes with the notification's bits when an IRQ fires.
 * ps2_keyboard_notified() is what it does then for the keyboard (Lab 4's first hole).
 */
#ifndef ORRERY_CONSOLE_PS2_H
#define ORRERY_CONSOLE_PS2_H

#include "scancode.h"

#define PS2_DATA_PORT 0x60u
#define PS2_STATUS_PORT 0x64u
#define PS2_IRQ 1u
#define PS2_STATUS_OUTPUT_FULL 0x01u /**< a byte waits in PS2_DATA_PORT */
#define PS2_STATUS_FROM_MOUSE 0x20u  /**< ... and it is the mouse's, not the keyboard's */
/** The most bytes one interrupt's drain takes. */
#define PS2_DRAIN_MAX 64u

/** The keyboard as its interrupt handler sees it. */
struct ps2_keyboard {
    unsigned irq_bits;           /**< the keyboard's bits in the bound notification */
    int irq_handler;             /**< the IRQ handler capability's slot (sys_irq_ack), -1: none */
    struct scancode_state scancodes; /**< the translation's state between codes */
    void (*take)(void *context, char c); /**< where each character goes (the line discipline) */
    void *context;               /**< take's first argument */
};

/**
 * Lab 4 hole: the console's receive loop woke with notification @p bits. Unless they
 * include @p keyboard's irq_bits (another IRQ woke it), do nothing and return 0. Otherwise,
 * while PS2_STATUS_PORT has PS2_STATUS_OUTPUT_FULL set, and at most PS2_DRAIN_MAX times,
 * read one code from PS2_DATA_PORT; drop it if the status also had PS2_STATUS_FROM_MOUSE,
 * else translate it (scancode_translate) and pass each character that is not 0 to
 * keyboard->take. Then acknowledge the interrupt (sys_irq_ack(irq_handler)), or the kernel
 * keeps IRQ 1 masked and no key ever comes again. Read the status before each data read: a
 * data read with nothing waiting gives the last code again.
 * @return how many codes were read. Checked by labs/lab4/grade.py (keys sent with QEMU's
 *         sendkey must reach a program as the right characters).
 */
unsigned ps2_keyboard_notified(struct ps2_keyboard *keyboard, unsigned bits);

#endif
