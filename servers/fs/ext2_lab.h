/**
 * @file ext2_lab.h
 * @brief The helpers Lab 6's holes in the ext2 core are written with (labs/lab6/README.md):
 *        given code, in the files of the core beside the holes.
 *
 * The holes are ext2_block_alloc, ext2_block_free, ext2_inode_alloc, ext2_inode_free
 * (ext2_alloc.c), ext2_bmap (ext2_bmap.c), ext2_dir_lookup and ext2_dir_insert
 * (ext2_dir.c), specified in ext2.h; their references are in solutions/lab6/fs/.
 */
#ifndef ORRERY_FS_EXT2_LAB_H
#define ORRERY_FS_EXT2_LAB_H

#include <stdint.h>
#include <string.h> /* memcpy, memcmp: for the lab files (the submission check lets them
                       include no system header themselves) */

#include "ext2.h"

/* ---- ext2_alloc.c ---------------------------------------------------------------- */

/** @brief The first clear bit of @p bitmap at or after @p start and before @p end, or
 *  @p end if there is none (bit n is bit n % 8 of byte n / 8). */
uint32_t ext2_bitmap_find_clear(const uint8_t *bitmap, uint32_t start, uint32_t end);

/** @brief Blocks in group @p group: s_blocks_per_group, but the last group may be short. */
uint32_t ext2_group_blocks(const struct ext2_fs *fs, uint32_t group);

/** @brief Whether @p block is group @p group's own metadata (its bitmaps, its inode table,
 *  the superblock and descriptor table blocks): never free, whatever a bitmap says. */
int ext2_is_group_metadata(const struct ext2_fs *fs, uint32_t group, uint32_t block);

/* ---- ext2_bmap.c ----------------------------------------------------------------- */

/**
 * @brief Allocate a block near @p goal (ext2_block_alloc()) for @p inode's map, zero it in
 *        the cache (a new indirect block must hold no block numbers), and count it in
 *        @p inode's i_blocks (512-byte sectors). The caller records it in the map.
 * @return 0; as ext2_block_alloc(); the cache's error.
 */
int ext2_bmap_alloc_zeroed(struct ext2_fs *fs, struct ext2_inode *inode, uint32_t goal,
                           uint32_t *block);

/* ---- ext2_dir.c ------------------------------------------------------------------ */

/** @brief The number of blocks of directory @p dir in @p count, checked: a directory, of a
 *  size in whole blocks. @return 0; FS_ERR_NOT_DIR; FS_ERR_CORRUPT. */
int ext2_dir_blocks(struct ext2_fs *fs, uint32_t dir_ino, const struct ext2_inode *dir,
                    uint32_t *count);

/**
 * @brief Block @p index of directory @p dir, held in the cache (give it back with
 *        ext2_cache_put(); ext2_cache_dirty() first if you changed it). Found through
 *        ext2_bmap(); a hole in a directory is corrupt.
 * @return the buffer, or NULL with the error in @p error.
 */
struct ext2_buf *ext2_dir_block(struct ext2_fs *fs, uint32_t dir_ino,
                                const struct ext2_inode *dir, uint32_t index, int *error);

/**
 * @brief Check the entry at byte @p offset of directory block @p index (@p data, the
 *        block's bytes) before you use it: its record inside the block, a multiple of 4,
 *        big enough for its header and name; its inode in range.
 * @return 0; FS_ERR_CORRUPT (fs->message says where).
 */
int ext2_dir_check_entry(struct ext2_fs *fs, uint32_t dir_ino, uint32_t index,
                         const uint8_t *data, uint32_t offset);

/** @brief Whether @p entry is in use (inode != 0) and named @p name (@p length bytes). */
int ext2_dir_name_is(const struct ext2_dirent *entry, const char *name, uint32_t length);

/** @brief Fill in @p entry: inode @p ino, record length @p rec_len, the name's @p length
 *  bytes, file type @p type (no NUL after the name). */
void ext2_dir_fill_entry(struct ext2_dirent *entry, uint16_t rec_len, const char *name,
                         uint32_t length, uint32_t ino, uint8_t type);

/** @brief Clear @p dir's hash-index flag (EXT2_INDEX_FL), writing the inode if it was set:
 *  every directory this core changes (an index it does not keep up would be stale). */
void ext2_dir_drop_index(struct ext2_fs *fs, uint32_t dir_ino, struct ext2_inode *dir);

#endif
