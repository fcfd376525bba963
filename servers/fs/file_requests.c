/*
 * file_requests.c - the file server's requests on an open file (proto/fs.h): the stream
 * protocol (proto/stream.h: map, read, write, dup, close) and seek, fstat, truncate and
 * readdir. A read copies from the cached blocks straight into the open file's shared frame;
 * a write takes the bytes from there into the cache.
 */
#include "fs_server.h"
#include "string.h"

/* The open file a request came on, with the file system and its inode. */
static int file_request(const struct rpc_request *request, struct fs_open_file **file,
                        struct ext2_fs **fs, struct ext2_inode *inode)
{
    *file = fs_file_of(request->badge);
    if (!*file)
        return ERR_INVALID;
    *fs = fs_volume();
    if (!*fs)
        return fs_unavailable();
    return ext2_inode_read(*fs, (*file)->ino, inode);
}

static bool is_dir(const struct ext2_inode *inode)
{
    return (inode->i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
}

int fs_handle_stream_map(struct rpc_request *request, struct rpc_response *response)
{
    struct fs_open_file *file = fs_file_of(request->badge);
    if (!file)
        return ERR_INVALID;
    int slot = fs_file_map(file);
    if (slot < 0)
        return slot;
    response->cap = slot;
    return 0;
}

int fs_handle_stream_read(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct fs_open_file *file;
    struct ext2_fs *fs;
    struct ext2_inode inode;
    int result = file_request(request, &file, &fs, &inode);
    if (result < 0)
        return result;
    unsigned max = request->words[0];
    if (!(file->flags & FS_O_READ) || !file->buffer || max == 0)
        return ERR_INVALID;
    if (is_dir(&inode))
        return FS_ERR_IS_DIR;
    result = ext2_file_read(fs, file->ino, &inode, file->position, file->buffer,
                            max < FS_BUFFER_SIZE ? max : FS_BUFFER_SIZE);
    if (result > 0)
        file->position += (uint32_t)result;
    return result;
}

int fs_handle_stream_write(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct fs_open_file *file;
    struct ext2_fs *fs;
    struct ext2_inode inode;
    int result = file_request(request, &file, &fs, &inode);
    if (result < 0)
        return result;
    unsigned length = request->words[0];
    if (!(file->flags & FS_O_WRITE) || !file->buffer || length > FS_BUFFER_SIZE)
        return ERR_INVALID;
    if (length == 0)
        return 0;
    if (file->flags & FS_O_APPEND)
        file->position = inode.i_size;
    result = ext2_file_write(fs, file->ino, &inode, file->position, file->buffer, length);
    if (result > 0)
        file->position += (uint32_t)result;
    return result;
}

int fs_handle_stream_dup(struct rpc_request *request, struct rpc_response *response)
{
    struct fs_open_file *file = fs_file_of(request->badge);
    if (!file)
        return ERR_INVALID;
    int slot = fs_handle_dup(file);
    if (slot < 0)
        return slot;
    response->cap = slot;
    return 0;
}

int fs_handle_stream_close(struct rpc_request *request, struct rpc_response *response)
{
    if (!FS_IS_HANDLE(request->badge))
        return fs_handle_disconnect(request, response);   /* a connection's close */
    return fs_handle_close(request->badge);
}

int fs_handle_seek(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct fs_open_file *file;
    struct ext2_fs *fs;
    struct ext2_inode inode;
    int result = file_request(request, &file, &fs, &inode);
    if (result < 0)
        return result;
    int64_t offset = (int32_t)request->words[0];
    unsigned whence = request->words[1];
    int64_t base = -1;
    if (whence == FS_SEEK_SET)
        base = 0;
    else if (whence == FS_SEEK_CUR)
        base = file->position;
    else if (whence == FS_SEEK_END)
        base = inode.i_size;
    /* The largest position is one less than the largest file: 2^31 - 1 as a result is the
     * dispatch loop's RPC_DEFERRED. */
    if (base < 0 || base + offset < 0 || base + offset >= (int64_t)EXT2_MAX_FILE_SIZE)
        return ERR_INVALID;
    file->position = (uint32_t)(base + offset);
    return (int)file->position;
}

int fs_handle_fstat(struct rpc_request *request, struct rpc_response *response)
{
    struct fs_open_file *file;
    struct ext2_fs *fs;
    struct ext2_inode inode;
    int result = file_request(request, &file, &fs, &inode);
    return result < 0 ? result : fs_reply_stat(fs, file->ino, response);
}

int fs_handle_truncate(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct fs_open_file *file;
    struct ext2_fs *fs;
    struct ext2_inode inode;
    int result = file_request(request, &file, &fs, &inode);
    if (result < 0)
        return result;
    if (!(file->flags & FS_O_WRITE))
        return ERR_INVALID;
    if (is_dir(&inode))
        return FS_ERR_IS_DIR;
    return ext2_file_truncate(fs, file->ino, &inode, request->words[0]);
}

int fs_handle_readdir(struct rpc_request *request, struct rpc_response *response)
{
    struct fs_open_file *file;
    struct ext2_fs *fs;
    struct ext2_inode inode;
    int result = file_request(request, &file, &fs, &inode);
    if (result < 0)
        return result;
    if (!is_dir(&inode))
        return FS_ERR_NOT_DIR;
    if (!file->buffer)
        return ERR_INVALID;               /* STREAM_MAP first */
    uint32_t cookie = request->words[0], packed = 0, offset = 0;
    static struct ext2_dir_entry entry;
    for (;;) {
        uint32_t before = cookie;
        result = ext2_dir_next(fs, file->ino, &inode, &cookie, &entry);
        if (result <= 0) {
            if (result < 0 && packed == 0)
                return result;
            break;
        }
        uint32_t size = (sizeof(struct fs_dirent) + entry.name_length + 3u) & ~3u;
        if (offset + size > FS_BUFFER_SIZE) {
            cookie = before;              /* the next call starts with this entry */
            break;
        }
        struct fs_dirent header = { entry.inode, (unsigned short)size, entry.name_length,
                                    entry.type };
        memcpy(file->buffer + offset, &header, sizeof header);
        memcpy(file->buffer + offset + sizeof header, entry.name, entry.name_length);
        offset += size;
        packed++;
    }
    response->words[0] = cookie;
    response->length = 1;
    return (int)packed;
}
