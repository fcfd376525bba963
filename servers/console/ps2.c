/*
 * ps2.c - scancodes from the i8042 keyboard controller (ps2.h).
 */
#include "ps2.h"
#include "ports.h"

unsigned ps2_drain(struct scancode_state *state, void (*take)(void *context, char c), void *context)
{
    unsigned count = 0;
    for (; count < PS2_DRAIN_MAX; count++) {
        uint8_t status = port_read(PS2_STATUS_PORT);
        if (!(status & PS2_STATUS_OUTPUT_FULL))
            break;
        uint8_t code = port_read(PS2_DATA_PORT);
        if (status & PS2_STATUS_FROM_MOUSE)
            continue;
        char c = scancode_translate(state, code);
        if (c)
            take(context, c);
    }
    return count;
}
