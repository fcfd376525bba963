/**
 * @file ata_regs.h
 * @brief The ATA (IDE) registers of the primary channel, their bits and the commands the
 *        driver uses: the one header that owns these numbers (ATA/ATAPI-6, section 7).
 *
 * The command block is eight ports from ATA_PRIMARY_BASE, the control block one port,
 * ATA_PRIMARY_CONTROL: the manifest's `io=0x1f0+8 io=0x3f6+1`. The channel interrupts on
 * ATA_PRIMARY_IRQ (`irq=14`).
 */
#ifndef ORRERY_ATA_REGS_H
#define ORRERY_ATA_REGS_H

#define ATA_PRIMARY_BASE 0x1F0u    /**< the command block's first port */
#define ATA_PRIMARY_PORTS 8u       /**< ports in the command block */
#define ATA_PRIMARY_CONTROL 0x3F6u /**< device control (write) / alternate status (read) */
#define ATA_PRIMARY_IRQ 14u

/* Offsets in the command block. */
#define ATA_REG_DATA 0u         /**< 16-bit data (PIO transfers) */
#define ATA_REG_ERROR 1u        /**< read: what went wrong, when STATUS has ERR */
#define ATA_REG_SECTOR_COUNT 2u /**< sectors to move (0 means 256) */
#define ATA_REG_LBA_LOW 3u      /**< LBA bits 0..7 */
#define ATA_REG_LBA_MID 4u      /**< LBA bits 8..15 */
#define ATA_REG_LBA_HIGH 5u     /**< LBA bits 16..23 */
#define ATA_REG_DEVICE 6u       /**< drive select, LBA mode, LBA bits 24..27 */
#define ATA_REG_STATUS 7u       /**< read: status (reading it clears the drive's interrupt) */
#define ATA_REG_COMMAND 7u      /**< write: the command */

/* The status register (and the alternate status, which reads it without clearing INTRQ). */
#define ATA_STATUS_ERR 0x01u  /**< the last command failed (see ATA_REG_ERROR) */
#define ATA_STATUS_DRQ 0x08u  /**< the drive wants a sector of data moved */
#define ATA_STATUS_DF 0x20u   /**< device fault */
#define ATA_STATUS_DRDY 0x40u /**< the drive is ready for commands */
#define ATA_STATUS_BSY 0x80u  /**< busy: no other bit means anything */

/* The device register. */
#define ATA_DEVICE_MASTER 0xA0u /**< the master drive (bits 7 and 5 are always 1 on old drives) */
#define ATA_DEVICE_LBA 0x40u    /**< the address is an LBA, not cylinder/head/sector */

/* The device control register. */
#define ATA_CONTROL_NIEN 0x02u /**< no interrupts from the drive */
#define ATA_CONTROL_SRST 0x04u /**< software reset of both drives of the channel */

/* Commands. */
#define ATA_CMD_READ_SECTORS 0x20u  /**< PIO in, 28-bit LBA: an interrupt per sector */
#define ATA_CMD_WRITE_SECTORS 0x30u /**< PIO out: DRQ for the first, an interrupt after each */
#define ATA_CMD_FLUSH_CACHE 0xE7u   /**< write the drive's cache to the medium */
#define ATA_CMD_IDENTIFY 0xECu      /**< 256 words about the drive (ata_identify_words) */

/* IDENTIFY DEVICE's words. */
#define ATA_ID_WORDS 256u
#define ATA_ID_MODEL 27u          /**< words 27..46: the model, two characters a word */
#define ATA_ID_MODEL_WORDS 20u
#define ATA_ID_CAPABILITIES 49u   /**< bit 9: LBA supported */
#define ATA_ID_CAP_LBA 0x0200u
#define ATA_ID_LBA28_SECTORS 60u  /**< words 60..61: sectors addressable with 28-bit LBA */

/** The signature an ATAPI device (a CD-ROM) leaves in LBA mid/high when it refuses IDENTIFY. */
#define ATA_ATAPI_SIGNATURE_MID 0x14u
#define ATA_ATAPI_SIGNATURE_HIGH 0xEBu

/** The largest sector count of one command and the last sector 28-bit LBA reaches. */
#define ATA_MAX_SECTORS_PER_COMMAND 256u
#define ATA_LBA28_LIMIT 0x10000000u

#endif
