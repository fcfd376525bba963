/*
 * frame_pager_calls - the kernel calls a pager uses on frames it holds (docs/syscalls.md,
 * "Frames for pagers"): frame_mapping_bits, frame_protect, frame_copy, frame_read and
 * frame_write, each judged by what it does to real memory, and a capability in a slot near
 * CSPACE_MAX_SLOTS.
 *
 *   1. frame_mapping_bits of frame A mapped writable here at A_VADDR: WRITABLE only before
 *      any access; a read sets ACCESSED, not DIRTY; a write sets DIRTY; clearing returns the
 *      bits as they were and leaves them clear; after a clear, the next write sets DIRTY
 *      again (the kernel dropped the TLB entry, else the CPU would not set it); frame_read
 *      and frame_write (the kernel's own access to the page) set neither. A read-only copy
 *      of A mapped into a child that never runs: bits 0.
 *   2. frame_protect of A: read-only, the bits lose WRITABLE, A still reads what it held, a
 *      write to it from a thread of ours faults (page fault at A_VADDR, caught by a fault
 *      handler); writable again, a write works. The child's read-only mapping made
 *      writable through its capability shows WRITABLE, read-only again 0; it is left
 *      writable for the kernel report at the halt.
 *   3. frame_copy(B, A): B (never mapped) holds A's page, read back with frame_read and then
 *      through a mapping; a copy onto itself changes nothing.
 *   4. frame_write / frame_read round trip at offsets and lengths up to the end of the page;
 *      a whole page; length 0 at offset 4096.
 *   5. Refusals, for every call: an empty slot, slot CSPACE_MAX_SLOTS (ERR_INVALID_CAP), an
 *      endpoint (ERR_WRONG_TYPE), a capability minted without the right the call needs
 *      (ERR_NO_RIGHTS), a frame that maps nothing (ERR_NOT_FOUND), bad clear and flags bits,
 *      offset + length past the page or wrapping (ERR_INVALID), a device frame for
 *      frame_copy/read/write (ERR_INVALID), buffers in the kernel, unmapped or read-only
 *      (ERR_FAULT, and a read-only buffer stays unchanged).
 *   6. A high slot: copies of A in slots HIGH_SLOT_LOW (8191, the last slot the table in a
 *      space's first page reaches) and CSPACE_MAX_SLOTS - 1 (65535: the table moves to a
 *      page of its own); the space grows to CSPACE_MAX_SLOTS slots for 1,024 pages of
 *      quota in all; both copies name A; through slot 65535 frame_map, frame_write,
 *      frame_mapping_bits and frame_protect work; slot CSPACE_MAX_SLOTS does not exist.
 *
 * Expected: one "frame_pager_calls: ..." line per step, then "frame_pager_calls: all frame
 * pager call checks passed"; exit 0. The test (kernel/tests/test_frame_pager_programs.py)
 * also finds the page_bits, page_protect, frame_copy, frame_read and frame_write trace
 * records of these calls.
 */
#define TEST_NAME "frame_pager_calls"
#include "string.h"
#include "user_test.h"
#include "fault_catcher.h"

#define PAGE 4096u
#define A_VADDR 0x40000000u       /* frame A, mapped writable here */
#define B_VADDR 0x40001000u       /* frame B, mapped here for step 3's check */
#define READ_ONLY_VADDR 0x40002000u /* frame R, mapped read-only here: a buffer that faults */
#define HIGH_VADDR 0x40003000u    /* A again, through its copy in slot CSPACE_MAX_SLOTS - 1 */
#define UNMAPPED_VADDR 0x40010000u
#define KERNEL_ADDRESS 0xC0100000u
#define CHILD_VADDR 0x10000000u
#define CHILD_QUOTA (32 * 1024)
#define HIGH_SLOT_LOW 8191u
#define HIGH_SLOT (CSPACE_MAX_SLOTS - 1)
#define PAGE_FAULT 14
#define DEVICE_PADDR 0xA0000u     /* a VGA-window page that is not the text screen */

static unsigned char buffer[PAGE], other[PAGE];

