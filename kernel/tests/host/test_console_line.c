/*
 * test_console_line.c - host unit tests of the console's line discipline
 * (servers/console/line_discipline.c): what each key does to the line, what it echoes, and
 * what readers get: whole lines, one at a time, end of input in its place, Ctrl-C discarding,
 * and a line longer than the limit refused with a bell instead of overflowing.
 */
#include <string.h>

#include "host_test.h"
#include "line_discipline.h"

/* Everything echoed, as a string. */
struct echo_log {
    char text[16384];
    unsigned length;
};

static void record_echo(void *context, const char *text, unsigned length)
{
    struct echo_log *log = context;
    if (log->length + length < sizeof log->text) {
        memcpy(log->text + log->length, text, length);
        log->length += length;
        log->text[log->length] = '\0';
    }
}

/* Whether @p text holds @p piece (kernel/string.h, on the include path, has no strstr). */
static bool contains(const char *text, const char *piece)
{
    size_t length = strlen(piece);
    for (; *text; text++)
        if (strncmp(text, piece, length) == 0)
            return true;
    return false;
}

static struct line_discipline line;
static struct echo_log echoed;

static void start(void)
{
    memset(&echoed, 0, sizeof echoed);
    line_init(&line, record_echo, &echoed);
}

/* Type @p keys; @return the last event. */
static enum line_event type(const char *keys)
{
    enum line_event event = LINE_EVENT_NONE;
    for (; *keys; keys++)
        event = line_input(&line, *keys);
    return event;
}

/* Read (peek and consume) at most @p max bytes into a string. @return line_peek's result. */
static int read_line(char *out, unsigned max)
{
    int count = line_peek(&line, out, max);
    out[count > 0 ? count : 0] = '\0';
    if (count >= 0)
        line_consume(&line, (unsigned)count);
    return count;
}

HOST_TEST(typed_line_is_echoed_and_read_whole)
{
    start();
    char out[64];
    EXPECT_EQ(LINE_EVENT_NONE, type("hello"), "keys before Enter finish nothing");
    EXPECT_EQ(-1, line_peek(&line, out, sizeof out), "nothing is readable before Enter");
    EXPECT_EQ(LINE_EVENT_READY, type("\r"), "Enter makes input readable");
    EXPECT_STR_EQ("hello\n", echoed.text, "the echo of hello and Enter");
    EXPECT_EQ(6, read_line(out, sizeof out), "a read gets the line and its newline");
    EXPECT_STR_EQ("hello\n", out, "what the read got");
    EXPECT_EQ(-1, line_peek(&line, out, sizeof out), "nothing is left after the read");
}

HOST_TEST(return_then_newline_is_one_enter)
{
    start();
    char out[64];
    type("a\r\nb\n");
    EXPECT_EQ(2, read_line(out, sizeof out), "first line");
    EXPECT_STR_EQ("a\n", out, "first line after \\r\\n");
    EXPECT_EQ(2, read_line(out, sizeof out), "second line (no empty line between)");
    EXPECT_STR_EQ("b\n", out, "second line after \\n alone");
}

HOST_TEST(backspace_delete_and_ctrl_u_edit_the_line)
{
    start();
    char out[64];
    type("abc\x7f" "d\x15xyz\bQ\n");
    EXPECT_EQ(4, read_line(out, sizeof out), "the edited line's length");
    EXPECT_STR_EQ("xyQ\n", out, "abc, DEL, d, Ctrl-U, xyz, backspace, Q");
    EXPECT_STR_EQ("abc\b \bd\b \b\b \b\b \bxyz\b \bQ\n", echoed.text, "erasing echoes back-blank-back");
}

HOST_TEST(backspace_on_empty_line_does_nothing)
{
    start();
    type("\b\x7f\x15");
    EXPECT_EQ(0, echoed.length, "no echo when there is nothing to erase");
    EXPECT_EQ(0, line.length, "the line stays empty");
}

