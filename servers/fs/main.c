/*
 * fs/main.c - the file server: mounts the ext2 file system on the block driver's disk
 * (disk.c), registers "fs" with the name service (even without a disk: then every request
 * fails with the reason, BLOCK_ERR_NO_DEVICE or FS_ERR_CORRUPT) and answers proto/fs.h
 * through the RPC dispatch loop. Requests on a connection name paths (requests.c); requests
 * on an open file are the stream protocol and the file's own (file_requests.c).
 */
#include "fs_server.h"
#include "program.h"
#include "proto/nameserver.h"
#include "stdio.h"
#include "syscall_stubs.h"

static const struct rpc_op fs_ops[] = {
    { FS_MAP, 0, 0, false, fs_handle_map, "map" },
    { FS_OPEN, 2, 2, false, fs_handle_open, "open" },
    { FS_STAT, 1, 1, false, fs_handle_stat, "stat" },
    { FS_UNLINK, 1, 1, false, fs_handle_unlink, "unlink" },
    { FS_MKDIR, 1, 1, false, fs_handle_mkdir, "mkdir" },
    { FS_RMDIR, 1, 1, false, fs_handle_rmdir, "rmdir" },
    { FS_RENAME, 2, 2, false, fs_handle_rename, "rename" },
    { FS_SYNC, 0, 0, false, fs_handle_sync, "sync" },
    { FS_STATFS, 0, 0, false, fs_handle_statfs, "statfs" },
    { FS_DROP_CACHE, 0, 0, false, fs_handle_drop_cache, "drop_cache" },
    { FS_DISCONNECT, 0, 0, false, fs_handle_disconnect, "disconnect" },
    { STREAM_MAP, 0, 0, false, fs_handle_stream_map, "stream_map" },
    { STREAM_READ, 1, 1, false, fs_handle_stream_read, "read" },
    { STREAM_WRITE, 1, 1, false, fs_handle_stream_write, "write" },
    { STREAM_DUP, 0, 0, false, fs_handle_stream_dup, "dup" },
    { STREAM_CLOSE, 0, 0, false, fs_handle_stream_close, "close" },
    { FS_SEEK, 2, 2, false, fs_handle_seek, "seek" },
    { FS_FSTAT, 0, 0, false, fs_handle_fstat, "fstat" },
    { FS_TRUNCATE, 1, 1, false, fs_handle_truncate, "truncate" },
    { FS_READDIR, 1, 1, false, fs_handle_readdir, "readdir" },
};

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    /* Registered first: init waits only a moment for a registration, and the disk's
     * first reads may take longer. Requests wait in the endpoint's queue meanwhile. */
    if (sys_cap_identify(START_SLOT_NS) != 0) {
        int error = ns_register(START_SLOT_NS, "fs", START_SLOT_SERVICE);
        if (error < 0)
            printf("fs: cannot register with the name service: %s\n", error_name(error));
    }
    fs_disk_start();
    static struct rpc_server server = {
        .name = "fs", .endpoint = START_SLOT_SERVICE, .ops = fs_ops,
        .op_count = sizeof fs_ops / sizeof fs_ops[0], .notified = NULL,
        .cap_slot = 0,
    };
    rpc_serve(&server);
}
