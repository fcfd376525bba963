/*
 * scancode.c - scancode set 1 to characters, US layout (scancode.h).
 *
 * scancode_translate is Lab 4's hole (labs/lab4/README.md, exercise 1); the reference is
 * solutions/lab4/console/scancode.c. The tables are given.
 */
#include "lab_hole.h"
#include "scancode.h"

/* The character of each make code, without and with Shift (0: none). */
const char scancode_plain[SCANCODE_KEYS] = {
    0, 0x1B, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', '\b', '\t',
    'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\n', 0, 'a', 's',
    'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0, '\\', 'z', 'x', 'c', 'v',
    'b', 'n', 'm', ',', '.', '/', 0, '*', 0, ' ',
};
const char scancode_shifted[SCANCODE_KEYS] = {
    0, 0x1B, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', '\b', '\t',
    'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n', 0, 'A', 'S',
    'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0, '|', 'Z', 'X', 'C', 'V',
    'B', 'N', 'M', '<', '>', '?', 0, '*', 0, ' ',
};

LAB_HOLE char scancode_translate(struct scancode_state *state, uint8_t code)
{
    (void)state, (void)code;
    lab_hole_missing(4, "scancode_translate");
    return 0;
}
