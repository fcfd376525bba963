/*
 * console_service - the console server (servers/console) started by hand, as init will start
 * it, and used as its clients would: the test side is grading/tests/test_sys_console.py,
 * which types on the serial port and, through QEMU's monitor, on the PS/2 keyboard.
 *
 * This root task gives the console COM1's ports, the keyboard controller's, the VGA cursor's,
 * IRQs 4 and 1 on one notification (or one each: SEPARATE_WORD), the VGA text screen (a
 * device frame, device_frame_create, mapped here too so that we can see what the console
 * drew on it),
 * its endpoint, and a name service of its own making
 * (a thread here answering NS_REGISTER, NS_LOOKUP of "pm", and PM_INTERRUPT, which it
 * prints). Then, as two processes (badges NS_BADGE_PROCESS(1) and (2)):
 *   1. requests the console must refuse with ERR_INVALID (and go on serving), and one
 *      connection more than CONSOLE_CONNECTIONS_MAX (ERR_NO_MEMORY);
 *   2. two writer threads write WRITER_LINES lines each, every line in three pieces with
 *      yields between: the console must show each line whole;
 *   3. a flood of FLOOD_BYTES of output;
 *   4. CONSOLE_SET_FOREGROUND(FOREGROUND_PID), then reads, printing each read as
 *      "console_service: read N: [text]" (newline shown as '$'), until end of input (0).
 * At the end it prints the screen's rows, "console_service: screen row R: [text]", and where
 * the CRTC has the cursor, "console_service: cursor at N".
 * Expected: "console_service: end of input after N reads"; exit 0.
 */
#define TEST_NAME "console_service"
#include "proto/console.h"
#include "proto/nameserver.h"
#include "proto/pm.h"
#include "server_start.h"
#include "stdio.h"
#include "thread_start.h"

#define CONSOLE_QUOTA (384 * 1024) /* its own ~160K and CONSOLE_CONNECTIONS_MAX frames */
#define WRITER_LINES 20
#define FLOOD_BYTES (32 * 1024)
#define FOREGROUND_PID 42
#define WAIT_TICKS 5000
#define SHOWN_MAX 200 /* longer reads are described, not shown */

/* Slots in this task (well above what its own creations take). */
enum {
    SLOT_NS_FOR_CONSOLE = 40, /* the fake name service, as the console's START_SLOT_NS */
    SLOT_PM_FOR_CONSOLE,      /* the fake process manager, as NS_LOOKUP("pm") gives it */
    SLOT_A, SLOT_B,           /* two processes' connections to the console */
    SLOT_FRAME_A, SLOT_FRAME_B,
    SLOT_DUP, SLOT_FRAME_DUP,
    SLOT_FAKE_RECEIVED,       /* capabilities sent to the fake services */
    SLOT_SCREEN_HERE,         /* the screen frame, as mapped here */
    SLOT_MANY = 60,           /* CONSOLE_CONNECTIONS_MAX more connections ... */
    SLOT_MANY_FRAMES = SLOT_MANY + CONSOLE_CONNECTIONS_MAX, /* ... and their frames */
};
/* The console's slot for the notification of both IRQs (and the next one for the keyboard's,
 * with SEPARATE_WORD on the command line: one notification for each IRQ, which the console
 * must forward to the one bound to its thread). */
#define CONSOLE_NOTIFICATION_SLOT 30
#define SEPARATE_WORD "separate_irq_notifications"

#define FAKE_IPC_BUFFER 0xBFFFB000u
#define BUFFER_A 0x70000000u
#define BUFFER_B 0x70001000u
#define BUFFER_DUP 0x70002000u
#define SCREEN_HERE 0x70010000u
#define SCREEN_IN_CONSOLE 0x8F000000u
#define SCREEN_COLUMNS 80
#define SCREEN_ROWS 25
#define FAKE_PM_BADGE 0x77
/* The CRTC's registers (servers/console/output.h has the same). */
#define CRTC_INDEX_PORT 0x3D4
#define CRTC_DATA_PORT 0x3D5
#define CRTC_CURSOR_HIGH 0x0E
#define CRTC_CURSOR_LOW 0x0F

static int fake_endpoint;
static volatile unsigned registered, interrupts;
static volatile bool writer_done[2];

