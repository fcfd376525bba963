/**
 * @file fs_device.h
 * @brief The one thing the ext2 core needs from below: a disk of 512-byte sectors to read
 *        and write. The guest server implements it over the block driver
 *        (servers/lib/block_client.h), the host tool ext2tool over an image file, so the
 *        same core runs in both and the host tests judge what the guest will do.
 */
#ifndef ORRERY_FS_DEVICE_H
#define ORRERY_FS_DEVICE_H

#include <stdint.h>

#define FS_DEVICE_SECTOR_SIZE 512u /**< bytes in a sector */

/** A disk. Every function returns 0 or a negative error (proto/errors.h's BLOCK_ERR_*). */
struct fs_device {
    /** Read @p count sectors from @p sector on into @p buffer. */
    int (*read)(struct fs_device *device, uint32_t sector, uint32_t count, void *buffer);
    /** Write @p count sectors from @p buffer at @p sector on. */
    int (*write)(struct fs_device *device, uint32_t sector, uint32_t count, const void *buffer);
    /** Wait until every write is on the medium (may be NULL: nothing to do). */
    int (*flush)(struct fs_device *device);
    /** The time now in seconds since 1970, for inode times (may be NULL: the
     *  superblock's last write time is used). */
    uint32_t (*now)(struct fs_device *device);
    uint32_t sectors;       /**< the disk's size */
    void *context;          /**< the implementation's own */
};

#endif
