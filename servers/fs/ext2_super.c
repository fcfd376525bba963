/**
 * @file ext2_super.c
 * @brief Mounting an ext2 file system: its superblock and group descriptors read and
 *        checked field by field (a corrupt image is refused with the field named), and
 *        written back on sync.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext2.h"

int ext2_fail(struct ext2_fs *fs, int error, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(fs->message, sizeof fs->message, format, args);
    va_end(args);
    return error;
}

const char *ext2_text(struct ext2_fs *fs, const char *name, uint32_t length)
{
    uint32_t keep = length < sizeof fs->text - 4 ? length : (uint32_t)sizeof fs->text - 4;
    for (uint32_t i = 0; i < keep; i++)
        fs->text[i] = name[i] != '\0' ? name[i] : '?';
    if (keep < length)
        memcpy(fs->text + keep, "...", 3);
    fs->text[keep < length ? keep + 3 : keep] = '\0';
    return fs->text;
}

uint32_t ext2_now(struct ext2_fs *fs)
{
    if (fs->device->now != NULL)
        return fs->device->now(fs->device);
    return fs->super.s_wtime;
}

#define CORRUPT(...) ext2_fail(fs, FS_ERR_CORRUPT, __VA_ARGS__)

/** Checks the superblock alone (before anything else is read). */
static int check_super(struct ext2_fs *fs)
{
    const struct ext2_superblock *sb = &fs->super;
    if (sb->s_magic != EXT2_SUPER_MAGIC)
        return CORRUPT("not an ext2 file system: superblock magic 0x%x, not 0x%x",
                       sb->s_magic, EXT2_SUPER_MAGIC);
    if (sb->s_rev_level > 1)
        return CORRUPT("superblock: revision %u unknown (0 or 1)", sb->s_rev_level);
    if (sb->s_log_block_size > 2)
        return CORRUPT("superblock: block size 1024 << %u unsupported (1, 2 or 4 KiB)",
                       sb->s_log_block_size);
    uint32_t block_size = 1024u << sb->s_log_block_size;
    if (sb->s_rev_level == 1) {
        if (sb->s_feature_incompat & ~EXT2_SUPPORTED_INCOMPAT)
            return CORRUPT("superblock: incompatible features 0x%x not supported (ext2 only)",
                           sb->s_feature_incompat & ~EXT2_SUPPORTED_INCOMPAT);
        if (sb->s_feature_ro_compat & ~EXT2_SUPPORTED_RO_COMPAT)
            return CORRUPT("superblock: read-only features 0x%x not supported",
                           sb->s_feature_ro_compat & ~EXT2_SUPPORTED_RO_COMPAT);
        uint32_t size = sb->s_inode_size;
        if (size < EXT2_GOOD_OLD_INODE_SIZE || size > block_size || (size & (size - 1)))
            return CORRUPT("superblock: inode size %u (a power of two, 128 .. block size)", size);
        if (sb->s_first_ino < EXT2_GOOD_OLD_FIRST_INO || sb->s_first_ino > sb->s_inodes_count)
            return CORRUPT("superblock: first inode %u out of range", sb->s_first_ino);
    }
    if (sb->s_first_data_block != (block_size == 1024 ? 1u : 0u))
        return CORRUPT("superblock: first data block %u (must be %u for %u-byte blocks)",
                       sb->s_first_data_block, block_size == 1024 ? 1u : 0u, block_size);
    if (sb->s_blocks_per_group == 0 || sb->s_blocks_per_group > 8 * block_size)
        return CORRUPT("superblock: %u blocks per group (1 .. %u)", sb->s_blocks_per_group,
                       8 * block_size);
    if (sb->s_inodes_per_group == 0 || sb->s_inodes_per_group > 8 * block_size)
        return CORRUPT("superblock: %u inodes per group (1 .. %u)", sb->s_inodes_per_group,
                       8 * block_size);
    if (sb->s_blocks_count <= sb->s_first_data_block + 1)
        return CORRUPT("superblock: %u blocks is too few", sb->s_blocks_count);
    uint64_t bytes = (uint64_t)sb->s_blocks_count * block_size;
    if (bytes > (uint64_t)fs->device->sectors * FS_DEVICE_SECTOR_SIZE)
        return CORRUPT("superblock: %u blocks of %u bytes is more than the disk's %u sectors",
                       sb->s_blocks_count, block_size, fs->device->sectors);
    uint32_t groups = (sb->s_blocks_count - sb->s_first_data_block + sb->s_blocks_per_group - 1)
                      / sb->s_blocks_per_group;
    if ((uint64_t)groups * sb->s_inodes_per_group != sb->s_inodes_count)
        return CORRUPT("superblock: %u inodes is not %u groups of %u", sb->s_inodes_count,
                       groups, sb->s_inodes_per_group);
    if (sb->s_free_blocks_count > sb->s_blocks_count || sb->s_free_inodes_count > sb->s_inodes_count)
        return CORRUPT("superblock: free counts (%u blocks, %u inodes) exceed the totals",
                       sb->s_free_blocks_count, sb->s_free_inodes_count);
    if (sb->s_inodes_count < EXT2_ROOT_INO)
        return CORRUPT("superblock: %u inodes: no root directory", sb->s_inodes_count);
    fs->block_size = block_size;
    fs->group_count = groups;
    fs->inode_size = sb->s_rev_level == 0 ? EXT2_GOOD_OLD_INODE_SIZE : sb->s_inode_size;
    fs->inodes_per_block = block_size / fs->inode_size;
    fs->addresses_per_block = block_size / 4;
    fs->gdt_blocks = (groups * (uint32_t)sizeof(struct ext2_group_desc) + block_size - 1) / block_size;
    fs->itable_blocks = (sb->s_inodes_per_group + fs->inodes_per_block - 1) / fs->inodes_per_block;
    fs->has_filetype = sb->s_rev_level == 1 &&
                       (sb->s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE) != 0;
    return 0;
}

