/*
 * pipe_state.c - the pipe service's pipes and ends (pipe.h): creating them within the
 * limits, moving bytes between an end's shared frame and its pipe's ring, and answering the
 * readers and writers that wait (their saved replies) when the other side moves.
 */
#include "pipe.h"
#include "rpc.h"
#include "start_info.h"
#include "string.h"
#include "syscall_stubs.h"

static struct pipe pipes[PIPE_MAX_PIPES];
static struct pipe_end ends[PIPE_MAX_ENDS];

/* The lowest empty slot above the fixed ones (for cap_mint, which needs one named). */
static int empty_slot(void)
{
    for (int slot = PIPE_FIRST_FREE_SLOT; slot < CSPACE_MAX_SLOTS; slot++) {
        int type = sys_cap_identify(slot);
        if (type == 0)
            return slot;
        if (type < 0)
            break;
    }
    return ERR_NO_MEMORY;
}

static void delete_slot(int *slot)
{
    if (*slot >= 0)
        sys_cap_delete(*slot);
    *slot = -1;
}

struct pipe_end *pipe_end_of_badge(unsigned badge)
{
    if (!PIPE_IS_CONNECTION(badge))
        return NULL;
    unsigned index = PIPE_CONNECTION_INDEX(badge);
    if (index >= PIPE_MAX_ENDS || !ends[index].used)
        return NULL;
    return ends[index].generation == PIPE_CONNECTION_GENERATION(badge) ? &ends[index] : NULL;
}

unsigned pipe_end_badge(const struct pipe_end *end)
{
    return PIPE_CONNECTION_BADGE | end->generation << PIPE_INDEX_BITS | (unsigned)(end - ends);
}

unsigned pipe_count_of(unsigned creator)
{
    unsigned count = 0;
    for (unsigned i = 0; i < PIPE_MAX_PIPES; i++)
        count += pipes[i].used && pipes[i].creator == creator;
    return count;
}

static unsigned ends_of(unsigned creator)
{
    unsigned count = 0;
    for (unsigned i = 0; i < PIPE_MAX_ENDS; i++)
        count += ends[i].used && ends[i].pipe->creator == creator;
    return count;
}

static void pipe_free(struct pipe *pipe)
{
    delete_slot(&pipe->ring_slot); /* deleting the capability unmaps the ring */
    pipe->used = false;
}

struct pipe_end *pipe_end_new(struct pipe *pipe, bool writer, int *error)
{
    if (ends_of(pipe->creator) >= PIPE_MAX_ENDS_PER_CLIENT) {
        *error = ERR_QUOTA;
        return NULL;
    }
    struct pipe_end *end = NULL;
    for (unsigned i = 0; i < PIPE_MAX_ENDS && !end; i++)
        if (!ends[i].used)
            end = &ends[i];
    int slot = end ? empty_slot() : ERR_NO_MEMORY;
    if (slot >= 0)
        end->generation = (end->generation + 1) & PIPE_GENERATION_MASK;
    if (slot >= 0)
        slot = sys_cap_mint(START_SLOT_SERVICE, CAP_SELF_TASK, slot, RIGHT_WRITE | RIGHT_GRANT,
                            pipe_end_badge(end)) < 0 ? ERR_NO_MEMORY : slot;
    if (slot < 0) {
        *error = slot;
        return NULL;
    }
    *end = (struct pipe_end){
        .used = true, .writer = writer, .generation = end->generation, .pipe = pipe,
        .endpoint_slot = slot, .frame_slot = -1,
        .client_frame_slot = -1, .buffer = NULL, .waiter = PIPE_NO_WAITER, .wanted = 0,
    };
    if (writer)
        pipe->writers++;
    else
        pipe->readers++;
    return end;
}

struct pipe_end *pipe_create(unsigned creator, int *error)
{
    if (pipe_count_of(creator) >= PIPE_MAX_PER_CLIENT ||
        ends_of(creator) >= PIPE_MAX_ENDS_PER_CLIENT) {
        *error = ERR_QUOTA;
        return NULL;
    }
    struct pipe *pipe = NULL;
    for (unsigned i = 0; i < PIPE_MAX_PIPES && !pipe; i++)
        if (!pipes[i].used)
            pipe = &pipes[i];
    if (!pipe) {
        *error = ERR_NO_MEMORY;
        return NULL;
    }
    int ring = sys_frame_create();
    unsigned char *address = (unsigned char *)(PIPE_RING_BUFFERS + (unsigned)(pipe - pipes) * PAGE_SIZE);
    if (ring < 0) {
        *error = ring;
        return NULL;
    }
    int mapped = sys_frame_map(ring, CAP_SELF_TASK, (unsigned)address, FRAME_MAP_WRITABLE);
    if (mapped < 0) {
        sys_cap_delete(ring);
        *error = mapped;
        return NULL;
    }
    *pipe = (struct pipe){ .used = true, .creator = creator, .ring_slot = ring, .ring = address };
    struct pipe_end *end = pipe_end_new(pipe, false, error);
    if (!end)
        pipe_free(pipe);
    return end;
}

