/*
 * cat.c - copy standard input to standard output until end of input (Ctrl-D on the
 * console, or every writer of a pipe gone). Both are stream connections
 * (proto/stream.h): cat maps their shared frames and moves a frame's worth at a time.
 */
#include "program.h"
#include "proto/mm.h"
#include "proto/stream.h"
#include "rpc.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"

/* Where cat maps the frames: the top of the shared area, clear of the runtime's own. */
#define CAT_INPUT_BUFFER (MM_SHARED_END - 2 * PAGE_SIZE)
#define CAT_OUTPUT_BUFFER (MM_SHARED_END - 3 * PAGE_SIZE)

static int empty_slot(void)
{
    for (int slot = START_SLOT_LAST + 1; slot < CSPACE_MAX_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    return ERR_NO_MEMORY;
}

/* STREAM_MAP on @p stream and map its frame at @p address (writable if @p writable). */
static int map_stream(int stream, unsigned address, bool writable)
{
    int slot = empty_slot();
    if (slot < 0)
        return slot;
    bool got = false;
    int error = rpc_call_long(stream, STREAM_MAP, NULL, 0, -1, slot, NULL, 0, &got);
    if (error >= 0 && !got)
        error = ERR_INVALID;
    if (error >= 0)
        error = sys_frame_map(slot, CAP_SELF_TASK, address, writable ? FRAME_MAP_WRITABLE : 0);
    if (error < 0)
        sys_cap_delete(slot);
    return error;
}

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        printf("cat: reads only its standard input for now (no files yet)\n");
        return 2;
    }
    int error = map_stream(START_SLOT_STDIN, CAT_INPUT_BUFFER, false);
    if (error >= 0)
        error = map_stream(START_SLOT_STDOUT, CAT_OUTPUT_BUFFER, true);
    if (error < 0) {
        printf("cat: no standard input or output: %s\n", error_name(error));
        return 1;
    }
    const char *in = (const char *)CAT_INPUT_BUFFER;
    char *out = (char *)CAT_OUTPUT_BUFFER;
    for (;;) {
        int n = rpc_call(START_SLOT_STDIN, STREAM_READ, 1, STREAM_BUFFER_SIZE, 0, 0, NULL);
        if (n == 0)
            return 0;
        if (n < 0 || n > (int)STREAM_BUFFER_SIZE) {
            printf("cat: reading: %s\n", error_name(n));
            return 1;
        }
        memcpy(out, in, (size_t)n);
        while (n > 0) { /* the stream may take fewer bytes than it was given */
            int written = rpc_call(START_SLOT_STDOUT, STREAM_WRITE, 1, (unsigned)n, 0, 0, NULL);
            if (written == ERR_DEAD)
                return 1; /* nobody reads our output any more */
            if (written <= 0 || written > n) {
                printf("cat: writing: %s\n", error_name(written));
                return 1;
            }
            n -= written;
            memmove(out, out + written, (size_t)n);
        }
    }
}
