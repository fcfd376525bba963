/*
 * A wrong ps2_keyboard_notified for labs/test_lab4_wrong.py: the reference, but IRQ 1 is
 * never acknowledged, so the kernel keeps the line masked after the first interrupt and
 * only the first key arrives. The booted keyboard tests must fail.
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
    return count;
}
