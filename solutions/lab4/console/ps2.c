/*
 * solutions/lab4/console/ps2.c - reference solution for Lab 4's keyboard interrupt hole.
 *
 * Linked into the console in place of the stub in servers/console/ps2.c when Lab 4 is in
 * SOLUTIONS.
 */
#include "ps2.h"
#include "ports.h"
#include "syscall_stubs.h"

unsigned ps2_keyboard_notified(struct ps2_keyboard *keyboard, unsigned bits)
{
    if (!(bits & keyboard->irq_bits))
        return 0;
    unsigned count = 0;
    for (; count < PS2_DRAIN_MAX; count++) {
        uint8_t status = port_read(PS2_STATUS_PORT);
        if (!(status & PS2_STATUS_OUTPUT_FULL))
            break;
        uint8_t code = port_read(PS2_DATA_PORT);
        if (status & PS2_STATUS_FROM_MOUSE)
            continue;
        char c = scancode_translate(&keyboard->scancodes, code);
        if (c)
            keyboard->take(keyboard->context, c);
    }
    sys_irq_ack(keyboard->irq_handler);
    return count;
}
