/**
 * @file ext2tool_fuzz.c
 * @brief `ext2tool IMAGE fuzz SEED ROUNDS`: the core against damaged images. The image is
 *        read into memory once; its metadata blocks (superblock, group descriptors, bitmaps,
 *        inode tables, every directory block and indirect block) are listed from a sound
 *        mount; then each round flips a few random bytes of them in a fresh copy, mounts it
 *        and, if the mount is accepted, reads every file and directory and makes, writes,
 *        renames and removes some. Any error is fine; a crash (ASan/UBSan) or a hang is not.
 *        The image file itself is never written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext2.h"
#include "ext2tool.h"

#define FUZZ_CACHE_BLOCKS 32u
#define FUZZ_MAX_METADATA 4096u
#define FUZZ_MAX_ENTRIES 400u   /**< entries a round visits at most */

struct memory_disk {
    uint8_t *bytes;
};

static int memory_read(struct fs_device *device, uint32_t sector, uint32_t count, void *buffer)
{
    struct memory_disk *disk = device->context;
    if (sector > device->sectors || count > device->sectors - sector)
        return BLOCK_ERR_IO;
    memcpy(buffer, disk->bytes + (size_t)sector * FS_DEVICE_SECTOR_SIZE,
           (size_t)count * FS_DEVICE_SECTOR_SIZE);
    return 0;
}

static int memory_write(struct fs_device *device, uint32_t sector, uint32_t count,
                        const void *buffer)
{
    struct memory_disk *disk = device->context;
    if (sector > device->sectors || count > device->sectors - sector)
        return BLOCK_ERR_IO;
    memcpy(disk->bytes + (size_t)sector * FS_DEVICE_SECTOR_SIZE, buffer,
           (size_t)count * FS_DEVICE_SECTOR_SIZE);
    return 0;
}

static uint64_t random_state;

static uint32_t random_next(void)
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return (uint32_t)(random_state >> 11);
}

struct metadata {
    uint32_t blocks[FUZZ_MAX_METADATA];
    uint32_t count;
};

static void add_block(struct metadata *meta, uint32_t block)
{
    if (block != 0 && meta->count < FUZZ_MAX_METADATA)
        meta->blocks[meta->count++] = block;
}