/* The console's name service and process manager, as far as the console uses them. */
static void fake_services(void *unused)
{
    (void)unused;
    struct ipc_buffer *buffer = (struct ipc_buffer *)FAKE_IPC_BUFFER;
    struct ipc_message m;
    bool have_reply = false;
    unsigned tag = 0, result = 0;
    for (;;) {
        buffer->receive_cap_slot = SLOT_FAKE_RECEIVED;
        buffer->received_cap = 0;
        int status = have_reply ? sys_reply_recv(fake_endpoint, tag, result, 0, 0, &m)
                                : sys_recv(fake_endpoint, &m);
        have_reply = false;
        if (status != 0)
            continue;
        if (buffer->received_cap)
            sys_cap_delete(SLOT_FAKE_RECEIVED);
        char name[NS_NAME_MAX + 1];
        rpc_unpack_string(name, buffer->words, NS_NAME_WORDS);
        tag = IPC_TAG(RPC_REPLY, 1, 0);
        result = 0;
        switch (IPC_TAG_LABEL(m.tag)) {
        case NS_REGISTER:
            test_print("registered %s", name);
            registered++;
            break;
        case NS_LOOKUP:
            if (strcmp(name, "pm") == 0) {
                buffer->send_cap_slot = SLOT_PM_FOR_CONSOLE;
                tag = IPC_TAG(RPC_REPLY, 1, 1);
            } else {
                result = (unsigned)ERR_NOT_FOUND;
            }
            break;
        case PM_INTERRUPT:
            test_print("PM_INTERRUPT pid %u (badge 0x%x)", m.words[0], m.badge);
            interrupts++;
            break;
        default: result = (unsigned)ERR_INVALID;
        }
        have_reply = true;
    }
}

static void start_fake_services(void)
{
    fake_endpoint = expect_success("endpoint_create", sys_endpoint_create());
    expect_result("cap_mint of the console's name service", 0,
                  sys_cap_mint(fake_endpoint, CAP_SELF_TASK, SLOT_NS_FOR_CONSOLE, RIGHT_WRITE | RIGHT_GRANT,
                               NS_BADGE_SERVER(3)));
    expect_result("cap_mint of the console's process manager", 0,
                  sys_cap_mint(fake_endpoint, CAP_SELF_TASK, SLOT_PM_FOR_CONSOLE, RIGHT_WRITE | RIGHT_GRANT,
                               FAKE_PM_BADGE));
    expect_result("task_map_anon of the fake services' IPC buffer", 0,
                  sys_task_map_anon(CAP_SELF_TASK, FAKE_IPC_BUFFER, 1, MAP_WRITABLE));
    int thread = expect_success("thread_new of the fake services", thread_new(fake_services, NULL, PRIORITY_DEFAULT));
    expect_result("thread_set_ipc_buffer of the fake services", 0, sys_thread_set_ipc_buffer(thread, FAKE_IPC_BUFFER));
    expect_result("thread_resume of the fake services", 0, sys_thread_resume(thread));
}

static void give_ports(struct server_start *console, unsigned first, unsigned count)
{
    int ports = expect_success("ioport_create", sys_ioport_create(CAP_ROOT_IO_CONTROL, first, count));
    server_give(console, START_CAP_IO_PORTS, ports, first, count);
}

/* Whether the command line has the word @p word. */
static bool has_word(const char *line, const char *word)
{
    size_t length = strlen(word);
    for (const char *p = line; *p; p++)
        if ((p == line || p[-1] == ' ') && strncmp(p, word, length) == 0 && (p[length] == ' ' || !p[length]))
            return true;
    return false;
}

