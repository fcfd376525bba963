/**
 * @file output.h
 * @brief Where the console's output goes: the serial port (uart.h, or the kernel's debug
 *        console when the console was given no serial ports) and, when it was given the
 *        device frame of the text screen, the VGA screen (vga_text.h) with its cursor
 *        (moved through the CRTC's ports, when given those too).
 */
#ifndef ORRERY_CONSOLE_OUTPUT_H
#define ORRERY_CONSOLE_OUTPUT_H

#include "types.h"

/** The CRTC (the VGA's cursor) registers, through an index port and a data port. */
#define VGA_CRTC_INDEX_PORT 0x3D4u
#define VGA_CRTC_PORT_COUNT 2u
#define VGA_CRTC_DATA_PORT 0x3D5u
#define VGA_CRTC_CURSOR_HIGH 0x0Eu
#define VGA_CRTC_CURSOR_LOW 0x0Fu

/**
 * Choose the devices: @p serial if the UART's ports are enabled, @p screen_cells (NULL:
 * none) the mapped text screen, @p crtc if the CRTC's ports are enabled (the screen then
 * continues at the kernel's cursor; without them it is cleared).
 */
void output_init(bool serial, uint16_t *screen_cells, bool crtc);

/** Show @p length bytes of @p text on every device. */
void output_write(const char *text, unsigned length);

/** Whether output reaches the VGA screen. */
bool output_has_screen(void);

#endif
