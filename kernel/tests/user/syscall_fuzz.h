/*
 * syscall_fuzz.h - the system-call fuzzer's parts that do not run anything: the layout of
 * the child's address space and capability space, the report page the child and the root
 * share, and how a worker draws a call and judges its result against docs/syscalls.md.
 * Only syscall_fuzz.c includes it; its top comment tells the whole story.
 */
#ifndef ORRERY_SYSCALL_FUZZ_H
#define ORRERY_SYSCALL_FUZZ_H

#include "string.h"
#include "user_test.h"

#define ROUNDS 24
#define ROUND_CALLS 500      /* a round ends once its workers have made this many calls, */
#define ROUND_TICKS 40       /* or after this many timer ticks */
#define WORKERS 12           /* worker threads per round, resumed as earlier ones stop */
#define CONCURRENT_WORKERS 3 /* resumed at once */
#define CALLS_PER_WORKER 1000
#define CHILD_QUOTA (256 * 1024)
#define SIBLING_QUOTA (32 * 1024)
#define CHILD_PRIORITY (PRIORITY_DEFAULT - 1)

/* The child's address space (the report page is at the same address in the root). */
#define PAGE 4096u
#define REPORT_VADDR 0x30000000u
#define SCRATCH 0x30001000u        /* SCRATCH_PAGES writable pages: IPC buffers, fuzz data */
#define SCRATCH_PAGES 4
#define READ_ONLY_PAGE 0x30005000u
#define TEXT_PAGE 0x30007000u      /* read-only, all '\r': what debug_write may print */
#define HOLE 0x30008000u           /* never mapped, nor is the page before TEXT_PAGE: */
                                   /* no task_write can reach the text page */
#define STACKS 0x30100000u         /* worker i > 0: a one-page stack at STACKS + 2i pages */
#define FAR_UNMAPPED 0x20000000u   /* 64 free pages from here: where maps may work */
#define LOW_UNMAPPED 0x00001000u
#define KERNEL_TEXT 0xC0100000u

/* The child's capabilities, as the root installs them. */
enum child_slot {
    SLOT_ENDPOINT = 2,
    SLOT_NOTIFICATION = 3,
    SLOT_FRAME = 4,
    SLOT_ENDPOINT_SEND = 5,       /* RIGHT_WRITE | RIGHT_GRANT, badge ENDPOINT_BADGE */
    SLOT_NOTIFICATION_SIGNAL = 6, /* RIGHT_WRITE, badge NOTIFICATION_BADGE */
    SLOT_SIBLING = 7,
    SLOT_IRQ_CONTROL = 8,
    SLOT_IO_PORTS = 9,            /* the port HARMLESS_PORT */
    SLOT_WORKERS = 10,            /* worker i < WORKER_CAPS: its thread, in SLOT_WORKERS + i */
    SLOT_IO_CONTROL = 16,         /* the root's I/O control, RIGHT_CONTROL only: device frames */
};
#define WORKER_CAPS 6
#define SMALL_SLOTS 20 /* slot arguments are mostly below this: the slots above, and the
                        * first objects the child makes (cap_find_free_slot: lowest from 4) */
_Static_assert(WORKER_CAPS <= WORKERS && SLOT_WORKERS + WORKER_CAPS <= SLOT_IO_CONTROL &&
               SLOT_IO_CONTROL < SMALL_SLOTS, "the workers' capabilities are among the small slots");
#define ENDPOINT_BADGE 0x5A
#define NOTIFICATION_BADGE 0x100
#define HARMLESS_PORT 0x80 /* the POST diagnostic port */

/* The badges of the root's alarm notification. */
#define ALARM_TICK 0x1
#define ALARM_IDLE 0x2

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define PICK(array, r) ((array)[(r) % COUNT(array)])

/* --- The report page ---------------------------------------------------------------------- */

enum anomaly_kind {
    ANOMALY_NONE,
    ANOMALY_NOT_AN_ERROR_CODE,
    ANOMALY_NO_SYSCALL,
    ANOMALY_WRONG_ERROR,
    ANOMALY_NOT_ZERO,
    ANOMALY_REFUSED_GOOD_CALL,
    ANOMALY_NEW_SLOT,
    ANOMALY_HALT,
    ANOMALY_WAIT_ZERO,
    ANOMALY_REGISTERS,
    ANOMALY_ACCEPTED_BAD_ARGUMENT,
    ANOMALY_FPU_STATE,
};

