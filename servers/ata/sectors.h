/**
 * @file sectors.h
 * @brief Whole commands on the disk: read and write runs of sectors, flush its cache. Each
 *        checks its request before the drive sees it, arms the watchdog for
 *        ATA_COMMAND_TIMEOUT_MS, and resets the channel after a command that never ended.
 */
#ifndef ORRERY_ATA_SECTORS_H
#define ORRERY_ATA_SECTORS_H

#include "disk.h"

/**
 * Whether sectors @p first .. @p first + @p count - 1 are a request the driver takes:
 * 1 <= count <= BLOCK_MAX_SECTORS and all of them on @p disk (no overflow).
 * @return 0, BLOCK_ERR_NO_DEVICE (no disk) or ERR_INVALID.
 */
int sectors_check(const struct ata_disk *disk, uint32_t first, uint32_t count);

/**
 * Read @p count sectors from @p first on into @p buffer (count * BLOCK_SECTOR_SIZE bytes).
 * @return count, or sectors_check()'s error, BLOCK_ERR_IO or BLOCK_ERR_TIMEOUT.
 */
int sectors_read(struct ata_disk *disk, uint32_t first, uint32_t count, void *buffer);

/** Write @p count sectors from @p buffer from @p first on. @return as sectors_read(). */
int sectors_write(struct ata_disk *disk, uint32_t first, uint32_t count, const void *buffer);

/** FLUSH CACHE: once it returns 0 the drive's cache is on the medium.
 *  @return 0, BLOCK_ERR_NO_DEVICE, BLOCK_ERR_IO or BLOCK_ERR_TIMEOUT. */
int sectors_flush(struct ata_disk *disk);

#endif
