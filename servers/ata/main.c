/*
 * main.c - the ATA block driver (servers/ata, registered as "ata"): its start, from the
 * capabilities its manifest line gives, and its receive loop (proto/block.h).
 *
 * Given (start_info.h; init makes them from `irq=14 io=0x1f0+8 io=0x3f6+1`):
 *   START_CAP_IO_PORTS  ATA_PRIMARY_BASE+8 (the command block), ATA_PRIMARY_CONTROL+1;
 *   START_CAP_IRQ       ATA_PRIMARY_IRQ, with the notification it signals (the first
 *                       irq= is taken, whatever its line);
 *   START_SLOT_SERVICE  its endpoint; START_SLOT_NS the name service.
 * One thread serves the requests one at a time, in the order they come, and waits for the
 * drive itself (sys_wait on the IRQ's notification, not bound to the thread); the watchdog
 * thread ends any wait that lasts past a command's deadline. Without the ports or the IRQ,
 * or without a disk, the driver still registers, and answers BLOCK_ERR_NO_DEVICE.
 */
#include "ata_regs.h"
#include "ata_server.h"
#include "program.h"
#include "proto/nameserver.h"
#include "slot.h"
#include "stdio.h"
#include "watchdog.h"

struct ata_disk ata_disk;

/* Enable the listed port range that starts at @p first and covers @p count ports. */
static bool enable_ports(unsigned first, unsigned count)
{
    const struct start_cap *ports = start_cap_find(START_CAP_IO_PORTS, NULL, first);
    return ports && ports->extra >= count && sys_ioport_enable((int)ports->slot) == 0;
}

/* The channel's IRQ handler and notification, and the watchdog on a badged copy of it.
 * @return 0, or what is missing. */
static const char *take_channel(struct ata_channel *channel, int priority)
{
    if (!enable_ports(ATA_PRIMARY_BASE, ATA_PRIMARY_PORTS) || !enable_ports(ATA_PRIMARY_CONTROL, 1))
        return "no I/O ports 0x1f0+8 and 0x3f6+1";
    /* The channel's line is ATA_PRIMARY_IRQ; the manifest's irq= is taken as it is, so that
     * a test can give another (one that never comes: the watchdog's test). */
    const struct start_cap *irq = start_cap_find(START_CAP_IRQ, NULL, 0);
    if (!irq || irq->value > 31)
        return "no IRQ (irq=14)";
    channel->base = ATA_PRIMARY_BASE;
    channel->control = ATA_PRIMARY_CONTROL;
    channel->irq_handler = (int)irq->slot;
    channel->notification = (int)irq->extra;
    channel->irq_bits = 1u << irq->value;
    int timeout = slot_alloc();
    if (timeout < 0 ||
        sys_cap_mint(channel->notification, CAP_SELF_TASK, timeout, RIGHT_WRITE, WATCHDOG_BIT) < 0 ||
        watchdog_init(timeout, priority) < 0)
        return "no watchdog (slot, notification or thread)";
    return NULL;
}

static void report(const char *missing, int found)
{
    if (missing)
        printf("ata: %s: no disk\n", missing);
    else if (found == BLOCK_ERR_NO_DEVICE)
        printf("ata: no disk on the primary channel\n");
    else if (found < 0)
        printf("ata: the disk did not identify itself (%s): no disk\n", error_name(found));
    else
        printf("ata: disk \"%s\", %u sectors (%u KiB)\n", ata_disk.model, (unsigned)ata_disk.sectors,
               (unsigned)(ata_disk.sectors / 2));
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const struct start_info *info = start_info();
    int priority = sys_thread_info(CAP_SELF_THREAD, THREAD_INFO_PRIORITY);
    if (priority < 0)
        priority = PRIORITY_MIN;
    const char *missing = take_channel(&ata_disk.channel, priority);
    /* Registered before the disk is identified: init waits only a moment for a server to
     * register, and IDENTIFY may take up to its timeout. Requests that come meanwhile wait
     * in the endpoint's queue, and are served in order once the disk is known. */
    const char *name = info->magic == START_INFO_MAGIC && info->name[0] ? info->name : "ata";
    if (sys_cap_identify(START_SLOT_NS) != 0) {
        int result = ns_register(START_SLOT_NS, name, START_SLOT_SERVICE);
        if (result < 0)
            printf("ata: cannot register as %s: %s\n", name, error_name(result));
    }
    int found = missing ? BLOCK_ERR_NO_DEVICE : disk_identify(&ata_disk);
    report(missing, found);
    static struct rpc_server server;
    server.name = "ata";
    server.endpoint = START_SLOT_SERVICE;
    server.ops = ata_ops;
    server.op_count = ata_op_count;
    server.notified = NULL; /* the IRQ's notification is waited on, not bound */
    server.cap_slot = 0;    /* no request carries a capability */
    rpc_serve(&server);
}