static const char *const anomaly_text[] = {
    [ANOMALY_NONE] = "no anomaly",
    [ANOMALY_NOT_AN_ERROR_CODE] = "a negative result that is no ERR_* code",
    [ANOMALY_NO_SYSCALL] = "a number past SYSCALL_LIST must return ERR_NO_SYSCALL",
    [ANOMALY_WRONG_ERROR] = "a call in SYSCALL_LIST returned ERR_NO_SYSCALL or ERR_NOT_ALLOCATED",
    [ANOMALY_NOT_ZERO] = "null, yield and sleep (up to SLEEP_MAX_TICKS) must return 0",
    [ANOMALY_REFUSED_GOOD_CALL] = "debug_info of a known key and cap_identify of a slot below "
                                  "CSPACE_MAX_SLOTS cannot fail",
    [ANOMALY_NEW_SLOT] = "a call that makes a capability returned a slot outside 4 .. CSPACE_MAX_SLOTS - 1",
    [ANOMALY_HALT] = "debug_halt from a task other than the root must return ERR_NO_RIGHTS",
    [ANOMALY_WAIT_ZERO] = "wait returned 0 bits",
    [ANOMALY_REGISTERS] = "a call that receives no message changed EBX, ECX, EDX, ESI or EDI",
    [ANOMALY_ACCEPTED_BAD_ARGUMENT] = "the call succeeded with an argument its contract rejects",
    [ANOMALY_FPU_STATE] = "the worker's FPU registers (control word, an x87 value, MXCSR, XMM7) "
                          "changed across the call",
};

/** What one worker tells the root. */
struct worker_report {
    unsigned seed;       /**< written by the root before the worker starts */
    unsigned calls;      /**< calls started so far */
    unsigned finished;   /**< 1 once it has made CALLS_PER_WORKER calls */
    unsigned current[6]; /**< the call in progress: number, then arguments 0..4 */
    unsigned anomalies;  /**< results the contract forbids */
    unsigned anomaly[8]; /**< the first: kind, call index, number, arguments 0..4 */
    int anomaly_result;
};

/** A call that succeeded and made or copied a task or thread capability. */
struct logged_call {
    unsigned worker;
    unsigned call[6]; /**< number, arguments 0..4 */
    int result;
};
#define LOGGED_CALLS 32 /* the first ones of a round */

struct fuzz_report {
    struct worker_report workers[WORKERS];
    unsigned successes[SYSCALL_COUNT]; /**< calls that returned >= 0, by number */
    unsigned logged;                   /**< calls worth logging so far, maybe > LOGGED_CALLS */
    struct logged_call log[LOGGED_CALLS];
};
_Static_assert(sizeof(struct fuzz_report) <= PAGE, "the report must fit in its page");

static struct fuzz_report *const report = (struct fuzz_report *)REPORT_VADDR;

static const char *const syscall_names[SYSCALL_COUNT] = {
#define SYSCALL_NAME(name, number, ...) [number] = #name,
    SYSCALL_LIST(SYSCALL_NAME)
#undef SYSCALL_NAME
};

/* --- Drawing calls (in the child) --------------------------------------------------------- */

