/*
 * uart.c - COM1 for the console: polled output, interrupt-driven input (uart.h).
 */
#include "uart.h"
#include "io_ports.h"

void uart_init(void)
{
    port_write(UART_PORT + UART_FIFO_CONTROL, UART_FCR_ENABLE_CLEAR);
    port_write(UART_PORT + UART_MODEM_CONTROL, UART_MCR_DTR_RTS_OUT2);
    port_write(UART_PORT + UART_INTERRUPT_ENABLE, UART_IER_RECEIVED);
}

static void uart_send(uint8_t byte)
{
    while (!(port_read(UART_PORT + UART_LINE_STATUS) & UART_LSR_TX_EMPTY))
        ;
    port_write(UART_PORT + UART_DATA, byte);
}

void uart_putc(char c)
{
    if (c == '\n')
        uart_send('\r');
    uart_send((uint8_t)c);
}

unsigned uart_drain(void (*take)(void *context, char c), void *context)
{
    unsigned count = 0;
    while (count < UART_DRAIN_MAX && (port_read(UART_PORT + UART_LINE_STATUS) & UART_LSR_DATA_READY)) {
        take(context, (char)port_read(UART_PORT + UART_DATA));
        count++;
    }
    return count;
}
