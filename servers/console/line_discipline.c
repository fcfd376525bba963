/*
 * line_discipline.c - editing a line of console input and queueing finished lines
 * (line_discipline.h says what each key does).
 */
#include "line_discipline.h"

void line_init(struct line_discipline *line, line_echo_function echo, void *context)
{
    line->length = 0;
    line->queue_head = line->queue_count = 0;
    line->eof_pending = false;
    line->eof_after = 0;
    line->after_return = false;
    line->echo = echo;
    line->echo_context = context;
}

static void echo(struct line_discipline *line, const char *text, unsigned length)
{
    if (line->echo)
        line->echo(line->echo_context, text, length);
}

static void erase_characters(struct line_discipline *line, unsigned count)
{
    for (; count > 0 && line->length > 0; count--) {
        line->length--;
        echo(line, LINE_ERASE_ECHO, sizeof LINE_ERASE_ECHO - 1);
    }
}

static void bell(struct line_discipline *line)
{
    static const char bell_key = LINE_KEY_BELL;
    echo(line, &bell_key, 1);
}

/* Move the edited line (and @p newline) to the queue. @return false if it did not fit. */
static bool queue_line(struct line_discipline *line, bool newline)
{
    unsigned length = line->length + (newline ? 1 : 0);
    if (line->queue_count + length > LINE_QUEUE_BYTES) {
        line->length = 0;
        return false;
    }
    if (newline)
        line->line[line->length] = '\n';
    for (unsigned i = 0; i < length; i++) {
        unsigned at = (line->queue_head + line->queue_count) % LINE_QUEUE_BYTES;
        line->queue[at] = line->line[i];
        line->queue_count++;
    }
    line->length = 0;
    return true;
}

static enum line_event end_of_line(struct line_discipline *line)
{
    echo(line, "\n", 1);
    if (!queue_line(line, true)) {
        bell(line);
        return LINE_EVENT_NONE;
    }
    return LINE_EVENT_READY;
}

static enum line_event end_of_input(struct line_discipline *line)
{
    if (line->length > 0) /* Ctrl-D after some characters: hand them over as they are */
        return queue_line(line, false) ? LINE_EVENT_READY : LINE_EVENT_NONE;
    if (line->eof_pending)
        return LINE_EVENT_NONE; /* one end of input at a time */
    line->eof_pending = true;
    line->eof_after = line->queue_count;
    return LINE_EVENT_READY;
}

static enum line_event interrupt(struct line_discipline *line)
{
    line->length = 0;
    line->queue_head = line->queue_count = 0;
    line->eof_pending = false;
    echo(line, "^C\n", 3);
    return LINE_EVENT_INTERRUPT;
}

enum line_event line_input(struct line_discipline *line, char key)
{
    bool after_return = line->after_return;
    line->after_return = key == LINE_KEY_RETURN;
    switch (key) {
    case LINE_KEY_NEWLINE:
        if (after_return)
            return LINE_EVENT_NONE; /* the '\n' of a "\r\n" */
        return end_of_line(line);
    case LINE_KEY_RETURN: return end_of_line(line);
    case LINE_KEY_BACKSPACE:
    case LINE_KEY_DELETE: erase_characters(line, 1); return LINE_EVENT_NONE;
    case LINE_KEY_CTRL_U: erase_characters(line, line->length); return LINE_EVENT_NONE;
    case LINE_KEY_CTRL_C: return interrupt(line);
    case LINE_KEY_CTRL_D: return end_of_input(line);
    default: break;
    }
    if (key < 0x20 || key > 0x7E)
        return LINE_EVENT_NONE;
    if (line->length >= LINE_MAX_BYTES - 1) {
        bell(line);
        return LINE_EVENT_NONE;
    }
    line->line[line->length++] = key;
    echo(line, &key, 1);
    return LINE_EVENT_NONE;
}

int line_peek(const struct line_discipline *line, char *out, unsigned max)
{
    if (line->eof_pending && line->eof_after == 0)
        return 0;
    unsigned available = line->eof_pending ? line->eof_after : line->queue_count;
    if (available == 0 || max == 0)
        return -1;
    unsigned count = 0;
    while (count < available && count < max) {
        char c = line->queue[(line->queue_head + count) % LINE_QUEUE_BYTES];
        out[count++] = c;
        if (c == '\n')
            break;
    }
    return (int)count;
}

void line_consume(struct line_discipline *line, unsigned count)
{
    if (count == 0) {
        if (line->eof_pending && line->eof_after == 0)
            line->eof_pending = false;
        return;
    }
    if (count > line->queue_count)
        count = line->queue_count;
    line->queue_head = (line->queue_head + count) % LINE_QUEUE_BYTES;
    line->queue_count -= count;
    if (line->eof_pending)
        line->eof_after -= count < line->eof_after ? count : line->eof_after;
}
