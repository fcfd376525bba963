/*
 * ipc_bad_args - the IPC, memory and device calls, and every call after them (19 to the end
 * of SYSCALL_LIST: saved replies, bound notifications, time slices, quota transfer, device
 * frames, task_info, thread_info, task_cap_info, trace_control, the frame calls of pagers),
 * reject bad arguments.
 *
 * Like syscall_bad_args: a table of cases, each one call through sys_raw with one bad
 * argument (the others valid): slots out of range or empty, objects of the wrong type,
 * capabilities without the right the call needs (minted with rights 0 where the docs leave
 * open which right it is), message lengths above IPC_MAX_WORDS, a long message from a
 * thread without an IPC buffer, IPC buffers and frame mappings at unaligned, unmapped,
 * read-only or kernel addresses, IRQs out of range, I/O port ranges past 0xFFFF, device
 * addresses outside the VGA window, unknown info keys, frame offsets and lengths past the
 * page, mapping bits that cannot be cleared, frame buffers in the kernel, unmapped or
 * read-only, and
 * nb_send / nb_recv with nobody waiting (ERR_WOULD_BLOCK). A few cases succeed on purpose
 * (a create, a map, a signal) to set up the next one. The table covers every call from
 * endpoint_create (19) to the last call in SYSCALL_LIST. The main thread has no IPC buffer.
 *
 * Expected: each call returns exactly its case's result (ANY_SLOT: a slot number >= 2),
 * the kernel keeps running (null() returns 0 at the end); one line per case, then
 * "ipc_bad_args: N cases, all returned their errors".
 */
#define TEST_NAME "ipc_bad_args"
#include "user_test.h"

#define KERNEL_ADDRESS 0xC0100000u
#define UNMAPPED 0x00001000u       /* below the program (linked at 4 MiB) */
#define PROGRAM_VADDR 0x00400000u  /* the program's code: mapped read-only */
#define FREE_VADDR 0x20000000u     /* nothing is mapped there */
#define WRITABLE_VADDR 0x20100000u /* a writable page this program maps */
#define PAGE 4096u
#define HUGE 0xFFFFFFFFu
#define EMPTY_SLOT (CSPACE_SLOTS - 1)
#define NEG(x) ((unsigned)(x))
#define ANY_SLOT 1000 /* expected: a new capability's slot, >= 2 */
#define TAG(length) IPC_TAG(0x77, (length), 0)

struct bad_call {
    const char *what;
    unsigned number, a, b, c, d, e;
    int expected;
};

static const char *const syscall_names[SYSCALL_COUNT] = {
#define SYSCALL_NAME(name, number, ...) [number] = #name,
    SYSCALL_LIST(SYSCALL_NAME)
#undef SYSCALL_NAME
};

