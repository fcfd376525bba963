/**
 * @file proto/fs.h
 * @brief The file server's protocol (servers/fs, registered as "fs"): an ext2 file system
 *        on the block driver, its files opened as stream connections.
 *
 * Two kinds of capability reach the file server:
 *  - a **connection**: what a lookup of "fs" gives (its badge tells the clients apart). On it
 *    go the requests that name a path. Paths are absolute ("/home/student/README"; the
 *    client library resolves relative ones against its working directory), at most
 *    FS_PATH_MAX bytes, and travel in the connection's shared frame (FS_MAP, once): the
 *    request carries only their lengths.
 *  - an **open file** (or directory): what FS_OPEN answers, a capability of its own. It
 *    speaks proto/stream.h, so a program given an open file as its standard output (the
 *    shell's `>`) writes to it as to the console: STREAM_MAP gives its shared frame,
 *    STREAM_READ and STREAM_WRITE move bytes at the file's position and advance it (or, for
 *    FS_O_APPEND, write at the end), STREAM_DUP gives a second capability to the same open
 *    file (the same position, as Unix's shared open file descriptions), and STREAM_CLOSE
 *    drops one; the file is closed when its last capability is. The labels below add what
 *    only files have: seek, stat, truncate, directory listing.
 *
 * Sizes and positions are 32-bit (ext2 revision 1 without large files: at most 2 GiB).
 * Every write is in the server's block cache when the reply comes; FS_SYNC returns once the
 * cache and the disk's own are on the medium.
 */
#ifndef ORRERY_PROTO_FS_H
#define ORRERY_PROTO_FS_H

#include "proto/errors.h"
#include "proto/stream.h"

#define FS_PATH_MAX 1024u       /**< bytes of a path, without a terminating NUL */
#define FS_NAME_MAX 255u        /**< bytes of one name (ext2's limit) */
#define FS_BUFFER_SIZE 4096u    /**< a connection's or an open file's shared frame */

/** FS_OPEN's flags (word 0). */
#define FS_O_READ 0x01u      /**< STREAM_READ allowed */
#define FS_O_WRITE 0x02u     /**< STREAM_WRITE and FS_TRUNCATE allowed */
#define FS_O_CREATE 0x04u    /**< create a regular file if the path names nothing */
#define FS_O_EXCL 0x08u      /**< with FS_O_CREATE: ERR_EXISTS if it exists */
#define FS_O_TRUNC 0x10u     /**< with FS_O_WRITE: cut the file to 0 bytes */
#define FS_O_APPEND 0x20u    /**< with FS_O_WRITE: every write goes at the end */
#define FS_O_DIRECTORY 0x40u /**< the path must be a directory (for FS_READDIR) */

/** FS_SEEK's whence (word 1). */
#define FS_SEEK_SET 0u
#define FS_SEEK_CUR 1u
#define FS_SEEK_END 2u

/** The file types of fs_stat's mode (ext2's i_mode high bits) and of a directory entry. */
#define FS_MODE_TYPE_MASK 0xF000u
#define FS_MODE_FILE 0x8000u
#define FS_MODE_DIR 0x4000u
#define FS_MODE_SYMLINK 0xA000u
#define FS_DIRENT_FILE 1u      /**< ext2's EXT2_FT_REG_FILE */
#define FS_DIRENT_DIR 2u       /**< EXT2_FT_DIR */
#define FS_DIRENT_SYMLINK 7u   /**< EXT2_FT_SYMLINK */

/** What FS_STAT and FS_FSTAT answer, in reply words 1 .. FS_STAT_WORDS. */
struct fs_stat {
    unsigned int inode;   /**< the inode number */
    unsigned int mode;    /**< type and permission bits, as ext2's i_mode */
    unsigned int size;    /**< bytes */
    unsigned int links;   /**< hard links */
    unsigned int mtime;   /**< last modification, seconds since 1970 */
    unsigned int blocks;  /**< 512-byte sectors allocated, as ext2's i_blocks */
};
#define FS_STAT_WORDS (sizeof(struct fs_stat) / sizeof(unsigned int))

/** What FS_STATFS answers, in reply words 1 .. FS_STATFS_WORDS. */
struct fs_statfs {
    unsigned int block_size;   /**< bytes in a block (1024 or 4096) */
    unsigned int blocks;       /**< blocks in the file system */
    unsigned int free_blocks;
    unsigned int inodes;
    unsigned int free_inodes;
};
#define FS_STATFS_WORDS (sizeof(struct fs_statfs) / sizeof(unsigned int))

