/*
 * pio.c - the register-level steps of an ATA PIO command (pio.h): issue, interrupt wait,
 * data transfer, and the bounded polls around them.
 *
 * ata_pio_issue, ata_pio_wait_interrupt and ata_pio_transfer are Lab 4's holes
 * (labs/lab4/README.md, exercises 3 to 5); the reference is solutions/lab4/ata/pio.c.
 */
#include "lab_hole.h"
#include "pio.h"
#include "ata_regs.h"
#include "ports.h"
#include "proto/block.h"
#include "syscall_stubs.h"
#include "watchdog.h"

/* How many polls between two looks at the watchdog's clock (each is a system call). */
#define POLLS_PER_CLOCK_LOOK 64u

uint8_t ata_pio_alt_status(const struct ata_channel *channel)
{
    for (int i = 0; i < 3; i++)
        (void)port_read(channel->control);
    return port_read(channel->control);
}

int ata_pio_wait_not_busy(const struct ata_channel *channel)
{
    for (unsigned polls = 1;; polls++) {
        uint8_t status = ata_pio_alt_status(channel);
        if (!(status & ATA_STATUS_BSY))
            return status;
        if (polls % POLLS_PER_CLOCK_LOOK == 0) {
            if (watchdog_expired())
                return BLOCK_ERR_TIMEOUT;
            sys_yield();
        }
    }
}

LAB_HOLE int ata_pio_issue(const struct ata_channel *channel, const struct ata_command *command)
{
    (void)channel, (void)command;
    lab_hole_missing(4, "ata_pio_issue");
    return BLOCK_ERR_IO;
}

LAB_HOLE int ata_pio_wait_interrupt(const struct ata_channel *channel)
{
    (void)channel;
    lab_hole_missing(4, "ata_pio_wait_interrupt");
    return BLOCK_ERR_IO;
}

LAB_HOLE void ata_pio_transfer(const struct ata_channel *channel, void *sector, enum ata_direction direction)
{
    (void)channel, (void)sector, (void)direction;
    lab_hole_missing(4, "ata_pio_transfer");
}

int ata_pio_wait_data(const struct ata_channel *channel)
{
    for (unsigned polls = 1;; polls++) {
        uint8_t status = ata_pio_alt_status(channel);
        if (!(status & ATA_STATUS_BSY)) {
            if (status & (ATA_STATUS_ERR | ATA_STATUS_DF))
                return BLOCK_ERR_IO;
            return status & ATA_STATUS_DRQ ? status : BLOCK_ERR_IO;
        }
        if (polls % POLLS_PER_CLOCK_LOOK == 0) {
            if (watchdog_expired())
                return BLOCK_ERR_TIMEOUT;
            sys_yield();
        }
    }
}

int ata_pio_reset(const struct ata_channel *channel)
{
    port_write(channel->control, ATA_CONTROL_SRST);
    (void)ata_pio_alt_status(channel); /* SRST must stay set at least 5 us */
    (void)ata_pio_alt_status(channel);
    port_write(channel->control, 0); /* interrupts on (nIEN clear) */
    (void)ata_pio_alt_status(channel);
    return ata_pio_wait_not_busy(channel);
}
