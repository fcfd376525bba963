/*
 * start_server.c - start one server of the manifest: its task from its program, exactly
 * the capabilities its line lists, its start information and IPC buffer (start_info.h).
 */
#include "elf_spawn.h"
#include "init.h"
#include "proto/nameserver.h"
#include "start_info.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"

static struct start_info start_page; /* written into the new task, then reused */

/* What the server's capability space gets, and where. */
struct building {
    int task;
    unsigned next_slot;
    struct start_info *info;
    int notification;           /* our copy of the IRQs' notification, or -1 */
    unsigned notification_slot; /* its slot in the server, or 0 before the first irq= */
};

static int list_cap(struct building *b, enum start_cap_kind kind, unsigned slot, unsigned value,
                    unsigned extra)
{
    if (b->info->cap_count >= START_MAX_CAPS)
        return ERR_NO_MEMORY;
    b->info->caps[b->info->cap_count++] =
        (struct start_cap){ .kind = (unsigned)kind, .slot = slot, .value = value, .extra = extra };
    return 0;
}

/* Copy the capability in our @p slot to the server's next slot, and delete ours. */
static int hand_over(struct building *b, int slot, unsigned *where)
{
    *where = b->next_slot++;
    int result = sys_cap_copy(slot, b->task, (int)*where);
    sys_cap_delete(slot);
    return result;
}

/* irq=N: the handler of line N. Every irq= of a server signals one notification (made with
 * the first), unbadged, so line N sets bit 1 << N: one bound notification serves them all. */
static int give_irq(struct building *b, unsigned irq)
{
    if (b->notification_slot == 0) {
        int notification = sys_notification_create();
        if (notification < 0)
            return notification;
        b->notification = notification; /* ours, until build() is done */
        int result = sys_cap_copy(notification, b->task, (int)b->next_slot);
        if (result < 0)
            return result;
        b->notification_slot = b->next_slot++;
    }
    int handler = sys_irq_handler_create(CAP_ROOT_IRQ_CONTROL, irq, b->notification);
    if (handler < 0)
        return handler;
    unsigned handler_slot;
    int result = hand_over(b, handler, &handler_slot);
    return result < 0 ? result : list_cap(b, START_CAP_IRQ, handler_slot, irq, b->notification_slot);
}

/* io=FIRST+COUNT. */
static int give_ports(struct building *b, unsigned first, unsigned count)
{
    int ports = sys_ioport_create(CAP_ROOT_IO_CONTROL, first, count);
    if (ports < 0)
        return ports;
    unsigned slot;
    int result = hand_over(b, ports, &slot);
    return result < 0 ? result : list_cap(b, START_CAP_IO_PORTS, slot, first, count);
}

/* vga: the VGA text screen's page of device memory, as a frame the server maps itself
 * (a mapping belongs to the capability that made it, so init cannot map it for the server
 * and give the capability away). Listed with extra = 0: not mapped yet. */
static int give_vga(struct building *b)
{
    int frame = sys_device_frame_create(CAP_ROOT_IO_CONTROL, INIT_VGA_TEXT_PADDR);
    if (frame < 0)
        return frame;
    unsigned slot;
    int result = hand_over(b, frame, &slot);
    return result < 0 ? result : list_cap(b, START_CAP_DEVICE_FRAME, slot, INIT_VGA_TEXT_PADDR, 0);
}

static int give_caps(struct building *b, const struct manifest_service *s, const char **what)
{
    for (unsigned i = 0; i < s->cap_count; i++) {
        const struct manifest_cap *cap = &s->caps[i];
        int result = 0;
        switch (cap->kind) {
        case MANIFEST_CAP_IRQ:
            *what = "irq= (irq_handler_create)";
            result = give_irq(b, cap->value);
            break;
        case MANIFEST_CAP_IO:
            *what = "io= (ioport_create)";
            result = give_ports(b, cap->value, cap->count);
            break;
        case MANIFEST_CAP_VGA:
            *what = "vga (device_frame_create)";
            result = give_vga(b);
            break;
        }
        if (result < 0)
            return result;
    }
    return 0;
}

_Static_assert(MANIFEST_MAX_SERVICES <= START_MAX_SERVICES && MANIFEST_NAME_MAX <= START_NAME_MAX,
               "every service fits in a start information's services");