/* Start the console. @return its endpoint (unbadged). */
static int start_console(const struct user_boot_info *info)
{
    bool separate_notifications = has_word(info->cmdline, SEPARATE_WORD);
    struct server_start console;
    server_prepare(&console, info, "console", CONSOLE_QUOTA, PRIORITY_DEFAULT);
    give_ports(&console, 0x3F8, 8);
    give_ports(&console, 0x60, 1);
    give_ports(&console, 0x64, 1);
    give_ports(&console, CRTC_INDEX_PORT, 2);
    static const unsigned irqs[] = { 4, 1 };
    int notification = -1;
    for (unsigned i = 0; i < 2; i++) {
        unsigned slot = CONSOLE_NOTIFICATION_SLOT + (separate_notifications ? i : 0);
        if (notification < 0 || separate_notifications) {
            notification = expect_success("notification_create", sys_notification_create());
            server_give_slot(&console, notification, slot);
        }
        int handler = expect_success("irq_handler_create",
                                     sys_irq_handler_create(CAP_ROOT_IRQ_CONTROL, irqs[i], notification));
        server_give(&console, START_CAP_IRQ, handler, irqs[i], slot);
    }
    int screen = expect_success("device_frame_create of the screen",
                                sys_device_frame_create(CAP_ROOT_IO_CONTROL, VGA_TEXT_PADDR));
    expect_result("cap_copy of the screen", 0, sys_cap_copy(screen, CAP_SELF_TASK, SLOT_SCREEN_HERE));
    expect_result("frame_map of the screen here", 0,
                  sys_frame_map(SLOT_SCREEN_HERE, CAP_SELF_TASK, SCREEN_HERE, FRAME_MAP_WRITABLE));
    expect_result("frame_map of the screen in the console", 0,
                  sys_frame_map(screen, console.task, SCREEN_IN_CONSOLE, FRAME_MAP_WRITABLE));
    server_give(&console, START_CAP_DEVICE_FRAME, screen, VGA_TEXT_PADDR, SCREEN_IN_CONSOLE);
    server_give_slot(&console, SLOT_NS_FOR_CONSOLE, START_SLOT_NS);
    server_run(&console);
    expect_result("cap_mint of process 1's connection", 0,
                  sys_cap_mint(console.endpoint, CAP_SELF_TASK, SLOT_A, RIGHT_WRITE | RIGHT_GRANT, NS_BADGE_PROCESS(1)));
    expect_result("cap_mint of process 2's connection", 0,
                  sys_cap_mint(console.endpoint, CAP_SELF_TASK, SLOT_B, RIGHT_WRITE | RIGHT_GRANT, NS_BADGE_PROCESS(2)));
    return console.endpoint;
}

static void stream_map(int connection, int frame_slot, unsigned address)
{
    bool got = false;
    expect_result("STREAM_MAP", 0, rpc_call_long(connection, STREAM_MAP, NULL, 0, -1, frame_slot, NULL, 0, &got));
    if (!got)
        test_fail("STREAM_MAP's reply, expected a frame capability, seen none");
    expect_result("frame_map of a connection's frame", 0, sys_frame_map(frame_slot, CAP_SELF_TASK, address, FRAME_MAP_WRITABLE));
}

static int stream_write(int connection, unsigned address, const char *text)
{
    unsigned length = strlen(text);
    memcpy((char *)address, text, length);
    return rpc_call(connection, STREAM_WRITE, 1, length, 0, 0, NULL);
}

