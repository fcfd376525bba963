/**
 * @file vga_text.h
 * @brief The VGA text screen as memory: 80 x 25 cells of (attribute << 8 | character), a
 *        cursor, scrolling. Pure code (no ports): the console points it at the device frame
 *        of VGA_TEXT_PADDR (abi/syscalls.h), the host test
 *        (kernel/tests/host/test_console_vga.c) at an array.
 *
 * '\n' goes to the start of the next line, '\r' to the start of this one, '\b' one cell back
 * (to the end of the line above from the first column), '\t' to the next multiple of
 * VGA_TAB_WIDTH; '\a' shows nothing; any other byte is drawn. Writing past the last column
 * wraps; going below the last row scrolls everything up a row and blanks the last.
 */
#ifndef ORRERY_CONSOLE_VGA_TEXT_H
#define ORRERY_CONSOLE_VGA_TEXT_H

#include "types.h"

#define VGA_COLUMNS 80u
#define VGA_ROWS 25u
#define VGA_CELLS (VGA_COLUMNS * VGA_ROWS)
#define VGA_ATTRIBUTE 0x07u /**< light grey on black */
#define VGA_TAB_WIDTH 8u

/** A screen: its cells and the cursor. */
struct vga_text {
    uint16_t *cells; /**< VGA_CELLS of them, row by row */
    unsigned row, column;
};

/** The cell that shows @p c. */
static inline uint16_t vga_text_cell(char c) { return (uint16_t)(VGA_ATTRIBUTE << 8 | (uint8_t)c); }

/** Use @p cells as the screen, the cursor at @p position (row * VGA_COLUMNS + column;
 *  out of range: 0), the contents as they are. */
void vga_text_init(struct vga_text *screen, uint16_t *cells, unsigned position);

/** Blank every cell; the cursor goes to the top left. */
void vga_text_clear(struct vga_text *screen);

/** Show @p c at the cursor (or act on it: see above). */
void vga_text_putc(struct vga_text *screen, char c);

/** The cursor as a cell index (row * VGA_COLUMNS + column), for the CRTC. */
unsigned vga_text_cursor(const struct vga_text *screen);

#endif
