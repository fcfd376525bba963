/*
 * device_frame_vga - device_frame_create makes a frame capability for a page of the VGA
 * window; mapped with frame_map, what a task writes lands in the device's memory. The
 * test (kernel/tests/test_device_frame_programs.py) reads the screen back from outside the guest,
 * through QEMU's gdbstub, when this program halts.
 *
 *   1. Refusals: paddr unaligned (0xB8001), below the window (0x9F000), at its end
 *      (0xC0000), elsewhere (0, 0x100000, 0xFFFFF000): ERR_INVALID; an empty slot:
 *      ERR_INVALID_CAP; the task capability: ERR_WRONG_TYPE; the I/O control minted without
 *      RIGHT_CONTROL: ERR_NO_RIGHTS. The window's first and last pages (0xA0000, 0xBF000)
 *      work.
 *   2. No device frame comes from the frame allocator or goes back to it: frames in use are
 *      the same after creating one and after deleting it.
 *   3. A frame of VGA_TEXT_PADDR: cap_identify says frame, RIGHTS_ALL. Mapped writable here,
 *      its first cell holds what the kernel console wrote there at boot (not zero: the page
 *      is not zeroed). MARKER goes to row MARKER_ROW, in attribute MARKER_ATTRIBUTE, and
 *      reads back.
 *   4. A copy of the capability maps the same page into a child task: task_info counts one
 *      user page there, task_write into it is ERR_FAULT (the kernel never writes a mapped
 *      frame for another task); deleting the child leaves the screen alone.
 *   5. SCROLL_LINES lines are printed on the kernel console after the marker: since this
 *      task holds the screen, the kernel writes them to the serial port only, so the marker
 *      is still in its row when the program halts (a kernel still writing the screen would
 *      have scrolled it away).
 *
 * Expected: one "device_frame_vga: ..." line per step, SCROLL_LINES "scroll" lines, then
 * "device_frame_vga: all device frame checks passed"; exit 0, with the screen's row
 * MARKER_ROW holding MARKER.
 */
#define TEST_NAME "device_frame_vga"
#include "string.h"
#include "user_test.h"

#define PAGE 4096u
#define SCREEN_VADDR 0x40000000u  /* where this task maps the text screen */
#define CHILD_VADDR 0x10000000u
#define CHILD_QUOTA (32 * 1024)
#define VGA_COLUMNS 80
#define VGA_ROWS 25
#define MARKER "ORRERY DEVICE FRAME 0xB8000"
#define MARKER_ROW 12
#define MARKER_COLUMN 20
#define MARKER_ATTRIBUTE 0x1E     /* yellow on blue */
#define SCROLL_LINES (VGA_ROWS + 5)

_Static_assert(VGA_COLUMNS * VGA_ROWS * 2 <= PAGE, "the text screen fits in one page");

