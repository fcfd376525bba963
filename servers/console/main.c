/*
 * main.c - the console server (servers/console): its start, from the capabilities its start
 * information lists, and its receive loop.
 *
 * Given (start_info.h; init makes them from the manifest line, a test program by hand):
 *   START_CAP_IO_PORTS  UART_PORT+8 (serial), PS2_DATA_PORT+1 and PS2_STATUS_PORT+1
 *                       (keyboard), VGA_CRTC_INDEX_PORT+2 (the screen's cursor), each optional;
 *   START_CAP_IRQ       UART_IRQ and PS2_IRQ, each with the notification it signals;
 *   START_CAP_DEVICE_FRAME  VGA_TEXT_PADDR, mapped at its extra, or by the console itself
 *                       when extra is 0 (init's way); optional: serial only without it;
 *   START_SLOT_SERVICE  its endpoint; START_SLOT_NS the name service (optional).
 * Output goes to the kernel's debug console if there are no serial ports.
 */
#include "connection.h"
#include "console_server.h"
#include "output.h"
#include "program.h"
#include "proto/nameserver.h"
#include "ps2.h"
#include "stdio.h"
#include "thread_start.h"
#include "uart.h"
#include "vga_text.h"

static int bound_notification = -1;

int console_reserve_slot(void)
{
    for (int slot = START_SLOT_LAST + 1; slot < CSPACE_SLOTS; slot++) {
        if (sys_cap_identify(slot) != 0)
            continue;
        int error = sys_cap_copy(START_SLOT_SERVICE, CAP_SELF_TASK, slot);
        return error < 0 ? error : slot;
    }
    return ERR_NO_MEMORY;
}

/* Enable the listed port range that starts at @p first and covers @p count ports. */
static bool enable_ports(unsigned first, unsigned count)
{
    const struct start_cap *ports = start_cap_find(START_CAP_IO_PORTS, NULL, first);
    return ports && ports->extra >= count && sys_ioport_enable((int)ports->slot) == 0;
}

/* Signal the bound notification with @p arg's bits each time the other one is signalled. */
struct irq_forward {
    int from, to;
};
static struct irq_forward forwards[2];

static void forward_irq(void *arg)
{
    struct irq_forward *forward = arg;
    for (;;)
        if (sys_wait(forward->from) > 0)
            sys_signal(forward->to);
}

/* IRQ @p line's handler, with its notification bound to this thread (or forwarded to the
 * one that is, if init gave each IRQ a notification of its own). */
static struct console_irq take_irq(unsigned line, bool have_ports, int priority)
{
    struct console_irq irq = { 1u << line, -1 };
    const struct start_cap *cap = start_cap_find(START_CAP_IRQ, NULL, line);
    if (!cap || !have_ports)
        return irq;
    int notification = (int)cap->extra;
    if (bound_notification < 0) {
        if (sys_thread_bind_notification(CAP_SELF_THREAD, notification) < 0)
            return irq;
        bound_notification = notification;
    } else if (notification != bound_notification) {
        struct irq_forward *forward = &forwards[line == PS2_IRQ];
        forward->from = notification;
        forward->to = console_reserve_slot();
        if (forward->to < 0 || sys_cap_delete(forward->to) < 0 ||
            sys_cap_mint(bound_notification, CAP_SELF_TASK, forward->to, RIGHT_WRITE, irq.bits) < 0 ||
            thread_start(forward_irq, forward, priority) < 0) {
            printf("console: cannot forward IRQ %u\n", line);
            return irq;
        }
    }
    irq.handler = (int)cap->slot;
    return irq;
}

static void register_name(const char *name)
{
    if (sys_cap_identify(START_SLOT_NS) == 0)
        return; /* no name service: started by a test */
    unsigned words[NS_NAME_WORDS];
    rpc_pack_string(words, NS_NAME_WORDS, name);
    int result = rpc_call_long(START_SLOT_NS, NS_REGISTER, words, NS_NAME_WORDS, START_SLOT_SERVICE,
                               -1, NULL, 0, NULL);
    if (result < 0)
        printf("console: cannot register as %s: %s\n", name, error_name(result));
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const struct start_info *info = start_info();
    int priority = sys_thread_info(CAP_SELF_THREAD, THREAD_INFO_PRIORITY); /* its helpers' too */
    if (priority < 0)
        priority = PRIORITY_MIN;
    bool serial = enable_ports(UART_PORT, UART_PORT_COUNT);
    bool keyboard = enable_ports(PS2_DATA_PORT, 1) && enable_ports(PS2_STATUS_PORT, 1);
    bool crtc = enable_ports(VGA_CRTC_INDEX_PORT, VGA_CRTC_PORT_COUNT);
    const struct start_cap *vga = start_cap_find(START_CAP_DEVICE_FRAME, NULL, VGA_TEXT_PADDR);
    uint32_t screen = vga ? vga->extra : 0;
    if (vga && !screen && /* given, not mapped yet (init's way): map it ourselves */
        sys_frame_map((int)vga->slot, CAP_SELF_TASK, CONSOLE_SCREEN_ADDRESS, FRAME_MAP_WRITABLE) == 0)
        screen = CONSOLE_SCREEN_ADDRESS;
    output_init(serial, screen ? (uint16_t *)screen : NULL, crtc);
    if (serial)
        uart_init();

    struct console_irq serial_irq = take_irq(UART_IRQ, serial, priority);
    struct console_irq keyboard_irq = take_irq(PS2_IRQ, keyboard, priority);
    int error = input_init(&serial_irq, &keyboard_irq, priority);
    if (error < 0)
        printf("console: no helper thread for Ctrl-C (%s)\n", error_name(error));
    register_name(info->magic == START_INFO_MAGIC && info->name[0] ? info->name : "console");
    printf("console: serving: output to %s%s, input from %s%s (quota: %d of %d bytes used)\n",
           serial ? "serial" : "the kernel console", output_has_screen() ? " and VGA" : "",
           serial_irq.handler >= 0 ? "serial" : "nothing", keyboard_irq.handler >= 0 ? " and keyboard" : "",
           sys_debug_info(DEBUG_INFO_QUOTA_USED), sys_debug_info(DEBUG_INFO_QUOTA_LIMIT));

    static struct rpc_server server;
    server.name = "console";
    server.endpoint = START_SLOT_SERVICE;
    server.ops = console_ops;
    server.op_count = console_op_count;
    server.notified = input_notified;
    server.cap_slot = 0; /* no request takes a capability */
    rpc_serve(&server);
}
