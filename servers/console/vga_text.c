/*
 * vga_text.c - a text screen in memory: drawing, the cursor, scrolling (vga_text.h).
 */
#include "vga_text.h"

void vga_text_init(struct vga_text *screen, uint16_t *cells, unsigned position)
{
    screen->cells = cells;
    if (position >= VGA_CELLS)
        position = 0;
    screen->row = position / VGA_COLUMNS;
    screen->column = position % VGA_COLUMNS;
}

void vga_text_clear(struct vga_text *screen)
{
    for (unsigned i = 0; i < VGA_CELLS; i++)
        screen->cells[i] = vga_text_cell(' ');
    screen->row = screen->column = 0;
}

static void scroll_up(struct vga_text *screen)
{
    for (unsigned i = 0; i < VGA_CELLS - VGA_COLUMNS; i++)
        screen->cells[i] = screen->cells[i + VGA_COLUMNS];
    for (unsigned i = VGA_CELLS - VGA_COLUMNS; i < VGA_CELLS; i++)
        screen->cells[i] = vga_text_cell(' ');
}

static void next_line(struct vga_text *screen)
{
    screen->column = 0;
    if (screen->row + 1 < VGA_ROWS)
        screen->row++;
    else
        scroll_up(screen);
}

void vga_text_putc(struct vga_text *screen, char c)
{
    switch (c) {
    case '\n': next_line(screen); return;
    case '\r': screen->column = 0; return;
    case '\a': return;
    case '\b':
        if (screen->column > 0) {
            screen->column--;
        } else if (screen->row > 0) {
            screen->row--;
            screen->column = VGA_COLUMNS - 1;
        }
        return;
    case '\t':
        screen->column = (screen->column / VGA_TAB_WIDTH + 1) * VGA_TAB_WIDTH;
        if (screen->column >= VGA_COLUMNS)
            next_line(screen);
        return;
    default: break;
    }
    screen->cells[screen->row * VGA_COLUMNS + screen->column] = vga_text_cell(c);
    if (++screen->column >= VGA_COLUMNS)
        next_line(screen);
}

unsigned vga_text_cursor(const struct vga_text *screen)
{
    return screen->row * VGA_COLUMNS + screen->column;
}