/** Checks each group descriptor: its bitmaps and inode table inside the file system and
 *  its counts within the group's size. */
static int check_groups(struct ext2_fs *fs)
{
    const struct ext2_superblock *sb = &fs->super;
    uint32_t free_blocks = 0, free_inodes = 0;
    for (uint32_t g = 0; g < fs->group_count; g++) {
        const struct ext2_group_desc *gd = &fs->groups[g];
        if (!ext2_block_valid(fs, gd->bg_block_bitmap))
            return CORRUPT("group %u: block bitmap at block %u, outside the file system",
                           g, gd->bg_block_bitmap);
        if (!ext2_block_valid(fs, gd->bg_inode_bitmap))
            return CORRUPT("group %u: inode bitmap at block %u, outside the file system",
                           g, gd->bg_inode_bitmap);
        if (!ext2_block_valid(fs, gd->bg_inode_table) ||
            gd->bg_inode_table + fs->itable_blocks > sb->s_blocks_count ||
            gd->bg_inode_table + fs->itable_blocks < gd->bg_inode_table)
            return CORRUPT("group %u: inode table at block %u runs past the file system",
                           g, gd->bg_inode_table);
        if (gd->bg_free_blocks_count > sb->s_blocks_per_group ||
            gd->bg_free_inodes_count > sb->s_inodes_per_group ||
            gd->bg_used_dirs_count > sb->s_inodes_per_group)
            return CORRUPT("group %u: counts (%u free blocks, %u free inodes, %u directories) "
                           "exceed the group", g, gd->bg_free_blocks_count,
                           gd->bg_free_inodes_count, gd->bg_used_dirs_count);
        free_blocks += gd->bg_free_blocks_count;
        free_inodes += gd->bg_free_inodes_count;
    }
    /* The superblock's totals are only hints in Linux; here they must agree, since
     * statfs answers them and every allocation keeps both. */
    if (free_blocks != sb->s_free_blocks_count || free_inodes != sb->s_free_inodes_count)
        return CORRUPT("superblock free counts (%u blocks, %u inodes) disagree with the "
                       "groups' (%u, %u)", sb->s_free_blocks_count, sb->s_free_inodes_count,
                       free_blocks, free_inodes);
    return 0;
}

static int check_root(struct ext2_fs *fs)
{
    struct ext2_inode root;
    int result = ext2_inode_read(fs, EXT2_ROOT_INO, &root);
    if (result < 0)
        return result;
    if ((root.i_mode & EXT2_S_IFMT) != EXT2_S_IFDIR || root.i_links_count == 0)
        return CORRUPT("inode 2, the root, is not a directory (mode 0x%x)", root.i_mode);
    return 0;
}

