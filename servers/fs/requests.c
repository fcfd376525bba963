/*
 * requests.c - the file server's requests on a connection (proto/fs.h): the ones that name
 * paths, which the client puts in the connection's shared frame, and sync, statfs,
 * drop-cache and disconnect. Every length is checked before a byte of the frame is read,
 * and the path is copied out first, so that a client changing its frame meanwhile changes
 * nothing.
 */
#include "fs_server.h"
#include "string.h"

#define FS_O_ALL (FS_O_READ | FS_O_WRITE | FS_O_CREATE | FS_O_EXCL | FS_O_TRUNC | \
                  FS_O_APPEND | FS_O_DIRECTORY)

static char path_copy[FS_BUFFER_SIZE];

/* The file system, or why there is none. */
static int volume_of(struct ext2_fs **fs)
{
    *fs = fs_volume();
    return *fs ? 0 : fs_unavailable();
}

/* Copies @p length bytes from the caller's frame at @p offset. */
static int take_path(const struct rpc_request *request, unsigned offset, unsigned length,
                     const char **path)
{
    struct fs_connection *connection = fs_connection_of(request->badge, false);
    if (!connection || !connection->buffer)
        return ERR_INVALID;               /* FS_MAP first */
    if (length == 0 || length > FS_PATH_MAX || offset + length > FS_BUFFER_SIZE)
        return FS_ERR_NAME;
    memcpy(path_copy + offset, connection->buffer + offset, length);
    *path = path_copy + offset;
    return 0;
}

/* The volume and the one path of a request whose word @p word is the path's length. */
static int path_request(const struct rpc_request *request, unsigned word, struct ext2_fs **fs,
                        const char **path)
{
    if (FS_IS_HANDLE(request->badge))
        return ERR_INVALID;               /* an open file is not a connection */
    int result = volume_of(fs);
    return result < 0 ? result : take_path(request, 0, request->words[word], path);
}

int fs_reply_stat(struct ext2_fs *fs, uint32_t ino, struct rpc_response *response)
{
    struct ext2_inode inode;
    int result = ext2_inode_read(fs, ino, &inode);
    if (result < 0)
        return result;
    struct fs_stat stat = { ino, inode.i_mode, inode.i_size, inode.i_links_count,
                            inode.i_mtime, inode.i_blocks };
    memcpy(response->words, &stat, sizeof stat);
    response->length = FS_STAT_WORDS;
    return 0;
}

int fs_handle_map(struct rpc_request *request, struct rpc_response *response)
{
    if (FS_IS_HANDLE(request->badge))
        return ERR_INVALID;
    struct fs_connection *connection = fs_connection_of(request->badge, true);
    if (!connection)
        return FS_ERR_BUSY;
    int slot = fs_connection_map(connection);
    if (slot < 0)
        return slot;
    response->cap = slot;
    return 0;
}

int fs_handle_open(struct rpc_request *request, struct rpc_response *response)
{
    unsigned flags = request->words[0];
    struct ext2_fs *fs;
    const char *path;
    if (flags & ~FS_O_ALL)
        return ERR_INVALID;
    int result = path_request(request, 1, &fs, &path);
    if (result < 0)
        return result;
    uint32_t ino, length = request->words[1];
    result = ext2_path_lookup(fs, path, length, &ino);
    if (result == ERR_NOT_FOUND && (flags & FS_O_CREATE))
        result = ext2_create(fs, path, length, &ino);
    else if (result == 0 && (flags & FS_O_CREATE) && (flags & FS_O_EXCL))
        result = ERR_EXISTS;
    struct ext2_inode inode;
    if (result < 0 || (result = ext2_inode_read(fs, ino, &inode)) < 0)
        return result;
    bool dir = (inode.i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
    if (dir && (flags & FS_O_WRITE))
        return FS_ERR_IS_DIR;
    if (!dir && (flags & FS_O_DIRECTORY))
        return FS_ERR_NOT_DIR;
    if ((flags & FS_O_TRUNC) && (flags & FS_O_WRITE) && inode.i_size != 0 &&
        (result = ext2_file_truncate(fs, ino, &inode, 0)) < 0)
        return result;
    struct fs_open_file *file;
    int slot = fs_file_open(request->badge, ino, flags, &file);
    if (slot < 0)
        return slot;
    response->cap = slot;
    return fs_reply_stat(fs, ino, response);
}

int fs_handle_stat(struct rpc_request *request, struct rpc_response *response)
{
    struct ext2_fs *fs;
    const char *path;
    int result = path_request(request, 0, &fs, &path);
    uint32_t ino;
    if (result < 0 || (result = ext2_path_lookup(fs, path, request->words[0], &ino)) < 0)
        return result;
    return fs_reply_stat(fs, ino, response);
}

int fs_handle_unlink(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct ext2_fs *fs;
    const char *path;
    int result = path_request(request, 0, &fs, &path);
    return result < 0 ? result : ext2_unlink(fs, path, request->words[0]);
}

int fs_handle_mkdir(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct ext2_fs *fs;
    const char *path;
    int result = path_request(request, 0, &fs, &path);
    return result < 0 ? result : ext2_mkdir(fs, path, request->words[0]);
}

int fs_handle_rmdir(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct ext2_fs *fs;
    const char *path;
    int result = path_request(request, 0, &fs, &path);
    return result < 0 ? result : ext2_rmdir(fs, path, request->words[0]);
}

int fs_handle_rename(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    unsigned old_length = request->words[0], new_length = request->words[1];
    struct ext2_fs *fs;
    const char *old_path, *new_path;
    if (old_length > FS_PATH_MAX || new_length > FS_PATH_MAX)
        return FS_ERR_NAME;
    int result = path_request(request, 0, &fs, &old_path);
    if (result < 0 || (result = take_path(request, old_length, new_length, &new_path)) < 0)
        return result;
    return ext2_rename(fs, old_path, old_length, new_path, new_length);
}

int fs_handle_sync(struct rpc_request *request, struct rpc_response *response)
{
    (void)request;
    (void)response;
    struct ext2_fs *fs;
    int result = volume_of(&fs);
    return result < 0 ? result : ext2_sync(fs);
}

int fs_handle_statfs(struct rpc_request *request, struct rpc_response *response)
{
    (void)request;
    struct ext2_fs *fs;
    int result = volume_of(&fs);
    if (result < 0)
        return result;
    struct fs_statfs info;
    ext2_statfs(fs, &info.block_size, &info.blocks, &info.free_blocks, &info.inodes,
                &info.free_inodes);
    memcpy(response->words, &info, sizeof info);
    response->length = FS_STATFS_WORDS;
    return 0;
}

int fs_handle_drop_cache(struct rpc_request *request, struct rpc_response *response)
{
    (void)request;
    (void)response;
    struct ext2_fs *fs;
    int result = volume_of(&fs);
    if (result < 0 || (result = ext2_sync(fs)) < 0)
        return result;
    return ext2_cache_drop(&fs->cache);
}

int fs_handle_disconnect(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    if (FS_IS_HANDLE(request->badge))
        return ERR_INVALID;
    struct fs_connection *connection = fs_connection_of(request->badge, false);
    if (!connection)
        return ERR_NOT_FOUND;
    fs_connection_drop(connection);
    return 0;
}
