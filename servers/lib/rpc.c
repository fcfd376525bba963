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

/* The reply being built for the request in hand, and whether it was deferred. */
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

void rpc_serve(struct rpc_server *server)
{
    struct ipc_buffer *buffer = ipc_buffer_self();
    struct rpc_request request;
    struct rpc_response response;
    struct ipc_message m;
    bool have_reply = false;
    unsigned tag = 0, w0 = 0, w1 = 0, w2 = 0;
    for (;;) {
        buffer->receive_cap_slot = server->cap_slot > 0 ? (unsigned)server->cap_slot : 0;
        buffer->received_cap = 0;
        int status = have_reply ? sys_reply_recv(server->endpoint, tag, w0, w1, w2, &m)
                                : sys_recv(server->endpoint, &m);
        have_reply = false;
        if (status == IPC_RECEIVED_NOTIFICATION) {
            if (server->notified)
                server->notified(m.badge);
            continue;
        }
        if (status < 0)
            continue; /* nothing received (the caller went away): wait again */
        request.badge = m.badge;
        request.label = IPC_TAG_LABEL(m.tag);
        request.length = IPC_TAG_LENGTH(m.tag);
        request.cap = server->cap_slot > 0 && buffer->received_cap ? server->cap_slot : -1;
        for (unsigned i = 0; i < request.length && i < IPC_MAX_WORDS; i++)
            request.words[i] = i < IPC_REGISTER_WORDS ? m.words[i] : buffer->words[i];
        for (unsigned i = request.length; i < IPC_REGISTER_WORDS; i++)
            request.words[i] = 0;
        response.result = 0;
        response.length = 0;
        response.cap = -1;
        const struct rpc_op *op = find_op(server, request.label);
        int result = op && request_fits(op, &request) ? op->handler(&request, &response)
                                                      : ERR_INVALID;
        if (request.cap >= 0)
            sys_cap_delete(request.cap); /* not taken by the handler */
        if (result == RPC_DEFERRED)
            continue;
        response.result = result;
        unsigned length = 1 + (response.length < IPC_MAX_WORDS - 1 ? response.length : IPC_MAX_WORDS - 1);
        for (unsigned i = IPC_REGISTER_WORDS; i < length; i++)
            buffer->words[i] = response.words[i - 1];
        buffer->send_cap_slot = response.cap >= 0 ? (unsigned)response.cap : 0;
        tag = IPC_TAG(RPC_REPLY, length, response.cap >= 0);
        w0 = (unsigned)response.result;
        w1 = length > 1 ? response.words[0] : 0;
        w2 = length > 2 ? response.words[1] : 0;
        have_reply = true;
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
