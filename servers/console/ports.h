/**
 * @file ports.h
 * @brief x86 port input and output for the console's drivers. The task must have enabled
 *        an I/O port capability covering the port first (sys_ioport_enable), or the
 *        instruction faults.
 */
#ifndef ORRERY_CONSOLE_PORTS_H
#define ORRERY_CONSOLE_PORTS_H

#include "types.h"

static inline void port_write(uint16_t port, uint8_t value)
{
    __asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint8_t port_read(uint16_t port)
{
    uint8_t value;
    __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

#endif