static void bad_requests(void)
{
    expect_result("STREAM_WRITE before STREAM_MAP", ERR_INVALID, rpc_call(SLOT_A, STREAM_WRITE, 1, 5, 0, 0, NULL));
    expect_result("STREAM_READ before STREAM_MAP", ERR_INVALID, rpc_call(SLOT_A, STREAM_READ, 1, 5, 0, 0, NULL));
    expect_result("an unknown console label", ERR_INVALID, rpc_call(SLOT_A, RPC_BASE_CONSOLE + 0x55, 0, 0, 0, 0, NULL));
    expect_result("a timer label sent to the console", ERR_INVALID, rpc_call(SLOT_A, RPC_BASE_TIMER + 1, 1, 5, 0, 0, NULL));
    expect_result("STREAM_MAP with two words", ERR_INVALID, rpc_call(SLOT_A, STREAM_MAP, 2, 1, 2, 0, NULL));
    expect_result("CONSOLE_SET_FOREGROUND without its word", ERR_INVALID,
                  rpc_call(SLOT_A, CONSOLE_SET_FOREGROUND, 0, 0, 0, 0, NULL));
    stream_map(SLOT_A, SLOT_FRAME_A, BUFFER_A);
    stream_map(SLOT_B, SLOT_FRAME_B, BUFFER_B);
    expect_result("STREAM_WRITE of more than the buffer", ERR_INVALID,
                  rpc_call(SLOT_A, STREAM_WRITE, 1, STREAM_BUFFER_SIZE + 1, 0, 0, NULL));
    expect_result("STREAM_WRITE of 2^32 - 1 bytes", ERR_INVALID, rpc_call(SLOT_A, STREAM_WRITE, 1, ~0u, 0, 0, NULL));
    expect_result("STREAM_READ of 0 bytes", ERR_INVALID, rpc_call(SLOT_A, STREAM_READ, 1, 0, 0, 0, NULL));
    expect_result("STREAM_READ of more than the buffer", ERR_INVALID,
                  rpc_call(SLOT_A, STREAM_READ, 1, STREAM_BUFFER_SIZE + 1, 0, 0, NULL));

    bool got = false;
    expect_result("STREAM_DUP", 0, rpc_call_long(SLOT_A, STREAM_DUP, NULL, 0, -1, SLOT_DUP, NULL, 0, &got));
    if (!got)
        test_fail("STREAM_DUP's reply, expected a capability, seen none");
    stream_map(SLOT_DUP, SLOT_FRAME_DUP, BUFFER_DUP);
    const char *text = "console_service: written through a duplicate connection\n";
    expect_result("STREAM_WRITE on the duplicate", (int)strlen(text), stream_write(SLOT_DUP, BUFFER_DUP, text));
    expect_result("STREAM_CLOSE of the duplicate", 0, rpc_call(SLOT_DUP, STREAM_CLOSE, 0, 0, 0, 0, NULL));
    expect_result("STREAM_WRITE after STREAM_CLOSE", ERR_INVALID, stream_write(SLOT_DUP, BUFFER_DUP, "closed\n"));
    test_print("bad requests answered ERR_INVALID, the console still serves");
}

/* Connections up to CONSOLE_CONNECTIONS_MAX, one more refused, all closed, then room again. */
static void too_many_connections(int endpoint)
{
    unsigned opened = 0;
    int result = 0;
    for (unsigned i = 0; i < CONSOLE_CONNECTIONS_MAX; i++) {
        expect_result("cap_mint of one more connection", 0,
                      sys_cap_mint(endpoint, CAP_SELF_TASK, SLOT_MANY + (int)i, RIGHT_WRITE | RIGHT_GRANT,
                                   NS_BADGE_PROCESS(100 + i)));
        result = rpc_call_long(SLOT_MANY + (int)i, STREAM_MAP, NULL, 0, -1, SLOT_MANY_FRAMES + (int)i, NULL, 0, NULL);
        if (result < 0)
            break;
        opened++;
    }
    /* A and B are open: two fewer fit. */
    expect_result("connections the console took besides A and B", CONSOLE_CONNECTIONS_MAX - 2, (int)opened);
    expect_result("STREAM_MAP of one connection too many", ERR_NO_MEMORY, result);
    for (unsigned i = 0; i < opened; i++) {
        expect_result("STREAM_CLOSE of one of many", 0, rpc_call(SLOT_MANY + (int)i, STREAM_CLOSE, 0, 0, 0, 0, NULL));
        sys_cap_delete(SLOT_MANY_FRAMES + (int)i);
    }
    expect_result("STREAM_MAP once they are closed", 0,
                  rpc_call_long(SLOT_MANY + (int)opened, STREAM_MAP, NULL, 0, -1, SLOT_MANY_FRAMES, NULL, 0, NULL));
    expect_result("STREAM_CLOSE of that one", 0, rpc_call(SLOT_MANY + (int)opened, STREAM_CLOSE, 0, 0, 0, 0, NULL));
    test_print("%u connections at most, then ERR_NO_MEMORY; room again after STREAM_CLOSE", CONSOLE_CONNECTIONS_MAX);
}

/* Write WRITER_LINES lines, each in three pieces with a yield after each piece. */
static void writer(void *which)
{
    unsigned index = (unsigned)which;
    int connection = index ? SLOT_B : SLOT_A;
    unsigned address = index ? BUFFER_B : BUFFER_A;
    char name = (char)('A' + index), letters[41];
    memset(letters, name == 'A' ? 'a' : 'b', 40);
    letters[40] = '\0';
    for (unsigned line = 0; line < WRITER_LINES; line++) {
        char piece[64];
        snprintf(piece, sizeof piece, "writer %c line %02u: ", name, line);
        const char *pieces[3] = { piece, letters, " end\n" };
        for (unsigned i = 0; i < 3; i++) {
            stream_write(connection, address, pieces[i]);
            sys_yield();
        }
    }
    writer_done[index] = true;
}

