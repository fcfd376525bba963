/*
 * vga.c - text-mode output to the VGA buffer at physical 0xB8000.
 */
#include "vga.h"
#include "abi/syscalls.h"
#include "memlayout.h"
#include "string.h"
#include "x86.h"

#define VGA_COLUMNS 80
#define VGA_ROWS 25
#define VGA_COLOR_LIGHT_GREY_ON_BLACK 0x07
#define VGA_CRTC_INDEX 0x3D4
#define VGA_CRTC_DATA 0x3D5
#define VGA_CURSOR_HIGH 0x0E
#define VGA_CURSOR_LOW 0x0F

static uint16_t *const screen = (uint16_t *)(KERNEL_BASE + VGA_TEXT_PADDR);
static int cursor_row, cursor_column;

static uint16_t vga_cell(char c) { return (uint16_t)(VGA_COLOR_LIGHT_GREY_ON_BLACK << 8) | (uint8_t)c; }

static void vga_move_hardware_cursor(void)
{
    uint16_t position = (uint16_t)(cursor_row * VGA_COLUMNS + cursor_column);
    outb(VGA_CRTC_INDEX, VGA_CURSOR_HIGH);
    outb(VGA_CRTC_DATA, position >> 8);
    outb(VGA_CRTC_INDEX, VGA_CURSOR_LOW);
    outb(VGA_CRTC_DATA, position & 0xFF);
}

void vga_init(void)
{
    for (int i = 0; i < VGA_COLUMNS * VGA_ROWS; i++)
        screen[i] = vga_cell(' ');
    cursor_row = cursor_column = 0;
    vga_move_hardware_cursor();
}

static void vga_scroll_if_needed(void)
{
    if (cursor_row < VGA_ROWS)
        return;
    memmove(screen, screen + VGA_COLUMNS, sizeof(uint16_t) * VGA_COLUMNS * (VGA_ROWS - 1));
    for (int col = 0; col < VGA_COLUMNS; col++)
        screen[(VGA_ROWS - 1) * VGA_COLUMNS + col] = vga_cell(' ');
    cursor_row = VGA_ROWS - 1;
}

void vga_putc(char c)
{
    if (c == '\n') {
        cursor_column = 0;
        cursor_row++;
    } else if (c == '\t') {
        cursor_column = (cursor_column + 8) & ~7;
    } else if (c == '\r') {
        cursor_column = 0;
    } else {
        screen[cursor_row * VGA_COLUMNS + cursor_column] = vga_cell(c);
        cursor_column++;
    }
    if (cursor_column >= VGA_COLUMNS) {
        cursor_column = 0;
        cursor_row++;
    }
    vga_scroll_if_needed();
    vga_move_hardware_cursor();
}
