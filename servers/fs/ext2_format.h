/**
 * @file ext2_format.h
 * @brief ext2's on-disk layout (revision 1), as Linux's ext2_fs.h and e2fsprogs define it:
 *        the superblock, the group descriptors, the inode and the directory entry.
 *
 * The disk is a run of blocks (1 KiB or 4 KiB). Block 0 holds the boot sector (and, with
 * 4 KiB blocks, the superblock at byte 1024); the blocks after the first data block are
 * split into groups, each with a block bitmap, an inode bitmap and a slice of the inode
 * table. The group descriptor table follows the superblock. Every field is little-endian,
 * as is the i386, so the structures are read and written as they lie in a block.
 */
#ifndef ORRERY_FS_EXT2_FORMAT_H
#define ORRERY_FS_EXT2_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define EXT2_SUPER_MAGIC 0xEF53u
#define EXT2_SUPERBLOCK_OFFSET 1024u   /**< bytes from the start of the disk */
#define EXT2_SUPERBLOCK_SIZE 1024u
#define EXT2_ROOT_INO 2u               /**< the root directory's inode */
#define EXT2_GOOD_OLD_FIRST_INO 11u    /**< first inode not reserved (revision 0) */
#define EXT2_GOOD_OLD_INODE_SIZE 128u
#define EXT2_NAME_LEN 255u

/** i_block[]: 12 direct blocks, then one indirect, one double- and one triple-indirect. */
#define EXT2_NDIR_BLOCKS 12u
#define EXT2_IND_BLOCK 12u
#define EXT2_DIND_BLOCK 13u
#define EXT2_TIND_BLOCK 14u
#define EXT2_N_BLOCKS 15u

/** Feature bits the core knows. Compatible features need nothing from it; an unknown
 *  incompatible or read-only-compatible one makes it refuse the image. */
#define EXT2_FEATURE_INCOMPAT_FILETYPE 0x0002u
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001u
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE 0x0002u
#define EXT2_SUPPORTED_INCOMPAT EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_SUPPORTED_RO_COMPAT (EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | \
                                  EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

/** s_state */
#define EXT2_VALID_FS 0x0001u
#define EXT2_ERROR_FS 0x0002u

/** i_mode's type bits. */
#define EXT2_S_IFMT 0xF000u
#define EXT2_S_IFREG 0x8000u
#define EXT2_S_IFDIR 0x4000u
#define EXT2_S_IFLNK 0xA000u

/** i_flags: a directory indexed by a hash tree. The core reads such a directory as a plain
 *  one (the tree's blocks look like empty entries) and clears the flag when it changes it,
 *  as Linux's ext2 does, so that e2fsck does not find a stale index. */
#define EXT2_INDEX_FL 0x00001000u

/** A directory entry's file type (with the filetype feature). */
#define EXT2_FT_UNKNOWN 0u
#define EXT2_FT_REG_FILE 1u
#define EXT2_FT_DIR 2u
#define EXT2_FT_SYMLINK 7u
#define EXT2_FT_MAX 8u