static int free_slot(void)
{
    for (int slot = 2; slot < CSPACE_SLOTS - 1; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

static int mint(int source, unsigned rights)
{
    int slot = free_slot();
    expect_result("cap_mint", 0, sys_cap_mint(source, CAP_SELF_TASK, slot, rights, 0));
    return slot;
}

int main(const struct user_boot_info *info)
{
    (void)info;
    expect_result("task_map_anon of a writable page", 0,
                  sys_task_map_anon(CAP_SELF_TASK, WRITABLE_VADDR, 1, MAP_WRITABLE));
    const unsigned ep = expect_success("endpoint_create", sys_endpoint_create());
    const unsigned ep_read = mint(ep, RIGHT_READ), ep_write = mint(ep, RIGHT_WRITE);
    const unsigned ntf = expect_success("notification_create", sys_notification_create());
    const unsigned ntf_read = mint(ntf, RIGHT_READ), ntf_write = mint(ntf, RIGHT_WRITE);
    const unsigned frame = expect_success("frame_create", sys_frame_create());
    const unsigned frame_ro = mint(frame, RIGHTS_ALL & ~RIGHT_WRITE);
    const unsigned frame_no_read = mint(frame, RIGHTS_ALL & ~RIGHT_READ);
    const unsigned thread_none = mint(CAP_SELF_THREAD, 0);
    const unsigned task_no_write = mint(CAP_SELF_TASK, RIGHTS_ALL & ~RIGHT_WRITE);
    const unsigned task_no_read = mint(CAP_SELF_TASK, RIGHTS_ALL & ~RIGHT_READ);
    const unsigned thread_no_read = mint(CAP_SELF_THREAD, RIGHTS_ALL & ~RIGHT_READ);
    const unsigned ioc_no_control = mint(CAP_ROOT_IO_CONTROL, RIGHTS_ALL & ~RIGHT_CONTROL);
    const unsigned self = CAP_SELF_TASK, me = CAP_SELF_THREAD, top = USER_SPACE_END;
    const unsigned irqc = CAP_ROOT_IRQ_CONTROL, ioc = CAP_ROOT_IO_CONTROL;
    if (sys_cap_identify(EMPTY_SLOT) != 0)
        test_fail("slot %d, expected empty, seen in use", EMPTY_SLOT);

    const struct bad_call cases[] = {
        { "endpoint_create ignores its arguments", SYS_endpoint_create, HUGE, HUGE, HUGE, HUGE, HUGE, ANY_SLOT },

        { "send on slot -1", SYS_send, NEG(-1), TAG(0), 0, 0, 0, ERR_INVALID_CAP },
        { "send on slot CSPACE_SLOTS", SYS_send, CSPACE_SLOTS, TAG(0), 0, 0, 0, ERR_INVALID_CAP },
        { "send on an empty slot", SYS_send, EMPTY_SLOT, TAG(0), 0, 0, 0, ERR_INVALID_CAP },
        { "send on a thread cap", SYS_send, me, TAG(0), 0, 0, 0, ERR_WRONG_TYPE },
        { "send on a notification cap", SYS_send, ntf, TAG(0), 0, 0, 0, ERR_WRONG_TYPE },
        { "send without RIGHT_WRITE", SYS_send, ep_read, TAG(0), 0, 0, 0, ERR_NO_RIGHTS },
        { "send of IPC_MAX_WORDS + 1 words", SYS_send, ep, TAG(IPC_MAX_WORDS + 1), 0, 0, 0, ERR_INVALID },
        { "send of 127 words", SYS_send, ep, TAG(IPC_TAG_LENGTH_MASK), 0, 0, 0, ERR_INVALID },

        { "recv on slot -1", SYS_recv, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "recv on slot CSPACE_SLOTS", SYS_recv, CSPACE_SLOTS, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "recv on an empty slot", SYS_recv, EMPTY_SLOT, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "recv on a task cap", SYS_recv, self, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "recv on a notification cap", SYS_recv, ntf, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "recv without RIGHT_READ", SYS_recv, ep_write, 0, 0, 0, 0, ERR_NO_RIGHTS },

        { "call on slot -1", SYS_call, NEG(-1), TAG(0), 0, 0, 0, ERR_INVALID_CAP },
        { "call on an empty slot", SYS_call, EMPTY_SLOT, TAG(0), 0, 0, 0, ERR_INVALID_CAP },
        { "call on a frame cap", SYS_call, frame, TAG(0), 0, 0, 0, ERR_WRONG_TYPE },
        { "call without RIGHT_WRITE", SYS_call, ep_read, TAG(0), 0, 0, 0, ERR_NO_RIGHTS },
        { "call of IPC_MAX_WORDS + 1 words", SYS_call, ep, TAG(IPC_MAX_WORDS + 1), 0, 0, 0, ERR_INVALID },

        { "reply_recv on slot -1 (no caller to reply to)", SYS_reply_recv, NEG(-1), TAG(0), 0, 0, 0, ERR_INVALID_CAP },
        { "reply_recv on an empty slot", SYS_reply_recv, EMPTY_SLOT, TAG(0), 0, 0, 0, ERR_INVALID_CAP },
        { "reply_recv on a notification cap", SYS_reply_recv, ntf, TAG(0), 0, 0, 0, ERR_WRONG_TYPE },
        { "reply_recv without RIGHT_READ", SYS_reply_recv, ep_write, TAG(0), 0, 0, 0, ERR_NO_RIGHTS },

        { "nb_send on slot -1", SYS_nb_send, NEG(-1), TAG(0), 0, 0, 0, ERR_INVALID_CAP },
        { "nb_send on an empty slot", SYS_nb_send, EMPTY_SLOT, TAG(0), 0, 0, 0, ERR_INVALID_CAP },
        { "nb_send on a thread cap", SYS_nb_send, me, TAG(0), 0, 0, 0, ERR_WRONG_TYPE },
        { "nb_send without RIGHT_WRITE", SYS_nb_send, ep_read, TAG(0), 0, 0, 0, ERR_NO_RIGHTS },
        { "nb_send of IPC_MAX_WORDS + 1 words", SYS_nb_send, ep, TAG(IPC_MAX_WORDS + 1), 0, 0, 0, ERR_INVALID },
        { "nb_send of 4 words without an IPC buffer", SYS_nb_send, ep, TAG(4), 0, 0, 0, ERR_INVALID },
        { "nb_send with no receiver waiting", SYS_nb_send, ep, TAG(3), 1, 2, 3, ERR_WOULD_BLOCK },

        { "nb_recv on slot -1", SYS_nb_recv, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "nb_recv on an empty slot", SYS_nb_recv, EMPTY_SLOT, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "nb_recv on a notification cap", SYS_nb_recv, ntf, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "nb_recv without RIGHT_READ", SYS_nb_recv, ep_write, 0, 0, 0, 0, ERR_NO_RIGHTS },
        { "nb_recv with no sender waiting", SYS_nb_recv, ep, 0, 0, 0, 0, ERR_WOULD_BLOCK },

        { "cap_mint of a notification with badge bit 31", SYS_cap_mint, ntf, self, EMPTY_SLOT, RIGHTS_ALL, 0x80000000u, ERR_INVALID },
        { "notification_create ignores its arguments", SYS_notification_create, HUGE, HUGE, HUGE, HUGE, HUGE, ANY_SLOT },

        { "signal of slot -1", SYS_signal, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "signal of an empty slot", SYS_signal, EMPTY_SLOT, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "signal of an endpoint cap", SYS_signal, ep, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "signal without RIGHT_WRITE", SYS_signal, ntf_read, 0, 0, 0, 0, ERR_NO_RIGHTS },
        { "signal through a write-only cap", SYS_signal, ntf_write, 0, 0, 0, 0, 0 },

        { "wait on slot -1", SYS_wait, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "wait on an empty slot", SYS_wait, EMPTY_SLOT, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "wait on an endpoint cap", SYS_wait, ep, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "wait without RIGHT_READ", SYS_wait, ntf_write, 0, 0, 0, 0, ERR_NO_RIGHTS },
        { "wait after an unbadged signal returns 1", SYS_wait, ntf_read, 0, 0, 0, 0, 1 },

        { "thread_set_ipc_buffer of slot -1", SYS_thread_set_ipc_buffer, NEG(-1), WRITABLE_VADDR, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_set_ipc_buffer of an empty slot", SYS_thread_set_ipc_buffer, EMPTY_SLOT, WRITABLE_VADDR, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_set_ipc_buffer of a task cap", SYS_thread_set_ipc_buffer, self, WRITABLE_VADDR, 0, 0, 0, ERR_WRONG_TYPE },
        { "thread_set_ipc_buffer through a cap with no rights", SYS_thread_set_ipc_buffer, thread_none, WRITABLE_VADDR, 0, 0, 0, ERR_NO_RIGHTS },
        { "thread_set_ipc_buffer at an unaligned address", SYS_thread_set_ipc_buffer, me, WRITABLE_VADDR + 4, 0, 0, 0, ERR_INVALID },
        { "thread_set_ipc_buffer at a kernel address", SYS_thread_set_ipc_buffer, me, KERNEL_ADDRESS, 0, 0, 0, ERR_INVALID },
        { "thread_set_ipc_buffer at 0xFFFFF000", SYS_thread_set_ipc_buffer, me, 0xFFFFF000u, 0, 0, 0, ERR_INVALID },
        { "thread_set_ipc_buffer at an unmapped page", SYS_thread_set_ipc_buffer, me, FREE_VADDR, 0, 0, 0, ERR_FAULT },
        { "thread_set_ipc_buffer at 0 (removes the buffer)", SYS_thread_set_ipc_buffer, me, 0, 0, 0, 0, 0 },
        { "thread_set_ipc_buffer on read-only code", SYS_thread_set_ipc_buffer, me, PROGRAM_VADDR, 0, 0, 0, ERR_FAULT },

        { "thread_set_fault_handler of slot -1", SYS_thread_set_fault_handler, NEG(-1), ep, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_set_fault_handler of an empty slot", SYS_thread_set_fault_handler, EMPTY_SLOT, ep, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_set_fault_handler of a task cap", SYS_thread_set_fault_handler, self, ep, 0, 0, 0, ERR_WRONG_TYPE },
        { "thread_set_fault_handler without RIGHT_CONTROL", SYS_thread_set_fault_handler, thread_none, ep, 0, 0, 0, ERR_NO_RIGHTS },
        { "thread_set_fault_handler to endpoint slot -1", SYS_thread_set_fault_handler, me, NEG(-1), 0, 0, 0, ERR_INVALID_CAP },
        { "thread_set_fault_handler to an empty slot", SYS_thread_set_fault_handler, me, EMPTY_SLOT, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_set_fault_handler to a notification", SYS_thread_set_fault_handler, me, ntf, 0, 0, 0, ERR_WRONG_TYPE },
        { "thread_set_fault_handler to an endpoint without RIGHT_WRITE", SYS_thread_set_fault_handler, me, ep_read, 0, 0, 0, ERR_NO_RIGHTS },

        { "frame_create ignores its arguments", SYS_frame_create, HUGE, HUGE, HUGE, HUGE, HUGE, ANY_SLOT },

        { "frame_map of slot -1", SYS_frame_map, NEG(-1), self, FREE_VADDR, 0, 0, ERR_INVALID_CAP },
        { "frame_map of an empty slot", SYS_frame_map, EMPTY_SLOT, self, FREE_VADDR, 0, 0, ERR_INVALID_CAP },
        { "frame_map of an endpoint cap", SYS_frame_map, ep, self, FREE_VADDR, 0, 0, ERR_WRONG_TYPE },
        { "frame_map into task slot -1", SYS_frame_map, frame, NEG(-1), FREE_VADDR, 0, 0, ERR_INVALID_CAP },
        { "frame_map into a thread cap", SYS_frame_map, frame, me, FREE_VADDR, 0, 0, ERR_WRONG_TYPE },
        { "frame_map into a task cap without RIGHT_WRITE", SYS_frame_map, frame, task_no_write, FREE_VADDR, 0, 0, ERR_NO_RIGHTS },
        { "frame_map writable of a frame cap without RIGHT_WRITE", SYS_frame_map, frame_ro, self, FREE_VADDR, FRAME_MAP_WRITABLE, 0, ERR_NO_RIGHTS },
        { "frame_map at an unaligned address", SYS_frame_map, frame, self, FREE_VADDR + 1, 0, 0, ERR_INVALID },
        { "frame_map at USER_SPACE_END", SYS_frame_map, frame, self, top, 0, 0, ERR_INVALID },
        { "frame_map at a kernel address", SYS_frame_map, frame, self, KERNEL_ADDRESS, 0, 0, ERR_INVALID },
        { "frame_map at 0xFFFFF000", SYS_frame_map, frame, self, 0xFFFFF000u, 0, 0, ERR_INVALID },
        { "frame_map with an unknown flag", SYS_frame_map, frame, self, FREE_VADDR, 0x2, 0, ERR_INVALID },
        { "frame_map over the program's code", SYS_frame_map, frame, self, PROGRAM_VADDR, 0, 0, ERR_EXISTS },
        { "frame_map read-only of a frame cap without RIGHT_WRITE", SYS_frame_map, frame_ro, self, FREE_VADDR, 0, 0, 0 },
        { "frame_map of a frame cap that already maps a page", SYS_frame_map, frame_ro, self, FREE_VADDR + PAGE, 0, 0, ERR_EXISTS },
        { "frame_map at an address another cap mapped", SYS_frame_map, frame, self, FREE_VADDR, FRAME_MAP_WRITABLE, 0, ERR_EXISTS },

        { "frame_unmap of slot -1", SYS_frame_unmap, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "frame_unmap of an empty slot", SYS_frame_unmap, EMPTY_SLOT, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "frame_unmap of a notification cap", SYS_frame_unmap, ntf, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "frame_unmap of a frame cap that maps nothing", SYS_frame_unmap, frame, 0, 0, 0, 0, ERR_NOT_FOUND },
        { "frame_unmap of the frame cap that mapped it", SYS_frame_unmap, frame_ro, 0, 0, 0, 0, 0 },
        { "frame_unmap of it again", SYS_frame_unmap, frame_ro, 0, 0, 0, 0, ERR_NOT_FOUND },

        { "irq_handler_create from slot -1", SYS_irq_handler_create, NEG(-1), 5, ntf, 0, 0, ERR_INVALID_CAP },
        { "irq_handler_create from an empty slot", SYS_irq_handler_create, EMPTY_SLOT, 5, ntf, 0, 0, ERR_INVALID_CAP },
        { "irq_handler_create from a task cap", SYS_irq_handler_create, self, 5, ntf, 0, 0, ERR_WRONG_TYPE },
        { "irq_handler_create from the I/O control cap", SYS_irq_handler_create, ioc, 5, ntf, 0, 0, ERR_WRONG_TYPE },
        { "irq_handler_create for IRQ 0 (the timer)", SYS_irq_handler_create, irqc, 0, ntf, 0, 0, ERR_INVALID },
        { "irq_handler_create for IRQ 2 (the cascade)", SYS_irq_handler_create, irqc, 2, ntf, 0, 0, ERR_INVALID },
        { "irq_handler_create for IRQ 16", SYS_irq_handler_create, irqc, IRQ_USER_LAST + 1, ntf, 0, 0, ERR_INVALID },
        { "irq_handler_create for IRQ 0xFFFFFFFF", SYS_irq_handler_create, irqc, HUGE, ntf, 0, 0, ERR_INVALID },
        { "irq_handler_create to notification slot -1", SYS_irq_handler_create, irqc, 5, NEG(-1), 0, 0, ERR_INVALID_CAP },
        { "irq_handler_create to an empty slot", SYS_irq_handler_create, irqc, 5, EMPTY_SLOT, 0, 0, ERR_INVALID_CAP },
        { "irq_handler_create to an endpoint", SYS_irq_handler_create, irqc, 5, ep, 0, 0, ERR_WRONG_TYPE },

        { "irq_ack of slot -1", SYS_irq_ack, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "irq_ack of an empty slot", SYS_irq_ack, EMPTY_SLOT, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "irq_ack of a notification cap", SYS_irq_ack, ntf, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "irq_ack of the IRQ control cap", SYS_irq_ack, irqc, 0, 0, 0, 0, ERR_WRONG_TYPE },

        { "ioport_create from slot -1", SYS_ioport_create, NEG(-1), 0x70, 2, 0, 0, ERR_INVALID_CAP },
        { "ioport_create from an empty slot", SYS_ioport_create, EMPTY_SLOT, 0x70, 2, 0, 0, ERR_INVALID_CAP },
        { "ioport_create from the IRQ control cap", SYS_ioport_create, irqc, 0x70, 2, 0, 0, ERR_WRONG_TYPE },
        { "ioport_create of 0 ports", SYS_ioport_create, ioc, 0x70, 0, 0, 0, ERR_INVALID },
        { "ioport_create of 0xFFFF..0x10000", SYS_ioport_create, ioc, 0xFFFF, 2, 0, 0, ERR_INVALID },
        { "ioport_create from port 0x10000", SYS_ioport_create, ioc, 0x10000, 1, 0, 0, ERR_INVALID },
        { "ioport_create of 0xFFFFFFFF ports", SYS_ioport_create, ioc, 0, HUGE, 0, 0, ERR_INVALID },
        { "ioport_create of a range that wraps around", SYS_ioport_create, ioc, HUGE, 2, 0, 0, ERR_INVALID },
        { "ioport_create of port 0xFFFF alone", SYS_ioport_create, ioc, 0xFFFF, 1, 0, 0, ANY_SLOT },

        { "ioport_enable of slot -1", SYS_ioport_enable, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "ioport_enable of an empty slot", SYS_ioport_enable, EMPTY_SLOT, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "ioport_enable of an endpoint cap", SYS_ioport_enable, ep, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "ioport_enable of the I/O control cap", SYS_ioport_enable, ioc, 0, 0, 0, 0, ERR_WRONG_TYPE },

        { "reply_save with no reply owed", SYS_reply_save, HUGE, HUGE, HUGE, HUGE, HUGE, ERR_NOT_FOUND },

        { "reply through slot -1", SYS_reply, NEG(-1), TAG(0), 0, 0, 0, ERR_INVALID_CAP },
        { "reply through an empty slot", SYS_reply, EMPTY_SLOT, TAG(0), 0, 0, 0, ERR_INVALID_CAP },
        { "reply through an endpoint cap", SYS_reply, ep, TAG(0), 0, 0, 0, ERR_WRONG_TYPE },
        { "reply through a thread cap", SYS_reply, me, TAG(IPC_MAX_WORDS + 1), 0, 0, 0, ERR_WRONG_TYPE },

        { "thread_bind_notification of slot -1", SYS_thread_bind_notification, NEG(-1), ntf, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_bind_notification to an empty slot", SYS_thread_bind_notification, me, EMPTY_SLOT, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_bind_notification without RIGHT_CONTROL", SYS_thread_bind_notification, thread_none, ntf, 0, 0, 0, ERR_NO_RIGHTS },
        { "thread_bind_notification without RIGHT_READ", SYS_thread_bind_notification, me, ntf_write, 0, 0, 0, ERR_NO_RIGHTS },
        { "thread_bind_notification of an endpoint", SYS_thread_bind_notification, me, ep, 0, 0, 0, ERR_WRONG_TYPE },
        { "thread_bind_notification of a notification cap as thread", SYS_thread_bind_notification, ntf, ntf, 0, 0, 0, ERR_WRONG_TYPE },

        { "thread_unbind_notification of slot -1", SYS_thread_unbind_notification, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_unbind_notification without RIGHT_CONTROL", SYS_thread_unbind_notification, thread_none, 0, 0, 0, 0, ERR_NO_RIGHTS },
        { "thread_unbind_notification of a notification cap", SYS_thread_unbind_notification, ntf, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "thread_unbind_notification with nothing bound", SYS_thread_unbind_notification, me, 0, 0, 0, 0, ERR_NOT_FOUND },

        { "thread_set_time_slice of slot -1", SYS_thread_set_time_slice, NEG(-1), 5, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_set_time_slice without RIGHT_WRITE", SYS_thread_set_time_slice, thread_none, 5, 0, 0, 0, ERR_NO_RIGHTS },
        { "thread_set_time_slice of a frame cap", SYS_thread_set_time_slice, frame, 5, 0, 0, 0, ERR_WRONG_TYPE },
        { "thread_set_time_slice of 0 ticks", SYS_thread_set_time_slice, me, 0, 0, 0, 0, ERR_INVALID },
        { "thread_set_time_slice above TIME_SLICE_MAX_TICKS", SYS_thread_set_time_slice, me, TIME_SLICE_MAX_TICKS + 1, 0, 0, 0, ERR_INVALID },
        { "thread_set_time_slice of 2^32 - 1 ticks", SYS_thread_set_time_slice, me, HUGE, 0, 0, 0, ERR_INVALID },
        { "thread_set_time_slice back to TIME_SLICE_TICKS (5)", SYS_thread_set_time_slice, me, 5, 0, 0, 0, ERR_OK },

        { "task_quota_give of slot -1", SYS_task_quota_give, NEG(-1), PAGE, 0, 0, 0, ERR_INVALID_CAP },
        { "task_quota_give to a thread cap", SYS_task_quota_give, me, PAGE, 0, 0, 0, ERR_WRONG_TYPE },
        { "task_quota_give to itself (not its quota parent)", SYS_task_quota_give, self, PAGE, 0, 0, 0, ERR_NO_RIGHTS },
        { "task_quota_give to itself through a copy without RIGHT_WRITE (still not its parent)", SYS_task_quota_give, task_no_write, 0, 0, 0, 0, ERR_NO_RIGHTS },
        { "task_quota_take of an empty slot", SYS_task_quota_take, EMPTY_SLOT, PAGE, 0, 0, 0, ERR_INVALID_CAP },
        { "task_quota_take of an endpoint cap", SYS_task_quota_take, ep, PAGE, 0, 0, 0, ERR_WRONG_TYPE },
        { "task_quota_take from itself (not its quota parent)", SYS_task_quota_take, self, 0, 0, 0, 0, ERR_NO_RIGHTS },

        { "device_frame_create from slot -1", SYS_device_frame_create, NEG(-1), VGA_TEXT_PADDR, 0, 0, 0, ERR_INVALID_CAP },
        { "device_frame_create from an empty slot", SYS_device_frame_create, EMPTY_SLOT, VGA_TEXT_PADDR, 0, 0, 0, ERR_INVALID_CAP },
        { "device_frame_create from the IRQ control cap", SYS_device_frame_create, irqc, VGA_TEXT_PADDR, 0, 0, 0, ERR_WRONG_TYPE },
        { "device_frame_create without RIGHT_CONTROL", SYS_device_frame_create, ioc_no_control, VGA_TEXT_PADDR, 0, 0, 0, ERR_NO_RIGHTS },
        { "device_frame_create of an unaligned address", SYS_device_frame_create, ioc, VGA_TEXT_PADDR + 4, 0, 0, 0, ERR_INVALID },
        { "device_frame_create below the VGA window", SYS_device_frame_create, ioc, DEVICE_FRAME_FIRST - PAGE, 0, 0, 0, ERR_INVALID },
        { "device_frame_create at the window's end", SYS_device_frame_create, ioc, DEVICE_FRAME_END, 0, 0, 0, ERR_INVALID },
        { "device_frame_create of RAM (1 MiB)", SYS_device_frame_create, ioc, 0x100000u, 0, 0, 0, ERR_INVALID },
        { "device_frame_create of 0xFFFFF000", SYS_device_frame_create, ioc, 0xFFFFF000u, 0, 0, 0, ERR_INVALID },
        { "device_frame_create of the window's first page", SYS_device_frame_create, ioc, DEVICE_FRAME_FIRST, 0, 0, 0, ANY_SLOT },

        { "task_info of slot -1", SYS_task_info, NEG(-1), TASK_INFO_ID, 0, 0, 0, ERR_INVALID_CAP },
        { "task_info of an empty slot", SYS_task_info, EMPTY_SLOT, TASK_INFO_ID, 0, 0, 0, ERR_INVALID_CAP },
        { "task_info of a thread cap", SYS_task_info, me, TASK_INFO_ID, 0, 0, 0, ERR_WRONG_TYPE },
        { "task_info without RIGHT_READ", SYS_task_info, task_no_read, TASK_INFO_ID, 0, 0, 0, ERR_NO_RIGHTS },
        { "task_info of key TASK_INFO_LAST + 1", SYS_task_info, self, TASK_INFO_LAST + 1, 0, 0, 0, ERR_INVALID },
        { "task_info of key 0xFFFFFFFF", SYS_task_info, self, HUGE, 0, 0, 0, ERR_INVALID },

        { "thread_info of slot -1", SYS_thread_info, NEG(-1), THREAD_INFO_STATE, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_info of an empty slot", SYS_thread_info, EMPTY_SLOT, THREAD_INFO_STATE, 0, 0, 0, ERR_INVALID_CAP },
        { "thread_info of a task cap", SYS_thread_info, self, THREAD_INFO_STATE, 0, 0, 0, ERR_WRONG_TYPE },
        { "thread_info without RIGHT_READ", SYS_thread_info, thread_no_read, THREAD_INFO_STATE, 0, 0, 0, ERR_NO_RIGHTS },
        { "thread_info of key THREAD_INFO_LAST + 1", SYS_thread_info, me, THREAD_INFO_LAST + 1, 0, 0, 0, ERR_INVALID },
        { "thread_info of key 0xFFFFFFFF", SYS_thread_info, me, HUGE, 0, 0, 0, ERR_INVALID },
        { "thread_info of its own state (running)", SYS_thread_info, me, THREAD_INFO_STATE, 0, 0, 0, THREAD_STATE_RUNNING },

        { "task_cap_info of slot -1", SYS_task_cap_info, NEG(-1), 0, TASK_CAP_INFO_IDENTITY, 0, 0, ERR_INVALID_CAP },
        { "task_cap_info of an endpoint cap", SYS_task_cap_info, ep, 0, TASK_CAP_INFO_IDENTITY, 0, 0, ERR_WRONG_TYPE },
        { "task_cap_info without RIGHT_READ", SYS_task_cap_info, task_no_read, 0, TASK_CAP_INFO_IDENTITY, 0, 0, ERR_NO_RIGHTS },
        { "task_cap_info of slot CSPACE_MAX_SLOTS in the task", SYS_task_cap_info, self, CSPACE_MAX_SLOTS, TASK_CAP_INFO_IDENTITY, 0, 0, ERR_INVALID_CAP },
        { "task_cap_info of slot -1 in the task", SYS_task_cap_info, self, NEG(-1), TASK_CAP_INFO_BADGE, 0, 0, ERR_INVALID_CAP },
        { "task_cap_info of key TASK_CAP_INFO_LAST + 1", SYS_task_cap_info, self, 0, TASK_CAP_INFO_LAST + 1, 0, 0, ERR_INVALID },
        { "task_cap_info of an empty slot in the task", SYS_task_cap_info, self, EMPTY_SLOT, TASK_CAP_INFO_IDENTITY, 0, 0, 0 },
        { "trace_control of operation TRACE_CONTROL_RESUME + 1", SYS_trace_control, TRACE_CONTROL_RESUME + 1, 0, 0, 0, 0, ERR_INVALID },
        { "trace_control of operation -1", SYS_trace_control, NEG(-1), 0, 0, 0, 0, ERR_INVALID },
        { "trace_control of a mark", SYS_trace_control, TRACE_CONTROL_MARK, 0x1234, 0, 0, 0, 0 },

        { "frame_mapping_bits of slot -1", SYS_frame_mapping_bits, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "frame_mapping_bits of an empty slot", SYS_frame_mapping_bits, EMPTY_SLOT, 0, 0, 0, 0, ERR_INVALID_CAP },
        { "frame_mapping_bits of an endpoint cap", SYS_frame_mapping_bits, ep, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "frame_mapping_bits without RIGHT_READ", SYS_frame_mapping_bits, frame_no_read, 0, 0, 0, 0, ERR_NO_RIGHTS },
        { "frame_mapping_bits clearing without RIGHT_WRITE", SYS_frame_mapping_bits, frame_ro, FRAME_BIT_ACCESSED, 0, 0, 0, ERR_NO_RIGHTS },
        { "frame_mapping_bits clearing FRAME_BIT_WRITABLE", SYS_frame_mapping_bits, frame, FRAME_BIT_WRITABLE, 0, 0, 0, ERR_INVALID },
        { "frame_mapping_bits clearing 0xFFFFFFFF", SYS_frame_mapping_bits, frame, HUGE, 0, 0, 0, ERR_INVALID },
        { "frame_mapping_bits of a frame cap that maps nothing", SYS_frame_mapping_bits, frame, FRAME_BIT_DIRTY, 0, 0, 0, ERR_NOT_FOUND },

        { "frame_protect of slot -1", SYS_frame_protect, NEG(-1), 0, 0, 0, 0, ERR_INVALID_CAP },
        { "frame_protect of a thread cap", SYS_frame_protect, me, 0, 0, 0, 0, ERR_WRONG_TYPE },
        { "frame_protect with an unknown flag", SYS_frame_protect, frame, 0x2, 0, 0, 0, ERR_INVALID },
        { "frame_protect writable without RIGHT_WRITE", SYS_frame_protect, frame_ro, FRAME_MAP_WRITABLE, 0, 0, 0, ERR_NO_RIGHTS },
        { "frame_protect read-only without RIGHT_READ", SYS_frame_protect, frame_no_read, 0, 0, 0, 0, ERR_NO_RIGHTS },
        { "frame_protect of a frame cap that maps nothing", SYS_frame_protect, frame, FRAME_MAP_WRITABLE, 0, 0, 0, ERR_NOT_FOUND },

        { "frame_copy into slot -1", SYS_frame_copy, NEG(-1), frame, 0, 0, 0, ERR_INVALID_CAP },
        { "frame_copy from an empty slot", SYS_frame_copy, frame, EMPTY_SLOT, 0, 0, 0, ERR_INVALID_CAP },
        { "frame_copy into an endpoint cap", SYS_frame_copy, ep, frame, 0, 0, 0, ERR_WRONG_TYPE },
        { "frame_copy from a task cap", SYS_frame_copy, frame, self, 0, 0, 0, ERR_WRONG_TYPE },
        { "frame_copy into a frame cap without RIGHT_WRITE", SYS_frame_copy, frame_ro, frame, 0, 0, 0, ERR_NO_RIGHTS },
        { "frame_copy from a frame cap without RIGHT_READ", SYS_frame_copy, frame, frame_no_read, 0, 0, 0, ERR_NO_RIGHTS },
        { "frame_copy of a frame onto itself", SYS_frame_copy, frame, frame_ro, 0, 0, 0, 0 },

        { "frame_read of slot -1", SYS_frame_read, NEG(-1), 0, WRITABLE_VADDR, 4, 0, ERR_INVALID_CAP },
        { "frame_read of a notification cap", SYS_frame_read, ntf, 0, WRITABLE_VADDR, 4, 0, ERR_WRONG_TYPE },
        { "frame_read without RIGHT_READ", SYS_frame_read, frame_no_read, 0, WRITABLE_VADDR, 4, 0, ERR_NO_RIGHTS },
        { "frame_read at offset 4097", SYS_frame_read, frame, PAGE + 1, WRITABLE_VADDR, 0, 0, ERR_INVALID },
        { "frame_read past the page's end", SYS_frame_read, frame, 4000, WRITABLE_VADDR, 97, 0, ERR_INVALID },
        { "frame_read of 0xFFFFFFFF bytes", SYS_frame_read, frame, 1, WRITABLE_VADDR, HUGE, 0, ERR_INVALID },
        { "frame_read into a kernel address", SYS_frame_read, frame, 0, KERNEL_ADDRESS, 4, 0, ERR_FAULT },
        { "frame_read into an unmapped page", SYS_frame_read, frame, 0, UNMAPPED, 4, 0, ERR_FAULT },
        { "frame_read into the program's code (read-only)", SYS_frame_read, frame, 0, PROGRAM_VADDR, 4, 0, ERR_FAULT },
        { "frame_read across USER_SPACE_END", SYS_frame_read, frame, 0, top - 2, 4, 0, ERR_FAULT },
        { "frame_read of the whole page", SYS_frame_read, frame, 0, WRITABLE_VADDR, PAGE, 0, 0 },

        { "frame_write of an empty slot", SYS_frame_write, EMPTY_SLOT, 0, WRITABLE_VADDR, 4, 0, ERR_INVALID_CAP },
        { "frame_write of an endpoint cap", SYS_frame_write, ep, 0, WRITABLE_VADDR, 4, 0, ERR_WRONG_TYPE },
        { "frame_write without RIGHT_WRITE", SYS_frame_write, frame_ro, 0, WRITABLE_VADDR, 4, 0, ERR_NO_RIGHTS },
        { "frame_write of a byte at offset 4096", SYS_frame_write, frame, PAGE, WRITABLE_VADDR, 1, 0, ERR_INVALID },
        { "frame_write at offset 0xFFFFFFFF", SYS_frame_write, frame, HUGE, WRITABLE_VADDR, 2, 0, ERR_INVALID },
        { "frame_write from a kernel address", SYS_frame_write, frame, 0, KERNEL_ADDRESS, 4, 0, ERR_FAULT },
        { "frame_write from an unmapped page", SYS_frame_write, frame, 0, UNMAPPED, 4, 0, ERR_FAULT },
        { "frame_write from the program's code", SYS_frame_write, frame, 0, PROGRAM_VADDR, 16, 0, 0 },
        { "frame_write of nothing at offset 4096", SYS_frame_write, frame, PAGE, WRITABLE_VADDR, 0, 0, 0 },
    };
    const unsigned count = sizeof cases / sizeof cases[0];

    for (unsigned number = SYS_endpoint_create; number < SYSCALL_COUNT; number++) {
        bool covered = false;
        for (unsigned i = 0; i < count && !covered; i++)
            covered = cases[i].number == number;
        if (!covered)
            test_fail("the table's cases, expected one for %s, seen none", syscall_names[number]);
    }

    int failures = 0;
    for (unsigned i = 0; i < count; i++) {
        const struct bad_call *c = &cases[i];
        int seen = sys_raw(c->number, c->a, c->b, c->c, c->d, c->e);
        bool good = c->expected == ANY_SLOT ? seen >= 2 && seen < CSPACE_SLOTS : seen == c->expected;
        if (good) {
            test_print("%s: %s", c->what, c->expected == ANY_SLOT ? "a slot" : error_name(seen));
            if (c->expected == ANY_SLOT)
                expect_result("cap_delete of the new capability", 0, sys_cap_delete(seen));
        } else {
            printf(TEST_NAME ": FAIL: %s, expected %s (%d), seen %s (%d)\n", c->what,
                   c->expected == ANY_SLOT ? "a slot" : error_name(c->expected), c->expected,
                   error_name(seen), seen);
            failures++;
        }
    }
    expect_result("null() after all the bad calls", 0, sys_null());
    if (failures)
        test_fail("%d of %u cases, expected their errors, seen other results", failures, count);
    test_print("%u cases, all returned their errors", count);
    return 0;
}
