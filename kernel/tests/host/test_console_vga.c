/*
 * test_console_vga.c - host unit tests of the console's text screen
 * (servers/console/vga_text.c) on an array instead of the VGA's memory: drawing, newline,
 * wrapping, backspace, tabs, and scrolling when the cursor goes below the last row.
 */
#include <stdlib.h>

#include "host_test.h"
#include "vga_text.h"

static uint16_t *new_screen(struct vga_text *screen)
{
    uint16_t *cells = malloc(VGA_CELLS * sizeof *cells); /* exactly: ASan catches overruns */
    vga_text_init(screen, cells, 0);
    vga_text_clear(screen);
    return cells;
}

static void put(struct vga_text *screen, const char *text)
{
    for (; *text; text++)
        vga_text_putc(screen, *text);
}

static char at(const uint16_t *cells, unsigned row, unsigned column)
{
    return (char)(cells[row * VGA_COLUMNS + column] & 0xFF);
}

HOST_TEST(characters_land_at_the_cursor_with_the_attribute)
{
    struct vga_text screen;
    uint16_t *cells = new_screen(&screen);
    put(&screen, "hi\nyo");
    EXPECT_EQ(vga_text_cell('h'), cells[0], "h in the first cell, grey on black");
    EXPECT_EQ('i', at(cells, 0, 1), "i after it");
    EXPECT_EQ('y', at(cells, 1, 0), "the newline went to the next row");
    EXPECT_EQ(1 * VGA_COLUMNS + 2, vga_text_cursor(&screen), "the cursor after yo");
    free(cells);
}

HOST_TEST(long_line_wraps)
{
    struct vga_text screen;
    uint16_t *cells = new_screen(&screen);
    for (unsigned i = 0; i < VGA_COLUMNS + 3; i++)
        vga_text_putc(&screen, 'x');
    EXPECT_EQ('x', at(cells, 0, VGA_COLUMNS - 1), "the last column of the first row");
    EXPECT_EQ('x', at(cells, 1, 2), "the third cell of the second row");
    EXPECT_EQ(VGA_COLUMNS + 3, vga_text_cursor(&screen), "the cursor after the wrap");
    free(cells);
}

HOST_TEST(backspace_goes_back_even_over_a_wrap)
{
    struct vga_text screen;
    uint16_t *cells = new_screen(&screen);
    put(&screen, "ab\b \b");
    EXPECT_EQ(' ', at(cells, 0, 1), "the erase echo blanked b");
    EXPECT_EQ(1, vga_text_cursor(&screen), "and left the cursor on it");
    vga_text_init(&screen, cells, VGA_COLUMNS);
    vga_text_putc(&screen, '\b');
    EXPECT_EQ(VGA_COLUMNS - 1, vga_text_cursor(&screen), "backspace at a row's start goes to the row above");
    vga_text_init(&screen, cells, 0);
    vga_text_putc(&screen, '\b');
    EXPECT_EQ(0, vga_text_cursor(&screen), "backspace at the top left stays");
    free(cells);
}

HOST_TEST(tab_and_return)
{
    struct vga_text screen;
    uint16_t *cells = new_screen(&screen);
    put(&screen, "a\tb\rc");
    EXPECT_EQ('b', at(cells, 0, VGA_TAB_WIDTH), "the tab went to the next tab stop");
    EXPECT_EQ('c', at(cells, 0, 0), "the return went to the row's start");
    free(cells);
}

HOST_TEST(newline_on_last_row_scrolls)
{
    struct vga_text screen;
    uint16_t *cells = new_screen(&screen);
    for (unsigned row = 0; row < VGA_ROWS; row++) {
        vga_text_putc(&screen, (char)('A' + row));
        vga_text_putc(&screen, '\n');
    }
    EXPECT_EQ('B', at(cells, 0, 0), "after 25 lines the first row shows the second line");
    EXPECT_EQ('Y', at(cells, VGA_ROWS - 2, 0), "the 25th line is on the row above the last");
    EXPECT_EQ(' ', at(cells, VGA_ROWS - 1, 0), "the last row is blank");
    EXPECT_EQ((VGA_ROWS - 1) * VGA_COLUMNS, vga_text_cursor(&screen), "the cursor at the last row's start");
    for (unsigned i = 0; i < 1000; i++)
        put(&screen, "flood\n");
    EXPECT_EQ('f', at(cells, 0, 0), "after a flood every row shows it");
    EXPECT_EQ((VGA_ROWS - 1) * VGA_COLUMNS, vga_text_cursor(&screen), "the cursor stays on the screen");
    free(cells);
}

HOST_TEST(init_keeps_contents_and_rejects_a_bad_cursor)
{
    struct vga_text screen;
    uint16_t *cells = new_screen(&screen);
    put(&screen, "kept");
    vga_text_init(&screen, cells, 5 * VGA_COLUMNS + 7);
    EXPECT_EQ('k', at(cells, 0, 0), "init leaves the cells as they are");
    EXPECT_EQ(5 * VGA_COLUMNS + 7, vga_text_cursor(&screen), "the cursor where it was given");
    vga_text_init(&screen, cells, VGA_CELLS + 100);
    EXPECT_EQ(0, vga_text_cursor(&screen), "a cursor past the screen starts at 0");
    free(cells);
}