int ext2_mount(struct ext2_fs *fs, struct fs_device *device, uint32_t cache_blocks)
{
    memset(fs, 0, sizeof *fs);
    fs->device = device;
    if (device->sectors < (EXT2_SUPERBLOCK_OFFSET + EXT2_SUPERBLOCK_SIZE) / FS_DEVICE_SECTOR_SIZE)
        return CORRUPT("the disk (%u sectors) is too small for a superblock", device->sectors);
    int result = device->read(device, EXT2_SUPERBLOCK_OFFSET / FS_DEVICE_SECTOR_SIZE,
                              EXT2_SUPERBLOCK_SIZE / FS_DEVICE_SECTOR_SIZE, &fs->super);
    if (result < 0)
        return ext2_fail(fs, result, "reading the superblock failed (%d)", result);
    if ((result = check_super(fs)) < 0)
        return result;
    if (fs->super.s_first_data_block + 1 + fs->gdt_blocks > fs->super.s_blocks_count)
        return CORRUPT("superblock: the group descriptors run past the file system");
    fs->groups = malloc((size_t)fs->gdt_blocks * fs->block_size);
    if (fs->groups == NULL)
        return ext2_fail(fs, ERR_NO_MEMORY, "no memory for %u group descriptors", fs->group_count);
    uint32_t per_block = fs->block_size / FS_DEVICE_SECTOR_SIZE;
    result = device->read(device, (fs->super.s_first_data_block + 1) * per_block,
                          fs->gdt_blocks * per_block, fs->groups);
    if (result < 0) {
        ext2_fail(fs, result, "reading the group descriptors failed (%d)", result);
        goto fail;
    }
    if ((result = check_groups(fs)) < 0)
        goto fail;
    if (cache_blocks < 16)
        cache_blocks = 16;
    if ((result = ext2_cache_init(&fs->cache, device, fs->block_size, cache_blocks)) < 0) {
        ext2_fail(fs, result, "no memory for a cache of %u blocks", cache_blocks);
        goto fail;
    }
    if ((result = check_root(fs)) < 0) {
        ext2_cache_fini(&fs->cache);
        goto fail;
    }
    return 0;
fail:
    free(fs->groups);
    fs->groups = NULL;
    return result;
}

/** Copies the in-memory superblock and descriptors into their cached blocks. */
static int write_meta(struct ext2_fs *fs)
{
    int error = 0;
    uint32_t block = EXT2_SUPERBLOCK_OFFSET / fs->block_size;
    struct ext2_buf *buffer = ext2_cache_get(&fs->cache, block, &error);
    if (buffer == NULL)
        return error;
    fs->super.s_wtime = ext2_now(fs);
    memcpy(buffer->data + EXT2_SUPERBLOCK_OFFSET % fs->block_size, &fs->super, sizeof fs->super);
    ext2_cache_dirty(buffer);
    ext2_cache_put(&fs->cache, buffer);
    uint32_t bytes = fs->group_count * (uint32_t)sizeof(struct ext2_group_desc);
    for (uint32_t i = 0; i < fs->gdt_blocks; i++) {
        buffer = ext2_cache_get(&fs->cache, fs->super.s_first_data_block + 1 + i, &error);
        if (buffer == NULL)
            return error;
        uint32_t offset = i * fs->block_size;
        uint32_t length = bytes - offset < fs->block_size ? bytes - offset : fs->block_size;
        memcpy(buffer->data, (uint8_t *)fs->groups + offset, length);
        ext2_cache_dirty(buffer);
        ext2_cache_put(&fs->cache, buffer);
    }
    fs->meta_dirty = 0;
    return 0;
}

int ext2_sync(struct ext2_fs *fs)
{
    if (fs->meta_dirty) {
        int result = write_meta(fs);
        if (result < 0)
            return ext2_fail(fs, result, "writing the superblock back failed (%d)", result);
    }
    int result = ext2_cache_sync(&fs->cache);
    if (result < 0)
        return ext2_fail(fs, result, "writing the cache back failed (%d)", result);
    return 0;
}

int ext2_unmount(struct ext2_fs *fs)
{
    int result = ext2_sync(fs);
    ext2_cache_fini(&fs->cache);
    free(fs->groups);
    fs->groups = NULL;
    return result;
}

void ext2_statfs(struct ext2_fs *fs, uint32_t *block_size, uint32_t *blocks,
                 uint32_t *free_blocks, uint32_t *inodes, uint32_t *free_inodes)
{
    *block_size = fs->block_size;
    *blocks = fs->super.s_blocks_count;
    *free_blocks = fs->super.s_free_blocks_count;
    *inodes = fs->super.s_inodes_count;
    *free_inodes = fs->super.s_free_inodes_count;
}
