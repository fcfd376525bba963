/*
 * shell/input.c - lines from standard input (input.h): STREAM_MAP once, then STREAM_READ
 * into the shared frame, bytes kept until a newline comes.
 */
#include "input.h"
#include "proto/mm.h"
#include "proto/stream.h"
#include "rpc.h"
#include "slots.h"
#include "start_info.h"
#include "stdio.h"
#include "syscall_stubs.h"

static const char *buffer;          /* the input connection's frame, once mapped */
static unsigned pending_at, pending; /* bytes of buffer not yet handed out */

static int map_input(void)
{
    int slot = shell_empty_slot();
    if (slot < 0)
        return slot;
    bool got = false;
    int error = rpc_call_long(START_SLOT_STDIN, STREAM_MAP, NULL, 0, -1, slot, NULL, 0, &got);
    if (error >= 0 && !got)
        error = ERR_INVALID;
    if (error >= 0)
        error = sys_frame_map(slot, CAP_SELF_TASK, SHELL_INPUT_BUFFER, 0);
    if (error < 0) {
        sys_cap_delete(slot);
        return error;
    }
    buffer = (const char *)SHELL_INPUT_BUFFER;
    return 0;
}

/* The next byte of input, or a negative: 0 - 1 at end of input, else the error. */
static int next_byte(int *error)
{
    if (pending == 0) {
        fflush(stdout); /* the prompt (no newline) is on the screen before we wait */
        int n = buffer ? 0 : map_input();
        if (n == 0)
            n = rpc_call(START_SLOT_STDIN, STREAM_READ, 1, STREAM_BUFFER_SIZE, 0, 0, NULL);
        if (n <= 0 || n > (int)STREAM_BUFFER_SIZE) {
            *error = n > 0 ? ERR_INVALID : n;
            return -1;
        }
        pending_at = 0;
        pending = (unsigned)n;
    }
    pending--;
    return (unsigned char)buffer[pending_at++];
}

enum shell_input shell_read_line(char *line, size_t size, int *error)
{
    int ignored;
    int *status = error ? error : &ignored;
    *status = 0;
    size_t used = 0;
    bool too_long = false;
    for (;;) {
        int c = next_byte(status);
        if (c < 0) {
            if (used == 0 && !too_long)
                return SHELL_INPUT_END;
            break; /* the last line had no newline */
        }
        if (c == '\n')
            break;
        if (used + 1 < size)
            line[used++] = (char)c;
        else
            too_long = true;
    }
    line[used] = '\0';
    return too_long ? SHELL_INPUT_TOO_LONG : SHELL_INPUT_LINE;
}