HOST_TEST(reads_stop_at_the_end_of_a_line)
{
    start();
    char out[64];
    type("one\ntwo\n");
    EXPECT_EQ(4, read_line(out, sizeof out), "one line per read");
    EXPECT_STR_EQ("one\n", out, "first read");
    EXPECT_EQ(2, read_line(out, 2), "a short read takes part of the line");
    EXPECT_STR_EQ("tw", out, "first part");
    EXPECT_EQ(2, read_line(out, sizeof out), "the rest of the line");
    EXPECT_STR_EQ("o\n", out, "second part");
}

HOST_TEST(ctrl_d_on_empty_line_is_end_of_input_in_order)
{
    start();
    char out[64];
    type("before\n");
    EXPECT_EQ(LINE_EVENT_READY, type("\x04"), "Ctrl-D makes end of input readable");
    type("after\n");
    EXPECT_EQ(7, read_line(out, sizeof out), "the line typed before Ctrl-D comes first");
    EXPECT_EQ(0, read_line(out, sizeof out), "then the end of input (0)");
    EXPECT_EQ(6, read_line(out, sizeof out), "then the line typed after it");
    EXPECT_STR_EQ("after\n", out, "the line after the end of input");
    EXPECT_EQ(-1, line_peek(&line, out, sizeof out), "end of input is read once");
}

HOST_TEST(ctrl_d_after_characters_hands_them_over)
{
    start();
    char out[64];
    EXPECT_EQ(LINE_EVENT_READY, type("abc\x04"), "Ctrl-D after abc");
    EXPECT_EQ(3, read_line(out, sizeof out), "the characters without a newline");
    EXPECT_STR_EQ("abc", out, "what was read");
    EXPECT_EQ(-1, line_peek(&line, out, sizeof out), "no end of input after that");
}

HOST_TEST(ctrl_c_discards_line_and_queue)
{
    start();
    char out[64];
    type("queued\n");
    EXPECT_EQ(LINE_EVENT_INTERRUPT, type("half\x03"), "Ctrl-C asks for an interrupt");
    EXPECT_EQ(-1, line_peek(&line, out, sizeof out), "nothing readable after Ctrl-C");
    EXPECT_TRUE(contains(echoed.text, "^C\n"), "Ctrl-C echoes ^C and a newline");
    type("next\n");
    EXPECT_EQ(5, read_line(out, sizeof out), "the line typed after Ctrl-C");
    EXPECT_STR_EQ("next\n", out, "only the new line");
}

HOST_TEST(long_line_is_cut_with_a_bell)
{
    start();
    char out[LINE_MAX_BYTES + 16];
    for (unsigned i = 0; i < LINE_MAX_BYTES + 500; i++)
        line_input(&line, (char)('a' + i % 26));
    EXPECT_EQ(LINE_MAX_BYTES - 1, line.length, "the line stops at its limit");
    EXPECT_TRUE(contains(echoed.text, "\a"), "keys past the limit ring the bell");
    EXPECT_EQ(LINE_EVENT_READY, type("\n"), "Enter still ends the line");
    EXPECT_EQ(LINE_MAX_BYTES, read_line(out, sizeof out), "a read gets the cut line and its newline");
    EXPECT_EQ('\n', out[LINE_MAX_BYTES - 1], "the newline ends it");
    EXPECT_EQ('a', out[0], "its first character");
}

HOST_TEST(full_queue_drops_a_line_keeps_the_rest)
{
    start();
    char text[LINE_MAX_BYTES];
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    unsigned lines = 0;
    for (unsigned i = 0; i < LINE_QUEUE_BYTES / LINE_MAX_BYTES + 2; i++) {
        type(text);
        if (type("\n") == LINE_EVENT_READY)
            lines++;
    }
    EXPECT_EQ(LINE_QUEUE_BYTES / LINE_MAX_BYTES, lines, "as many full lines as the queue holds");
    EXPECT_TRUE(line.queue_count <= LINE_QUEUE_BYTES, "the queue never holds more than its size");
    char out[LINE_MAX_BYTES + 1];
    EXPECT_EQ(LINE_MAX_BYTES, read_line(out, sizeof out), "the first queued line reads whole");
}

HOST_TEST(control_characters_are_ignored)
{
    start();
    char out[64];
    type("a\x01\x02\x1b" "b\n");
    EXPECT_EQ(3, read_line(out, sizeof out), "only the printable keys");
    EXPECT_STR_EQ("ab\n", out, "what was read");
}
