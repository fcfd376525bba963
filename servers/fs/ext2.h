/**
 * @file ext2.h
 * @brief The ext2 core: a mounted file system and every operation on it, in pure C over a
 *        fs_device (fs_device.h), so that the guest server (servers/fs/main.c) and the host
 *        tool (ext2tool.c) run the same code.
 *
 * Files of the core, one concept each:
 *  - ext2_super.c: mounting (the superblock and group descriptors checked), statfs,
 *    writing the superblock and descriptors back, sync, errors;
 *  - ext2_cache.c: the block cache;
 *  - ext2_inode.c: reading and writing inodes;
 *  - ext2_bmap.c: a file's block map (direct, indirect, double-indirect) and freeing it;
 *  - ext2_alloc.c: block and inode allocation in the bitmaps;
 *  - ext2_dir.c: directory entries: lookup, insert, remove, listing;
 *  - ext2_path.c: paths to inodes;
 *  - ext2_file.c: reading, writing and truncating a file's bytes;
 *  - ext2_ops.c: create, unlink, mkdir, rmdir, rename, stat.
 *
 * Errors are negative numbers (abi/errors.h, proto/errors.h); each failing call also
 * leaves a sentence in fs->message naming what went wrong (for a corrupt image: where).
 * A corrupt image gives FS_ERR_CORRUPT and is never written to on the strength of what was
 * found inconsistent.
 */
#ifndef ORRERY_FS_EXT2_H
#define ORRERY_FS_EXT2_H

#include <stdint.h>

#include "abi/errors.h"
#include "ext2_cache.h"
#include "ext2_format.h"
#include "fs_device.h"
#include "proto/errors.h"

/** The largest file the core makes: sizes are 32-bit and signed in the protocol. */
#define EXT2_MAX_FILE_SIZE 0x7FFFFFFFu

/** A mounted file system. */
struct ext2_fs {
    struct fs_device *device;
    struct ext2_cache cache;
    struct ext2_superblock super;   /**< the superblock, as in memory (written on sync) */
    struct ext2_group_desc *groups; /**< every group's descriptor (written on sync) */
    uint32_t block_size;
    uint32_t group_count;
    uint32_t gdt_blocks;            /**< blocks of the group descriptor table */
    uint32_t inode_size;
    uint32_t inodes_per_block;
    uint32_t addresses_per_block;   /**< block numbers in an indirect block */
    uint32_t itable_blocks;         /**< blocks of one group's inode table */
    int has_filetype;               /**< directory entries carry a file type */
    int meta_dirty;                 /**< superblock or descriptors changed since sync */
    uint32_t alloc_hint;            /**< the block after the last one allocated */
    /** Whether inode @p ino is open (its blocks stay when its last link goes); NULL: never. */
    int (*inode_open)(void *context, uint32_t ino);
    void *inode_open_context;
    char message[200];              /**< what the last failing call found wrong */
    char text[64];                  /**< ext2_text()'s copy of a name */
};

/* ---- ext2_super.c ---------------------------------------------------------------- */

/**
 * @brief Mount the ext2 file system on @p device: read and check its superblock and group
 *        descriptors and make a cache of @p cache_blocks blocks.
 * @return 0; FS_ERR_CORRUPT (not ext2, or inconsistent: fs->message says which field),
 *         the device's error, or ERR_NO_MEMORY. On error nothing is left to unmount.
 */
int ext2_mount(struct ext2_fs *fs, struct fs_device *device, uint32_t cache_blocks);

/**
 * @brief Write everything back (ext2_sync()) and free the mount's memory.
 * @return as ext2_sync().
 */
int ext2_unmount(struct ext2_fs *fs);

/**
 * @brief Write the superblock, the group descriptors and every dirty block to the disk and
 *        flush it.
 * @return 0, or the device's error.
 */
int ext2_sync(struct ext2_fs *fs);

/** @brief The free and total counts, as proto/fs.h's fs_statfs. */
void ext2_statfs(struct ext2_fs *fs, uint32_t *block_size, uint32_t *blocks,
                 uint32_t *free_blocks, uint32_t *inodes, uint32_t *free_inodes);

/**
 * @brief Record why a call fails in fs->message (printf-style) and return @p error.
 */