/** The superblock: 1024 bytes at byte 1024 of the disk. */
struct ext2_superblock {
    uint32_t s_inodes_count;
    uint32_t s_blocks_count;
    uint32_t s_r_blocks_count;
    uint32_t s_free_blocks_count;
    uint32_t s_free_inodes_count;
    uint32_t s_first_data_block;
    uint32_t s_log_block_size;    /**< block size = 1024 << s_log_block_size */
    uint32_t s_log_frag_size;
    uint32_t s_blocks_per_group;
    uint32_t s_frags_per_group;
    uint32_t s_inodes_per_group;
    uint32_t s_mtime;
    uint32_t s_wtime;
    uint16_t s_mnt_count;
    uint16_t s_max_mnt_count;
    uint16_t s_magic;
    uint16_t s_state;
    uint16_t s_errors;
    uint16_t s_minor_rev_level;
    uint32_t s_lastcheck;
    uint32_t s_checkinterval;
    uint32_t s_creator_os;
    uint32_t s_rev_level;
    uint16_t s_def_resuid;
    uint16_t s_def_resgid;
    /* revision 1 */
    uint32_t s_first_ino;
    uint16_t s_inode_size;
    uint16_t s_block_group_nr;
    uint32_t s_feature_compat;
    uint32_t s_feature_incompat;
    uint32_t s_feature_ro_compat;
    uint8_t s_uuid[16];
    char s_volume_name[16];
    char s_last_mounted[64];
    uint32_t s_algorithm_usage_bitmap;
    uint8_t s_prealloc_blocks;
    uint8_t s_prealloc_dir_blocks;
    uint16_t s_reserved_gdt_blocks;
    uint8_t s_journal_uuid[16];
    uint32_t s_journal_inum;
    uint32_t s_journal_dev;
    uint32_t s_last_orphan;
    uint32_t s_hash_seed[4];
    uint8_t s_def_hash_version;
    uint8_t s_jnl_backup_type;
    uint16_t s_desc_size;
    uint32_t s_default_mount_opts;
    uint32_t s_first_meta_bg;
    uint32_t s_mkfs_time;
    uint32_t s_jnl_blocks[17];
    uint32_t s_blocks_count_hi;
    uint32_t s_r_blocks_count_hi;
    uint32_t s_free_blocks_hi;
    uint16_t s_min_extra_isize;
    uint16_t s_want_extra_isize;  /**< what new inodes' i_extra_isize should be */
    uint8_t s_rest[EXT2_SUPERBLOCK_SIZE - 0x160];
};

/** One group's descriptor: where its bitmaps and inode table are, and its free counts. */
struct ext2_group_desc {
    uint32_t bg_block_bitmap;
    uint32_t bg_inode_bitmap;
    uint32_t bg_inode_table;
    uint16_t bg_free_blocks_count;
    uint16_t bg_free_inodes_count;
    uint16_t bg_used_dirs_count;
    uint16_t bg_flags;
    uint32_t bg_reserved[3];
};

/** An inode's first 128 bytes (revision 1 inodes may be larger: the rest is kept as is). */
struct ext2_inode {
    uint16_t i_mode;
    uint16_t i_uid;
    uint32_t i_size;
    uint32_t i_atime;
    uint32_t i_ctime;
    uint32_t i_mtime;
    uint32_t i_dtime;
    uint16_t i_gid;
    uint16_t i_links_count;
    uint32_t i_blocks;      /**< 512-byte sectors held, indirect blocks included */
    uint32_t i_flags;
    uint32_t i_osd1;
    uint32_t i_block[EXT2_N_BLOCKS];
    uint32_t i_generation;
    uint32_t i_file_acl;
    uint32_t i_size_high;   /**< regular files with large_file; i_dir_acl otherwise */
    uint32_t i_faddr;
    uint8_t i_osd2[12];
};

/** A directory entry's fixed part; the name (no NUL) follows, the next entry is
 *  rec_len bytes on. Entries never cross a block; inode 0 marks an unused one. */
struct ext2_dirent {
    uint32_t inode;
    uint16_t rec_len;
    uint8_t name_len;
    uint8_t file_type;
    char name[];
};

#define EXT2_DIRENT_HEADER 8u
/** The bytes an entry with a name of @p name_len needs (4-byte aligned). */
#define EXT2_DIRENT_SIZE(name_len) ((EXT2_DIRENT_HEADER + (name_len) + 3u) & ~3u)

_Static_assert(offsetof(struct ext2_superblock, s_magic) == 56, "ext2 superblock layout");
_Static_assert(offsetof(struct ext2_superblock, s_first_ino) == 84, "ext2 superblock layout");
_Static_assert(offsetof(struct ext2_superblock, s_uuid) == 104, "ext2 superblock layout");
_Static_assert(offsetof(struct ext2_superblock, s_reserved_gdt_blocks) == 206, "ext2 superblock layout");
_Static_assert(offsetof(struct ext2_superblock, s_jnl_blocks) == 0x10C, "ext2 superblock layout");
_Static_assert(offsetof(struct ext2_superblock, s_want_extra_isize) == 0x15E, "ext2 superblock layout");
_Static_assert(sizeof(struct ext2_superblock) == EXT2_SUPERBLOCK_SIZE, "ext2 superblock size");
_Static_assert(sizeof(struct ext2_group_desc) == 32, "ext2 group descriptor size");
_Static_assert(sizeof(struct ext2_inode) == EXT2_GOOD_OLD_INODE_SIZE, "ext2 inode size");

#endif
