/*
 * readers.c - reads waiting for console input (readers.h).
 */
#include "readers.h"
#include "connection.h"
#include "rpc.h"

struct reader {
    unsigned badge;
    int reply; /**< the saved reply capability's slot */
    unsigned max;
};

static struct reader readers[CONSOLE_READERS_MAX];
static unsigned reader_count;

bool readers_add(unsigned badge, int reply, unsigned max)
{
    if (reader_count >= CONSOLE_READERS_MAX)
        return false;
    readers[reader_count++] = (struct reader){ badge, reply, max };
    return true;
}

bool readers_waiting(void) { return reader_count > 0; }

static void remove_reader(unsigned index)
{
    for (unsigned i = index; i + 1 < reader_count; i++)
        readers[i] = readers[i + 1];
    reader_count--;
}

void readers_serve(struct line_discipline *input)
{
    while (reader_count > 0) {
        struct reader *reader = &readers[0];
        struct connection *connection = connection_find(reader->badge);
        if (!connection) { /* cannot happen: closing a connection ends its reads */
            rpc_reply_later(reader->reply, ERR_INVALID, 0, 0);
            remove_reader(0);
            continue;
        }
        int count = line_peek(input, connection->buffer, reader->max);
        if (count < 0)
            return;
        if (rpc_reply_later(reader->reply, count, 0, 0) == 0)
            line_consume(input, (unsigned)count);
        remove_reader(0);
    }
}

void readers_end(unsigned badge)
{
    for (unsigned i = 0; i < reader_count;) {
        if (readers[i].badge == badge) {
            rpc_reply_later(readers[i].reply, 0, 0, 0);
            remove_reader(i);
        } else {
            i++;
        }
    }
}
