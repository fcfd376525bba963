/*
 * fd.c - the descriptor table, and read/write/close on stream connections (fd.h). Open
 * files (open, lseek, fstat, ...) are in fd_file.c, over fd_request(), so that a program
 * that opens no file does not carry the file server's client.
 */
#include "fd.h"
#include "mutex.h"
#include "proto/stream.h"
#include "rpc.h"
#include "shared_map.h"
#include "slot.h"
#include "string.h"
#include "syscall_stubs.h"

/* STREAM_MAP may bring no capability if a new object took the slot meanwhile (slot.h). */
#define MAP_TRIES 3

struct fd_entry {
    bool open;
    int connection;  /* the slot of the stream connection */
    int frame;       /* the slot of the shared frame, once mapped (else 0) */
    uint8_t *buffer; /* where the shared frame is mapped, or NULL */
    bool given;      /* the starter closes the connection (fd_open_given_stream_as) */
    struct mutex lock;
};

static struct fd_entry table[FD_MAX];
static struct mutex table_lock = MUTEX_INITIALIZER;

static bool holds_endpoint(int slot)
{
    return slot >= 0 && (sys_cap_identify(slot) & 0xFF) == OBJECT_ENDPOINT;
}

static struct fd_entry *entry_of(int fd)
{
    if (fd < 0 || fd >= FD_MAX || !table[fd].open)
        return NULL;
    return &table[fd];
}

/* Close the entry: the table lock is held. */
static void close_entry(struct fd_entry *entry)
{
    if (!entry->given)
        rpc_call(entry->connection, STREAM_CLOSE, 0, 0, 0, 0, NULL);
    if (entry->buffer)
        shared_unmap_frame(entry->frame, (uint32_t)entry->buffer);
    if (entry->frame)
        slot_free(entry->frame);
    sys_cap_delete(entry->connection);
    *entry = (struct fd_entry){0};
}

static int open_stream(int fd, int slot, bool given)
{
    if (fd < 0 || fd >= FD_MAX || !holds_endpoint(slot))
        return ERR_INVALID;
    mutex_lock(&table_lock);
    if (table[fd].open && table[fd].connection != slot)
        close_entry(&table[fd]);
    if (!table[fd].open)
        table[fd] = (struct fd_entry){ .open = true, .connection = slot, .given = given };
    mutex_unlock(&table_lock);
    return fd;
}

int fd_open_stream_as(int fd, int slot) { return open_stream(fd, slot, false); }

int fd_open_given_stream_as(int fd, int slot) { return open_stream(fd, slot, true); }

int fd_open_stream(int slot)
{
    if (!holds_endpoint(slot))
        return ERR_INVALID;
    mutex_lock(&table_lock);
    int fd = ERR_NO_MEMORY;
    for (int i = 0; i < FD_MAX; i++) {
        if (!table[i].open) {
            table[i] = (struct fd_entry){ .open = true, .connection = slot };
            fd = i;
            break;
        }
    }
    mutex_unlock(&table_lock);
    return fd;
}

bool fd_is_open(int fd) { return entry_of(fd) != NULL; }

int fd_slot(int fd)
{
    struct fd_entry *entry = entry_of(fd);
    return entry ? entry->connection : ERR_INVALID;
}

/* Get and map the connection's shared page, once (the entry's lock is held). */
static int map_buffer(struct fd_entry *entry)
{
    if (entry->buffer)
        return 0;
    for (int try = 0; try < MAP_TRIES; try++) {
        int frame = slot_alloc();
        if (frame < 0)
            return frame;
        int result = rpc_call_for_cap(entry->connection, STREAM_MAP, NULL, 0, -1, frame);
        if (result < 0) {
            slot_release(frame);
            if (result != ERR_INVALID)
                return result;
            continue;
        }
        uint32_t address = shared_map_frame(frame, true);
        if (!address) {
            slot_free(frame);
            return ERR_NO_MEMORY;
        }
        entry->frame = frame;
        entry->buffer = (uint8_t *)address;
        return 0;
    }
    return ERR_INVALID;
}

int write(int fd, const void *buffer, size_t len)
{
    struct fd_entry *entry = entry_of(fd);
    if (!entry)
        return ERR_INVALID;
    mutex_lock(&entry->lock);
    int result = map_buffer(entry);
    size_t done = 0;
    while (result >= 0 && done < len) {
        size_t chunk = len - done < STREAM_BUFFER_SIZE ? len - done : STREAM_BUFFER_SIZE;
        memcpy(entry->buffer, (const uint8_t *)buffer + done, chunk);
        result = rpc_call(entry->connection, STREAM_WRITE, 1, (unsigned)chunk, 0, 0, NULL);
        if (result <= 0)
            break; /* an error, or the stream takes nothing more */
        done += (size_t)result < chunk ? (size_t)result : chunk;
    }
    mutex_unlock(&entry->lock);
    return done > 0 || result >= 0 ? (int)done : result;
}

int read(int fd, void *buffer, size_t len)
{
    struct fd_entry *entry = entry_of(fd);
    if (!entry)
        return ERR_INVALID;
    if (len == 0)
        return 0;
    mutex_lock(&entry->lock);
    int result = map_buffer(entry);
    if (result >= 0) {
        size_t max = len < STREAM_BUFFER_SIZE ? len : STREAM_BUFFER_SIZE;
        result = rpc_call(entry->connection, STREAM_READ, 1, (unsigned)max, 0, 0, NULL);
        if (result > (int)max)
            result = (int)max; /* a server that claims more than it may: take what fits */
        if (result > 0)
            memcpy(buffer, entry->buffer, (size_t)result);
    }
    mutex_unlock(&entry->lock);
    return result;
}

int fd_request(int fd, unsigned label, const unsigned *words, unsigned count, unsigned *out,
               unsigned out_count, void *copy, size_t copy_size)
{
    struct fd_entry *entry = entry_of(fd);
    if (!entry)
        return ERR_INVALID;
    mutex_lock(&entry->lock);
    int result = copy ? map_buffer(entry) : 0;
    if (result >= 0)
        result = rpc_call_long(entry->connection, label, words, count, -1, -1, out, out_count, NULL);
    if (result >= 0 && copy)
        memcpy(copy, entry->buffer, copy_size < STREAM_BUFFER_SIZE ? copy_size : STREAM_BUFFER_SIZE);
    mutex_unlock(&entry->lock);
    return result;
}

int close(int fd)
{
    mutex_lock(&table_lock);
    struct fd_entry *entry = entry_of(fd);
    if (entry)
        close_entry(entry);
    mutex_unlock(&table_lock);
    return entry ? 0 : ERR_INVALID;
}
