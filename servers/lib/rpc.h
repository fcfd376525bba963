/**
 * @file rpc.h
 * @brief Orrery's RPC convention: how a client calls a service and how a server's loop
 *        answers, the same for every service.
 *
 * Every service declares its protocol once, in servers/lib/proto/NAME.h: the labels of its
 * requests (each service has its own range, so a message sent to the wrong service is
 * refused, not misread), the argument words of each, which side sends a capability, and the
 * errors. Client stubs and the server's dispatch table both use that header.
 *
 * On the wire:
 *  - a request is one `call`: tag IPC_TAG(label, words, cap), words 0..2 in registers,
 *    words 3.. in the caller's IPC buffer (ipc_buffer_self()), at most one capability
 *    (the buffer's send_cap_slot);
 *  - the reply has label RPC_REPLY; word 0 is the result, as for a system call: a value
 *    >= 0, or a negative ERR_* (abi/errors.h); words 1.. are more results; a reply may carry
 *    one capability, which lands in the slot the caller named (rpc_call_cap's recv_slot);
 *  - bulk data (stream and file contents) is never sent word by word: it travels through
 *    a frame shared once per connection (proto/stream.h).
 * A server answers every malformed request (unknown label, wrong number of words, a missing
 * or unexpected capability) with ERR_INVALID and goes on serving. A client whose server went
 * away gets an error from the kernel (ERR_ABORTED, ERR_INVALID_CAP), never a hang: it is
 * passed back as the result.
 */
#ifndef ORRERY_USER_RPC_H
#define ORRERY_USER_RPC_H

#include "abi/errors.h"
#include "abi/message.h"
#include "syscall_stubs.h"
#include "types.h"

/** The label of every reply. */
#define RPC_REPLY 0u
/** Each service's labels are RPC_BASE_x + 1 .. RPC_BASE_x + RPC_SERVICE_LABELS - 1. */
#define RPC_SERVICE_LABELS 0x100u
#define RPC_BASE_NS 0x0100u
#define RPC_BASE_PM 0x0200u
#define RPC_BASE_MM 0x0300u
#define RPC_BASE_STREAM 0x0400u
#define RPC_BASE_CONSOLE 0x0500u
#define RPC_BASE_PIPE 0x0600u
#define RPC_BASE_TIMER 0x0700u
#define RPC_BASE_BOOTFS 0x0800u
#define RPC_BASE_BLOCK 0x0900u
#define RPC_BASE_FS 0x0A00u

/** The results of a call: word 0 is the return value; these are words 1..RPC_RESULT_WORDS. */
#define RPC_RESULT_WORDS 2
struct rpc_result {
    unsigned int words[RPC_RESULT_WORDS];
};

/**
 * Call @p endpoint with request @p label and @p count (0..3) argument words, all in
 * registers. @p out (may be NULL) receives reply words 1 and 2.
 * @return the reply's word 0 (>= 0 or ERR_*), or the kernel's error if the call failed,
 *         or ERR_INVALID if the answer was not a reply.
 */
static inline int rpc_call(int endpoint, unsigned label, unsigned count, unsigned a0,
                           unsigned a1, unsigned a2, struct rpc_result *out)
{
    struct ipc_message m;
    int error = sys_call(endpoint, IPC_TAG(label, count, 0), a0, a1, a2, &m);
    if (error < 0)
        return error;
    if (IPC_TAG_LABEL(m.tag) != RPC_REPLY || IPC_TAG_LENGTH(m.tag) == 0)
        return ERR_INVALID;
    if (out) {
        out->words[0] = m.words[1];
        out->words[1] = m.words[2];
    }
    return (int)m.words[0];
}

/**
 * The general call: @p count (0..IPC_MAX_WORDS) words from @p words, the capability in
 * @p send_cap if it is >= 0, and room for a capability in the reply in the empty slot
 * @p recv_slot if it is >= 0. Reply words 1 .. @p out_count are copied to @p out.
 * *@p got_cap (may be NULL) says whether a capability arrived in @p recv_slot.
 * @return as rpc_call().
 */
int rpc_call_long(int endpoint, unsigned label, const unsigned *words, unsigned count,
                  int send_cap, int recv_slot, unsigned *out, unsigned out_count, bool *got_cap);

/**
 * A request whose reply must carry a capability: rpc_call_long() with @p count words from
 * @p words, the capability in @p send_cap if it is >= 0, and the reply's capability
 * received into the empty slot @p recv_slot (the caller picks it: each program has its own
 * way of finding free slots).
 * @return @p recv_slot, holding the capability; or the error (the call's, the reply's, or
 *         ERR_INVALID for a successful reply without a capability), and then @p recv_slot
 *         is empty again (a capability that came with an error is deleted).
 */
int rpc_call_for_cap(int endpoint, unsigned label, const unsigned *words, unsigned count,
                     int send_cap, int recv_slot);

/** Copy the string @p text (at most @p max_words * 4 - 1 bytes, NUL-padded) into @p words. */
void rpc_pack_string(unsigned *words, unsigned max_words, const char *text);
/** The inverse: a NUL-terminated copy of the words in @p text (size max_words * 4 + 1). */
void rpc_unpack_string(char *text, const unsigned *words, unsigned max_words);

/* ---- The server side ------------------------------------------------------------- */

/** A request as the dispatch loop hands it to a handler. */
struct rpc_request {
    unsigned int badge;  /**< who is asking: the badge of their endpoint capability */
    unsigned int label;
    unsigned int length; /**< number of words */
    unsigned int words[IPC_MAX_WORDS];
    int cap;             /**< the slot a received capability is in, or -1 */
};

/** What a handler answers: result (word 0), more words, optionally a capability. */
struct rpc_response {
    int result;
    unsigned int length;               /**< words after the result (0..IPC_MAX_WORDS - 1) */
    unsigned int words[IPC_MAX_WORDS - 1];
    int cap;                           /**< a slot whose capability goes with the reply, or -1 */
};

/** A handler's result meaning "no reply now": it called rpc_defer() and answers later. */
#define RPC_DEFERRED 0x7FFFFFFF

/** One request a server understands. */
struct rpc_op {
    unsigned int label;
    unsigned int min_words, max_words; /**< the argument words it accepts */
    bool takes_cap;                    /**< the request must carry a capability */
    /** Answer @p request into @p response (result, words, cap); return RPC_DEFERRED to answer later. */
    int (*handler)(struct rpc_request *request, struct rpc_response *response);
    const char *name; /**< for traces and error reports */
};

/** A server: its endpoint, its operations, and what to do with bound-notification bits. */
struct rpc_server {
    const char *name;
    int endpoint;
    const struct rpc_op *ops;
    unsigned int op_count;
    /** Called with the bits of the thread's bound notification (IRQs, timers); may be NULL. */
    void (*notified)(unsigned bits);
    /** An empty slot where a request's capability is received; 0 or less: none accepted. */
    int cap_slot;
};

/**
 * The dispatch loop: receive, check the request against its rpc_op (label, word count,
 * capability; else ERR_INVALID), call the handler, reply and receive the next in one
 * reply_recv. A received capability the handler did not keep (set request->cap = -1 when it
 * takes it) is deleted. Never returns.
 */
__attribute__((noreturn)) void rpc_serve(struct rpc_server *server);

/**
 * Keep the caller of the request being handled waiting: saves its reply capability
 * (reply_save) and returns its slot for rpc_reply_later(), or an error (then answer now).
 */
int rpc_defer(void);

/** Answer a deferred request through @p reply_slot (consumed), with result and two words. */
int rpc_reply_later(int reply_slot, int result, unsigned w1, unsigned w2);

#endif
