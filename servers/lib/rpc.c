/*
 * rpc.c - the RPC convention's long calls and the servers' dispatch loop (rpc.h).
 */
#include "rpc.h"
#include "ipc_buffer.h"
#include "string.h"

int rpc_call_long(int endpoint, unsigned label, const unsigned *words, unsigned count,
                  int send_cap, int recv_slot, unsigned *out, unsigned out_count, bool *got_cap)
{
    if (count > IPC_MAX_WORDS || out_count > IPC_MAX_WORDS - 1)
        return ERR_INVALID;
    struct ipc_buffer *buffer = ipc_buffer_self();
    /* A server's handler may call out: its loop's receive slot (rpc_serve) must survive. */
    unsigned kept_receive_slot = buffer->receive_cap_slot;
    for (unsigned i = IPC_REGISTER_WORDS; i < count; i++)
        buffer->words[i] = words[i];
    buffer->send_cap_slot = send_cap >= 0 ? (unsigned)send_cap : 0;
    buffer->receive_cap_slot = recv_slot >= 0 ? (unsigned)recv_slot : 0;
    buffer->received_cap = 0;
    unsigned w[IPC_REGISTER_WORDS] = {0, 0, 0};
    for (unsigned i = 0; i < count && i < IPC_REGISTER_WORDS; i++)
        w[i] = words[i];
    struct ipc_message m;
    int error = sys_call(endpoint, IPC_TAG(label, count, send_cap >= 0), w[0], w[1], w[2], &m);
    if (got_cap)
        *got_cap = error == 0 && recv_slot >= 0 && buffer->received_cap;
    buffer->receive_cap_slot = kept_receive_slot;
    buffer->received_cap = 0;
    if (error < 0)
        return error;
    if (IPC_TAG_LABEL(m.tag) != RPC_REPLY || IPC_TAG_LENGTH(m.tag) == 0)
        return ERR_INVALID;
    unsigned length = IPC_TAG_LENGTH(m.tag);
    for (unsigned i = 0; i < out_count; i++) {
        unsigned word = i + 1;
        out[i] = word >= length ? 0 : word < IPC_REGISTER_WORDS ? m.words[word] : buffer->words[word];
    }
    return (int)m.words[0];
}

int rpc_call_for_cap(int endpoint, unsigned label, const unsigned *words, unsigned count,
                     int send_cap, int recv_slot)
{
    if (recv_slot < 0)
        return ERR_INVALID;
    bool got = false;
    int result = rpc_call_long(endpoint, label, words, count, send_cap, recv_slot, NULL, 0, &got);
    if (result >= 0 && !got)
        result = ERR_INVALID;
    if (result < 0 && got)
        sys_cap_delete(recv_slot);
    return result < 0 ? result : recv_slot;
}

void rpc_pack_string(unsigned *words, unsigned max_words, const char *text)
{
    char *bytes = (char *)words;
    size_t size = max_words * 4;
    memset(bytes, 0, size);
    if (text && size)
        strlcpy(bytes, text, size);
}

void rpc_unpack_string(char *text, const unsigned *words, unsigned max_words)
{
    memcpy(text, words, max_words * 4);
    text[max_words * 4] = '\0';
}

/* The operation @p label names, or NULL. */
static const struct rpc_op *find_op(const struct rpc_server *server, unsigned label)
{
    for (unsigned i = 0; i < server->op_count; i++)
        if (server->ops[i].label == label)
            return &server->ops[i];
    return NULL;
}

static bool request_fits(const struct rpc_op *op, const struct rpc_request *request)
{
    return request->length >= op->min_words && request->length <= op->max_words &&
           (request->cap >= 0) == op->takes_cap;
}

/* Receive the next request (or notification bits) after no reply or after a failed one. */
static int receive(const struct rpc_server *server, struct ipc_message *m)
{
    return sys_recv(server->endpoint, m);
}

void rpc_serve(struct rpc_server *server)
{
    struct ipc_buffer *buffer = ipc_buffer_self();
    struct rpc_request request;
    struct rpc_response response;
    struct ipc_message m;
    const bool takes_caps = server->cap_slot > 0;
    if (takes_caps)
        buffer->receive_cap_slot = (unsigned)server->cap_slot;
    int status = receive(server, &m);
    for (;;) {
        if (status != 0) {
            if (status == IPC_RECEIVED_NOTIFICATION && server->notified)
                server->notified(m.badge);
            /* else nothing was received (the caller went away): wait again */
            status = receive(server, &m);
            continue;
        }
        request.badge = m.badge;
        request.label = IPC_TAG_LABEL(m.tag);
        request.length = IPC_TAG_LENGTH(m.tag);
        request.words[0] = m.words[0];
        request.words[1] = m.words[1];
        request.words[2] = m.words[2];
        for (unsigned i = IPC_REGISTER_WORDS; i < request.length; i++)
            request.words[i] = buffer->words[i];
        request.cap = -1;
        if (takes_caps && buffer->received_cap) {
            request.cap = server->cap_slot;
            buffer->received_cap = 0;
        }
        response.length = 0;
        response.cap = -1;
        const struct rpc_op *op = find_op(server, request.label);
        int result = op && request_fits(op, &request) ? op->handler(&request, &response)
                                                      : ERR_INVALID;
        if (request.cap >= 0)
            sys_cap_delete(request.cap); /* the handler did not move it on */
        if (result == RPC_DEFERRED) {
            status = receive(server, &m);
            continue;
        }
        unsigned length = response.length < IPC_MAX_WORDS - 1 ? response.length + 1 : IPC_MAX_WORDS;
        for (unsigned i = IPC_REGISTER_WORDS; i < length; i++)
            buffer->words[i] = response.words[i - 1];
        if (response.cap >= 0)
            buffer->send_cap_slot = (unsigned)response.cap;
        status = sys_reply_recv(server->endpoint, IPC_TAG(RPC_REPLY, length, response.cap >= 0),
                                (unsigned)result, response.words[0], response.words[1], &m);
    }
}

int rpc_defer(void) { return sys_reply_save(); }

int rpc_reply_later(int reply_slot, int result, unsigned w1, unsigned w2)
{
    int error = sys_reply(reply_slot, IPC_TAG(RPC_REPLY, 3, 0), (unsigned)result, w1, w2);
    if (error < 0)
        sys_cap_delete(reply_slot); /* stale (the caller went away): reply deletes it otherwise */
    return error;
}
