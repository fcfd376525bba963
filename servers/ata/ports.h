/**
 * @file ports.h
 * @brief x86 port input and output for the ATA driver: bytes for the registers, runs of
 *        16-bit words for the data register. The task must have enabled an I/O port
 *        capability covering the port (sys_ioport_enable), or the instruction faults.
 */
#ifndef ORRERY_ATA_PORTS_H
#define ORRERY_ATA_PORTS_H

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

/** Read @p count 16-bit words from @p port into @p buffer (rep insw). */
static inline void port_read_words(uint16_t port, void *buffer, unsigned count)
{
    __asm__ volatile("rep insw" : "+D"(buffer), "+c"(count) : "d"(port) : "memory");
}

/** Write @p count 16-bit words from @p buffer to @p port (rep outsw). */
static inline void port_write_words(uint16_t port, const void *buffer, unsigned count)
{
    __asm__ volatile("rep outsw" : "+S"(buffer), "+c"(count) : "d"(port) : "memory");
}

#endif
