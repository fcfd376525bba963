/*
 * disk.c - the file server's disk: the ext2 core's fs_device (fs_device.h) over the block
 * driver's client (servers/lib/block_client.h), and the mount at start. Runs of sectors
 * longer than the driver's shared buffer go in several requests; every byte is copied
 * once between the buffer and the cache.
 */
#include "block_client.h"
#include "fs_server.h"
#include "program.h"
#include "stdio.h"
#include "string.h"

static struct block_client disk;
static struct fs_device device;
static struct ext2_fs volume;
static bool mounted;
static int unavailable = BLOCK_ERR_NO_DEVICE;

static int disk_read(struct fs_device *dev, uint32_t sector, uint32_t count, void *buffer)
{
    (void)dev;
    uint8_t *out = buffer;
    while (count > 0) {
        unsigned run = count < BLOCK_MAX_SECTORS ? count : BLOCK_MAX_SECTORS;
        int result = block_read(&disk, sector, run);
        if (result < 0)
            return result;
        memcpy(out, disk.buffer, run * BLOCK_SECTOR_SIZE);
        out += run * BLOCK_SECTOR_SIZE;
        sector += run;
        count -= run;
    }
    return 0;
}

static int disk_write(struct fs_device *dev, uint32_t sector, uint32_t count, const void *buffer)
{
    (void)dev;
    const uint8_t *in = buffer;
    while (count > 0) {
        unsigned run = count < BLOCK_MAX_SECTORS ? count : BLOCK_MAX_SECTORS;
        memcpy(disk.buffer, in, run * BLOCK_SECTOR_SIZE);
        int result = block_write(&disk, sector, run);
        if (result < 0)
            return result;
        in += run * BLOCK_SECTOR_SIZE;
        sector += run;
        count -= run;
    }
    return 0;
}

static int disk_flush(struct fs_device *dev)
{
    (void)dev;
    return block_flush(&disk);
}

struct ext2_fs *fs_volume(void)
{
    return mounted ? &volume : NULL;
}

int fs_unavailable(void)
{
    return unavailable;
}

void fs_disk_start(void)
{
    int result = block_connect(&disk, START_SLOT_NS);
    if (result < 0) {
        unavailable = result;
        printf("fs: no disk (%s): every request will fail\n", error_name(result));
        return;
    }
    device = (struct fs_device){ disk_read, disk_write, disk_flush, NULL, disk.sectors, NULL };
    /* Cache blocks for FS_CACHE_BYTES: the block size is known only from the superblock,
     * so mount with a small cache first and again with the right one. */
    result = ext2_mount(&volume, &device, 16);
    if (result == 0) {
        uint32_t blocks = FS_CACHE_BYTES / volume.block_size;
        ext2_unmount(&volume);
        result = ext2_mount(&volume, &device, blocks);
    }
    if (result < 0) {
        unavailable = result;
        printf("fs: the disk is refused: %s (%s)\n", volume.message, error_name(result));
        return;
    }
    volume.inode_open = fs_inode_is_open;
    mounted = true;
    printf("fs: ext2 on %s: %u blocks of %u bytes, %u free; cache %u blocks\n", disk.model,
           volume.super.s_blocks_count, volume.block_size, volume.super.s_free_blocks_count,
           volume.cache.count);
}
