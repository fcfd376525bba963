/*
 * rtc_cmos.h - the CMOS real-time clock, as the driver test programs reach it: through the
 * I/O ports 0x70/0x71 (which the program must first be given, ioport_create and
 * ioport_enable), with the periodic interrupt on IRQ 8. Shared by driver_rtc_irq.c and
 * driver_bound_irq.c.
 */
#ifndef ORRERY_TEST_RTC_CMOS_H
#define ORRERY_TEST_RTC_CMOS_H

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_OFF 0x80 /* set in every index write: NMIs stay off */
#define RTC_A 0x0A
#define RTC_B 0x0B
#define RTC_C 0x0C
#define RTC_B_PIE 0x40    /* periodic interrupt enable */
#define RTC_C_PF 0x40     /* periodic interrupt flag (reading C acknowledges it) */
#define RTC_RATE_1024HZ 6
#define RTC_IRQ 8

static inline unsigned char inb(unsigned short port)
{
    unsigned char value;
    __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

static inline void outb(unsigned short port, unsigned char value)
{
    __asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline unsigned char cmos_read(unsigned char reg)
{
    outb(CMOS_INDEX, CMOS_NMI_OFF | reg);
    return inb(CMOS_DATA);
}

static inline void cmos_write(unsigned char reg, unsigned char value)
{
    outb(CMOS_INDEX, CMOS_NMI_OFF | reg);
    outb(CMOS_DATA, value);
}

#endif