/** Lists the map blocks of @p inode, and all its blocks if it is a directory. */
static void add_inode_blocks(struct ext2_fs *fs, struct metadata *meta, uint32_t ino,
                             struct ext2_inode *inode)
{
    if (!ext2_inode_has_map(fs, inode))
        return;
    add_block(meta, inode->i_block[EXT2_IND_BLOCK]);
    add_block(meta, inode->i_block[EXT2_DIND_BLOCK]);
    if ((inode->i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR)
        for (uint32_t i = 0; i < inode->i_size / fs->block_size; i++) {
            uint32_t block;
            if (ext2_bmap(fs, ino, inode, i, 0, &block) == 0)
                add_block(meta, block);
        }
}

/** Lists the tree under directory @p ino (the sound image: no loop). */
static void walk_metadata(struct ext2_fs *fs, struct metadata *meta, uint32_t ino, int depth)
{
    struct ext2_inode dir;
    if (depth > 16 || ext2_inode_read(fs, ino, &dir) < 0)
        return;
    add_inode_blocks(fs, meta, ino, &dir);
    uint32_t cookie = 0;
    struct ext2_dir_entry entry;
    while (ext2_dir_next(fs, ino, &dir, &cookie, &entry) == 1) {
        if (!strcmp(entry.name, ".") || !strcmp(entry.name, ".."))
            continue;
        struct ext2_inode inode;
        if (ext2_inode_read(fs, entry.inode, &inode) < 0)
            continue;
        if ((inode.i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR)
            walk_metadata(fs, meta, entry.inode, depth + 1);
        else
            add_inode_blocks(fs, meta, entry.inode, &inode);
    }
}

static void list_metadata(struct ext2_fs *fs, struct metadata *meta)
{
    meta->count = 0;
    add_block(meta, EXT2_SUPERBLOCK_OFFSET / fs->block_size);
    for (uint32_t i = 0; i < fs->gdt_blocks; i++)
        add_block(meta, fs->super.s_first_data_block + 1 + i);
    for (uint32_t g = 0; g < fs->group_count; g++) {
        add_block(meta, fs->groups[g].bg_block_bitmap);
        add_block(meta, fs->groups[g].bg_inode_bitmap);
        for (uint32_t i = 0; i < fs->itable_blocks && i < 64; i++)
            add_block(meta, fs->groups[g].bg_inode_table + i);
    }
    walk_metadata(fs, meta, EXT2_ROOT_INO, 0);
}

/** Reads the tree under @p ino (bounded: a damaged image may have loops). */
static void exercise_read(struct ext2_fs *fs, uint32_t ino, int depth, uint32_t *visits)
{
    struct ext2_inode dir;
    if (depth > 8 || ext2_inode_read(fs, ino, &dir) < 0)
        return;
    static uint8_t data[8192];
    uint32_t cookie = 0;
    struct ext2_dir_entry entry;
    while (*visits < FUZZ_MAX_ENTRIES && ext2_dir_next(fs, ino, &dir, &cookie, &entry) == 1) {
        (*visits)++;
        if (!strcmp(entry.name, ".") || !strcmp(entry.name, ".."))
            continue;
        struct ext2_inode inode;
        if (ext2_inode_read(fs, entry.inode, &inode) < 0)
            continue;
        if ((inode.i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR) {
            exercise_read(fs, entry.inode, depth + 1, visits);
        } else if ((inode.i_mode & EXT2_S_IFMT) == EXT2_S_IFREG) {
            for (uint32_t offset = 0; offset < 65536u;) {
                int got = ext2_file_read(fs, entry.inode, &inode, offset, data, sizeof data);
                if (got <= 0)
                    break;
                offset += (uint32_t)got;
            }
        }
    }
}

#define PATH(p) p, (uint32_t)(sizeof p - 1)

static void exercise_write(struct ext2_fs *fs)
{
    static uint8_t data[20000];
    memset(data, 0x5A, sizeof data);
    uint32_t ino;
    struct ext2_inode inode;
    if (ext2_create(fs, PATH("/fuzz.txt"), &ino) == 0 && ext2_inode_read(fs, ino, &inode) == 0) {
        ext2_file_write(fs, ino, &inode, 0, data, sizeof data);
        ext2_file_truncate(fs, ino, &inode, 3000);
    }
    ext2_mkdir(fs, PATH("/fuzzdir"));
    ext2_rename(fs, PATH("/fuzz.txt"), PATH("/fuzzdir/moved.txt"));
    uint32_t visits = 0;
    exercise_read(fs, EXT2_ROOT_INO, 0, &visits);
    ext2_unlink(fs, PATH("/fuzzdir/moved.txt"));
    ext2_rmdir(fs, PATH("/fuzzdir"));
    ext2_unlink(fs, PATH("/home/student/README"));
    ext2_rename(fs, PATH("/etc"), PATH("/etc2"));
}

int tool_fuzz(const char *image, const char *seed_text, const char *rounds_text)
{
    FILE *file = fopen(image, "rb");
    if (file == NULL) {
        fprintf(stderr, "ext2tool: %s: cannot open\n", image);
        return 1;
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    uint8_t *original = malloc((size_t)size), *work = malloc((size_t)size);
    if (!original || !work || fread(original, 1, (size_t)size, file) != (size_t)size) {
        fprintf(stderr, "ext2tool: %s: cannot read\n", image);
        return 1;
    }
    fclose(file);
    random_state = strtoull(seed_text, NULL, 0) * 2654435761u + 88172645463325252ull;
    long rounds = strtol(rounds_text, NULL, 0);
    struct memory_disk disk = { work };
    struct fs_device device = { memory_read, memory_write, NULL, tool_now,
                                (uint32_t)(size / FS_DEVICE_SECTOR_SIZE), &disk };
    struct ext2_fs fs;
    static struct metadata meta;
    memcpy(work, original, (size_t)size);
    if (ext2_mount(&fs, &device, FUZZ_CACHE_BLOCKS) < 0) {
        fprintf(stderr, "ext2tool: %s: the unflipped image does not mount: %s\n", image, fs.message);
        return 1;
    }
    list_metadata(&fs, &meta);
    uint32_t block_size = fs.block_size;
    ext2_unmount(&fs);
    long mounted = 0, corrupt = 0;
    for (long round = 0; round < rounds; round++) {
        memcpy(work, original, (size_t)size);
        uint32_t flips = 1 + random_next() % 8;
        for (uint32_t i = 0; i < flips; i++) {
            uint32_t block = meta.blocks[random_next() % meta.count];
            size_t at = (size_t)block * block_size + random_next() % block_size;
            if (at < (size_t)size)
                work[at] ^= (uint8_t)(1u << (random_next() % 8));
        }
        if (ext2_mount(&fs, &device, FUZZ_CACHE_BLOCKS) < 0) {
            corrupt++;
            continue;
        }
        mounted++;
        uint32_t visits = 0;
        exercise_read(&fs, EXT2_ROOT_INO, 0, &visits);
        exercise_write(&fs);
        ext2_unmount(&fs);
    }
    printf("fuzz: %ld rounds over %u metadata blocks: %ld refused at mount, %ld mounted and "
           "exercised\n", rounds, meta.count, corrupt, mounted);
    free(original);
    free(work);
    return 0;
}
