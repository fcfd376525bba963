/*
 * serial.c - a polled 16550 UART driver for COM1, output only.
 */
#include "serial.h"
#include "x86.h"

enum uart_register {
    UART_DATA = 0,          /* with DLAB=1: divisor low byte */
    UART_INTERRUPTS = 1,    /* with DLAB=1: divisor high byte */
    UART_FIFO_CONTROL = 2,
    UART_LINE_CONTROL = 3,
    UART_MODEM_CONTROL = 4,
    UART_LINE_STATUS = 5,
};

#define UART_LCR_8N1 0x03
#define UART_LCR_DLAB 0x80
#define UART_LSR_TX_EMPTY 0x20      /* the holding register can take a byte */
#define UART_LSR_TX_IDLE 0x40       /* ... and the shift register has sent everything */
#define UART_BAUD_DIVISOR 1 /* 115200 / 1 */

void serial_init(void)
{
    outb(COM1_PORT + UART_INTERRUPTS, 0x00);
    outb(COM1_PORT + UART_LINE_CONTROL, UART_LCR_DLAB);
    outb(COM1_PORT + UART_DATA, UART_BAUD_DIVISOR & 0xFF);
    outb(COM1_PORT + UART_INTERRUPTS, UART_BAUD_DIVISOR >> 8);
    outb(COM1_PORT + UART_LINE_CONTROL, UART_LCR_8N1);
    outb(COM1_PORT + UART_FIFO_CONTROL, 0xC7);  /* enable and clear FIFOs */
    outb(COM1_PORT + UART_MODEM_CONTROL, 0x03); /* DTR + RTS */
}

static void serial_write_byte(uint8_t byte)
{
    while (!(inb(COM1_PORT + UART_LINE_STATUS) & UART_LSR_TX_EMPTY))
        ;
    outb(COM1_PORT + UART_DATA, byte);
}

void serial_putc(char c)
{
    if (c == '\n')
        serial_write_byte('\r');
    serial_write_byte((uint8_t)c);
}

void serial_flush(void)
{
    while (!(inb(COM1_PORT + UART_LINE_STATUS) & UART_LSR_TX_IDLE))
        ;
}
