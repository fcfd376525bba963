/*
 * test_console_scancode.c - host unit tests of the console's keyboard translation
 * (servers/console/scancode.c): scancode set 1 to characters, with Shift, Caps Lock and Ctrl,
 * releases and extended keys giving nothing.
 */
#include <string.h>

#include "host_test.h"
#include "scancode.h"

/* Feed @p codes; the characters they gave, as a string. */
static const char *keys(struct scancode_state *state, const unsigned char *codes, unsigned count)
{
    static char out[64];
    unsigned length = 0;
    for (unsigned i = 0; i < count && length + 1 < sizeof out; i++) {
        char c = scancode_translate(state, codes[i]);
        if (c)
            out[length++] = c;
    }
    out[length] = '\0';
    return out;
}

#define KEYS(state, ...) keys((state), (const unsigned char[]){ __VA_ARGS__ }, \
                              sizeof((const unsigned char[]){ __VA_ARGS__ }))

HOST_TEST(letters_digits_and_enter)
{
    struct scancode_state state = { 0 };
    /* h, h released, i, i released, 1, Enter */
    EXPECT_STR_EQ("hi1\n", KEYS(&state, 0x23, 0xA3, 0x17, 0x97, 0x02, 0x82, 0x1C, 0x9C),
                  "h i 1 Enter, each pressed and released");
}

HOST_TEST(shift_makes_capitals_and_symbols_until_released)
{
    struct scancode_state state = { 0 };
    EXPECT_STR_EQ("A!a", KEYS(&state, 0x2A, 0x1E, 0x9E, 0x02, 0x82, 0xAA, 0x1E, 0x9E),
                  "left Shift held over a and 1, then a alone");
    EXPECT_STR_EQ("Z", KEYS(&state, 0x36, 0x2C, 0xB6), "right Shift with z");
}

HOST_TEST(caps_lock_toggles_letters_only)
{
    struct scancode_state state = { 0 };
    EXPECT_STR_EQ("A1", KEYS(&state, 0x3A, 0xBA, 0x1E, 0x02), "Caps Lock on: a gives A, 1 stays 1");
    EXPECT_STR_EQ("a", KEYS(&state, 0x2A, 0x1E, 0xAA), "Shift with Caps Lock gives lower case");
    EXPECT_STR_EQ("a", KEYS(&state, 0x3A, 0x3A, 0x3A, 0xBA, 0x1E), "a held Caps Lock (repeats) toggles once");
}

HOST_TEST(ctrl_gives_control_characters)
{
    struct scancode_state state = { 0 };
    EXPECT_STR_EQ("\x03", KEYS(&state, 0x1D, 0x2E, 0xAE, 0x9D), "Ctrl-C");
    EXPECT_STR_EQ("\x04\x15", KEYS(&state, 0xE0, 0x1D, 0x20, 0x16, 0xE0, 0x9D), "right Ctrl with d and u");
    EXPECT_STR_EQ("c", KEYS(&state, 0x2E), "c after Ctrl released");
}

HOST_TEST(extended_keys_and_releases_give_nothing_but_keypad_enter)
{
    struct scancode_state state = { 0 };
    EXPECT_STR_EQ("", KEYS(&state, 0xE0, 0x48, 0xE0, 0xC8, 0xE0, 0x4B), "arrow keys");
    EXPECT_STR_EQ("\n/", KEYS(&state, 0xE0, 0x1C, 0xE0, 0x35), "keypad Enter and /");
    EXPECT_STR_EQ("", KEYS(&state, 0x3B, 0x58, 0x80, 0xFF), "F1, F12, stray releases");
    EXPECT_STR_EQ("", KEYS(&state, 0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5), "Pause");
    EXPECT_STR_EQ("x", KEYS(&state, 0x2D), "a key after Pause");
}

HOST_TEST(backspace_and_space)
{
    struct scancode_state state = { 0 };
    EXPECT_STR_EQ("a \b", KEYS(&state, 0x1E, 0x39, 0x0E), "a, space, backspace");
}
