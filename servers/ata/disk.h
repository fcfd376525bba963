/**
 * @file disk.h
 * @brief The disk on the primary channel's master: whether there is one, its size and its
 *        model, found once at start (disk_identify) with IDENTIFY DEVICE.
 */
#ifndef ORRERY_ATA_DISK_H
#define ORRERY_ATA_DISK_H

#include "pio.h"
#include "proto/block.h"
#include "types.h"

/** The longest a command (IDENTIFY included) may take before it fails with
 *  BLOCK_ERR_TIMEOUT, in guest time. */
#define ATA_COMMAND_TIMEOUT_MS 30000u

struct ata_disk {
    struct ata_channel channel;
    bool present;        /**< an ATA disk answered IDENTIFY */
    uint32_t sectors;    /**< its size (28-bit LBA: at most ATA_LBA28_LIMIT) */
    char model[BLOCK_MODEL_WORDS * 4 + 1]; /**< IDENTIFY's model, spaces trimmed, NUL padded */
};

/**
 * Find the master drive of @p disk's channel and identify it: a floating or empty bus (no
 * drive), a drive whose registers do not keep what is written to them, an ATAPI device (a
 * CD-ROM refuses IDENTIFY with its signature), or one without LBA is no disk. Fills
 * present, sectors and model.
 * @return 0 if there is a disk; BLOCK_ERR_NO_DEVICE, BLOCK_ERR_IO or BLOCK_ERR_TIMEOUT.
 */
int disk_identify(struct ata_disk *disk);

#endif
