/*
 * fs_client.c - requests to the file server on one connection (fs_client.h): each path is
 * resolved, copied to the shared frame, and the request carries its length.
 */
#include "fs_client.h"
#include "cwd.h"
#include "exit.h"
#include "mutex.h"
#include "path.h"
#include "proto/nameserver.h"
#include "rpc.h"
#include "shared_map.h"
#include "slot.h"
#include "start_info.h"
#include "string.h"

_Static_assert(PATH_MAX_LENGTH == FS_PATH_MAX, "path.h's limit is the file server's");
_Static_assert(PATH_NAME_MAX == FS_NAME_MAX, "path.h's name limit is the file server's");

/* A request whose reply brings a capability may find its slot taken meanwhile (slot.h). */
#define CAP_TRIES 3

static struct mutex lock = MUTEX_INITIALIZER;
static int connection = -1; /* the endpoint, once looked up */
static char *frame;         /* the connection's shared frame, once mapped */

/* At exit: end the connection (FS_DISCONNECT), so that the server forgets its frame and
 * any file still open on it at once (pm's STREAM_CLOSE on it, as the process ends, would
 * do it too, a little later; it then finds nothing left). */
static void disconnect(void)
{
    if (connection >= 0)
        rpc_call(connection, FS_DISCONNECT, 0, 0, 0, 0, NULL);
}

/* Look up and map, the lock held. @return 0 or an error. */
static int connect_locked(void)
{
    if (connection >= 0 && frame)
        return 0;
    if (connection < 0) {
        int slot = slot_alloc();
        if (slot < 0)
            return slot;
        int error = ns_lookup(START_SLOT_NS, "fs", slot);
        if (error < 0) {
            slot_release(slot);
            return error;
        }
        connection = slot;
    }
    for (int try = 0; try < CAP_TRIES; try++) {
        int slot = slot_alloc();
        if (slot < 0)
            return slot;
        bool got = false;
        int error = rpc_call_long(connection, FS_MAP, NULL, 0, -1, slot, NULL, 0, &got);
        if (error >= 0 && !got)
            error = ERR_INVALID; /* the slot was taken meanwhile: again */
        if (error < 0) {
            slot_release(slot);
            if (error == ERR_INVALID)
                continue;
            return error;
        }
        uint32_t address = shared_map_frame(slot, true);
        if (!address) {
            slot_free(slot);
            return ERR_NO_MEMORY;
        }
        frame = (char *)address;
        atexit(disconnect); /* after fd_file.c's closes: registered before them */
        return 0;
    }
    return ERR_INVALID;
}

int fs_connection(void)
{
    mutex_lock(&lock);
    int error = connect_locked();
    mutex_unlock(&lock);
    return error < 0 ? error : connection;
}

/* Resolve @p path and put it in the frame at @p at. @return its length or an error. */
static int put_path(const char *path, unsigned at)
{
    char normal[FS_PATH_MAX + 1];
    int length = path_resolve(cwd_get(), path, normal, sizeof normal);
    if (length < 0)
        return length;
    if (at + (unsigned)length > FS_BUFFER_SIZE)
        return FS_ERR_NAME;
    memcpy(frame + at, normal, (size_t)length);
    return length;
}

/* A request naming one path, with @p flags before its length if @p with_flags. Reply words
 * 1.. into @p out (@p out_count), a capability into @p recv_slot (or -1). */
static int path_request(unsigned label, const char *path, bool with_flags, unsigned flags,
                        unsigned *out, unsigned out_count, int recv_slot, bool *got_cap)
{
    mutex_lock(&lock);
    int result = connect_locked();
    if (result >= 0)
        result = put_path(path, 0);
    if (result >= 0) {
        unsigned words[2] = { flags, (unsigned)result }; /* FS_OPEN: [flags, length]; else [length] */
        const unsigned *first = with_flags ? &words[0] : &words[1];
        result = rpc_call_long(connection, label, first, with_flags ? 2 : 1, -1, recv_slot, out,
                               out_count, got_cap);
    }
    mutex_unlock(&lock);
    return result;
}

