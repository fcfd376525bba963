/*
 * input.c - the console's input: bytes from the serial port and keys from the keyboard,
 * through the line discipline to the waiting readers; Ctrl-C to the process manager.
 */
#include "console_server.h"
#include "output.h"
#include "proto/nameserver.h"
#include "program.h"
#include "proto/pm.h"
#include "ps2.h"
#include "readers.h"
#include "start_info.h"
#include "stdio.h"
#include "thread_start.h"
#include "uart.h"

struct line_discipline console_input;

static struct console_irq serial_irq = { 0, -1 };
static void take_key(void *context, char key);
static struct ps2_keyboard keyboard = { .irq_handler = -1, .take = take_key };
static unsigned foreground_pid;

/* Ctrl-C: the helper thread waits on interrupt_notification, then asks pm (pm_slot, looked
 * up by the console thread through the name service) to interrupt interrupt_pid. */
static int interrupt_notification = -1;
static int pm_slot = -1;
static volatile bool pm_looked_up;
static volatile bool pm_gone; /* the helper's call failed: look pm up again */
static volatile unsigned interrupt_pid;

static void echo(void *context, const char *text, unsigned length)
{
    (void)context;
    output_write(text, length);
}

/* The helper thread: one PM_INTERRUPT call per Ctrl-C. */
static void interrupter(void *unused)
{
    (void)unused;
    for (;;) {
        if (sys_wait(interrupt_notification) < 0)
            continue;
        unsigned pid = interrupt_pid;
        interrupt_pid = 0;
        if (!pid)
            continue;
        int result = rpc_call(pm_slot, PM_INTERRUPT, 1, pid, 0, 0, NULL);
        if (result == ERR_INVALID_CAP || result == ERR_ABORTED || result == ERR_DEAD)
            pm_gone = true;
    }
}

/* Look the process manager up (again) into pm_slot. @return whether we have it. */
static bool find_pm(void)
{
    if (pm_looked_up && !pm_gone)
        return true;
    if (sys_cap_identify(START_SLOT_NS) == 0)
        return false; /* no name service: started by a test */
    unsigned name[NS_NAME_WORDS];
    rpc_pack_string(name, NS_NAME_WORDS, "pm");
    sys_cap_delete(pm_slot);
    bool got = false;
    int result = rpc_call_long(START_SLOT_NS, NS_LOOKUP, name, NS_NAME_WORDS, -1, pm_slot, NULL, 0, &got);
    pm_looked_up = result == 0 && got;
    pm_gone = false;
    if (!pm_looked_up) {
        sys_cap_copy(START_SLOT_SERVICE, CAP_SELF_TASK, pm_slot); /* keep the slot ours */
        printf("console: Ctrl-C: no process manager to tell (%s)\n", error_name(result));
    }
    return pm_looked_up;
}

static void interrupt_foreground(void)
{
    if (foreground_pid == 0 || interrupt_notification < 0 || !find_pm())
        return;
    interrupt_pid = foreground_pid;
    sys_signal(interrupt_notification);
}

static void take_key(void *context, char key)
{
    (void)context;
    if (line_input(&console_input, key) == LINE_EVENT_INTERRUPT)
        interrupt_foreground();
}

void input_notified(unsigned bits)
{
    if (serial_irq.handler >= 0 && (bits & serial_irq.bits)) {
        uart_drain(take_key, NULL);
        sys_irq_ack(serial_irq.handler);
    }
    if (keyboard.irq_handler >= 0)
        ps2_keyboard_notified(&keyboard, bits); /* reads the keys, acknowledges IRQ 1 */
    readers_serve(&console_input);
}

void input_set_foreground(unsigned pid) { foreground_pid = pid; }

int input_init(const struct console_irq *serial, const struct console_irq *keyboard_line, int priority)
{
    line_init(&console_input, echo, NULL);
    serial_irq = *serial;
    keyboard.irq_bits = keyboard_line->bits;
    keyboard.irq_handler = keyboard_line->handler;
    /* Whatever arrived before we listened, and an interrupt the line may still owe us. */
    input_notified(serial_irq.bits | keyboard.irq_bits);

    pm_slot = console_reserve_slot();
    if (pm_slot < 0)
        return pm_slot;
    interrupt_notification = sys_notification_create();
    if (interrupt_notification < 0)
        return interrupt_notification;
    int thread = thread_start(interrupter, NULL, priority);
    if (thread < 0) {
        sys_cap_delete(interrupt_notification);
        interrupt_notification = -1;
        return thread;
    }
    return 0;
}
