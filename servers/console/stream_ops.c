/*
 * stream_ops.c - the console's requests: the stream protocol on every connection
 * (proto/stream.h) and CONSOLE_SET_FOREGROUND (proto/console.h).
 */
#include "connection.h"
#include "console_server.h"
#include "readers.h"
#include "start_info.h"
#include "stdio.h"

/* The slot STREAM_DUP's new capability is made in; it stays until the next STREAM_DUP
 * (the reply that sends it goes out after the handler returns). */
static int dup_slot = -1;
static unsigned next_dup_badge = 1;

static int stream_map(struct rpc_request *request, struct rpc_response *response)
{
    int error = ERR_INVALID;
    struct connection *connection = connection_open(request->badge, &error);
    if (!connection)
        return error;
    response->cap = connection->frame;
    return 0;
}

static int stream_write(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct connection *connection = connection_find(request->badge);
    unsigned length = request->words[0];
    if (!connection || length > STREAM_BUFFER_SIZE)
        return ERR_INVALID;
    connection_write(connection, length);
    return (int)length;
}

static int stream_read(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    struct connection *connection = connection_find(request->badge);
    unsigned max = request->words[0];
    if (!connection || max == 0 || max > STREAM_BUFFER_SIZE)
        return ERR_INVALID;
    connection_flush_all(); /* whoever waits for input has its prompt on the screen */
    if (!readers_waiting()) {
        int count = line_peek(&console_input, connection->buffer, max);
        if (count >= 0) {
            line_consume(&console_input, (unsigned)count);
            return count;
        }
    }
    int reply = rpc_defer();
    if (reply < 0)
        return reply;
    if (!readers_add(request->badge, reply, max))
        rpc_reply_later(reply, ERR_NO_MEMORY, 0, 0);
    return RPC_DEFERRED;
}

static int stream_close(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    readers_end(request->badge);
    int result = connection_close_badge(request->badge);
    if (result < 0)
        printf("console: STREAM_CLOSE of connection 0x%x, which is closed already\n",
               request->badge);
    return result;
}

static int stream_dup(struct rpc_request *request, struct rpc_response *response)
{
    (void)request;
    if (dup_slot < 0 && (dup_slot = console_reserve_slot()) < 0)
        return dup_slot;
    unsigned badge = CONSOLE_BADGE_DUP | (next_dup_badge++ & (CONSOLE_BADGE_DUP - 1));
    sys_cap_delete(dup_slot);
    int error = sys_cap_mint(START_SLOT_SERVICE, CAP_SELF_TASK, dup_slot, RIGHT_WRITE | RIGHT_GRANT, badge);
    if (error < 0) {
        dup_slot = -1; /* empty now: the kernel may use it */
        return error;
    }
    response->cap = dup_slot;
    return 0;
}

static int set_foreground(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    input_set_foreground(request->words[0]);
    return 0;
}

const struct rpc_op console_ops[] = {
    { STREAM_MAP, 0, 0, false, stream_map, "STREAM_MAP" },
    { STREAM_WRITE, 1, 1, false, stream_write, "STREAM_WRITE" },
    { STREAM_READ, 1, 1, false, stream_read, "STREAM_READ" },
    { STREAM_CLOSE, 0, 0, false, stream_close, "STREAM_CLOSE" },
    { STREAM_DUP, 0, 0, false, stream_dup, "STREAM_DUP" },
    { CONSOLE_SET_FOREGROUND, 1, 1, false, set_foreground, "CONSOLE_SET_FOREGROUND" },
};
const unsigned console_op_count = sizeof console_ops / sizeof console_ops[0];
