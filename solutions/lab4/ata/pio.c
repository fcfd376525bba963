/*
 * solutions/lab4/ata/pio.c - reference solution for Lab 4's ATA holes: command issue,
 * interrupt wait and data transfer (their contracts are in servers/ata/pio.h).
 *
 * Linked into the ATA driver in place of the stubs in servers/ata/pio.c when Lab 4 is in
 * SOLUTIONS.
 */
#include "pio.h"
#include "ata_regs.h"
#include "ports.h"
#include "proto/block.h"
#include "syscall_stubs.h"
#include "watchdog.h"

int ata_pio_issue(const struct ata_channel *channel, const struct ata_command *command)
{
    int status = ata_pio_wait_not_busy(channel);
    if (status < 0)
        return status;
    uint16_t base = channel->base;
    port_write(base + ATA_REG_DEVICE,
               (uint8_t)(ATA_DEVICE_MASTER | ATA_DEVICE_LBA | ((command->lba >> 24) & 0x0F)));
    port_write(base + ATA_REG_SECTOR_COUNT, (uint8_t)command->count); /* 256 -> 0 */
    port_write(base + ATA_REG_LBA_LOW, (uint8_t)command->lba);
    port_write(base + ATA_REG_LBA_MID, (uint8_t)(command->lba >> 8));
    port_write(base + ATA_REG_LBA_HIGH, (uint8_t)(command->lba >> 16));
    port_write(base + ATA_REG_COMMAND, command->command);
    (void)ata_pio_alt_status(channel); /* 400 ns before the status means anything */
    return 0;
}

int ata_pio_wait_interrupt(const struct ata_channel *channel)
{
    for (;;) {
        int bits = sys_wait(channel->notification);
        if (bits > 0 && ((unsigned)bits & channel->irq_bits)) {
            uint8_t status = port_read(channel->base + ATA_REG_STATUS);
            sys_irq_ack(channel->irq_handler);
            if (!(status & ATA_STATUS_BSY))
                return status & (ATA_STATUS_ERR | ATA_STATUS_DF) ? BLOCK_ERR_IO : status;
        }
        if (watchdog_expired())
            return BLOCK_ERR_TIMEOUT;
    }
}

void ata_pio_transfer(const struct ata_channel *channel, void *sector, enum ata_direction direction)
{
    if (direction == ATA_FROM_DRIVE)
        port_read_words(channel->base + ATA_REG_DATA, sector, BLOCK_SECTOR_SIZE / 2);
    else
        port_write_words(channel->base + ATA_REG_DATA, sector, BLOCK_SECTOR_SIZE / 2);
}
