/**
 * @file pio.h
 * @brief The register-level steps of an ATA PIO command on one channel: issue a command,
 *        wait for the drive's interrupt, move one sector of data. sectors.c and disk.c
 *        build whole commands from them.
 *
 * A PIO command goes: ata_pio_issue() (the registers, then the command byte); then, for each
 * sector, the drive asks for data with DRQ and interrupts (reads: once a sector is ready;
 * writes: once it took one, the first sector excepted, for which ata_pio_wait_data polls);
 * ata_pio_wait_interrupt() waits for that interrupt and ata_pio_transfer() moves the 256
 * words. Every wait ends by the watchdog's deadline (watchdog.h) at the latest: the caller
 * arms it before ata_pio_issue().
 */
#ifndef ORRERY_ATA_PIO_H
#define ORRERY_ATA_PIO_H

#include "types.h"

/** One channel: its ports and its interrupt. */
struct ata_channel {
    uint16_t base;          /**< the command block's first port (ATA_PRIMARY_BASE) */
    uint16_t control;       /**< device control / alternate status (ATA_PRIMARY_CONTROL) */
    int irq_handler;        /**< the slot of the IRQ handler capability (sys_irq_ack) */
    int notification;       /**< the notification the IRQ and the watchdog signal */
    unsigned irq_bits;      /**< the bit the IRQ sets in it (1 << 14) */
};

/** A command as the registers take it: 28-bit LBA, master drive. */
struct ata_command {
    uint8_t command;        /**< ATA_CMD_* */
    uint32_t lba;           /**< first sector, below ATA_LBA28_LIMIT */
    unsigned count;         /**< sectors, 1..ATA_MAX_SECTORS_PER_COMMAND (256 is written as 0) */
};

/** Which way ata_pio_transfer() moves a sector. */
enum ata_direction {
    ATA_FROM_DRIVE, /**< read the data register into the buffer */
    ATA_TO_DRIVE,   /**< write the buffer to the data register */
};

/** The status, read through the alternate status port: it does not clear the drive's
 *  interrupt, and reading it four times is the 400 ns the drive needs after a command. */
uint8_t ata_pio_alt_status(const struct ata_channel *channel);

/**
 * Poll until the drive is not busy (BSY clear), until the watchdog's deadline at the latest.
 * @return the status (>= 0), or BLOCK_ERR_TIMEOUT.
 */
int ata_pio_wait_not_busy(const struct ata_channel *channel);

/**
 * Command issue (Lab 4).
 *
 * Give @p command to the master drive of @p channel: wait until the drive is not busy
 * (ata_pio_wait_not_busy), select the master with LBA addressing and LBA bits 24..27 in the
 * device register, write the sector count (256 as 0) and LBA bits 0..7, 8..15, 16..23 into
 * their registers, and last the command byte into the command register, which starts it.
 * The caller has checked the command (count and range) and armed the watchdog.
 * @return 0, or BLOCK_ERR_TIMEOUT if the drive stayed busy.
 */
int ata_pio_issue(const struct ata_channel *channel, const struct ata_command *command);

/**
 * Interrupt wait (Lab 4).
 *
 * Wait for the drive's interrupt: sys_wait() on the channel's notification until its IRQ
 * bit comes (a watchdog bit counts only if watchdog_expired()). Then read the status
 * register (which tells the drive its interrupt was seen) and acknowledge the IRQ
 * (sys_irq_ack: the kernel masked the line when it signalled). A status still BSY was a
 * stale interrupt: wait again. Any wait ends once the watchdog's deadline has passed.
 * @return the status (>= 0, BSY clear; DRQ set if a sector is to be moved), BLOCK_ERR_IO if
 *         it has ERR or DF, or BLOCK_ERR_TIMEOUT.
 */
int ata_pio_wait_interrupt(const struct ata_channel *channel);

/**
 * Data transfer (Lab 4).
 *
 * Move one sector, BLOCK_SECTOR_SIZE bytes as 256 16-bit words, through the data register:
 * from the drive into @p sector, or from @p sector to the drive. Call it only while the
 * drive asks for data (DRQ set in the status just read).
 */
void ata_pio_transfer(const struct ata_channel *channel, void *sector, enum ata_direction direction);

/**
 * Poll for the drive's first request for data after a write command (it does not
 * interrupt for the first sector), until the watchdog's deadline at the latest.
 * @return the status (DRQ set), BLOCK_ERR_IO (ERR or DF, or idle without DRQ), or
 *         BLOCK_ERR_TIMEOUT.
 */
int ata_pio_wait_data(const struct ata_channel *channel);

/** Reset both drives of the channel (SRST) after a command that never ended, and turn the
 *  drive's interrupts on. @return the status once not busy, or BLOCK_ERR_TIMEOUT. */
int ata_pio_reset(const struct ata_channel *channel);

#endif
