/**
 * @file serial.h
 * @brief The COM1 serial port: the console tests and `make run` read.
 */
#ifndef ORRERY_SERIAL_H
#define ORRERY_SERIAL_H

#define COM1_PORT 0x3F8

/** Program COM1 for 115200 baud, 8 data bits, no parity, one stop bit. */
void serial_init(void);
/** Send one character, turning "\n" into "\r\n" as terminals expect. */
void serial_putc(char c);
/**
 * Wait until every character has left the UART. Bochs drops what is still being sent
 * when the machine stops, so machine_halt() calls this first.
 */
void serial_flush(void);

#endif