static void write_start_info(const struct manifest_service *s, int priority, struct start_info *info)
{
    memset(info, 0, sizeof *info);
    info->magic = START_INFO_MAGIC;
    strlcpy(info->name, s->name, sizeof info->name);
    info->priority = (unsigned)priority;
    info->argc = 1;
    info->argv_offsets[0] = 0;
    strlcpy(info->args, s->program, sizeof info->args);
    info->process_priority = init_manifest.processes_line ? init_manifest.processes_priority
                                                          : PRIORITY_DEFAULT;
    /* Who is who: each service by the badge of its line, the one init mints it below. */
    for (unsigned i = 0; i < init_manifest.service_count && i < START_MAX_SERVICES; i++) {
        strlcpy(info->services[i].name, init_manifest.services[i].name, START_NAME_MAX);
        info->services[i].badge = NS_BADGE_SERVER(i);
    }
    info->service_count = init_manifest.service_count;
}

/* Everything but the thread's start; the caller cleans up on an error. */
static int build(unsigned index, int priority, int service_endpoint, int ns_mint, int thread,
                 struct building *b, const char **what)
{
    const struct manifest_service *s = &init_manifest.services[index];
    write_start_info(s, priority, b->info);
    int result;
    *what = "its endpoint (cap_copy)";
    if ((result = sys_cap_copy(service_endpoint, b->task, START_SLOT_SERVICE)) < 0)
        return result;
    if ((result = list_cap(b, START_CAP_ENDPOINT, START_SLOT_SERVICE, 0, 0)) < 0)
        return result;
    *what = "its name-service capability (cap_mint)";
    if (ns_mint >= 0 &&
        (result = sys_cap_mint(ns_mint, b->task, START_SLOT_NS, RIGHT_WRITE, NS_BADGE_SERVER(index))) < 0)
        return result;
    if ((result = give_caps(b, s, what)) < 0)
        return result;
    *what = "its start information (task_map_anon, task_write)";
    if ((result = sys_task_map_anon(b->task, START_INFO_ADDRESS, 1, 0)) < 0 ||
        (result = sys_task_write(b->task, START_INFO_ADDRESS, b->info, sizeof *b->info)) < 0)
        return result;
    *what = "its IPC buffer (task_map_anon, thread_set_ipc_buffer)";
    if ((result = sys_task_map_anon(b->task, START_IPC_BUFFER_ADDRESS, 1, MAP_WRITABLE)) < 0 ||
        (result = sys_thread_set_ipc_buffer(thread, START_IPC_BUFFER_ADDRESS)) < 0)
        return result;
    return 0;
}

/* init's priority (both its threads have the same): the kernel refuses to set one above it, and setting it to
 * itself changes nothing, so the highest that succeeds, from the top, is it. */
static int own_priority(void)
{
    int priority = PRIORITY_MAX;
    while (priority > PRIORITY_MIN && sys_thread_set_priority(CAP_SELF_THREAD, priority) != 0)
        priority--;
    return priority;
}

/* The line's priority, or init's own if it is lower: no thread may give a thread more than
 * its own (kernel/sys_thread.c), so a server cannot run above the thread that starts it. */
static int priority_for(const struct manifest_service *s)
{
    int own = own_priority();
    if ((int)s->priority <= own)
        return (int)s->priority;
    printf("init: manifest line %u: %s asks for priority %u, above init's own %d (no thread may "
           "give more than its own): it runs at %d\n", s->line, s->name, s->priority, own, own);
    return own;
}

int start_server(unsigned index, unsigned quota, int service_endpoint, int ns_mint,
                 struct started_server *out, const char **what)
{
    const struct manifest_service *s = &init_manifest.services[index];
    const struct user_boot_module *module = boot_module(init_boot_info, s->program);
    *what = "its program (elf_spawn_suspended)";
    if (!module)
        return ERR_NOT_FOUND;
    int task, thread, priority = priority_for(s);
    int result = elf_spawn_suspended((const void *)module->address, module->size, s->name, quota,
                                     priority, &task, &thread);
    if (result < 0)
        return result;
    struct building b = { .task = task, .next_slot = START_SLOT_LAST + 1, .info = &start_page,
                          .notification = -1 };
    result = build(index, priority, service_endpoint, ns_mint, thread, &b, what);
    if (b.notification >= 0)
        sys_cap_delete(b.notification);
    if (result == 0) {
        *what = "its thread (thread_resume)";
        result = sys_thread_resume(thread);
    }
    if (result < 0) {
        sys_cap_delete(thread);
        sys_cap_delete(task);
        return result;
    }
    out->task = task;
    out->thread = thread;
    return 0;
}