/* xorshift32: deterministic, and never 0 from a non-zero state. */
static unsigned next_random(unsigned *state)
{
    unsigned x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static const unsigned edge_values[] = {
    0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, CSPACE_SLOTS - 1, CSPACE_SLOTS, CSPACE_SLOTS + 1,
    127, 128, 255, 256, 257, 1023, 1024, 1025, 4095, 4096, 4097, 8192, 16384, 32768, 60000,
    60001, 0xFFFF, 0x10000, 0x10001, 0x7FFFFFFFu, 0x80000000u, 0x80000001u, 0xFFFFFFFFu,
    0xFFFFFFFEu, 0xFFFFFFF0u, 0xFFFFF000u, USER_SPACE_END, USER_SPACE_END - 1,
    USER_SPACE_END - PAGE, KERNEL_TEXT,
};

/* Pages worth pointing at: mapped writable, mapped read-only, unmapped (until the fuzz maps
 * them), kernel. Not the pages around the text page: nothing may ever map them. */
static const unsigned address_pages[] = {
    SCRATCH, SCRATCH + PAGE, SCRATCH + 2 * PAGE, SCRATCH + 3 * PAGE, READ_ONLY_PAGE,
    FAR_UNMAPPED, LOW_UNMAPPED, 0, USER_SPACE_END - PAGE, USER_SPACE_END, KERNEL_TEXT,
    0xFFFFF000u,
};
static const unsigned address_offsets[] = {
    0, 0, 0, 0, 1, 2, 4, 0x7FF, 0x800, 0xFF0, 0xFFC, 0xFFF,
};

/* What the kernel may print (debug_write) or keep as a name (task_create): the text page,
 * or pointers that stay bad whatever the fuzz maps (HOLE is right after the text page, so a
 * copy from near its end faults half-way), never a page the fuzz could write. */
static const unsigned text_pointers[] = {
    TEXT_PAGE, TEXT_PAGE + 1, TEXT_PAGE + 0x800, TEXT_PAGE + 0xFF0, TEXT_PAGE + 0xFFF, HOLE,
    USER_SPACE_END, KERNEL_TEXT, 0xFFFFFFF0u,
};

static const unsigned numbers_past_the_list[] = {
    SYSCALL_COUNT, SYSCALL_COUNT + 1, 0x80, 0x100, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu,
};

/* What an argument is, to draw it from values that mean something there. */
enum argument_kind {
    ANY, SLOT, ADDRESS, PAGE_ADDRESS, TEXT, NAME, LENGTH, PAGES, FLAGS, PRIORITY, TICKS,
    QUOTA, TAG, RIGHTS, BADGE, IRQ, PORT, KEY, SLICE, PADDR, INFO_KEY,
    TRACE_OP, /* mark, resume, or out of range: never pause, which would hide the rest of
                 the run from the trace the fuzzer's test reads */
    IO_CONTROL, /* a slot, half the time SLOT_IO_CONTROL */
    OFFSET,     /* a byte offset into a frame's page: mostly in it, some at or past its end */
    BITS,       /* frame_mapping_bits's clear: FRAME_BIT_* and bits that are not */
};

static const unsigned char argument_kinds[SYSCALL_COUNT][5] = {
    [SYS_debug_write] = { TEXT, LENGTH },
    [SYS_debug_info] = { KEY },
    [SYS_sleep] = { TICKS },
    [SYS_task_create] = { QUOTA, NAME },
    [SYS_task_map_anon] = { SLOT, PAGE_ADDRESS, PAGES, FLAGS },
    [SYS_task_write] = { SLOT, ADDRESS, ADDRESS, LENGTH },
    [SYS_thread_create] = { SLOT, ADDRESS, ADDRESS, PRIORITY },
    [SYS_thread_resume] = { SLOT },
    [SYS_thread_suspend] = { SLOT },
    [SYS_thread_set_priority] = { SLOT, PRIORITY },
    [SYS_cap_copy] = { SLOT, SLOT, SLOT },
    [SYS_cap_mint] = { SLOT, SLOT, SLOT, RIGHTS, BADGE },
    [SYS_cap_delete] = { SLOT },
    [SYS_cap_revoke] = { SLOT },
    [SYS_cap_identify] = { SLOT },
    [SYS_send] = { SLOT, TAG },
    [SYS_recv] = { SLOT },
    [SYS_call] = { SLOT, TAG },
    [SYS_reply_recv] = { SLOT, TAG },
    [SYS_nb_send] = { SLOT, TAG },
    [SYS_nb_recv] = { SLOT },
    [SYS_signal] = { SLOT },
    [SYS_wait] = { SLOT },
    [SYS_thread_set_ipc_buffer] = { SLOT, PAGE_ADDRESS },
    [SYS_thread_set_fault_handler] = { SLOT, SLOT },
    [SYS_frame_map] = { SLOT, SLOT, PAGE_ADDRESS, FLAGS },
    [SYS_frame_unmap] = { SLOT },
    [SYS_irq_handler_create] = { SLOT, IRQ, SLOT },
    [SYS_irq_ack] = { SLOT },
    [SYS_ioport_create] = { SLOT, PORT, LENGTH },
    [SYS_ioport_enable] = { SLOT },
    [SYS_reply] = { SLOT, TAG },
    [SYS_thread_bind_notification] = { SLOT, SLOT },
    [SYS_thread_unbind_notification] = { SLOT },
    [SYS_thread_set_time_slice] = { SLOT, SLICE },
    [SYS_task_quota_give] = { SLOT, QUOTA },
    [SYS_task_quota_take] = { SLOT, QUOTA },
    [SYS_device_frame_create] = { IO_CONTROL, PADDR },
    [SYS_task_info] = { SLOT, INFO_KEY },
    [SYS_thread_info] = { SLOT, INFO_KEY },
    [SYS_task_cap_info] = { SLOT, SLOT, INFO_KEY },
    [SYS_trace_control] = { TRACE_OP, ANY },
    [SYS_frame_mapping_bits] = { SLOT, BITS },
    [SYS_frame_protect] = { SLOT, FLAGS },
    [SYS_frame_copy] = { SLOT, SLOT },
    [SYS_frame_read] = { SLOT, OFFSET, ADDRESS, LENGTH },
    [SYS_frame_write] = { SLOT, OFFSET, ADDRESS, LENGTH },
};

#define RECENT 4 /* results of a worker's latest successful calls, used as arguments */

static unsigned pick_address(unsigned *state)
{
    unsigned r = next_random(state);
    return PICK(address_pages, r) + PICK(address_offsets, r >> 8);
}

/* Any argument: the pool of interesting values. */
static unsigned pick_any(unsigned *state, const unsigned recent[RECENT])
{
    unsigned r = next_random(state);
    switch (r % 10) {
    case 0: case 1: case 2: return (r >> 8) % SMALL_SLOTS;
    case 3: return (r >> 8) % (CSPACE_SLOTS + 2);
    case 4: case 5: return PICK(edge_values, r >> 8);
    case 6: return pick_address(state);
    case 7: return IPC_TAG((r >> 16) & 0xFF, (r >> 8) & IPC_TAG_LENGTH_MASK, r & 0x10);
    case 8: return recent[(r >> 8) % RECENT];
    default: return next_random(state);
    }
}

/* An argument of a known kind: mostly values that may work, bad ones among them, and one
 * time in eight anything at all (but text pointers and names never are). */
static unsigned pick_argument(enum argument_kind kind, unsigned *state,
                              const unsigned recent[RECENT])
{
    static const unsigned lengths[] = { 0, 1, 4, 12, 16, 255, 256, 257, 4096, 65536, 65537,
                                        0xFFFFFFFFu };
    static const unsigned pages[] = { 1, 1, 1, 2, 3, 0, TASK_MAP_MAX_PAGES,
                                      TASK_MAP_MAX_PAGES + 1, 0xFFFFFFFFu };
    static const unsigned flags[] = { 0, 1, 0, 1, 2, 3, 0x80000000u, 0xFFFFFFFFu };
    static const unsigned ticks[] = { 0, 1, 2, 3, SLEEP_MAX_TICKS, SLEEP_MAX_TICKS + 1,
                                      0xFFFFFFFFu };
    static const unsigned quotas[] = { 0, 4095, 5963, 5964, 8192, 16384, 65536, 0x7FFFFFFFu,
                                       0xFFFFFFFFu };
    static const unsigned badges[] = { 0, 0, 0, 1, 0x40, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu };
    static const unsigned ports[] = { HARMLESS_PORT, 0x70, 0, 0xFFFF, 0x10000, 0xFFFFFFFFu };
    static const unsigned slices[] = { 0, TIME_SLICE_MIN_TICKS, 2, 5, 20, TIME_SLICE_MAX_TICKS,
                                       TIME_SLICE_MAX_TICKS + 1, 0xFFFFFFFFu };
    static const unsigned paddrs[] = { DEVICE_FRAME_FIRST, VGA_TEXT_PADDR, DEVICE_FRAME_END - PAGE,
                                       VGA_TEXT_PADDR + 1, DEVICE_FRAME_FIRST - PAGE,
                                       DEVICE_FRAME_END, 0, 0x100000u, 0xFFFFF000u };
    static const unsigned offsets[] = { 0, 0, 1, 4, 0x800, 0xFF0, 0xFFF, PAGE, PAGE + 1,
                                        0x7FFFFFFFu, 0xFFFFFFFFu };
    static const unsigned bits[] = { 0, FRAME_BIT_ACCESSED, FRAME_BIT_DIRTY,
                                     FRAME_BIT_ACCESSED | FRAME_BIT_DIRTY, FRAME_BIT_WRITABLE, 0x8,
                                     0x80000000u, 0xFFFFFFFFu };
    unsigned r = next_random(state);
    if (kind == TEXT)
        return PICK(text_pointers, r);
    if (kind == NAME) /* 0: the default name */
        return r % 8 ? PICK(text_pointers, r / 8) : 0;
    if (kind == ANY || r % 8 == 0)
        return pick_any(state, recent);
    r >>= 3;
    switch (kind) {
    case SLOT:
        return r % 8 == 0 ? r / 8 % (CSPACE_SLOTS + 2)
             : r % 8 == 1 ? recent[r / 8 % RECENT] : r / 8 % SMALL_SLOTS;
    case ADDRESS: return pick_address(state);
    case PAGE_ADDRESS: /* half the time a page nothing was mapped at, so that a map can work */
        return r % 2 ? FAR_UNMAPPED + r / 2 % 64 * PAGE : PICK(address_pages, r / 2);
    case LENGTH: return PICK(lengths, r);
    case PAGES: return PICK(pages, r);
    case FLAGS: return PICK(flags, r);
    case PRIORITY: return r % 4 ? r / 4 % (CHILD_PRIORITY + 1) : PRIORITY_MAX + r / 4 % 3;
    case TICKS: return PICK(ticks, r);
    case QUOTA: return PICK(quotas, r);
    case TAG: /* mostly register messages; long ones, too long ones, some with a capability */
        return IPC_TAG(r >> 16, r % 4 ? r / 4 % (IPC_REGISTER_WORDS + 1) : r / 4 % 128, r & 0x100);
    case RIGHTS: return r % 8 ? r / 8 % (RIGHTS_ALL + 1) : PICK(edge_values, r / 8);
    case BADGE: return PICK(badges, r);
    case IRQ: return r % (IRQ_USER_LAST + 3);
    case PORT: return PICK(ports, r);
    case KEY: return r % (DEBUG_INFO_LAST + 3);
    case SLICE: return PICK(slices, r);
    case PADDR: return PICK(paddrs, r);
    case IO_CONTROL: return r % 2 ? SLOT_IO_CONTROL : pick_argument(SLOT, state, recent);
    case OFFSET: return PICK(offsets, r);
    case BITS: return PICK(bits, r);
    case INFO_KEY: return r % 8 ? r / 8 % (TASK_INFO_LAST + 3) : PICK(edge_values, r / 8);
    case TRACE_OP:
        return r % 4 == 0 ? TRACE_CONTROL_MARK : r % 4 == 1 ? TRACE_CONTROL_RESUME
             : r % 4 == 2 ? TRACE_CONTROL_RESUME + 1 + r / 4 % 8 : 0x80000000u | r;
    default: return pick_any(state, recent);
    }
}

/* Calls that may stop the worker for good (block, sleep long, end it). */
static bool may_stop_the_worker(unsigned number)
{
    switch (number) {
    case SYS_sleep: case SYS_thread_suspend: case SYS_thread_exit: case SYS_send:
    case SYS_recv: case SYS_call: case SYS_reply_recv: case SYS_wait:
        return true;
    default:
        return false;
    }
}

/* One number in sixteen is past the list; the calls that may stop the worker have half the
 * weight: often enough to leave threads blocked, asleep and suspended for the others to
 * poke at, rarely enough that a worker makes some dozens of calls before it stops. */
static unsigned pick_number(unsigned *state)
{
    for (;;) {
        unsigned r = next_random(state);
        if (r % 16 == 0)
            return PICK(numbers_past_the_list, r >> 4);
        unsigned number = (r >> 4) % SYSCALL_COUNT;
        if (!may_stop_the_worker(number) || (r >> 16) % 2 == 0)
            return number;
    }
}

static void pick_call(unsigned *state, const unsigned recent[RECENT], unsigned call[6])
{
    call[0] = pick_number(state);
    for (int i = 0; i < 5; i++)
        call[1 + i] = pick_argument(call[0] < SYSCALL_COUNT ? argument_kinds[call[0]][i] : ANY,
                                    state, recent);
}

/* --- Judging results (in the child) ------------------------------------------------------- */

static bool receives_a_message(unsigned number)
{
    return number == SYS_recv || number == SYS_nb_recv || number == SYS_call ||
           number == SYS_reply_recv;
}

static bool makes_a_capability(unsigned number)
{
    switch (number) {
    case SYS_task_create: case SYS_thread_create: case SYS_endpoint_create:
    case SYS_notification_create: case SYS_frame_create: case SYS_irq_handler_create:
    case SYS_ioport_create: case SYS_reply_save: case SYS_device_frame_create:
        return true;
    default:
        return false;
    }
}

/* The arguments of each call that name a slot it always looks up (bit i: argument i). */
static unsigned slot_arguments(unsigned number)
{
    switch (number) {
    case SYS_task_map_anon: case SYS_task_write: case SYS_thread_create:
    case SYS_thread_resume: case SYS_thread_suspend: case SYS_thread_set_priority:
    case SYS_cap_delete: case SYS_cap_revoke: case SYS_cap_identify:
    case SYS_send: case SYS_recv: case SYS_call: case SYS_reply_recv: case SYS_nb_send:
    case SYS_nb_recv: case SYS_signal: case SYS_wait: case SYS_thread_set_ipc_buffer:
    case SYS_frame_unmap: case SYS_irq_ack: case SYS_ioport_create: case SYS_ioport_enable:
    case SYS_reply: case SYS_thread_unbind_notification: case SYS_thread_set_time_slice:
    case SYS_task_quota_give: case SYS_task_quota_take: case SYS_device_frame_create:
    case SYS_task_info: case SYS_thread_info: case SYS_frame_mapping_bits:
    case SYS_frame_protect: case SYS_frame_read: case SYS_frame_write:
        return 0x1;
    case SYS_cap_copy: case SYS_cap_mint: return 0x7;
    case SYS_frame_copy: return 0x3;
    case SYS_thread_set_fault_handler: case SYS_frame_map: case SYS_thread_bind_notification:
    case SYS_task_cap_info: /* its slot, in the other task, is checked against CSPACE_MAX_SLOTS */
        return 0x3;
    case SYS_irq_handler_create: return 0x5;
    default: return 0;
    }
}

static bool in_user_space(unsigned address, unsigned length)
{
    return address < USER_SPACE_END && length <= USER_SPACE_END - address;
}

/* Does docs/syscalls.md reject this call whatever the state of the caller? */
static bool contract_rejects(const unsigned c[6])
{
    const unsigned a0 = c[1], a1 = c[2], a2 = c[3], a3 = c[4];
    for (int i = 0; i < 5; i++)
        if ((slot_arguments(c[0]) >> i & 1) && c[1 + i] >= CSPACE_MAX_SLOTS)
            return true;
    switch (c[0]) {
    case SYS_debug_write: return a1 > DEBUG_WRITE_MAX || !in_user_space(a0, a1);
    case SYS_debug_info: return a0 > DEBUG_INFO_LAST;
    case SYS_sleep: return a0 > SLEEP_MAX_TICKS;
    case SYS_task_create: /* a task costs more than its page directory alone */
        return a0 < PAGE || (a1 && a1 >= USER_SPACE_END);
    case SYS_task_map_anon:
        return (a3 & ~MAP_WRITABLE) || a2 == 0 || a2 > TASK_MAP_MAX_PAGES || a1 % PAGE != 0 ||
               a1 < USER_SPACE_START || a1 >= USER_SPACE_END || a2 > (USER_SPACE_END - a1) / PAGE;
    case SYS_task_write:
        return a3 > TASK_WRITE_MAX || !in_user_space(a1, a3) || !in_user_space(a2, a3);
    case SYS_thread_create:
        return a1 >= USER_SPACE_END || a2 > USER_SPACE_END || a3 > PRIORITY_MAX;
    case SYS_thread_set_priority: return a1 > PRIORITY_MAX;
    case SYS_cap_mint: return a3 & ~RIGHTS_ALL;
    case SYS_send: case SYS_call: case SYS_nb_send: case SYS_reply:
        return IPC_TAG_LENGTH(a1) > IPC_MAX_WORDS;
    case SYS_thread_set_time_slice: return a1 < TIME_SLICE_MIN_TICKS || a1 > TIME_SLICE_MAX_TICKS;
    case SYS_thread_set_ipc_buffer: return a1 && (a1 % PAGE != 0 || a1 >= USER_SPACE_END);
    case SYS_frame_map:
        return (a3 & ~FRAME_MAP_WRITABLE) || a2 % PAGE != 0 || a2 < USER_SPACE_START ||
               a2 >= USER_SPACE_END;
    case SYS_irq_handler_create:
        return a1 < IRQ_USER_FIRST || a1 > IRQ_USER_LAST || a1 == 2 || a1 == IRQ_FPU_ERROR;
    case SYS_ioport_create: return a2 == 0 || a1 > 0xFFFF || a2 > 0x10000 - a1;
    case SYS_device_frame_create:
        return a1 % PAGE != 0 || a1 < DEVICE_FRAME_FIRST || a1 >= DEVICE_FRAME_END;
    case SYS_task_info: return a1 > TASK_INFO_LAST;
    case SYS_thread_info: return a1 > THREAD_INFO_LAST;
    case SYS_task_cap_info: return a2 > TASK_CAP_INFO_LAST;
    case SYS_trace_control: return a0 > TRACE_CONTROL_RESUME;
    case SYS_frame_mapping_bits: return a1 & ~(FRAME_BIT_ACCESSED | FRAME_BIT_DIRTY);
    case SYS_frame_protect: return a1 & ~FRAME_MAP_WRITABLE;
    case SYS_frame_read: case SYS_frame_write:
        return a1 > PAGE || a3 > PAGE - a1 || !in_user_space(a2, a3);
    default: return false;
    }
}

/* The anomaly a result is, or ANOMALY_NONE. */
static enum anomaly_kind judge(const unsigned c[6], int result, bool registers_kept)
{
    const unsigned number = c[0], a0 = c[1];
    if (number >= SYSCALL_COUNT)
        return result != ERR_NO_SYSCALL ? ANOMALY_NO_SYSCALL
             : registers_kept           ? ANOMALY_NONE : ANOMALY_REGISTERS;
    if (result < ERR_ABORTED)
        return ANOMALY_NOT_AN_ERROR_CODE;
    if (result == ERR_NO_SYSCALL || result == ERR_NOT_ALLOCATED)
        return ANOMALY_WRONG_ERROR;
    if ((number == SYS_null || number == SYS_yield ||
         (number == SYS_sleep && a0 <= SLEEP_MAX_TICKS)) && result != 0)
        return ANOMALY_NOT_ZERO;
    if (((number == SYS_debug_info && a0 <= DEBUG_INFO_LAST) ||
         (number == SYS_cap_identify && a0 < CSPACE_MAX_SLOTS)) && result < 0)
        return ANOMALY_REFUSED_GOOD_CALL;
    if (makes_a_capability(number) && result >= 0 &&
        (result <= CAP_ROOT_IO_CONTROL || result >= CSPACE_MAX_SLOTS))
        return ANOMALY_NEW_SLOT;
    if (number == SYS_debug_halt && result != ERR_NO_RIGHTS)
        return ANOMALY_HALT;
    if (number == SYS_wait && result == 0)
        return ANOMALY_WAIT_ZERO;
    if (!registers_kept && !receives_a_message(number))
        return ANOMALY_REGISTERS;
    if (result >= 0 && contract_rejects(c))
        return ANOMALY_ACCEPTED_BAD_ARGUMENT;
    return ANOMALY_NONE;
}

#endif
