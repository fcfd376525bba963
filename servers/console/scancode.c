/*
 * scancode.c - scancode set 1 to characters, US layout (scancode.h).
 */
#include "scancode.h"

#define SCANCODE_KEYS 0x3A /* make codes up to Caps Lock; above it, nothing we print */

/* The character of each make code, without and with Shift (0: none). */
static const char plain[SCANCODE_KEYS] = {
    0, 0x1B, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', '\b', '\t',
    'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\n', 0, 'a', 's',
    'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0, '\\', 'z', 'x', 'c', 'v',
    'b', 'n', 'm', ',', '.', '/', 0, '*', 0, ' ',
};
static const char shifted[SCANCODE_KEYS] = {
    0, 0x1B, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', '\b', '\t',
    'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n', 0, 'A', 'S',
    'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0, '|', 'Z', 'X', 'C', 'V',
    'B', 'N', 'M', '<', '>', '?', 0, '*', 0, ' ',
};

static bool is_letter(char c) { return c >= 'a' && c <= 'z'; }

/* A modifier key pressed or released: @return true if @p key was one. */
static bool track_modifier(struct scancode_state *state, uint8_t key, bool pressed, bool extended)
{
    switch (key) {
    case SCANCODE_LEFT_SHIFT:
        if (!extended) /* E0 2A is a "fake shift" some keys send around themselves */
            state->left_shift = pressed;
        return true;
    case SCANCODE_RIGHT_SHIFT:
        if (!extended)
            state->right_shift = pressed;
        return true;
    case SCANCODE_CTRL:
        if (extended)
            state->ctrl_right = pressed;
        else
            state->ctrl_left = pressed;
        return true;
    case SCANCODE_CAPS_LOCK:
        if (pressed && !state->caps_lock_held)
            state->caps_lock = !state->caps_lock;
        state->caps_lock_held = pressed;
        return true;
    default: return false;
    }
}

char scancode_translate(struct scancode_state *state, uint8_t code)
{
    if (state->skip > 0) {
        state->skip--;
        return 0;
    }
    if (code == SCANCODE_EXTENDED) {
        state->extended = true;
        return 0;
    }
    if (code == SCANCODE_PAUSE) {
        state->skip = SCANCODE_PAUSE_SKIP;
        return 0;
    }
    bool extended = state->extended;
    state->extended = false;
    bool pressed = !(code & SCANCODE_RELEASE);
    uint8_t key = code & (uint8_t)~SCANCODE_RELEASE;
    if (track_modifier(state, key, pressed, extended) || !pressed)
        return 0;
    if (extended) /* of the extended keys only the keypad's Enter and '/' print */
        return key == SCANCODE_ENTER ? '\n' : key == SCANCODE_SLASH ? '/' : 0;
    if (key >= SCANCODE_KEYS)
        return 0;
    char base = plain[key];
    bool shift = state->left_shift || state->right_shift;
    if (state->ctrl_left || state->ctrl_right)
        return is_letter(base) ? (char)(base - 'a' + 1) : 0;
    if (is_letter(base) && state->caps_lock)
        shift = !shift;
    return shift ? shifted[key] : base;
}
