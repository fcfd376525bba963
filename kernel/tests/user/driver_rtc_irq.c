/*
 * driver_rtc_irq - a user-mode driver: I/O ports and an interrupt, through capabilities.
 *
 *   1. A probe thread executes `in` from port 0x71 before the task has enabled any port: it
 *      faults with #GP (the kernel prints its "orrery: user fault:" line) and is dead
 *      afterwards (thread_resume: ERR_DEAD).
 *   2. irq_handler_create refuses IRQ 0 (the kernel's timer), 2 (the PIC cascade) and 16
 *      with ERR_INVALID.
 *   3. A driver thread takes ports 0x70..0x71 (ioport_create from the root task's I/O
 *      control capability in slot 3, then ioport_enable), claims IRQ 8 for a notification
 *      (irq_handler_create from the IRQ control capability in slot 2; a second claim of IRQ
 *      8 is ERR_EXISTS), and programs the CMOS real-time clock's periodic interrupt: rate 6
 *      (1024 Hz) in register A, PIE (bit 6) in register B. Five times it waits on the
 *      notification (the bits are 1 << 8: the capability has no badge), reads register C
 *      (which clears the clock's interrupt flag; the periodic flag, bit 6, must be set) and
 *      acks the IRQ. Then it turns PIE off again.
 *   4. A second probe thread executes `in` from port 0x72, next to the enabled range: #GP.
 *
 * Expected: two "orrery: user fault:" lines, both #GP, from the two probe threads (pytest
 * checks them); "driver_rtc_irq: 5 RTC interrupts, each signalled as bit 8 and acked" and
 * "driver_rtc_irq: all driver checks passed"; exit 0.
 */
#define TEST_NAME "driver_rtc_irq"
#include "thread_start.h"
#include "user_test.h"
#include "rtc_cmos.h"

#define INTERRUPTS 5
#define WAIT_TICKS 2000

static volatile bool driver_done;

static void probe(void *port)
{
    unsigned char value = inb((unsigned short)(unsigned)port);
    test_fail("in from port 0x%x, expected #GP, seen the value 0x%x", (unsigned)port, value);
}

/* Start a probe thread, give it time to fault, and check it is dead. */
static void probe_port(unsigned port)
{
    test_print("probing port 0x%x: the probe thread must die with #GP", port);
    int thread = expect_success("thread_start of a probe",
                                thread_start(probe, (void *)port, PRIORITY_DEFAULT));
    sys_sleep(10);
    expect_result("thread_resume of the probe thread", ERR_DEAD, sys_thread_resume(thread));
}

static void driver(void *unused)
{
    (void)unused;
    int ports = expect_success("ioport_create of 0x70..0x71",
                               sys_ioport_create(CAP_ROOT_IO_CONTROL, CMOS_INDEX, 2));
    expect_result("ioport_enable", 0, sys_ioport_enable(ports));
    int notification = expect_success("notification_create", sys_notification_create());
    int handler = expect_success("irq_handler_create for IRQ 8",
                                 sys_irq_handler_create(CAP_ROOT_IRQ_CONTROL, RTC_IRQ, notification));
    expect_result("a second irq_handler_create for IRQ 8", ERR_EXISTS,
                  sys_irq_handler_create(CAP_ROOT_IRQ_CONTROL, RTC_IRQ, notification));

    cmos_read(RTC_C); /* clear anything pending */
    cmos_write(RTC_A, (unsigned char)((cmos_read(RTC_A) & 0xF0) | RTC_RATE_1024HZ));
    cmos_write(RTC_B, (unsigned char)(cmos_read(RTC_B) | RTC_B_PIE));
    for (unsigned i = 0; i < INTERRUPTS; i++) {
        int bits = sys_wait(notification);
        expect_result("the bits the RTC interrupt signalled", 1 << RTC_IRQ, bits);
        unsigned char c = cmos_read(RTC_C);
        if (!(c & RTC_C_PF))
            test_fail("RTC register C after interrupt %u, expected the periodic flag, seen 0x%x",
                      i, c);
        expect_result("irq_ack", 0, sys_irq_ack(handler));
    }
    cmos_write(RTC_B, (unsigned char)(cmos_read(RTC_B) & ~RTC_B_PIE));
    cmos_read(RTC_C);
    test_print("%u RTC interrupts, each signalled as bit %u and acked", INTERRUPTS, RTC_IRQ);
    driver_done = true;
}

int main(const struct user_boot_info *info)
{
    (void)info;
    /* 1. No port is enabled yet. */
    probe_port(CMOS_DATA);

    /* 2. Lines user drivers may not have. */
    int notification = expect_success("notification_create", sys_notification_create());
    const unsigned refused[] = { 0, 2, 16 };
    for (unsigned i = 0; i < 3; i++)
        expect_result("irq_handler_create for a refused IRQ", ERR_INVALID,
                      sys_irq_handler_create(CAP_ROOT_IRQ_CONTROL, refused[i], notification));
    test_print("IRQs 0, 2 and 16 refused: ERR_INVALID");

    /* 3. The driver. */
    expect_success("thread_start of the driver", thread_start(driver, NULL, PRIORITY_DEFAULT));
    unsigned waited = 0;
    for (; !driver_done; waited++) {
        if (waited >= WAIT_TICKS)
            test_fail("the driver, expected done within %u ticks, seen it still running",
                      WAIT_TICKS);
        sys_sleep(1);
    }
    test_print("the driver finished within %u ticks", waited);

    /* 4. Only the enabled ports. */
    probe_port(CMOS_DATA + 1);
    test_print("all driver checks passed");
    return 0;
}
