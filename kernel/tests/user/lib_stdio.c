/*
 * lib_stdio - stdio and the descriptor table of the runtime (servers/lib/stdio.c, fd.c) over
 * a stream connection (proto/stream.h), against a stream server of this program's own: a
 * thread running rpc_serve that records every STREAM_WRITE and answers STREAM_READ from a
 * script, as the console and the pipe server will.
 *
 *   1. Descriptors 1 and 0 are opened on two badged connections (fd_open_stream_as).
 *      printf of a line is one STREAM_WRITE; printf("abc") writes nothing until
 *      printf("def\n"), then "abcdef\n" is one write; puts is one write with its newline.
 *      The connection's page is asked for once (one STREAM_MAP for many writes).
 *   2. write(1) of 10,000 bytes to a server that takes at most 1,000 per request (as a full
 *      pipe may): write returns 10,000 and the server got every byte, in order.
 *   3. A prompt without a newline is written before standard input is read; fgets returns
 *      the script's two lines (the second split over two reads), then NULL at the end of
 *      input, and feof says so; getchar then gives EOF.
 *   4. close(1) sends STREAM_CLOSE; printf then prints on the debug console again (as in a
 *      server, with no standard output).
 *   5. A connection whose capability was revoked: write gives an error, not a hang.
 *
 * The program's own lines go to standard error, which is not open: the debug console.
 * Expected: "lib_stdio: ..." per step, then "lib_stdio: all stdio checks passed"; exit 0.
 */
#define TEST_NAME "lib_stdio"
#include "cstring.h"
#include "fd.h"
#include "proto/stream.h"
#include "start_info.h"
#include "thread_start.h"
#include "user_test.h"

#define SERVER_VIEW 0x50000000u /* where the server maps the shared page */
#define WRITES_MAX 64
#define CAPTURE_MAX 16384
#define SHORT_WRITE 1000
#define BADGE_OUT 1
#define BADGE_IN 2
#define BADGE_OTHER 3