static int free_slot(void)
{
    for (int slot = 4; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

/* A copy of @p source in a free slot of ours with only @p rights. */
static int mint(int source, unsigned rights)
{
    int slot = free_slot();
    expect_result("cap_mint", 0, sys_cap_mint(source, CAP_SELF_TASK, slot, rights, 0));
    return slot;
}

static void expect_bits(const char *what, int frame, unsigned clear, int expected)
{
    expect_result(what, expected, sys_frame_mapping_bits(frame, clear));
}

static void fill(unsigned char *bytes, unsigned length, unsigned seed)
{
    for (unsigned i = 0; i < length; i++)
        bytes[i] = (unsigned char)(seed + i * 7 + (i >> 8));
}

static void expect_bytes(const char *what, const volatile unsigned char *seen,
                         const unsigned char *expected, unsigned length)
{
    for (unsigned i = 0; i < length; i++)
        if (seen[i] != expected[i])
            test_fail("%s: byte %u, expected 0x%x, seen 0x%x", what, i, expected[i], seen[i]);
}

static void write_to_a(void *unused)
{
    (void)unused;
    *(volatile unsigned *)A_VADDR = 0xBAD;
}

static void check_bits(int a, int child_copy)
{
    const unsigned ad = FRAME_BIT_ACCESSED | FRAME_BIT_DIRTY;
    volatile unsigned *word = (volatile unsigned *)A_VADDR;
    expect_bits("bits of a mapping nothing touched", a, 0, FRAME_BIT_WRITABLE);
    (void)*word;
    expect_bits("bits after a read", a, 0, FRAME_BIT_WRITABLE | FRAME_BIT_ACCESSED);
    expect_bits("clearing ACCESSED returns the bits before", a, FRAME_BIT_ACCESSED,
                FRAME_BIT_WRITABLE | FRAME_BIT_ACCESSED);
    expect_bits("bits after clearing ACCESSED", a, 0, FRAME_BIT_WRITABLE);
    *word = 0x1234;
    expect_bits("bits after a write", a, 0, FRAME_BIT_WRITABLE | ad);
    expect_bits("clearing DIRTY only", a, FRAME_BIT_DIRTY, FRAME_BIT_WRITABLE | ad);
    expect_bits("bits after clearing DIRTY", a, 0, FRAME_BIT_WRITABLE | FRAME_BIT_ACCESSED);
    *word = 0x5678; /* a stale TLB entry (dirty already) would let this pass unseen */
    expect_bits("a write after clearing DIRTY sets it again", a, ad, FRAME_BIT_WRITABLE | ad);
    (void)*word;
    expect_bits("a read after clearing both sets ACCESSED only", a, ad,
                FRAME_BIT_WRITABLE | FRAME_BIT_ACCESSED);
    expect_result("frame_read of A", 0, sys_frame_read(a, 0, buffer, 16));
    expect_result("frame_write of A", 0, sys_frame_write(a, 16, buffer, 16));
    expect_bits("the kernel's own access sets no bit", a, 0, FRAME_BIT_WRITABLE);
    if (((unsigned *)buffer)[0] != 0x5678 || *(volatile unsigned *)(A_VADDR + 16) != 0x5678)
        test_fail("frame_read/frame_write of A, expected 0x5678 at 0 and 16, seen 0x%x and 0x%x",
                  ((unsigned *)buffer)[0], *(volatile unsigned *)(A_VADDR + 16));
    expect_bits("a read-only mapping in a child that never ran", child_copy, 0, 0);
    test_print("mapping bits: accessed, dirty and writable as the CPU set them, cleared on demand");
}

static void check_protect(int a, int child_copy)
{
    volatile unsigned *word = (volatile unsigned *)A_VADDR;
    *word = 0xC0FFEE;
    expect_result("frame_protect read-only", 0, sys_frame_protect(a, 0));
    expect_bits("bits of the read-only mapping", a, 0, FRAME_BIT_ACCESSED | FRAME_BIT_DIRTY);
    if (*word != 0xC0FFEE)
        test_fail("A read-only, expected 0xc0ffee, seen 0x%x", *word);
    struct caught_fault outcome;
    catch_fault(write_to_a, NULL, &outcome);
    if (!outcome.faulted || outcome.vector != PAGE_FAULT || outcome.address != A_VADDR)
        test_fail("a write to A read-only, expected a page fault at 0x%x, seen %s vector %u "
                  "address 0x%x", A_VADDR, outcome.faulted ? "a fault" : "none", outcome.vector,
                  outcome.address);
    if (*word != 0xC0FFEE)
        test_fail("A after the refused write, expected 0xc0ffee, seen 0x%x", *word);
    expect_result("frame_protect writable", 0, sys_frame_protect(a, FRAME_MAP_WRITABLE));
    *word = 0xBEEF;
    if (*word != 0xBEEF)
        test_fail("A writable again, expected 0xbeef, seen 0x%x", *word);
    expect_bits("bits of the writable mapping", a, FRAME_BIT_ACCESSED | FRAME_BIT_DIRTY,
                FRAME_BIT_WRITABLE | FRAME_BIT_ACCESSED | FRAME_BIT_DIRTY);
    expect_result("frame_protect of the child's mapping writable", 0,
                  sys_frame_protect(child_copy, FRAME_MAP_WRITABLE));
    expect_bits("the child's mapping, writable now", child_copy, 0, FRAME_BIT_WRITABLE);
    expect_result("frame_protect of the child's mapping read-only again", 0,
                  sys_frame_protect(child_copy, 0));
    expect_bits("the child's mapping, read-only", child_copy, 0, 0);
    /* Left writable: the kernel's own report at the halt must agree with the trace's
     * page_protect records (kernel/tests/test_kernel_report_programs.py). */
    expect_result("frame_protect of the child's mapping writable, to stay", 0,
                  sys_frame_protect(child_copy, FRAME_MAP_WRITABLE));
    test_print("protect: a read-only mapping faults on a write (vector %u at 0x%x), a writable "
               "one takes it", outcome.vector, outcome.address);
}

static void check_copy(int a, int b)
{
    fill((unsigned char *)A_VADDR, PAGE, 0x31);
    expect_result("frame_copy(B, A)", 0, sys_frame_copy(b, a));
    expect_result("frame_read of B", 0, sys_frame_read(b, 0, buffer, PAGE));
    expect_bytes("B after frame_copy, read with frame_read", buffer, (unsigned char *)A_VADDR, PAGE);
    expect_result("frame_copy(B, B)", 0, sys_frame_copy(b, b));
    expect_result("frame_map of B", 0, sys_frame_map(b, CAP_SELF_TASK, B_VADDR, 0));
    expect_bytes("B after frame_copy, through its mapping", (unsigned char *)B_VADDR,
                 (unsigned char *)A_VADDR, PAGE);
    expect_result("frame_unmap of B", 0, sys_frame_unmap(b));
    test_print("copy: B holds A's 4096 bytes");
}

static void check_read_write(int b)
{
    static const unsigned ranges[][2] = { { 0, 1 }, { 1, 3 }, { 123, 500 }, { 4000, 96 },
                                          { 4095, 1 }, { 2048, 2048 }, { 0, PAGE } };
    for (unsigned i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        unsigned offset = ranges[i][0], length = ranges[i][1];
        fill(buffer, length, 0x50 + i);
        memset(other, 0, sizeof other);
        expect_result("frame_write", 0, sys_frame_write(b, offset, buffer, length));
        expect_result("frame_read", 0, sys_frame_read(b, offset, other, length));
        expect_bytes("frame_read after frame_write", other, buffer, length);
    }
    expect_result("frame_write of nothing at offset 4096", 0, sys_frame_write(b, PAGE, buffer, 0));
    expect_result("frame_read of nothing at offset 4096", 0, sys_frame_read(b, PAGE, buffer, 0));
    expect_result("frame_map of B", 0, sys_frame_map(b, CAP_SELF_TASK, B_VADDR, 0));
    expect_bytes("B's last frame_write, through its mapping", (unsigned char *)B_VADDR, buffer, PAGE);
    expect_result("frame_unmap of B", 0, sys_frame_unmap(b));
    test_print("read/write: %u round trips up to the page's end", (unsigned)(sizeof ranges / sizeof ranges[0]));
}

static void check_refusals(int a, int b, int endpoint)
{
    int unmapped = expect_success("frame_create", sys_frame_create());
    int read_only = mint(a, RIGHT_READ), write_only = mint(a, RIGHT_WRITE), none = mint(a, 0);
    int device = expect_success("device_frame_create", sys_device_frame_create(CAP_ROOT_IO_CONTROL, DEVICE_PADDR));
    int r = expect_success("frame_create of R", sys_frame_create());
    expect_result("frame_map of R read-only", 0, sys_frame_map(r, CAP_SELF_TASK, READ_ONLY_VADDR, 0));
    const unsigned ad = FRAME_BIT_ACCESSED | FRAME_BIT_DIRTY;
    int empty = free_slot();

    const struct { int slot, error; } bad_slots[] = {
        { empty, ERR_INVALID_CAP }, { CSPACE_MAX_SLOTS, ERR_INVALID_CAP }, { -1, ERR_INVALID_CAP },
        { endpoint, ERR_WRONG_TYPE }, { CAP_SELF_TASK, ERR_WRONG_TYPE },
    };
    for (unsigned i = 0; i < sizeof bad_slots / sizeof bad_slots[0]; i++) {
        int slot = bad_slots[i].slot, error = bad_slots[i].error;
        expect_result("frame_mapping_bits of a bad slot", error, sys_frame_mapping_bits(slot, 0));
        expect_result("frame_protect of a bad slot", error, sys_frame_protect(slot, 0));
        expect_result("frame_copy to a bad slot", error, sys_frame_copy(slot, a));
        expect_result("frame_copy from a bad slot", error, sys_frame_copy(b, slot));
        expect_result("frame_read of a bad slot", error, sys_frame_read(slot, 0, buffer, 4));
        expect_result("frame_write of a bad slot", error, sys_frame_write(slot, 0, buffer, 4));
    }
    expect_result("frame_mapping_bits of a frame mapping nothing", ERR_NOT_FOUND, sys_frame_mapping_bits(unmapped, 0));
    expect_result("frame_protect of a frame mapping nothing", ERR_NOT_FOUND, sys_frame_protect(unmapped, 0));
    expect_result("frame_mapping_bits of a device frame mapping nothing", ERR_NOT_FOUND, sys_frame_mapping_bits(device, 0));
    expect_result("frame_mapping_bits clearing WRITABLE", ERR_INVALID, sys_frame_mapping_bits(a, FRAME_BIT_WRITABLE));
    expect_result("frame_mapping_bits clearing bit 3", ERR_INVALID, sys_frame_mapping_bits(a, 0x8));
    expect_result("frame_mapping_bits clearing bit 31", ERR_INVALID, sys_frame_mapping_bits(a, 0x80000000u));
    expect_result("frame_protect flags 2", ERR_INVALID, sys_frame_protect(a, 2));
    expect_result("frame_protect flags -1", ERR_INVALID, sys_frame_protect(a, 0xFFFFFFFFu));

    /* Rights: reading needs RIGHT_READ; clearing, making writable, writing need RIGHT_WRITE. */
    expect_result("frame_mapping_bits without rights", ERR_NO_RIGHTS, sys_frame_mapping_bits(none, 0));
    expect_result("frame_mapping_bits without RIGHT_READ", ERR_NO_RIGHTS, sys_frame_mapping_bits(write_only, 0));
    expect_result("frame_mapping_bits clearing without RIGHT_WRITE", ERR_NO_RIGHTS, sys_frame_mapping_bits(read_only, ad));
    expect_result("frame_protect writable without RIGHT_WRITE", ERR_NO_RIGHTS, sys_frame_protect(read_only, FRAME_MAP_WRITABLE));
    expect_result("frame_protect read-only without RIGHT_READ", ERR_NO_RIGHTS, sys_frame_protect(write_only, 0));
    expect_result("frame_copy into a read-only capability", ERR_NO_RIGHTS, sys_frame_copy(read_only, b));
    expect_result("frame_copy from a capability without RIGHT_READ", ERR_NO_RIGHTS, sys_frame_copy(b, write_only));
    expect_result("frame_read without RIGHT_READ", ERR_NO_RIGHTS, sys_frame_read(write_only, 0, buffer, 4));
    expect_result("frame_write with RIGHT_READ only", ERR_NO_RIGHTS, sys_frame_write(read_only, 0, buffer, 4));
    /* A copy of A maps nothing: the mapping belongs to the capability that made it. */
    expect_result("frame_mapping_bits of a read-only copy mapping nothing", ERR_NOT_FOUND,
                  sys_frame_mapping_bits(read_only, 0));

    /* Ranges. */
    static const unsigned bad_ranges[][2] = { { 4000, 97 }, { 0, PAGE + 1 }, { PAGE + 1, 0 },
                                              { PAGE, 1 }, { 0xFFFFFFFFu, 2 }, { 1, 0xFFFFFFFFu },
                                              { 0x80000000u, 0x80000000u } };
    for (unsigned i = 0; i < sizeof bad_ranges / sizeof bad_ranges[0]; i++) {
        expect_result("frame_read past the page", ERR_INVALID, sys_frame_read(b, bad_ranges[i][0], buffer, bad_ranges[i][1]));
        expect_result("frame_write past the page", ERR_INVALID, sys_frame_write(b, bad_ranges[i][0], buffer, bad_ranges[i][1]));
    }
    /* Device memory is reached through a mapping only. */
    expect_result("frame_copy into a device frame", ERR_INVALID, sys_frame_copy(device, a));
    expect_result("frame_copy from a device frame", ERR_INVALID, sys_frame_copy(a, device));
    expect_result("frame_read of a device frame", ERR_INVALID, sys_frame_read(device, 0, buffer, 4));
    expect_result("frame_write of a device frame", ERR_INVALID, sys_frame_write(device, 0, buffer, 4));

    /* Buffers: the kernel, nothing, read-only memory. */
    expect_result("frame_read into the kernel", ERR_FAULT, sys_frame_read(b, 0, (void *)KERNEL_ADDRESS, 4));
    expect_result("frame_write from the kernel", ERR_FAULT, sys_frame_write(b, 0, (void *)KERNEL_ADDRESS, 4));
    expect_result("frame_read into unmapped memory", ERR_FAULT, sys_frame_read(b, 0, (void *)UNMAPPED_VADDR, 4));
    expect_result("frame_write from unmapped memory", ERR_FAULT, sys_frame_write(b, 0, (void *)UNMAPPED_VADDR, 4));
    expect_result("frame_read into the top of user space", ERR_FAULT,
                  sys_frame_read(b, 0, (void *)(USER_SPACE_END - 2), 4));
    fill(buffer, 64, 0x77);
    expect_result("frame_write of B for the read-only check", 0, sys_frame_write(b, 0, buffer, 64));
    expect_result("frame_read into a read-only page", ERR_FAULT, sys_frame_read(b, 0, (void *)READ_ONLY_VADDR, 64));
    for (unsigned i = 0; i < 64; i++)
        if (((volatile unsigned char *)READ_ONLY_VADDR)[i] != 0)
            test_fail("the read-only page after a refused frame_read, expected zeroes, seen 0x%x at %u",
                      ((volatile unsigned char *)READ_ONLY_VADDR)[i], i);

    int created[] = { unmapped, read_only, write_only, none, device, r };
    for (unsigned i = 0; i < sizeof created / sizeof created[0]; i++)
        expect_result("cap_delete", 0, sys_cap_delete(created[i]));
    test_print("refusals: bad slots, types, rights, bits, ranges, device frames and buffers");
}

static void check_high_slot(int a)
{
    int quota_before = sys_debug_info(DEBUG_INFO_QUOTA_USED);
    int slots_before = sys_task_info(CAP_SELF_TASK, TASK_INFO_CSPACE_SLOTS);
    expect_result("cap_copy of A into slot 8191", 0, sys_cap_copy(a, CAP_SELF_TASK, HIGH_SLOT_LOW));
    expect_result("task_info(TASK_INFO_CSPACE_SLOTS) after slot 8191", 8192,
                  sys_task_info(CAP_SELF_TASK, TASK_INFO_CSPACE_SLOTS));
    expect_result("quota for the pages up to slot 8191", (8192 - slots_before) / CSPACE_SLOTS * (int)PAGE,
                  sys_debug_info(DEBUG_INFO_QUOTA_USED) - quota_before);
    expect_result("cap_copy of A into slot CSPACE_MAX_SLOTS - 1", 0, sys_cap_copy(a, CAP_SELF_TASK, HIGH_SLOT));
    expect_result("task_info(TASK_INFO_CSPACE_SLOTS) after the last slot", CSPACE_MAX_SLOTS,
                  sys_task_info(CAP_SELF_TASK, TASK_INFO_CSPACE_SLOTS));
    /* Every page of slots from ours to CSPACE_MAX_SLOTS, and the page the table moved to. */
    expect_result("quota for a full capability space",
                  ((CSPACE_MAX_SLOTS - slots_before) / CSPACE_SLOTS + 1) * (int)PAGE,
                  sys_debug_info(DEBUG_INFO_QUOTA_USED) - quota_before);
    expect_result("cap_identify of slot 8191 after the table moved", OBJECT_FRAME | RIGHTS_ALL << 8,
                  sys_cap_identify(HIGH_SLOT_LOW));
    expect_result("cap_identify of slot 65535", OBJECT_FRAME | RIGHTS_ALL << 8, sys_cap_identify(HIGH_SLOT));
    expect_result("cap_identify of slot CSPACE_MAX_SLOTS", ERR_INVALID_CAP, sys_cap_identify(CSPACE_MAX_SLOTS));
    expect_result("cap_copy into slot CSPACE_MAX_SLOTS", ERR_INVALID_CAP,
                  sys_cap_copy(a, CAP_SELF_TASK, CSPACE_MAX_SLOTS));

    expect_result("frame_map through slot 65535", 0, sys_frame_map(HIGH_SLOT, CAP_SELF_TASK, HIGH_VADDR, FRAME_MAP_WRITABLE));
    fill(buffer, 256, 0x99);
    expect_result("frame_write through slot 65535", 0, sys_frame_write(HIGH_SLOT, 256, buffer, 256));
    expect_bytes("A at A_VADDR after a frame_write through slot 65535", (unsigned char *)A_VADDR + 256, buffer, 256);
    expect_bytes("A at HIGH_VADDR", (unsigned char *)HIGH_VADDR + 256, buffer, 256);
    expect_bits("frame_mapping_bits through slot 65535, clearing", HIGH_SLOT,
                FRAME_BIT_ACCESSED | FRAME_BIT_DIRTY, FRAME_BIT_WRITABLE | FRAME_BIT_ACCESSED);
    expect_result("frame_protect through slot 65535", 0, sys_frame_protect(HIGH_SLOT, 0));
    expect_bits("the high slot's mapping, read-only", HIGH_SLOT, 0, 0);
    expect_result("frame_read through slot 8191", 0, sys_frame_read(HIGH_SLOT_LOW, 256, other, 256));
    expect_bytes("frame_read through slot 8191", other, buffer, 256);
    expect_result("cap_delete of slot 65535 (its mapping goes)", 0, sys_cap_delete(HIGH_SLOT));
    expect_result("cap_delete of slot 8191", 0, sys_cap_delete(HIGH_SLOT_LOW));
    expect_result("cap_identify of slot 65535 after the delete", OBJECT_NONE, sys_cap_identify(HIGH_SLOT));
    test_print("high slots: 8191 and %d hold frames, %d slots for %d KiB of quota", HIGH_SLOT,
               CSPACE_MAX_SLOTS, (sys_debug_info(DEBUG_INFO_QUOTA_USED) - quota_before) / 1024);
}

int main(const struct user_boot_info *info)
{
    (void)info;
    int endpoint = expect_success("endpoint_create", sys_endpoint_create());
    int a = expect_success("frame_create of A", sys_frame_create());
    int b = expect_success("frame_create of B", sys_frame_create());
    expect_result("frame_map of A", 0, sys_frame_map(a, CAP_SELF_TASK, A_VADDR, FRAME_MAP_WRITABLE));
    int child = expect_success("task_create", sys_task_create(CHILD_QUOTA, "child"));
    int child_copy = free_slot();
    expect_result("cap_copy of A for the child", 0, sys_cap_copy(a, CAP_SELF_TASK, child_copy));
    expect_result("frame_map of A in the child", 0, sys_frame_map(child_copy, child, CHILD_VADDR, 0));

    check_bits(a, child_copy);
    check_protect(a, child_copy);
    check_copy(a, b);
    check_read_write(b);
    check_refusals(a, b, endpoint);
    check_high_slot(a);
    test_print("all frame pager call checks passed");
    return 0;
}
