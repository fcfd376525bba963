/*
 * fs_server.h - the file server's own declarations (servers/fs): the disk under the ext2
 * core (disk.c), the connections, open files and their capabilities (handles.c), and the
 * request handlers (requests.c for the connection's path requests, file_requests.c for
 * the open files' stream and file requests), dispatched by main.c.
 *
 * Three tables, all fixed in size:
 *  - connections: one per client badge that asked FS_MAP (the frame its paths come in);
 *    FS_DISCONNECT drops one with every file it opened; when the table is full, the least
 *    recently used connection with no open file is reused;
 *  - open files: an inode, a position, the open flags, a shared frame (STREAM_MAP), the
 *    client that opened it, and how many handles name it;
 *  - handles: each capability an open file was given as (FS_OPEN, STREAM_DUP), an
 *    endpoint minted with a badge of the server's own (FS_HANDLE_BADGE set), which tells the
 *    open file; STREAM_CLOSE deletes one, the open file goes with its last.
 * A badge's index says which entry, its generation that it is not a stale one.
 */
#ifndef ORRERY_FS_SERVER_H
#define ORRERY_FS_SERVER_H

#include "ext2.h"
#include "proto/fs.h"
#include "rpc.h"
#include "types.h"

#define FS_MAX_CONNECTIONS 32
#define FS_MAX_OPEN_FILES 128
#define FS_MAX_HANDLES 256
#define FS_MAX_OPEN_PER_CLIENT 32   /**< open files one client may hold */
/** The cache: enough for a 1 MiB file and its metadata, in blocks of either size. */
#define FS_CACHE_BYTES (1536u * 1024u)

/** Badges of handles: bit 30 set (process badges stay below 2^28), a generation, an index. */
#define FS_HANDLE_BADGE 0x40000000u
#define FS_HANDLE_INDEX_BITS 8
#define FS_HANDLE_GENERATION_MASK ((FS_HANDLE_BADGE >> FS_HANDLE_INDEX_BITS) - 1)
#define FS_IS_HANDLE(badge) (((badge) & FS_HANDLE_BADGE) != 0)

/* The server's own slots for what it mints: fixed (above the slots slot_alloc() hands
 * out, so no search). The shared frames are mapped by shared_map.h. */
#define FS_SLOT_HANDLES 2048              /**< + handle index: its minted endpoint */
#define FS_SLOT_FILE_FRAMES 2400          /**< + open file index: the client's frame copy */
#define FS_SLOT_CONNECTION_FRAMES 2600    /**< + connection index: the client's frame copy */
#define FS_RECEIVE_SLOT 2700              /**< where a request's capability would land */

struct fs_connection {
    bool used;
    unsigned badge;           /**< the client's */
    int frame;                /**< the frame (our slot), or -1 before FS_MAP */
    unsigned char *buffer;    /**< mapped here */
    unsigned last_use;        /**< for reusing the least recently used */
};

struct fs_open_file {
    bool used;
    uint32_t ino;
    uint32_t position;
    unsigned flags;           /**< FS_O_* */
    unsigned owner;           /**< the badge of the connection that opened it */
    unsigned handles;         /**< capabilities naming it */
    int frame;                /**< its shared frame (our slot), or -1 before STREAM_MAP */
    unsigned char *buffer;
};

struct fs_handle {
    bool used;
    unsigned generation;
    struct fs_open_file *file;
};

/* ---- disk.c ---- */
/** The mounted file system, or NULL (then fs_unavailable() says why). */
struct ext2_fs *fs_volume(void);
/** Why there is no file system: BLOCK_ERR_NO_DEVICE, FS_ERR_CORRUPT, ... */
int fs_unavailable(void);
/** Connect to "ata" and mount the disk; prints what it found. */
void fs_disk_start(void);

/* ---- handles.c ---- */
/** The connection of @p badge (made if new, when @p make), or NULL. */
struct fs_connection *fs_connection_of(unsigned badge, bool make);
/** The frame of @p connection, made and mapped at the first call. @return the slot of
 *  the client's copy (for the reply), or an error. */
int fs_connection_map(struct fs_connection *connection);
/** Closes every handle of the files @p connection opened, then forgets the connection. */
void fs_connection_drop(struct fs_connection *connection);
/** The open file a handle's @p badge names, or NULL. */
struct fs_open_file *fs_file_of(unsigned badge);
/** A new open file of @p ino for @p owner with its first handle. @return the handle's
 *  endpoint slot (for the reply), or an error (FS_ERR_BUSY: a table or the client's share
 *  of it is full). */
int fs_file_open(unsigned owner, uint32_t ino, unsigned flags, struct fs_open_file **file);
/** Another handle to @p file. @return its endpoint slot, or an error. */
int fs_handle_dup(struct fs_open_file *file);
/** Deletes the handle @p badge; the open file goes with its last. @return 0, ERR_NOT_FOUND. */
int fs_handle_close(unsigned badge);
/** The frame of @p file, made and mapped at the first call. @return as
 *  fs_connection_map(). */
int fs_file_map(struct fs_open_file *file);
/** Whether some open file is of inode @p ino (ext2_fs's inode_open). */
int fs_inode_is_open(void *context, uint32_t ino);

/* ---- requests.c, file_requests.c: the rpc_op handlers ---- */
int fs_handle_map(struct rpc_request *request, struct rpc_response *response);
int fs_handle_open(struct rpc_request *request, struct rpc_response *response);
int fs_handle_stat(struct rpc_request *request, struct rpc_response *response);
int fs_handle_unlink(struct rpc_request *request, struct rpc_response *response);
int fs_handle_mkdir(struct rpc_request *request, struct rpc_response *response);
int fs_handle_rmdir(struct rpc_request *request, struct rpc_response *response);
int fs_handle_rename(struct rpc_request *request, struct rpc_response *response);
int fs_handle_sync(struct rpc_request *request, struct rpc_response *response);
int fs_handle_statfs(struct rpc_request *request, struct rpc_response *response);
int fs_handle_drop_cache(struct rpc_request *request, struct rpc_response *response);
int fs_handle_disconnect(struct rpc_request *request, struct rpc_response *response);
int fs_handle_stream_map(struct rpc_request *request, struct rpc_response *response);
int fs_handle_stream_read(struct rpc_request *request, struct rpc_response *response);
int fs_handle_stream_write(struct rpc_request *request, struct rpc_response *response);
int fs_handle_stream_dup(struct rpc_request *request, struct rpc_response *response);
int fs_handle_stream_close(struct rpc_request *request, struct rpc_response *response);
int fs_handle_seek(struct rpc_request *request, struct rpc_response *response);
int fs_handle_fstat(struct rpc_request *request, struct rpc_response *response);
int fs_handle_truncate(struct rpc_request *request, struct rpc_response *response);
int fs_handle_readdir(struct rpc_request *request, struct rpc_response *response);

/** Fills @p response's words 1.. with inode @p ino's fs_stat. @return 0 or an error. */
int fs_reply_stat(struct ext2_fs *fs, uint32_t ino, struct rpc_response *response);

#endif
