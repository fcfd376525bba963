/*
 * solutions/lab4/console/scancode.c - reference solution for Lab 4's scancode translation
 * hole.
 *
 * Linked into the console in place of the stub in servers/console/scancode.c when Lab 4 is
 * in SOLUTIONS.
 */
#include "scancode.h"

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
    char base = scancode_plain[key];
    bool shift = state->left_shift || state->right_shift;
    if (state->ctrl_left || state->ctrl_right)
        return is_letter(base) ? (char)(base - 'a' + 1) : 0;
    if (is_letter(base) && state->caps_lock)
        shift = !shift;
    return shift ? scancode_shifted[key] : base;
}
