/**
 * @file uart.h
 * @brief The console's driver of the first serial port (a 16550 UART at COM1): output
 *        polled, as the kernel's own (kernel/arch/x86/serial.c) which shares the port, and
 *        input by interrupt (IRQ UART_IRQ, "data received").
 */
#ifndef ORRERY_CONSOLE_UART_H
#define ORRERY_CONSOLE_UART_H

#include "types.h"

#define UART_PORT 0x3F8u    /**< COM1's first register */
#define UART_PORT_COUNT 8u  /**< its registers */
#define UART_IRQ 4u

/** The registers, as offsets from UART_PORT. */
enum uart_register {
    UART_DATA = 0,
    UART_INTERRUPT_ENABLE = 1,
    UART_FIFO_CONTROL = 2,
    UART_LINE_CONTROL = 3,
    UART_MODEM_CONTROL = 4,
    UART_LINE_STATUS = 5,
};

#define UART_IER_RECEIVED 0x01u  /**< interrupt when a byte arrived */
#define UART_FCR_ENABLE_CLEAR 0x07u /**< FIFOs on, both cleared, interrupt at every byte */
#define UART_MCR_DTR_RTS_OUT2 0x0Bu /**< OUT2 connects the UART's interrupt to the PIC */
#define UART_LSR_DATA_READY 0x01u
#define UART_LSR_TX_EMPTY 0x20u

/**
 * The most bytes one interrupt's drain takes. The drain must empty the FIFO (16 bytes), or
 * the UART's interrupt line stays up and, the PIC seeing no new edge, no interrupt comes
 * again; the bound is only for ports with no UART behind them, which read as 0xFF ("data
 * ready") for ever.
 */
#define UART_DRAIN_MAX 4096u

/** Turn on receive interrupts (the ports must be enabled). The line settings are the kernel's. */
void uart_init(void);

/** Send @p c, waiting for room; '\n' goes out as "\r\n". */
void uart_putc(char c);

/** Pass each byte received so far to @p take(@p context, byte). @return how many. */
unsigned uart_drain(void (*take)(void *context, char c), void *context);

#endif