int fs_open(const char *path, unsigned flags, struct fs_stat *stat)
{
    for (int try = 0; try < CAP_TRIES; try++) {
        int slot = slot_alloc();
        if (slot < 0)
            return slot;
        unsigned words[FS_STAT_WORDS];
        bool got = false;
        int result = path_request(FS_OPEN, path, true, flags, words, FS_STAT_WORDS, slot, &got);
        if (result >= 0 && got) {
            if (stat)
                memcpy(stat, words, sizeof *stat);
            return slot;
        }
        slot_release(slot);
        if (result < 0)
            return result;
        /* Success without a capability: the slot was taken meanwhile; again. */
    }
    return ERR_INVALID;
}

int fs_stat(const char *path, struct fs_stat *stat)
{
    unsigned words[FS_STAT_WORDS];
    int result = path_request(FS_STAT, path, false, 0, words, FS_STAT_WORDS, -1, NULL);
    if (result >= 0 && stat)
        memcpy(stat, words, sizeof *stat);
    return result < 0 ? result : 0;
}

int fs_unlink(const char *path) { return path_request(FS_UNLINK, path, false, 0, NULL, 0, -1, NULL); }

int fs_mkdir(const char *path) { return path_request(FS_MKDIR, path, false, 0, NULL, 0, -1, NULL); }

int fs_rmdir(const char *path) { return path_request(FS_RMDIR, path, false, 0, NULL, 0, -1, NULL); }

int fs_rename(const char *from, const char *to)
{
    mutex_lock(&lock);
    int result = connect_locked();
    int old_length = result < 0 ? result : put_path(from, 0);
    int new_length = old_length < 0 ? old_length : put_path(to, (unsigned)old_length);
    result = new_length;
    if (new_length >= 0)
        result = rpc_call(connection, FS_RENAME, 2, (unsigned)old_length, (unsigned)new_length, 0, NULL);
    mutex_unlock(&lock);
    return result;
}

/* A request without words. */
static int plain_request(unsigned label, unsigned *out, unsigned out_count)
{
    mutex_lock(&lock);
    int result = connect_locked();
    if (result >= 0)
        result = rpc_call_long(connection, label, NULL, 0, -1, -1, out, out_count, NULL);
    mutex_unlock(&lock);
    return result;
}

int fs_sync(void) { return plain_request(FS_SYNC, NULL, 0); }

int fs_drop_cache(void) { return plain_request(FS_DROP_CACHE, NULL, 0); }

int fs_statfs(struct fs_statfs *info)
{
    unsigned words[FS_STATFS_WORDS];
    int result = plain_request(FS_STATFS, words, FS_STATFS_WORDS);
    if (result >= 0 && info)
        memcpy(info, words, sizeof *info);
    return result < 0 ? result : 0;
}

int chdir(const char *path)
{
    char normal[FS_PATH_MAX + 1];
    int length = path_resolve(cwd_get(), path, normal, sizeof normal);
    if (length < 0)
        return length;
    if ((size_t)length >= START_CWD_MAX)
        return FS_ERR_NAME;
    struct fs_stat info;
    int error = fs_stat(normal, &info);
    if (error < 0)
        return error;
    if ((info.mode & FS_MODE_TYPE_MASK) != FS_MODE_DIR)
        return FS_ERR_NOT_DIR;
    return cwd_set(normal);
}

int stat(const char *path, struct fs_stat *info) { return fs_stat(path, info); }
int mkdir(const char *path) { return fs_mkdir(path); }
int rmdir(const char *path) { return fs_rmdir(path); }
int unlink(const char *path) { return fs_unlink(path); }
int rename(const char *from, const char *to) { return fs_rename(from, to); }
