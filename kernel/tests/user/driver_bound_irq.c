/*
 * driver_bound_irq - a driver serves its interrupt and its clients from one receive loop:
 * the interrupt's notification is bound to the driver thread (thread_bind_notification).
 *
 * The main thread is the driver. It takes the CMOS ports 0x70..0x71, claims IRQ 8 for a
 * notification, binds that notification to itself and programs the real-time clock's
 * periodic interrupt (1024 Hz). A client thread makes REQUESTS calls on endpoint E, two
 * ticks apart, each asking for its word plus one. The driver loops on recv(E):
 *   - IPC_RECEIVED_NOTIFICATION: the bits must be 1 << 8; it reads register C (the periodic
 *     flag must be set) and acks the IRQ;
 *   - 0: a client's request (badge CLIENT_BADGE); it saves the reply (reply_save) and
 *     answers through it at once (reply).
 * It stops once it has seen INTERRUPTS interrupts and REQUESTS requests, turns the clock's
 * interrupt off, unbinds and deletes the handler.
 *
 * Expected: "driver_bound_irq: one receive loop: N interrupts and 3 requests" (N >=
 * INTERRUPTS), the client got every answer right, and
 * "driver_bound_irq: all bound-interrupt checks passed"; exit 0.
 */
#define TEST_NAME "driver_bound_irq"
#include "thread_start.h"
#include "user_test.h"
#include "rtc_cmos.h"

#define INTERRUPTS 5
#define REQUESTS 3
#define CLIENT_BADGE 0xC1
#define LABEL_REQUEST 0x50
#define WAIT_TICKS 2000
#define MAX_MESSAGES 100000

static int endpoint;
static volatile unsigned answers_right, client_done;

static void client(void *badged)
{
    for (unsigned i = 0; i < REQUESTS; i++) {
        sys_sleep(2);
        struct ipc_message reply;
        int result = sys_call((int)badged, IPC_TAG(LABEL_REQUEST, 1, 0), 100 + i, 0, 0, &reply);
        if (result == 0 && reply.words[0] == 101 + i)
            answers_right++;
    }
    client_done = 1;
}

int main(const struct user_boot_info *info)
{
    (void)info;
    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    int ports = expect_success("ioport_create of 0x70..0x71",
                               sys_ioport_create(CAP_ROOT_IO_CONTROL, CMOS_INDEX, 2));
    expect_result("ioport_enable", 0, sys_ioport_enable(ports));
    int notification = expect_success("notification_create", sys_notification_create());
    int handler = expect_success("irq_handler_create for IRQ 8",
                                 sys_irq_handler_create(CAP_ROOT_IRQ_CONTROL, RTC_IRQ, notification));
    expect_result("thread_bind_notification of the IRQ's notification", 0,
                  sys_thread_bind_notification(CAP_SELF_THREAD, notification));
    int badged = 20;
    expect_result("cap_mint of the client's capability", 0,
                  sys_cap_mint(endpoint, CAP_SELF_TASK, badged, RIGHT_WRITE, CLIENT_BADGE));
    expect_success("thread_start of the client", thread_start(client, (void *)badged, PRIORITY_DEFAULT));

    cmos_read(RTC_C); /* clear anything pending */
    cmos_write(RTC_A, (unsigned char)((cmos_read(RTC_A) & 0xF0) | RTC_RATE_1024HZ));
    cmos_write(RTC_B, (unsigned char)(cmos_read(RTC_B) | RTC_B_PIE));
    unsigned interrupts = 0, requests = 0;
    for (unsigned n = 0; interrupts < INTERRUPTS || requests < REQUESTS; n++) {
        if (n >= MAX_MESSAGES)
            test_fail("the loop, expected %u interrupts and %u requests, seen %u and %u",
                      INTERRUPTS, REQUESTS, interrupts, requests);
        struct ipc_message m;
        int result = sys_recv(endpoint, &m);
        if (result == IPC_RECEIVED_NOTIFICATION) {
            if (m.badge != 1u << RTC_IRQ || m.tag != IPC_TAG(IPC_LABEL_NOTIFICATION, 0, 0))
                test_fail("an interrupt, expected bits 0x%x, seen badge 0x%x tag 0x%x",
                          1u << RTC_IRQ, m.badge, m.tag);
            unsigned char c = cmos_read(RTC_C);
            if (!(c & RTC_C_PF))
                test_fail("RTC register C after an interrupt, expected the periodic flag, seen 0x%x", c);
            expect_result("irq_ack", 0, sys_irq_ack(handler));
            interrupts++;
        } else {
            expect_result("a receive of a request", 0, result);
            if (m.badge != CLIENT_BADGE || m.tag != IPC_TAG(LABEL_REQUEST, 1, 0))
                test_fail("a request, expected badge 0x%x, seen badge 0x%x tag 0x%x", CLIENT_BADGE,
                          m.badge, m.tag);
            int reply = expect_success("reply_save of a request", sys_reply_save());
            expect_result("reply", 0, sys_reply(reply, IPC_TAG(LABEL_REQUEST, 1, 0), m.words[0] + 1, 0, 0));
            requests++;
        }
    }
    cmos_write(RTC_B, (unsigned char)(cmos_read(RTC_B) & ~RTC_B_PIE));
    cmos_read(RTC_C);
    expect_result("thread_unbind_notification", 0, sys_thread_unbind_notification(CAP_SELF_THREAD));
    expect_result("cap_delete of the IRQ handler", 0, sys_cap_delete(handler));
    test_wait_until(client_done, WAIT_TICKS, "the client's last call");
    expect_result("answers the client got right", REQUESTS, (int)answers_right);
    test_print("one receive loop: %u interrupts and %u requests", interrupts, requests);
    test_print("all bound-interrupt checks passed");
    return 0;
}