static int free_slot(void)
{
    for (int slot = 4; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

static int frames_in_use(void) { return sys_debug_info(DEBUG_INFO_FRAMES_IN_USE); }

static void check_refusals(void)
{
    static const unsigned bad_addresses[] = {
        VGA_TEXT_PADDR + 1, DEVICE_FRAME_FIRST - PAGE, DEVICE_FRAME_END, 0, 0x100000u, 0xFFFFF000u,
    };
    for (unsigned i = 0; i < sizeof bad_addresses / sizeof bad_addresses[0]; i++) {
        int result = sys_device_frame_create(CAP_ROOT_IO_CONTROL, bad_addresses[i]);
        if (result != ERR_INVALID)
            test_fail("device_frame_create of 0x%x, expected ERR_INVALID, seen %s (%d)",
                      bad_addresses[i], error_name(result), result);
    }
    int no_control = free_slot();
    expect_result("cap_mint of the I/O control without RIGHT_CONTROL", 0,
                  sys_cap_mint(CAP_ROOT_IO_CONTROL, CAP_SELF_TASK, no_control,
                               RIGHTS_ALL & ~RIGHT_CONTROL, 0));
    expect_result("device_frame_create without RIGHT_CONTROL", ERR_NO_RIGHTS,
                  sys_device_frame_create(no_control, VGA_TEXT_PADDR));
    expect_result("device_frame_create of an empty slot", ERR_INVALID_CAP,
                  sys_device_frame_create(free_slot(), VGA_TEXT_PADDR));
    expect_result("device_frame_create through a task capability", ERR_WRONG_TYPE,
                  sys_device_frame_create(CAP_SELF_TASK, VGA_TEXT_PADDR));
    int first = expect_success("device_frame_create of the window's first page",
                               sys_device_frame_create(CAP_ROOT_IO_CONTROL, DEVICE_FRAME_FIRST));
    int last = expect_success("device_frame_create of the window's last page",
                              sys_device_frame_create(CAP_ROOT_IO_CONTROL, DEVICE_FRAME_END - PAGE));
    expect_result("cap_delete of the first page's frame", 0, sys_cap_delete(first));
    expect_result("cap_delete of the last page's frame", 0, sys_cap_delete(last));
    test_print("bad addresses ERR_INVALID, no RIGHT_CONTROL ERR_NO_RIGHTS, empty ERR_INVALID_CAP, "
               "a task ERR_WRONG_TYPE; 0xa0000 and 0xbf000 work");
}

/* Frames in use do not move when a device frame is made or destroyed (one is kept while
 * measuring, so that the kernel-object slab its structure lives in stays). */
static void check_frames_in_use(void)
{
    int kept = expect_success("device_frame_create", sys_device_frame_create(CAP_ROOT_IO_CONTROL, 0xA1000u));
    int before = frames_in_use();
    int frame = expect_success("device_frame_create", sys_device_frame_create(CAP_ROOT_IO_CONTROL, 0xA2000u));
    expect_result("frames in use after device_frame_create", before, frames_in_use());
    expect_result("cap_delete of the device frame", 0, sys_cap_delete(frame));
    expect_result("frames in use after the device frame was destroyed", before, frames_in_use());
    expect_result("cap_delete of the kept device frame", 0, sys_cap_delete(kept));
    test_print("frames in use: %d with a device frame made, %d once destroyed", before, before);
}

int main(const struct user_boot_info *info)
{
    (void)info;
    check_refusals();
    check_frames_in_use();

    /* 3. The text screen, in this task. */
    int screen_frame = expect_success("device_frame_create of the text screen",
                                      sys_device_frame_create(CAP_ROOT_IO_CONTROL, VGA_TEXT_PADDR));
    expect_result("cap_identify of the device frame", OBJECT_FRAME | RIGHTS_ALL << 8,
                  sys_cap_identify(screen_frame));
    expect_result("frame_map of the screen", 0,
                  sys_frame_map(screen_frame, CAP_SELF_TASK, SCREEN_VADDR, FRAME_MAP_WRITABLE));
    volatile unsigned short *screen = (volatile unsigned short *)SCREEN_VADDR;
    unsigned short first_cell = screen[0];
    if (first_cell == 0)
        test_fail("the screen's first cell, expected what the kernel console wrote, seen 0");
    volatile unsigned short *row = screen + MARKER_ROW * VGA_COLUMNS + MARKER_COLUMN;
    for (unsigned i = 0; i < strlen(MARKER); i++)
        row[i] = (unsigned short)(MARKER_ATTRIBUTE << 8 | (unsigned char)MARKER[i]);
    for (unsigned i = 0; i < strlen(MARKER); i++)
        if ((row[i] & 0xFF) != (unsigned char)MARKER[i])
            test_fail("the marker's cell %u, expected '%c', seen 0x%x", i, MARKER[i], row[i]);
    test_print("first cell 0x%x (the kernel's); marker written at row %d, column %d",
               first_cell, MARKER_ROW, MARKER_COLUMN);

    /* 4. The same page in a child task. */
    int child = expect_success("task_create of the child", sys_task_create(CHILD_QUOTA, "vga_child"));
    int copy = free_slot();
    expect_result("cap_copy of the screen frame", 0, sys_cap_copy(screen_frame, CAP_SELF_TASK, copy));
    expect_result("frame_map of the copy into the child", 0,
                  sys_frame_map(copy, child, CHILD_VADDR, FRAME_MAP_WRITABLE));
    expect_result("task_info(child, TASK_INFO_USER_PAGES)", 1, sys_task_info(child, TASK_INFO_USER_PAGES));
    char text[] = "task_write";
    expect_result("task_write into the child's mapping of the screen", ERR_FAULT,
                  sys_task_write(child, CHILD_VADDR, text, sizeof text));
    expect_result("cap_delete of the child", 0, sys_cap_delete(child));
    expect_result("cap_delete of the copy", 0, sys_cap_delete(copy));
    if ((row[0] & 0xFF) != (unsigned char)MARKER[0])
        test_fail("the marker after the child went, expected '%c', seen 0x%x", MARKER[0], row[0]);
    test_print("mapped into a child too: 1 user page there, task_write ERR_FAULT; child deleted");

    /* 5. The kernel console no longer writes the screen. */
    for (int i = 0; i < SCROLL_LINES; i++)
        test_print("scroll %d", i);
    test_print("all device frame checks passed");
    return 0;
}
