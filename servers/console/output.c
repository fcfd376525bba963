/*
 * output.c - the console's output devices: serial, VGA text, the VGA cursor (output.h).
 */
#include "output.h"
#include "io_ports.h"
#include "syscall_stubs.h"
#include "uart.h"
#include "vga_text.h"

static bool have_serial, have_screen, have_crtc;
static struct vga_text screen;

static unsigned crtc_read_cursor(void)
{
    port_write(VGA_CRTC_INDEX_PORT, VGA_CRTC_CURSOR_HIGH);
    unsigned high = port_read(VGA_CRTC_DATA_PORT);
    port_write(VGA_CRTC_INDEX_PORT, VGA_CRTC_CURSOR_LOW);
    return high << 8 | port_read(VGA_CRTC_DATA_PORT);
}

static void crtc_move_cursor(unsigned position)
{
    port_write(VGA_CRTC_INDEX_PORT, VGA_CRTC_CURSOR_HIGH);
    port_write(VGA_CRTC_DATA_PORT, (uint8_t)(position >> 8));
    port_write(VGA_CRTC_INDEX_PORT, VGA_CRTC_CURSOR_LOW);
    port_write(VGA_CRTC_DATA_PORT, (uint8_t)position);
}

void output_init(bool serial, uint16_t *screen_cells, bool crtc)
{
    have_serial = serial;
    have_crtc = crtc;
    have_screen = screen_cells != NULL;
    if (!have_screen)
        return;
    vga_text_init(&screen, screen_cells, crtc ? crtc_read_cursor() : 0);
    if (!crtc)
        vga_text_clear(&screen);
}

void output_write(const char *text, unsigned length)
{
    if (have_serial) {
        for (unsigned i = 0; i < length; i++)
            uart_putc(text[i]);
    } else {
        for (unsigned done = 0; done < length;) {
            unsigned piece = length - done < DEBUG_WRITE_MAX ? length - done : DEBUG_WRITE_MAX;
            sys_debug_write(text + done, piece);
            done += piece;
        }
    }
    if (!have_screen)
        return;
    for (unsigned i = 0; i < length; i++)
        vga_text_putc(&screen, text[i]);
    if (have_crtc)
        crtc_move_cursor(vga_text_cursor(&screen));
}

bool output_has_screen(void) { return have_screen; }
