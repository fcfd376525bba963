/*
 * hostile_registers - a user program may leave any value its mode allows in the registers
 * the kernel does not read as arguments: the direction flag set (std), and the null
 * selector in DS and ES. The kernel must not trust either: it clears the direction flag
 * and loads its own data segments on every way in.
 *
 * Each system call below is made with DF = 1 and DS = ES = 0, restored right after:
 *   1. null returns 0.
 *   2. debug_write prints a line (the kernel copies it from user memory) and returns its
 *      length.
 *   3. A frame is created, mapped, filled with 0xAA, unmapped and deleted; then a new frame
 *      is created the hostile way. The kernel zeroes a new frame with memset: with DF = 1
 *      that would run backwards from the frame's start, over someone else's memory, and
 *      leave the new frame (the same physical frame, reused) full of 0xAA. Mapped, every
 *      byte of it must read 0.
 *   4. A message of 20 words to a thread of this task, sent hostile: the words arrive.
 *
 * Expected: "hostile_registers: ..." lines for each step, then
 * "hostile_registers: all checks passed, the kernel ignored DF and the null selectors";
 * exit 0. Without the kernel's cld and segment loads, the machine panics (a #GP in the
 * kernel on a null DS) or a check fails.
 */
#define TEST_NAME "hostile_registers"
#include "string.h"
#include "thread_start.h"
#include "user_test.h"

#define FRAME_VADDR 0x50000000u
#define SENDER_BUFFER 0x50001000u
#define RECEIVER_BUFFER 0x50002000u
#define MESSAGE_WORDS 20
#define LABEL_HOSTILE 0x700
#define WAIT_TICKS 1000

/*
 * System call @p number with DF set and the null selector in DS and ES; everything is
 * restored before any memory is touched again. Up to five arguments in EBX, ECX, EDX, ESI,
 * EDI, as the ordinary stubs pass them.
 */
static int hostile_syscall(unsigned number, unsigned a0, unsigned a1, unsigned a2, unsigned a3,
                           unsigned a4)
{
    int result;
    __asm__ volatile("push %%ds\n\t"
                     "push %%es\n\t"
                     "push %%eax\n\t"
                     "xor %%eax, %%eax\n\t"
                     "mov %%ax, %%ds\n\t"
                     "mov %%ax, %%es\n\t"
                     "pop %%eax\n\t"
                     "std\n\t"
                     "int $0x80\n\t"
                     "cld\n\t"
                     "pop %%es\n\t"
                     "pop %%ds"
                     : "=a"(result)
                     : "a"(number), "b"(a0), "c"(a1), "d"(a2), "S"(a3), "D"(a4)
                     : "memory", "cc");
    return result;
}

static int endpoint;
static volatile int receiver_result = 1;
static volatile unsigned receiver_words_ok;

/* Receives one message into its IPC buffer and checks its length and words 3..19. */
static void receiver(void *unused)
{
    (void)unused;
    struct ipc_message message;
    receiver_result = sys_recv(endpoint, &message);
    const struct ipc_buffer *buffer = (const struct ipc_buffer *)RECEIVER_BUFFER;
    unsigned ok = IPC_TAG_LENGTH(message.tag) == MESSAGE_WORDS;
    for (unsigned i = 3; i < MESSAGE_WORDS; i++)
        ok &= buffer->words[i] == 0x5A000000u + i;
    receiver_words_ok = ok ? 1 : 2;
}

int main(const struct user_boot_info *info)
{
    (void)info;
    expect_result("null with DF set and DS = ES = 0", 0, hostile_syscall(SYS_null, 0, 0, 0, 0, 0));
    test_print("null returned 0");

    static const char line[] = TEST_NAME ": debug_write with DF set and DS = ES = 0\n";
    expect_result("debug_write, hostile", (int)sizeof line - 1,
                  hostile_syscall(SYS_debug_write, (unsigned)line, sizeof line - 1, 0, 0, 0));

    int first = expect_success("frame_create", sys_frame_create());
    expect_result("frame_map", 0, sys_frame_map(first, CAP_SELF_TASK, FRAME_VADDR, FRAME_MAP_WRITABLE));
    memset((void *)FRAME_VADDR, 0xAA, PAGE_SIZE);
    expect_result("frame_unmap", 0, sys_frame_unmap(first));
    expect_result("cap_delete of the frame", 0, sys_cap_delete(first));
    int second = expect_success("frame_create, hostile", hostile_syscall(SYS_frame_create, 0, 0, 0, 0, 0));
    expect_result("frame_map", 0, sys_frame_map(second, CAP_SELF_TASK, FRAME_VADDR, FRAME_MAP_WRITABLE));
    const volatile unsigned char *bytes = (const volatile unsigned char *)FRAME_VADDR;
    for (unsigned i = 0; i < PAGE_SIZE; i++)
        if (bytes[i] != 0)
            test_fail("byte %u of a new frame, expected 0, seen 0x%02x", i, bytes[i]);
    test_print("a frame created with DF set reads all zero");

    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    expect_result("map the IPC buffers", 0,
                  sys_task_map_anon(CAP_SELF_TASK, SENDER_BUFFER, 2, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer", 0, sys_thread_set_ipc_buffer(CAP_SELF_THREAD, SENDER_BUFFER));
    struct ipc_buffer *buffer = (struct ipc_buffer *)SENDER_BUFFER;
    for (unsigned i = 3; i < MESSAGE_WORDS; i++)
        buffer->words[i] = 0x5A000000u + i;
    int thread = expect_success("thread_new of the receiver", thread_new(receiver, NULL, PRIORITY_DEFAULT));
    expect_result("thread_set_ipc_buffer of the receiver", 0,
                  sys_thread_set_ipc_buffer(thread, RECEIVER_BUFFER));
    expect_result("thread_resume of the receiver", 0, sys_thread_resume(thread));
    expect_result("send of 20 words, hostile", 0,
                  hostile_syscall(SYS_send, (unsigned)endpoint,
                                  IPC_TAG(LABEL_HOSTILE, MESSAGE_WORDS, 0), 0, 1, 2));
    test_wait_until(receiver_words_ok != 0, WAIT_TICKS, "the receiver's check");
    expect_result("receiver's recv", 0, receiver_result);
    if (receiver_words_ok != 1)
        test_fail("the 20-word message, expected words 3..19 intact, seen them wrong");
    test_print("a 20-word message sent with DF set arrived intact");

    test_print("all checks passed, the kernel ignored DF and the null selectors");
    runtime_exit(0);
}