/* Say something on the debug console (standard error is not open), or fail there. */
#define say(fmt, ...) fprintf(stderr, TEST_NAME ": " fmt "\n", ##__VA_ARGS__)
#define fail(fmt, ...)                                           \
    do {                                                         \
        say("FAIL: " fmt, ##__VA_ARGS__);                        \
        runtime_exit(1);                                         \
    } while (0)

/* ---- The stream server ----------------------------------------------------------------- */

static int frame;
static uint8_t *const view = (uint8_t *)SERVER_VIEW;

static struct {
    unsigned count;
    unsigned length[WRITES_MAX];
    char text[WRITES_MAX][80];
} writes;
static char capture[CAPTURE_MAX];
static unsigned captured;
static bool short_writes;
static unsigned maps, closes;
static char events[128]; /* 'W' for each write, 'R' for each read, in order */
static unsigned event_count;

static const char *const input_script[] = { "first line\nsec", "ond line\n" };
static unsigned input_next;

static void event(char what)
{
    if (event_count < sizeof events - 1)
        events[event_count++] = what;
}

static int stream_map(struct rpc_request *request, struct rpc_response *response)
{
    (void)request;
    maps++;
    response->cap = frame; /* the kernel gives the client a copy */
    return 0;
}

static int stream_write(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    unsigned length = request->words[0];
    if (length > STREAM_BUFFER_SIZE)
        return ERR_INVALID;
    if (short_writes && length > SHORT_WRITE)
        length = SHORT_WRITE;
    event('W');
    if (writes.count < WRITES_MAX) {
        writes.length[writes.count] = length;
        unsigned shown = length < sizeof writes.text[0] - 1 ? length : sizeof writes.text[0] - 1;
        memcpy(writes.text[writes.count], view, shown);
        writes.text[writes.count][shown] = '\0';
        writes.count++;
    }
    unsigned room = CAPTURE_MAX - captured;
    memcpy(capture + captured, view, length < room ? length : room);
    captured += length < room ? length : room;
    return (int)length;
}

static int stream_read(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    event('R');
    if (input_next >= sizeof input_script / sizeof input_script[0])
        return 0; /* the end of input */
    const char *chunk = input_script[input_next++];
    unsigned length = strlen(chunk);
    if (length > request->words[0])
        length = request->words[0];
    memcpy(view, chunk, length);
    return (int)length;
}

static int stream_close(struct rpc_request *request, struct rpc_response *response)
{
    (void)request, (void)response;
    closes++;
    return 0;
}

static const struct rpc_op stream_ops[] = {
    { STREAM_MAP, 0, 0, false, stream_map, "map" },
    { STREAM_WRITE, 1, 1, false, stream_write, "write" },
    { STREAM_READ, 1, 1, false, stream_read, "read" },
    { STREAM_CLOSE, 0, 0, false, stream_close, "close" },
};

static void serve(void *endpoint)
{
    struct rpc_server server = { "stream", (int)endpoint, stream_ops, 4, NULL, 0 };
    rpc_serve(&server);
}

/* ---- The checks ----------------------------------------------------------------------- */

static void expect_last_write(unsigned count, const char *text, const char *after)
{
    if (writes.count != count)
        fail("writes after %s, expected %u, seen %u", after, count, writes.count);
    if (count > 0 && strcmp(writes.text[count - 1], text) != 0)
        fail("the write after %s, expected \"%s\", seen \"%s\"", after, text, writes.text[count - 1]);
}

static int mint(int endpoint, unsigned badge)
{
    for (int slot = START_SLOT_LAST + 1; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == OBJECT_NONE) {
            if (sys_cap_mint(endpoint, CAP_SELF_TASK, slot, RIGHT_WRITE | RIGHT_GRANT, badge) != 0)
                fail("cap_mint of a connection");
            return slot;
        }
    fail("a free slot for a connection");
}

static void check_lines(void)
{
    printf("first %d\n", 1);
    expect_last_write(1, "first 1\n", "printf of a line");
    printf("abc");
    expect_last_write(1, "first 1\n", "printf(\"abc\") (no newline: nothing written yet)");
    printf("def\n");
    expect_last_write(2, "abcdef\n", "printf(\"def\\n\")");
    puts("a line");
    expect_last_write(3, "a line\n", "puts");
    printf("x\ny\n");
    expect_last_write(4, "x\ny\n", "printf of two lines");
    fflush(stdout);
    expect_last_write(4, "x\ny\n", "fflush with nothing buffered");
    if (maps != 1)
        fail("STREAM_MAP requests for 4 writes, expected 1, seen %u", maps);
    say("a printed line is one STREAM_WRITE; the page was mapped once");
}

static void check_long_write(void)
{
    static char data[10000];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (char)('a' + i % 26);
    short_writes = true;
    captured = 0;
    unsigned before = writes.count;
    int written = write(FD_STDOUT, data, sizeof data);
    short_writes = false;
    if (written != (int)sizeof data)
        fail("write of 10000 bytes to a stream taking 1000 at a time, expected 10000, seen %d", written);
    if (captured != sizeof data || memcmp(capture, data, sizeof data) != 0)
        fail("the bytes the server got, expected the 10000 written in order, seen %u", captured);
    say("write of 10000 bytes: %u requests, every byte in order", writes.count - before);
}

static void check_input(void)
{
    char line[64];
    event_count = 0;
    printf("prompt> ");
    if (!fgets(line, sizeof line, stdin) || strcmp(line, "first line\n") != 0)
        fail("the first fgets, expected \"first line\\n\"");
    if (events[0] != 'W' || events[1] != 'R')
        fail("the prompt is written before standard input is read: events \"%s\"", events);
    if (strcmp(writes.text[writes.count - 1], "prompt> ") != 0)
        fail("the write before the read, expected \"prompt> \", seen \"%s\"", writes.text[writes.count - 1]);
    if (!fgets(line, sizeof line, stdin) || strcmp(line, "second line\n") != 0)
        fail("the second fgets (over two reads), expected \"second line\\n\", seen \"%s\"", line);
    if (fgets(line, sizeof line, stdin) != NULL)
        fail("fgets at the end of input, expected NULL");
    if (!feof(stdin) || getchar() != EOF)
        fail("feof and getchar at the end of input");
    say("fgets read two lines after the prompt was written, then the end of input");
}

int main(const struct user_boot_info *info)
{
    (void)info;
    /* A first thread's IPC buffer, as init or the memory manager would give it. */
    expect_result("task_map_anon of the IPC buffer", 0,
                  sys_task_map_anon(CAP_SELF_TASK, START_IPC_BUFFER_ADDRESS, 1, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer", 0,
                  sys_thread_set_ipc_buffer(CAP_SELF_THREAD, START_IPC_BUFFER_ADDRESS));
    frame = expect_success("frame_create", sys_frame_create());
    expect_result("frame_map of the server's view", 0,
                  sys_frame_map(frame, CAP_SELF_TASK, SERVER_VIEW, FRAME_MAP_WRITABLE));
    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    expect_success("thread_start of the server", thread_start(serve, (void *)endpoint, PRIORITY_DEFAULT));

    if (fd_is_open(FD_STDOUT) || write(FD_STDOUT, "x", 1) != ERR_INVALID)
        fail("descriptor 1 before it is opened: expected closed, write ERR_INVALID");
    if (fd_open_stream_as(FD_STDOUT, mint(endpoint, BADGE_OUT)) != FD_STDOUT ||
        fd_open_stream_as(FD_STDIN, mint(endpoint, BADGE_IN)) != FD_STDIN)
        fail("fd_open_stream_as of descriptors 1 and 0");
    if (fd_open_stream(CAP_SELF_TASK) != ERR_INVALID)
        fail("fd_open_stream of a task capability, expected ERR_INVALID");

    check_lines();
    check_long_write();
    check_input();

    if (close(FD_STDOUT) != 0 || closes != 1 || fd_is_open(FD_STDOUT))
        fail("close(1): expected 0 and one STREAM_CLOSE, seen %u", closes);
    printf(TEST_NAME ": after close(1), printf is back on the debug console\n");

    int other = mint(endpoint, BADGE_OTHER);
    int fd = fd_open_stream(other);
    if (fd < 0 || write(fd, "ok", 2) != 2)
        fail("a write on a third connection");
    if (fd != FD_STDOUT)
        fail("fd_open_stream after close(1), expected the lowest free descriptor 1, seen %d", fd);
    int revoked = sys_cap_revoke(endpoint);
    if (revoked < 0)
        fail("cap_revoke of the endpoint (every connection goes), expected success, seen %s",
             error_name(revoked));
    int result = write(fd, "gone", 4);
    if (result >= 0)
        fail("a write after the connection was revoked, expected an error, seen %d", result);
    say("a write on a revoked connection gives %s, not a hang", error_name(result));

    close(fd);
    test_print("all stdio checks passed");
    return 0;
}