/** One directory entry as FS_READDIR packs them into the open file's shared frame: a
 *  header, the name's bytes, no NUL, the next entry at the next multiple of 4. */
struct fs_dirent {
    unsigned int inode;
    unsigned short record_length; /**< bytes from this entry to the next */
    unsigned char name_length;
    unsigned char type;           /**< FS_DIRENT_* (0: unknown) */
    /* char name[name_length] follows */
};

enum fs_label {
    /** On a connection. words: none. Reply: cap = the connection's shared frame (writable),
     *  where the client puts paths. Again: a copy of the same frame. */
    FS_MAP = RPC_BASE_FS + 1,
    /** On a connection. words: [flags, path_length]; the path at the start of the frame.
     *  Reply: cap = the open file; result 0; words 1..: its fs_stat.
     *  ERR_NOT_FOUND (no such file, without FS_O_CREATE), ERR_EXISTS, FS_ERR_NOT_DIR,
     *  FS_ERR_IS_DIR (FS_O_WRITE on a directory), FS_ERR_NAME, FS_ERR_NO_SPACE,
     *  FS_ERR_BUSY (too many open files), ERR_INVALID (bad flags). */
    FS_OPEN = RPC_BASE_FS + 2,
    /** On a connection. words: [path_length]. Result 0; words 1..: the fs_stat. */
    FS_STAT = RPC_BASE_FS + 3,
    /** On a connection. words: [path_length]. Removes a name of a file (not a directory:
     *  FS_ERR_IS_DIR); the inode is freed with its last link and its last open file. */
    FS_UNLINK = RPC_BASE_FS + 4,
    /** On a connection. words: [path_length]. Makes an empty directory (ERR_EXISTS). */
    FS_MKDIR = RPC_BASE_FS + 5,
    /** On a connection. words: [path_length]. Removes an empty directory
     *  (FS_ERR_NOT_EMPTY, FS_ERR_NOT_DIR; never / itself: ERR_INVALID). */
    FS_RMDIR = RPC_BASE_FS + 6,
    /** On a connection. words: [old_length, new_length]; the old path then the new one,
     *  back to back, at the start of the frame. Replaces a file at the new path; a
     *  directory only replaces an empty one; a directory into its own subtree: FS_ERR_BUSY. */
    FS_RENAME = RPC_BASE_FS + 7,
    /** On a connection. words: none. Writes every dirty block back and flushes the disk.
     *  Result 0, or the block driver's error. */
    FS_SYNC = RPC_BASE_FS + 8,
    /** On a connection. words: none. Result 0; words 1..: the fs_statfs. */
    FS_STATFS = RPC_BASE_FS + 9,
    /** On a connection. words: none. FS_SYNC, then forgets every cached block, so that the
     *  next reads come from the disk (for benchmarks and tests of a cold cache). */
    FS_DROP_CACHE = RPC_BASE_FS + 10,
    /** On a connection. words: none. Ends the connection: every open file it opened is
     *  closed (each of their capabilities then means nothing) and its frame is forgotten;
     *  the client library sends it as its program ends, so that the server's tables never
     *  fill with the files of programs gone. STREAM_CLOSE on a connection does the same.
     *  (When the table of connections is full, the least recently used one that holds no
     *  open file is ended so.) ERR_NOT_FOUND: no such connection. */
    FS_DISCONNECT = RPC_BASE_FS + 11,
    /** On an open file. words: [offset, whence] (offset signed). Result: the new position
     *  (ERR_INVALID before 0 or past FS limits). */
    FS_SEEK = RPC_BASE_FS + 16,
    /** On an open file. words: none. Result 0; words 1..: its fs_stat. */
    FS_FSTAT = RPC_BASE_FS + 17,
    /** On an open file (FS_O_WRITE). words: [size]. Cuts or extends (with zeros) to size. */
    FS_TRUNCATE = RPC_BASE_FS + 18,
    /** On an open directory. words: [cookie] (0: from the start). Packs as many entries as
     *  fit into the open file's shared frame (fs_dirent). Result: the number packed (0: no
     *  more); word 1: the cookie to continue from. FS_ERR_NOT_DIR on a regular file. */
    FS_READDIR = RPC_BASE_FS + 19,
};

#endif
