/*
 * handles.c - the file server's tables (fs_server.h): connections, open files and the
 * handles (badged endpoint capabilities) that name open files; their shared frames.
 */
#include "fs_server.h"
#include "shared_map.h"
#include "start_info.h"
#include "syscall_stubs.h"

static struct fs_connection connections[FS_MAX_CONNECTIONS];
static struct fs_open_file files[FS_MAX_OPEN_FILES];
static struct fs_handle handles[FS_MAX_HANDLES];
static unsigned use_clock;

/* Makes a frame, maps it here (the shared area, shared_map.h) and puts a copy for the
 * client (read, write, grant) in @p client_slot. @return the frame's slot, or an error. */
static int make_shared_frame(int client_slot, unsigned char **buffer)
{
    int frame = sys_frame_create();
    if (frame < 0)
        return frame;
    uint32_t address = shared_map_frame(frame, true);
    int error = address ? sys_cap_mint(frame, CAP_SELF_TASK, client_slot,
                                       RIGHT_READ | RIGHT_WRITE | RIGHT_GRANT, 0)
                        : ERR_NO_MEMORY;
    if (error < 0) {
        if (address)
            shared_unmap_frame(frame, address);
        sys_cap_delete(frame);
        return error;
    }
    *buffer = (unsigned char *)address;
    return frame;
}

/* Deleting the frame unmaps it here; the client's copy goes too, so the next user of the
 * entry never shares a page with this one's client. */
static void free_shared_frame(int *frame, unsigned char **buffer, int client_slot)
{
    if (*frame >= 0) {
        sys_cap_delete(client_slot);
        shared_unmap_frame(*frame, (uint32_t)*buffer);
        sys_cap_delete(*frame);
    }
    *frame = -1;
    *buffer = NULL;
}

struct fs_connection *fs_connection_of(unsigned badge, bool make)
{
    struct fs_connection *free_entry = NULL, *idle = NULL;
    for (unsigned i = 0; i < FS_MAX_CONNECTIONS; i++) {
        struct fs_connection *c = &connections[i];
        if (c->used && c->badge == badge) {
            c->last_use = ++use_clock;
            return c;
        }
        if (!c->used && !free_entry)
            free_entry = c;
    }
    if (!make)
        return NULL;
    if (!free_entry) {
        /* Full: reuse the least recently used connection that holds no open file. */
        for (unsigned i = 0; i < FS_MAX_CONNECTIONS; i++) {
            struct fs_connection *c = &connections[i];
            bool holds = false;
            for (unsigned f = 0; f < FS_MAX_OPEN_FILES && !holds; f++)
                holds = files[f].used && files[f].owner == c->badge;
            if (!holds && (!idle || c->last_use < idle->last_use))
                idle = c;
        }
        if (!idle)
            return NULL;
        fs_connection_drop(idle);
        free_entry = idle;
    }
    *free_entry = (struct fs_connection){ .used = true, .badge = badge, .frame = -1,
                                          .last_use = ++use_clock };
    return free_entry;
}

int fs_connection_map(struct fs_connection *connection)
{
    if (connection->frame >= 0)
        return FS_SLOT_CONNECTION_FRAMES + (int)(connection - connections);
    unsigned index = (unsigned)(connection - connections);
    int frame = make_shared_frame(FS_SLOT_CONNECTION_FRAMES + (int)index, &connection->buffer);
    if (frame < 0)
        return frame;
    connection->frame = frame;
    return FS_SLOT_CONNECTION_FRAMES + (int)index;
}

void fs_connection_drop(struct fs_connection *connection)
{
    for (unsigned i = 0; i < FS_MAX_HANDLES; i++) {
        struct fs_handle *h = &handles[i];
        if (h->used && h->file->owner == connection->badge)
            fs_handle_close(FS_HANDLE_BADGE | h->generation << FS_HANDLE_INDEX_BITS | i);
    }
    free_shared_frame(&connection->frame, &connection->buffer,
                      FS_SLOT_CONNECTION_FRAMES + (int)(connection - connections));
    connection->used = false;
}

