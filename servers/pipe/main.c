/*
 * pipe/main.c - the pipe service: registers "pipe" with the name service and answers
 * PIPE_CREATE, PIPE_WRITER (proto/pipe.h) and the stream requests on pipe ends
 * (proto/stream.h) through the RPC dispatch loop. The pipes themselves are pipe_state.c's.
 */
#include "pipe.h"
#include "program.h"
#include "proto/nameserver.h"
#include "rpc.h"
#include "stdio.h"
#include "syscall_stubs.h"

/* The end a stream request names, if it is one of the kind the request needs. */
static struct pipe_end *end_for(const struct rpc_request *request, bool writer)
{
    struct pipe_end *end = pipe_end_of_badge(request->badge);
    return end && end->writer == writer ? end : NULL;
}

/* Who a request counts against: the creator of the pipe if it came on an end. */
static unsigned client_of(const struct rpc_request *request)
{
    struct pipe_end *end = pipe_end_of_badge(request->badge);
    return end ? end->pipe->creator : request->badge;
}

static int handle_create(struct rpc_request *request, struct rpc_response *response)
{
    int error = 0;
    struct pipe_end *end = pipe_create(client_of(request), &error);
    if (!end)
        return error;
    response->cap = end->endpoint_slot;
    return 0;
}

static int handle_writer(struct rpc_request *request, struct rpc_response *response)
{
    struct pipe_end *reader = end_for(request, false);
    if (!reader)
        return ERR_INVALID;
    int error = 0;
    struct pipe_end *end = pipe_end_new(reader->pipe, true, &error);
    if (!end)
        return error;
    response->cap = end->endpoint_slot;
    return 0;
}

static int handle_map(struct rpc_request *request, struct rpc_response *response)
{
    struct pipe_end *end = pipe_end_of_badge(request->badge);
    if (!end)
        return ERR_INVALID;
    int error = pipe_end_map(end);
    if (error < 0)
        return error;
    response->cap = end->client_frame_slot;
    return 0;
}

static int handle_write(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct pipe_end *end = end_for(request, true);
    unsigned length = request->words[0];
    if (!end || !end->buffer || length > STREAM_BUFFER_SIZE)
        return ERR_INVALID;
    if (end->waiter != PIPE_NO_WAITER)
        return ERR_EXISTS; /* another holder of this end is waiting already */
    return length == 0 ? 0 : pipe_write(end, length);
}

static int handle_read(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct pipe_end *end = end_for(request, false);
    unsigned max = request->words[0];
    if (!end || !end->buffer || max == 0)
        return ERR_INVALID;
    if (end->waiter != PIPE_NO_WAITER)
        return ERR_EXISTS;
    return pipe_read(end, max < STREAM_BUFFER_SIZE ? max : STREAM_BUFFER_SIZE);
}

static int handle_close(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct pipe_end *end = pipe_end_of_badge(request->badge);
    if (!end)
        return ERR_INVALID;
    pipe_end_close(end);
    return 0;
}

static int handle_dup(struct rpc_request *request, struct rpc_response *response)
{
    struct pipe_end *end = pipe_end_of_badge(request->badge);
    if (!end)
        return ERR_INVALID;
    int error = 0;
    struct pipe_end *copy = pipe_end_new(end->pipe, end->writer, &error);
    if (!copy)
        return error;
    response->cap = copy->endpoint_slot;
    return 0;
}

static const struct rpc_op pipe_ops[] = {
    { PIPE_CREATE, 0, 0, false, handle_create, "create" },
    { PIPE_WRITER, 0, 0, false, handle_writer, "writer" },
    { STREAM_MAP, 0, 0, false, handle_map, "map" },
    { STREAM_WRITE, 1, 1, false, handle_write, "write" },
    { STREAM_READ, 1, 1, false, handle_read, "read" },
    { STREAM_CLOSE, 0, 0, false, handle_close, "close" },
    { STREAM_DUP, 0, 0, false, handle_dup, "dup" },
};

/* Register "pipe" with the name service, if we were given one (a test may start us alone). */
static void register_name(void)
{
    if (sys_cap_identify(START_SLOT_NS) == 0)
        return;
    unsigned name[NS_NAME_WORDS];
    rpc_pack_string(name, NS_NAME_WORDS, "pipe");
    int error = rpc_call_long(START_SLOT_NS, NS_REGISTER, name, NS_NAME_WORDS, START_SLOT_SERVICE,
                              -1, NULL, 0, NULL);
    if (error < 0)
        printf("pipe: cannot register with the name service: %s\n", error_name(error));
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    register_name();
    static struct rpc_server server = {
        .name = "pipe", .endpoint = START_SLOT_SERVICE, .ops = pipe_ops,
        .op_count = sizeof pipe_ops / sizeof pipe_ops[0], .notified = NULL,
        .cap_slot = PIPE_RECEIVE_SLOT,
    };
    rpc_serve(&server);
}
