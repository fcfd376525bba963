/**
 * @file ps2.h
 * @brief The console's driver of the PS/2 keyboard behind the i8042 controller: scancodes
 *        by interrupt (IRQ PS2_IRQ), read from PS2_DATA_PORT while PS2_STATUS_PORT says
 *        a byte is there, and turned into characters by scancode.h.
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

/** Read every waiting scancode, passing each character it gives to @p take. @return codes read. */
unsigned ps2_drain(struct scancode_state *state, void (*take)(void *context, char c), void *context);

#endif
