/*
 * disk_program.c - reading programs from the disk's /bin through the file server
 * (disk_program.h). The connection's frame (for paths) is mapped at a page of mm's own just
 * above bootfs's window, each open file's frame (for data) at a window of its own above.
 */
#include "disk_program.h"
#include "mm.h"
#include "proto/fs.h"
#include "proto/nameserver.h"
#include "slots.h"
#include "cstring.h"
#include "syscall_stubs.h"

#define PATH_WINDOW (MM_SHARED_BASE + PAGE_SIZE)     /* the connection's frame */
#define DATA_WINDOWS (MM_SHARED_BASE + 0x100000u) /* the open files' frames, a page each */
#define PROGRAM_DIRECTORY "/bin/"

static int fs = -1;          /* the file server's connection, once looked up and mapped */
static int path_frame = -1;  /* its frame, mapped at PATH_WINDOW */
/* No file server to ask: none registered when the first process was spawned (init starts
 * every server of the manifest before it spawns one), or one without a disk. Not asked
 * again: every spawn would pay a failed request. */
static bool no_file_server;
static uint32_t windows_used; /* which of the MM_DISK_FILES_MAX windows an open file has */
_Static_assert(MM_DISK_FILES_MAX <= 32, "a bit per window");

/* Look "fs" up and map its frame. @return 0 or an error (looked up again next time). */
static int connect(void)
{
    if (fs >= 0)
        return 0;
    if (no_file_server)
        return ERR_NOT_FOUND;
    unsigned name[NS_NAME_WORDS];
    rpc_pack_string(name, NS_NAME_WORDS, "fs");
    int slot = mm_free_slot();
    slot = slot < 0 ? slot : rpc_call_for_cap(START_SLOT_NS, NS_LOOKUP, name, NS_NAME_WORDS, -1, slot);
    if (slot < 0) {
        no_file_server = slot == ERR_NOT_FOUND || slot == ERR_NO_RIGHTS;
        return ERR_NOT_FOUND;
    }
    int frame = mm_free_slot();
    int result = frame < 0 ? frame : rpc_call_for_cap(slot, FS_MAP, NULL, 0, -1, frame);
    if (result >= 0)
        result = sys_frame_map(frame, CAP_SELF_TASK, PATH_WINDOW, FRAME_MAP_WRITABLE);
    if (result < 0) {
        slots_delete(slot);
        if (frame >= 0)
            slots_delete(frame);
        return result;
    }
    fs = slot;
    path_frame = frame;
    return 0;
}

/* The file server is gone (restarted, say): forget it, to look it up again next time. */
static void disconnect(void)
{
    sys_frame_unmap(path_frame);
    slots_delete(path_frame);
    slots_delete(fs);
    fs = path_frame = -1;
}

int mm_disk_open(struct mm_disk_file *file, const char *name, unsigned *size)
{
    *file = (struct mm_disk_file){ .file = -1, .frame = -1 };
    size_t length = strlen(name);
    size_t prefix = sizeof PROGRAM_DIRECTORY - 1;
    if (length == 0 || strchr(name, '/') || prefix + length > FS_PATH_MAX)
        return ERR_NOT_FOUND;
    int result = connect();
    if (result < 0)
        return result;
    if (windows_used == (1u << MM_DISK_FILES_MAX) - 1)
        return ERR_NO_MEMORY;
    char *path = (char *)PATH_WINDOW;
    memcpy(path, PROGRAM_DIRECTORY, prefix);
    memcpy(path + prefix, name, length);
    unsigned words[1 + FS_STAT_WORDS];
    int slot = mm_free_slot();
    if (slot < 0)
        return slot;
    bool got = false;
    result = rpc_call_long(fs, FS_OPEN, (unsigned[]){ FS_O_READ, (unsigned)(prefix + length) }, 2, -1,
                           slot, words, FS_STAT_WORDS, &got);
    if (result == BLOCK_ERR_NO_DEVICE)
        no_file_server = true; /* a disk does not come later */
    if (result == ERR_INVALID_CAP || result == ERR_DEAD || result == ERR_ABORTED)
        disconnect();
    if (result < 0 || !got) {
        slots_give_back(slot);
        return result < 0 ? result : ERR_INVALID;
    }
    file->file = slot;
    const struct fs_stat *stat = (const struct fs_stat *)words;
    if ((stat->mode & FS_MODE_TYPE_MASK) != FS_MODE_FILE) {
        mm_disk_close(file);
        return ERR_NOT_FOUND;
    }
    *size = stat->size;
    file->index = (unsigned)__builtin_ctz(~windows_used);
    file->window = (const uint8_t *)(DATA_WINDOWS + file->index * PAGE_SIZE);
    int frame = mm_free_slot();
    result = frame < 0 ? frame : rpc_call_for_cap(file->file, STREAM_MAP, NULL, 0, -1, frame);
    if (result >= 0)
        result = sys_frame_map(frame, CAP_SELF_TASK, (unsigned)file->window, 0);
    if (result < 0) {
        if (frame >= 0)
            slots_delete(frame);
        mm_disk_close(file);
        return result;
    }
    file->frame = frame;
    windows_used |= 1u << file->index;
    return 0;
}

int mm_disk_read(struct mm_disk_file *file, unsigned offset, unsigned length)
{
    if (file->file < 0)
        return ERR_INVALID;
    if (length > FS_BUFFER_SIZE)
        length = FS_BUFFER_SIZE;
    if (offset != file->position) {
        int result = rpc_call(file->file, FS_SEEK, 2, offset, FS_SEEK_SET, 0, NULL);
        if (result < 0)
            return result;
        file->position = offset;
    }
    int got = rpc_call(file->file, STREAM_READ, 1, length, 0, 0, NULL);
    if (got < 0)
        return got;
    if ((unsigned)got > length)
        return ERR_INVALID; /* more than we asked for: not to be trusted */
    file->position += (unsigned)got;
    return got;
}

void mm_disk_close(struct mm_disk_file *file)
{
    if (file->frame >= 0) {
        sys_frame_unmap(file->frame);
        slots_delete(file->frame);
        windows_used &= ~(1u << file->index);
        file->frame = -1;
    }
    if (file->file >= 0) {
        rpc_call(file->file, STREAM_CLOSE, 0, 0, 0, 0, NULL);
        slots_delete(file->file);
        file->file = -1;
    }
}

unsigned mm_disk_files_open(void) { return (unsigned)__builtin_popcount(windows_used); }