int ext2_fail(struct ext2_fs *fs, int error, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/** @brief @p length bytes of @p name as a NUL-terminated string for a message (cut at 60
 *  bytes, a NUL inside shown as '?'); valid until the next call. */
const char *ext2_text(struct ext2_fs *fs, const char *name, uint32_t length);

/** @brief Whether @p block is a block of the file system's data area. */
static inline int ext2_block_valid(const struct ext2_fs *fs, uint32_t block)
{
    return block >= fs->super.s_first_data_block && block < fs->super.s_blocks_count;
}

/** @brief Seconds since 1970 for inode times. */
uint32_t ext2_now(struct ext2_fs *fs);

/* ---- ext2_inode.c ---------------------------------------------------------------- */

/**
 * @brief Read inode @p ino's first 128 bytes into @p inode.
 * @return 0; FS_ERR_CORRUPT (ino out of range); the device's error.
 */
int ext2_inode_read(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode);

/** @brief Write @p inode back as inode @p ino (bytes past the first 128 are kept).
 *  @return as ext2_inode_read(). */
int ext2_inode_write(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *inode);

/**
 * @brief Write a fresh inode @p ino of @p mode: no blocks, one link (two for a
 *        directory's caller to set), times now; the whole on-disk inode zeroed first.
 * @return as ext2_inode_read().
 */
int ext2_inode_init(struct ext2_fs *fs, uint32_t ino, uint16_t mode, struct ext2_inode *inode);

/**
 * @brief Whether @p inode's i_block[] is a block map: regular files, directories and
 *        symbolic links too long for i_block itself hold blocks; a short ("fast") symbolic
 *        link keeps its target there, a device file its number.
 */
int ext2_inode_has_map(const struct ext2_fs *fs, const struct ext2_inode *inode);

/* ---- ext2_bmap.c ----------------------------------------------------------------- */

/**
 * @brief The file block map: the disk block that holds block @p file_block of the file
 *        whose inode is @p inode (number @p ino).
 *
 * Blocks 0..11 are in i_block[0..11]; the next addresses_per_block through the indirect
 * block i_block[12]; the next addresses_per_block^2 through the double-indirect block
 * i_block[13] (a block of indirect blocks). With @p create, a missing block (and any
 * missing indirect block on the way, zeroed) is allocated near the file's other blocks,
 * recorded in the map and counted in i_blocks; the caller writes @p inode back.
 *
 * @param[out] block the disk block, or 0 for a hole (only without @p create).
 * @return 0; FS_ERR_TOO_BIG (past the double-indirect blocks); FS_ERR_CORRUPT (a map entry
 *         outside the file system); FS_ERR_NO_SPACE; the device's error.
 */
int ext2_bmap(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode, uint32_t file_block,
              int create, uint32_t *block);

/**
 * @brief Free every block of the file from block @p keep on (and the indirect blocks no
 *        longer needed), updating i_block and i_blocks; the caller writes @p inode back.
 * @return 0; FS_ERR_CORRUPT; the device's error.
 */
int ext2_bmap_truncate(struct ext2_fs *fs, struct ext2_inode *inode, uint32_t keep);

/* ---- ext2_alloc.c ---------------------------------------------------------------- */

/**
 * @brief Allocate a free block, as near after @p goal as the bitmaps allow: set its bit in
 *        its group's block bitmap, take one from the group's and the superblock's free
 *        counts.
 * @param[out] block the block allocated (its bytes are not cleared).
 * @return 0; FS_ERR_NO_SPACE; FS_ERR_CORRUPT (a bitmap that disagrees with its count, or
 *         a free bit on a group's own metadata); the device's error.
 */
int ext2_block_alloc(struct ext2_fs *fs, uint32_t goal, uint32_t *block);

/** @brief Give @p block back: clear its bit, add one to the free counts.
 *  @return 0; FS_ERR_CORRUPT (out of range, or already free); the device's error. */
int ext2_block_free(struct ext2_fs *fs, uint32_t block);

/**
 * @brief Allocate a free inode, in @p parent's group if it has one (else the next group
 *        that has): set its bit in the inode bitmap, take one from the free counts, and
 *        for a directory add one to the group's used-directories count.
 * @param[out] ino the inode allocated (not initialised: see ext2_inode_init()).
 * @return 0; FS_ERR_NO_SPACE; FS_ERR_CORRUPT; the device's error.
 */
int ext2_inode_alloc(struct ext2_fs *fs, uint32_t parent, int is_dir, uint32_t *ino);

/** @brief Give inode @p ino back (the counts as ext2_inode_alloc() took them).
 *  @return as ext2_block_free(). */
int ext2_inode_free(struct ext2_fs *fs, uint32_t ino, int is_dir);

/* ---- ext2_dir.c ------------------------------------------------------------------ */

/** One directory entry, as ext2_dir_next() gives it. */
struct ext2_dir_entry {
    uint32_t inode;
    uint8_t type;               /**< EXT2_FT_* (0 without the filetype feature) */
    uint8_t name_length;
    char name[EXT2_NAME_LEN + 1]; /**< NUL-terminated */
};

/**
 * @brief Directory lookup: find @p name (@p length bytes, no NUL needed) in directory
 *        @p dir (inode number @p dir_ino), every block of it.
 * @param[out] ino the inode the entry names.
 * @return 0; ERR_NOT_FOUND; FS_ERR_CORRUPT (an entry with a bad record length, a name past
 *         its record, an inode number out of range, a hole in the directory).
 */
int ext2_dir_lookup(struct ext2_fs *fs, uint32_t dir_ino, const struct ext2_inode *dir,
                    const char *name, uint32_t length, uint32_t *ino);

/**
 * @brief Directory insertion: add the entry @p name -> @p ino (of file type @p type) to
 *        directory @p dir, in the first gap big enough (an unused entry, or the slack at
 *        the end of an entry's record), or in a new block added to the directory. The
 *        caller has checked that @p name is not there already; writes @p dir back if it
 *        grew.
 * @return 0; FS_ERR_NO_SPACE; FS_ERR_TOO_BIG; FS_ERR_CORRUPT; the device's error.
 */
int ext2_dir_insert(struct ext2_fs *fs, uint32_t dir_ino, struct ext2_inode *dir,
                    const char *name, uint32_t length, uint32_t ino, uint8_t type);

/**
 * @brief Remove the entry @p name from @p dir: its record joins the previous entry's (or,
 *        first in its block, it is marked unused).
 * @param[out] ino the inode it named.
 * @return 0; ERR_NOT_FOUND; FS_ERR_CORRUPT; the device's error.
 */
int ext2_dir_remove(struct ext2_fs *fs, uint32_t dir_ino, struct ext2_inode *dir,
                    const char *name, uint32_t length, uint32_t *ino);

/**
 * @brief The entry at or after byte @p *cookie of directory @p dir; advances @p *cookie
 *        past it.
 * @return 1 (an entry), 0 (no more), or an error as ext2_dir_lookup().
 */
int ext2_dir_next(struct ext2_fs *fs, uint32_t dir_ino, const struct ext2_inode *dir,
                  uint32_t *cookie, struct ext2_dir_entry *entry);

/** @brief 1 if @p dir has no entries besides "." and "..", 0 if it has; or an error. */
int ext2_dir_is_empty(struct ext2_fs *fs, uint32_t dir_ino, const struct ext2_inode *dir);

/**
 * @brief Give the new directory @p ino its first block with "." and ".." (-> @p parent);
 *        sets its size; writes @p dir back.
 * @return 0; FS_ERR_NO_SPACE; the device's error.
 */
int ext2_dir_init(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *dir, uint32_t parent);

/** @brief The inode directory @p dir's ".." names (checked to be its first block's second
 *  entry), in @p parent. @return 0; FS_ERR_CORRUPT; the device's error. */
int ext2_dir_parent(struct ext2_fs *fs, uint32_t dir_ino, const struct ext2_inode *dir,
                    uint32_t *parent);

/** @brief Point directory @p dir's ".." at @p parent. @return as ext2_dir_parent(). */
int ext2_dir_set_parent(struct ext2_fs *fs, uint32_t dir_ino, struct ext2_inode *dir,
                        uint32_t parent);

/** @brief The directory-entry type of an inode's mode (EXT2_FT_*, 0 without the filetype
 *  feature). */
uint8_t ext2_dir_type_of(const struct ext2_fs *fs, uint16_t mode);

/* ---- ext2_path.c ----------------------------------------------------------------- */

/**
 * @brief The inode an absolute path names. Each directory passed through is checked to be
 *        a directory whose ".." names the directory it was found in (so a directory linked
 *        twice, a loop in the tree, is refused rather than walked).
 * @param path @p length bytes (no NUL needed), starting with '/'.
 * @return 0; ERR_NOT_FOUND; FS_ERR_NOT_DIR; FS_ERR_NAME (not absolute, a NUL in it, a name
 *         over 255 bytes); FS_ERR_CORRUPT.
 */
int ext2_path_lookup(struct ext2_fs *fs, const char *path, uint32_t length, uint32_t *ino);

/**
 * @brief The directory that would hold @p path's last name, and that name.
 * @param[out] parent the directory's inode.
 * @param[out] name where in @p path the last name starts; @p name_length its bytes.
 * @return as ext2_path_lookup(); FS_ERR_NAME too when the path has no last name ("/") or
 *         it is "." or "..".
 */
int ext2_path_parent(struct ext2_fs *fs, const char *path, uint32_t length, uint32_t *parent,
                     const char **name, uint32_t *name_length);

/* ---- ext2_file.c ----------------------------------------------------------------- */

/**
 * @brief Read up to @p length bytes of file @p ino at @p offset into @p buffer (holes read
 *        as zeros), straight from the cached blocks.
 * @return the bytes read (0 at or past the end), or an error as ext2_bmap().
 */
int ext2_file_read(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode, uint32_t offset,
                   void *buffer, uint32_t length);

/**
 * @brief Write @p length bytes from @p buffer into file @p ino at @p offset, allocating
 *        blocks as needed, growing the size, setting mtime; writes the inode back.
 * @return the bytes written (fewer if the disk filled up midway), or an error.
 */
int ext2_file_write(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
                    uint32_t offset, const void *buffer, uint32_t length);

/**
 * @brief Make file @p ino @p size bytes long: blocks past the end are freed, a partial last
 *        block's tail zeroed; a longer size leaves a hole (reads as zeros). Writes the inode.
 * @return 0, or an error.
 */
int ext2_file_truncate(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
                       uint32_t size);

/* ---- ext2_ops.c ------------------------------------------------------------------ */

/**
 * @brief Make an empty regular file at @p path.
 * @param[out] ino its inode.
 * @return 0; ERR_EXISTS; errors of ext2_path_parent(), of the allocators and of
 *         ext2_dir_insert().
 */
int ext2_create(struct ext2_fs *fs, const char *path, uint32_t length, uint32_t *ino);

/** @brief Make an empty directory at @p path. @return as ext2_create(). */
int ext2_mkdir(struct ext2_fs *fs, const char *path, uint32_t length);

/**
 * @brief Remove the name @p path of a file (not a directory: FS_ERR_IS_DIR). With its last
 *        link the inode and its blocks are freed, unless it is open (fs->inode_open): then
 *        by ext2_release() when it is closed.
 * @return 0, or an error as ext2_path_parent() and ext2_dir_remove().
 */
int ext2_unlink(struct ext2_fs *fs, const char *path, uint32_t length);

/** @brief Remove the empty directory @p path. @return 0; FS_ERR_NOT_EMPTY; FS_ERR_NOT_DIR;
 *  ERR_INVALID for "/"; errors as ext2_unlink(). */
int ext2_rmdir(struct ext2_fs *fs, const char *path, uint32_t length);

/**
 * @brief Move @p old_path to @p new_path, replacing a file there (or an empty directory,
 *        if the old one is a directory too).
 * @return 0; ERR_NOT_FOUND; FS_ERR_IS_DIR (a file onto a directory); FS_ERR_NOT_DIR (a
 *         directory onto a file); FS_ERR_NOT_EMPTY (onto a directory with entries);
 *         FS_ERR_BUSY (a directory into its own subtree); errors as ext2_path_parent().
 */
int ext2_rename(struct ext2_fs *fs, const char *old_path, uint32_t old_length,
                const char *new_path, uint32_t new_length);

/**
 * @brief Free inode @p ino and its blocks if it has no link left (a file unlinked while
 *        open, at its last close).
 * @return 0, or an error.
 */
int ext2_release(struct ext2_fs *fs, uint32_t ino);

#endif