static void flood(void)
{
    char *buffer = (char *)BUFFER_A;
    unsigned written = 0, line = 0;
    while (written < FLOOD_BYTES) {
        unsigned length = 0;
        while (length + 80 < STREAM_BUFFER_SIZE) {
            length += (unsigned)snprintf(buffer + length, 80, "flood %04u ------------------------------------------------------------\n", line++);
        }
        expect_result("STREAM_WRITE of a flood", (int)length, rpc_call(SLOT_A, STREAM_WRITE, 1, length, 0, 0, NULL));
        written += length;
    }
    test_print("flood of %u bytes in %u lines written", written, line);
}

static void show_read(unsigned count)
{
    const char *data = (const char *)BUFFER_A;
    if (count > SHOWN_MAX) {
        test_print("read %u: long, starts with '%c', ends with %s", count, data[0],
                   data[count - 1] == '\n' ? "a newline" : "no newline");
        return;
    }
    char shown[SHOWN_MAX + 1];
    for (unsigned i = 0; i < count; i++)
        shown[i] = data[i] == '\n' ? '$' : data[i] < 0x20 ? '?' : data[i];
    shown[count] = '\0';
    test_print("read %u: [%s]", count, shown);
}

static unsigned crtc_read(unsigned char index)
{
    unsigned char value;
    __asm__ volatile("outb %0, %1" : : "a"(index), "Nd"((unsigned short)CRTC_INDEX_PORT));
    __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"((unsigned short)CRTC_DATA_PORT));
    return value;
}

static void show_screen(void)
{
    const unsigned short *cells = (const unsigned short *)SCREEN_HERE;
    for (unsigned row = 0; row < SCREEN_ROWS; row++) {
        char text[SCREEN_COLUMNS + 1];
        unsigned length = 0;
        for (unsigned column = 0; column < SCREEN_COLUMNS; column++) {
            char c = (char)(cells[row * SCREEN_COLUMNS + column] & 0xFF);
            text[column] = c >= 0x20 && c < 0x7F ? c : ' ';
            if (text[column] != ' ')
                length = column + 1;
        }
        text[length] = '\0';
        test_print("screen row %02u: [%s]", row, text);
    }
    int crtc = expect_success("ioport_create of the CRTC's ports",
                              sys_ioport_create(CAP_ROOT_IO_CONTROL, CRTC_INDEX_PORT, 2));
    expect_result("ioport_enable of the CRTC's ports", 0, sys_ioport_enable(crtc));
    test_print("cursor at %u", crtc_read(CRTC_CURSOR_HIGH) << 8 | crtc_read(CRTC_CURSOR_LOW));
}

int main(const struct user_boot_info *info)
{
    root_ipc_buffer_init();
    start_fake_services();
    int console = start_console(info);
    /* Below the console, so that its output of a line is never cut by ours. */
    expect_result("thread_set_priority of the root", 0, sys_thread_set_priority(CAP_SELF_THREAD, PRIORITY_DEFAULT - 2));
    test_wait_until(registered, WAIT_TICKS, "the console's NS_REGISTER");

    bad_requests();
    too_many_connections(console);
    for (unsigned i = 0; i < 2; i++)
        expect_success("thread_start of a writer", thread_start(writer, (void *)i, PRIORITY_DEFAULT - 2));
    test_wait_until(writer_done[0] && writer_done[1], WAIT_TICKS, "the writers' last lines");
    test_print("writers done");
    flood();

    expect_result("CONSOLE_SET_FOREGROUND", 0, rpc_call(SLOT_A, CONSOLE_SET_FOREGROUND, 1, FOREGROUND_PID, 0, 0, NULL));
    test_print("reading");
    for (unsigned reads = 1;; reads++) {
        int count = rpc_call(SLOT_A, STREAM_READ, 1, STREAM_BUFFER_SIZE, 0, 0, NULL);
        if (count < 0)
            test_fail("STREAM_READ, expected a count, seen %s (%d)", error_name(count), count);
        if (count == 0) {
            test_print("end of input after %u reads (%u interrupts)", reads, interrupts);
            show_screen();
            return 0;
        }
        show_read((unsigned)count);
    }
}
