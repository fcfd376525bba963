/**
 * @file scancode.h
 * @brief PS/2 keyboard scancodes (set 1, as the i8042 controller translates them by
 *        default) to characters, US layout. Pure code, host-tested
 *        (kernel/tests/host/test_console_scancode.c).
 *
 * A key press sends its make code, its release the make code | SCANCODE_RELEASE; some keys
 * send SCANCODE_EXTENDED first. Shift (either), Caps Lock (toggles on each press) and Ctrl
 * (either) change what a letter gives: Ctrl with a letter gives its control character
 * (Ctrl-C = 0x03). Keys with no character (arrows, function keys) give nothing.
 */
#ifndef ORRERY_CONSOLE_SCANCODE_H
#define ORRERY_CONSOLE_SCANCODE_H

#include "types.h"

#define SCANCODE_RELEASE 0x80u  /**< set in the code of a key release */
#define SCANCODE_EXTENDED 0xE0u /**< the next code is of an extended key */
#define SCANCODE_PAUSE 0xE1u    /**< Pause: two more codes follow (press), then three */
#define SCANCODE_PAUSE_SKIP 2u

/** Make codes with a meaning beyond their character. */
enum scancode_key {
    SCANCODE_CTRL = 0x1D,   /**< left Ctrl (extended: right Ctrl) */
    SCANCODE_LEFT_SHIFT = 0x2A,
    SCANCODE_RIGHT_SHIFT = 0x36,
    SCANCODE_CAPS_LOCK = 0x3A,
    SCANCODE_ENTER = 0x1C,  /**< extended: the keypad's Enter */
    SCANCODE_SLASH = 0x35,  /**< extended: the keypad's '/' */
};

/** The keyboard's modifier state between codes. Zero it to start. */
struct scancode_state {
    bool left_shift, right_shift, ctrl_left, ctrl_right;
    bool caps_lock;
    bool caps_lock_held; /**< a held Caps Lock repeats its make code: toggle once */
    bool extended;       /**< the last code was SCANCODE_EXTENDED */
    unsigned skip;       /**< codes of a Pause sequence still to ignore */
};

#define SCANCODE_KEYS 0x3A /**< make codes up to Caps Lock; above it, nothing we print */

/** The character of each make code below SCANCODE_KEYS without Shift (0: none). */
extern const char scancode_plain[SCANCODE_KEYS];
/** ... and with Shift (the letters' capitals, the digits' symbols). */
extern const char scancode_shifted[SCANCODE_KEYS];

/**
 * Lab 4 hole: take one code from the controller.
 *
 * In order: a code of a Pause sequence still to skip (state->skip) gives 0; SCANCODE_EXTENDED
 * marks the next code extended; SCANCODE_PAUSE starts a skip of SCANCODE_PAUSE_SKIP codes.
 * Else the key is code without SCANCODE_RELEASE, pressed if that bit was clear. Shift (left
 * and right, each held on its own; not when extended, which is a "fake shift"), Ctrl (left,
 * and extended: right) and Caps Lock (toggles on a press, not on the repeats of a held key)
 * update the state and give 0, as every release does. An extended key gives '\n' (keypad
 * Enter), '/' (keypad slash) or 0. Other keys give scancode_plain[key], or
 * scancode_shifted[key] while either Shift is held; Caps Lock inverts Shift for letters
 * only; Ctrl with a letter gives its control character (a = 1), Ctrl with any other key 0;
 * keys from SCANCODE_KEYS up give 0. Checked by kernel/tests/host/test_console_scancode.c
 * and labs/lab4/grade.py. @return the character the key gives (1..0x7F), or 0
 * if it gives none (a release, a modifier, a prefix, a key without a character).
 */
char scancode_translate(struct scancode_state *state, uint8_t code);

#endif