int pipe_end_map(struct pipe_end *end)
{
    if (end->frame_slot >= 0)
        return 0;
    int frame = sys_frame_create();
    if (frame < 0)
        return frame;
    unsigned address = PIPE_END_BUFFERS + (unsigned)(end - ends) * PAGE_SIZE;
    int error = sys_frame_map(frame, CAP_SELF_TASK, address, FRAME_MAP_WRITABLE);
    int copy = error < 0 ? error : empty_slot();
    if (copy >= 0)
        error = sys_cap_mint(frame, CAP_SELF_TASK, copy, RIGHT_READ | RIGHT_WRITE | RIGHT_GRANT, 0);
    if (error < 0 || copy < 0) {
        sys_cap_delete(frame);
        return error < 0 ? error : copy;
    }
    end->frame_slot = frame;
    end->client_frame_slot = copy;
    end->buffer = (unsigned char *)address;
    return 0;
}

/* Copy up to @p max bytes from the ring into @p end's buffer. @return how many. */
static unsigned ring_take(struct pipe *pipe, unsigned char *to, unsigned max)
{
    unsigned n = pipe->count < max ? pipe->count : max;
    for (unsigned i = 0; i < n; i++)
        to[i] = pipe->ring[(pipe->head + i) % PIPE_CAPACITY];
    pipe->head = (pipe->head + n) % PIPE_CAPACITY;
    pipe->count -= n;
    return n;
}

/* Copy up to @p length bytes from @p from into the ring. @return how many fit. */
static unsigned ring_put(struct pipe *pipe, const unsigned char *from, unsigned length)
{
    unsigned room = PIPE_CAPACITY - pipe->count;
    unsigned n = length < room ? length : room;
    for (unsigned i = 0; i < n; i++)
        pipe->ring[(pipe->head + pipe->count + i) % PIPE_CAPACITY] = from[i];
    pipe->count += n;
    return n;
}

static void answer(struct pipe_end *end, int result)
{
    int waiter = end->waiter;
    end->waiter = PIPE_NO_WAITER;
    end->pipe->waiting--;
    rpc_reply_later(waiter, result, 0, 0);
}

/* Let the waiting ends of @p pipe go on as far as they can: readers while there are bytes
 * (or no writers: end of file), writers while there is room (or no readers: ERR_DEAD). */
static void wake_waiters(struct pipe *pipe)
{
    bool moved = pipe->waiting > 0;
    while (moved) {
        moved = false;
        for (unsigned i = 0; i < PIPE_MAX_ENDS && pipe->waiting > 0; i++) {
            struct pipe_end *end = &ends[i];
            if (!end->used || end->pipe != pipe || end->waiter == PIPE_NO_WAITER)
                continue;
            if (!end->writer && (pipe->count > 0 || pipe->writers == 0)) {
                answer(end, (int)ring_take(pipe, end->buffer, end->wanted));
                moved = true;
            } else if (end->writer && pipe->readers == 0) {
                answer(end, end->done ? (int)end->done : ERR_DEAD);
            } else if (end->writer && pipe->count < PIPE_CAPACITY) {
                end->done += ring_put(pipe, end->buffer + end->done, end->wanted - end->done);
                if (end->done == end->wanted)
                    answer(end, (int)end->done);
                moved = true;
            }
        }
    }
}

/* Park the request in hand on @p end until the other side moves (a writer has put @p done
 * of its @p wanted bytes already). */
static int wait_on(struct pipe_end *end, unsigned wanted, unsigned done)
{
    int reply = rpc_defer();
    if (reply < 0)
        return done ? (int)done : reply; /* cannot keep it waiting: answer now */
    end->waiter = reply;
    end->pipe->waiting++;
    end->wanted = wanted;
    end->done = done;
    return RPC_DEFERRED;
}

int pipe_read(struct pipe_end *end, unsigned max)
{
    struct pipe *pipe = end->pipe;
    if (pipe->count == 0)
        return pipe->writers == 0 ? 0 : wait_on(end, max, 0);
    int n = (int)ring_take(pipe, end->buffer, max);
    wake_waiters(pipe); /* writers waiting for room */
    return n;
}

int pipe_write(struct pipe_end *end, unsigned length)
{
    struct pipe *pipe = end->pipe;
    if (pipe->readers == 0)
        return ERR_DEAD;
    unsigned n = ring_put(pipe, end->buffer, length);
    wake_waiters(pipe); /* readers waiting for bytes */
    return n == length ? (int)n : wait_on(end, length, n); /* the rest once there is room */
}

void pipe_end_close(struct pipe_end *end)
{
    struct pipe *pipe = end->pipe;
    if (end->waiter != PIPE_NO_WAITER)
        answer(end, ERR_ABORTED); /* another holder of the same end closed it */
    /* The clients' copies of the endpoint stay (their badge names nothing now); the
     * copies of the frame are taken back with ours. */
    delete_slot(&end->endpoint_slot);
    if (end->client_frame_slot >= 0)
        sys_cap_revoke(end->client_frame_slot);
    delete_slot(&end->client_frame_slot);
    delete_slot(&end->frame_slot);
    end->used = false;
    if (end->writer)
        pipe->writers--;
    else
        pipe->readers--;
    if (pipe->readers + pipe->writers == 0)
        pipe_free(pipe);
    else
        wake_waiters(pipe);
}
