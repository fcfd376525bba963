/**
 * @file vga.h
 * @brief The VGA text screen (80x25), a second view of the kernel console.
 */
#ifndef ORRERY_VGA_H
#define ORRERY_VGA_H

/** Clear the screen and home the cursor. */
void vga_init(void);
/** Print one character, handling newline, tab and scrolling. */
void vga_putc(char c);

#endif