struct fs_open_file *fs_file_of(unsigned badge)
{
    if (!FS_IS_HANDLE(badge))
        return NULL;
    unsigned index = badge & ((1u << FS_HANDLE_INDEX_BITS) - 1);
    unsigned generation = (badge & ~FS_HANDLE_BADGE) >> FS_HANDLE_INDEX_BITS;
    if (index >= FS_MAX_HANDLES || !handles[index].used || handles[index].generation != generation)
        return NULL;
    return handles[index].file;
}

static int new_handle(struct fs_open_file *file)
{
    for (unsigned i = 0; i < FS_MAX_HANDLES; i++) {
        struct fs_handle *h = &handles[i];
        if (h->used)
            continue;
        unsigned generation = (h->generation + 1) & FS_HANDLE_GENERATION_MASK;
        unsigned badge = FS_HANDLE_BADGE | generation << FS_HANDLE_INDEX_BITS | i;
        int slot = FS_SLOT_HANDLES + (int)i;
        int error = sys_cap_mint(START_SLOT_SERVICE, CAP_SELF_TASK, slot,
                                 RIGHT_WRITE | RIGHT_GRANT, badge);
        if (error < 0)
            return error;
        *h = (struct fs_handle){ .used = true, .generation = generation, .file = file };
        file->handles++;
        return slot;
    }
    return FS_ERR_BUSY;
}

int fs_file_open(unsigned owner, uint32_t ino, unsigned flags, struct fs_open_file **out)
{
    struct fs_open_file *file = NULL;
    unsigned held = 0;
    for (unsigned i = 0; i < FS_MAX_OPEN_FILES; i++) {
        if (files[i].used)
            held += files[i].owner == owner;
        else if (!file)
            file = &files[i];
    }
    if (!file || held >= FS_MAX_OPEN_PER_CLIENT)
        return FS_ERR_BUSY;
    *file = (struct fs_open_file){ .used = true, .ino = ino, .flags = flags, .owner = owner,
                                   .frame = -1 };
    int slot = new_handle(file);
    if (slot < 0) {
        file->used = false;
        return slot;
    }
    *out = file;
    return slot;
}

int fs_handle_dup(struct fs_open_file *file)
{
    return new_handle(file);
}

int fs_file_map(struct fs_open_file *file)
{
    if (file->frame >= 0)
        return FS_SLOT_FILE_FRAMES + (int)(file - files);
    unsigned index = (unsigned)(file - files);
    int frame = make_shared_frame(FS_SLOT_FILE_FRAMES + (int)index, &file->buffer);
    if (frame < 0)
        return frame;
    file->frame = frame;
    return FS_SLOT_FILE_FRAMES + (int)index;
}

int fs_handle_close(unsigned badge)
{
    struct fs_open_file *file = fs_file_of(badge);
    if (!file)
        return ERR_NOT_FOUND;
    unsigned index = badge & ((1u << FS_HANDLE_INDEX_BITS) - 1);
    sys_cap_delete(FS_SLOT_HANDLES + (int)index);
    handles[index].used = false;
    if (--file->handles > 0)
        return 0;
    free_shared_frame(&file->frame, &file->buffer, FS_SLOT_FILE_FRAMES + (int)(file - files));
    file->used = false;
    struct ext2_fs *fs = fs_volume();
    if (fs && !fs_inode_is_open(NULL, file->ino))
        ext2_release(fs, file->ino); /* an unlinked file goes with its last close */
    return 0;
}

int fs_inode_is_open(void *context, uint32_t ino)
{
    (void)context;
    for (unsigned i = 0; i < FS_MAX_OPEN_FILES; i++)
        if (files[i].used && files[i].ino == ino)
            return 1;
    return 0;
}
