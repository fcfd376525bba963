/**
 * @file pipe/pipe.h
 * @brief The pipe service's state (servers/pipe): pipes, their rings, and the connections
 *        (the read and write ends clients hold). The protocol is proto/pipe.h + proto/stream.h.
 *
 * A pipe is a ring of PIPE_CAPACITY bytes in a frame of the server's own, made when the pipe
 * is created and freed with its last end. Each end a client holds is a connection: a badged
 * copy of the server's endpoint (a badge of its own, PIPE_CONNECTION_BADGE...), with its own
 * shared frame (STREAM_MAP). STREAM_CLOSE ends it: its badge means nothing any more, and the
 * copies of its shared frame are taken back (revoked), so a client that never deletes them
 * cannot keep the server's memory. A STREAM_READ on an empty pipe, or a STREAM_WRITE to a full one, is
 * not answered at once (a write is answered once all its bytes are in): the server saves the caller's reply capability (rpc_defer) and
 * answers when a write or read on the other side lets it, or when the other side's last end
 * closes (0 for a reader: end of file; ERR_DEAD for a writer: nobody will read).
 *
 * Limits, so that no client can use up the service: a client (a name-service badge) may
 * have at most PIPE_MAX_PER_CLIENT pipes and PIPE_MAX_ENDS_PER_CLIENT ends of them at once
 * (ERR_QUOTA past that); the whole service has PIPE_MAX_PIPES pipes and PIPE_MAX_ENDS ends
 * (ERR_NO_MEMORY once they are all in use). Ends count against the client that created the
 * pipe, whoever holds them.
 */
#ifndef ORRERY_PIPE_H
#define ORRERY_PIPE_H

#include "proto/pipe.h"
#include "start_info.h"
#include "types.h"

#define PIPE_MAX_PIPES 16
#define PIPE_MAX_ENDS 48
#define PIPE_MAX_PER_CLIENT 4
#define PIPE_MAX_ENDS_PER_CLIENT 16

/**
 * Connection badges: bit 29, which no name-service badge (proto/nameserver.h) has, the
 * end's index in bits 0..5 and its generation (how often that entry was used) in bits
 * 6..28. A closed end's badge never names a later end in the same entry, so a client that
 * kept a capability to it (the process manager keeps copies of a child's streams) gets
 * ERR_INVALID, and the server need not take the copies away (a revoke would empty slots
 * their holders still count as theirs).
 */
#define PIPE_CONNECTION_BADGE 0x20000000u
#define PIPE_INDEX_BITS 6
#define PIPE_GENERATION_MASK ((PIPE_CONNECTION_BADGE >> PIPE_INDEX_BITS) - 1)
#define PIPE_IS_CONNECTION(badge) (((badge) & PIPE_CONNECTION_BADGE) != 0)
#define PIPE_CONNECTION_INDEX(badge) ((badge) & ((1u << PIPE_INDEX_BITS) - 1))
#define PIPE_CONNECTION_GENERATION(badge) (((badge) & ~PIPE_CONNECTION_BADGE) >> PIPE_INDEX_BITS)
_Static_assert(PIPE_MAX_ENDS <= 1u << PIPE_INDEX_BITS, "end indexes fit in their badge bits");

/** Where the server maps the shared frame of end i, and the ring of pipe p (one page table). */
#define PIPE_END_BUFFERS 0x90000000u
#define PIPE_RING_BUFFERS (PIPE_END_BUFFERS + PIPE_MAX_ENDS * PAGE_SIZE)

/** Where a request's capability lands (none of ours takes one: they are refused, and deleted). */
#define PIPE_RECEIVE_SLOT (START_SLOT_LAST + 1)
/** The slots the server's own capabilities (ends, frames) go in start here. */
#define PIPE_FIRST_FREE_SLOT (START_SLOT_LAST + 2)

/** No request of this end is waiting for an answer. */
#define PIPE_NO_WAITER (-1)

struct pipe;

/** One end of a pipe, held by a client as a badged endpoint capability. */
struct pipe_end {
    bool used;
    bool writer;          /**< a write end (else a read end) */
    unsigned int generation; /**< bumped each time this entry becomes a new end (its badge) */
    struct pipe *pipe;
    int endpoint_slot;    /**< our badged copy of the endpoint, sent in the replies that make the end */
    int frame_slot;       /**< the shared frame, mapped in the server (-1 before STREAM_MAP) */
    int client_frame_slot; /**< the copy of it that STREAM_MAP hands out */
    unsigned char *buffer; /**< where frame_slot is mapped */
    int waiter;           /**< the saved reply of a blocked READ or WRITE, or PIPE_NO_WAITER */
    unsigned int wanted;  /**< the blocked request's length (max to read, bytes to write) */
    unsigned int done;    /**< bytes of a blocked write already in the ring */
};

/** A pipe: its ring, how many ends of each kind are open, and who created it. */
struct pipe {
    bool used;
    unsigned int creator; /**< the badge of the client that created it (for the limits) */
    int ring_slot;        /**< the frame the ring is in */
    unsigned char *ring;  /**< PIPE_CAPACITY bytes */
    unsigned int head;    /**< index of the oldest byte */
    unsigned int count;   /**< bytes in the ring */
    unsigned int readers, writers;
    unsigned int waiting; /**< its ends with a request parked (wake_waiters skips a pipe with none) */
};

/* ---- pipe_state.c: the pipes and their ends (no IPC besides deferred answers) ---- */

/** The end badge @p badge names, or NULL (not a connection, or closed). */
struct pipe_end *pipe_end_of_badge(unsigned badge);
/** The badge of @p end. */
unsigned pipe_end_badge(const struct pipe_end *end);
/**
 * Create a pipe for @p creator and its read end. @return the end, or NULL with *@p error
 * set (ERR_QUOTA: the creator's limit; ERR_NO_MEMORY: the service's, or a frame).
 */
struct pipe_end *pipe_create(unsigned creator, int *error);
/** A new end of @p pipe (a writer if @p writer). @return it, or NULL with *@p error set. */
struct pipe_end *pipe_end_new(struct pipe *pipe, bool writer, int *error);
/** Make @p end's shared frame and the copy for the client. @return 0 or an error. */
int pipe_end_map(struct pipe_end *end);
/** Close @p end: answer its waiter, wake the other side if it was the last of its kind. */
void pipe_end_close(struct pipe_end *end);
/**
 * STREAM_READ of at most @p max bytes on read end @p end. @return bytes copied to its
 * buffer, 0 at end of file, or RPC_DEFERRED (nothing to read yet: the caller waits).
 */
int pipe_read(struct pipe_end *end, unsigned max);
/**
 * STREAM_WRITE of @p length bytes from write end @p end: all of them go into the ring, the
 * caller waiting for room as long as needed. @return @p length; the bytes taken before the
 * last read end closed (ERR_DEAD if none); or RPC_DEFERRED (the answer comes later).
 */
int pipe_write(struct pipe_end *end, unsigned length);
/** Pipes @p creator has now (for tests and limits). */
unsigned pipe_count_of(unsigned creator);

#endif
