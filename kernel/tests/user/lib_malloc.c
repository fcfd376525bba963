/*
 * lib_malloc - malloc, free, calloc, realloc and strdup of the runtime (servers/lib/malloc.c)
 * in a task with no memory manager: its heap is pages it maps itself from HEAP_SELF_BASE
 * (heap.h), as every server's is.
 *
 *   1. Blocks of many sizes are aligned, inside the heap area, and keep what is written in
 *      them; calloc zeroes; realloc keeps the contents; strdup copies.
 *   2. Allocating 256 KiB blocks until malloc returns NULL (the machine has 32 MiB): NULL
 *      comes, well before the heap area ends; then a small malloc still works.
 *   3. Everything freed, the same blocks fit again without the heap growing (sbrk(0) is
 *      unchanged, and so are the frames in use): freed memory is reused, and merged again
 *      into blocks big enough.
 *   4. With "lib_malloc=double_free" on the command line, the program frees a block twice
 *      and must be stopped by a report naming free, the pointer and the double free; with
 *      "lib_malloc=overrun", it writes one byte past a block and frees it: the report says
 *      the block was written past its end. Both end through exit() with ASSERT_EXIT_STATUS
 *      (a test failure, as the pytest side expects).
 *
 * Expected (no mode): "lib_malloc: ..." per step, then "lib_malloc: all malloc checks passed".
 */
#define TEST_NAME "lib_malloc"
#include "abi/user_bootinfo.h"
#include "allocator.h"
#include "assert.h"
#include "cstring.h"
#include "heap.h"
#include "stdlib.h"
#include "user_test.h"

#define BIG_BLOCK (256 * 1024)
#define MAX_BIG 1024

static unsigned char *big[MAX_BIG];

static void check_small_blocks(void)
{
    enum { COUNT = 64 };
    unsigned char *blocks[COUNT];
    for (unsigned i = 0; i < COUNT; i++) {
        unsigned size = i * 53 % 2000;
        blocks[i] = malloc(size);
        if (!blocks[i])
            test_fail("malloc(%u), expected memory, seen NULL", size);
        uint32_t address = (uint32_t)blocks[i];
        if (address % ALLOCATOR_ALIGN != 0 || address < HEAP_SELF_BASE || address >= HEAP_SELF_END)
            test_fail("malloc(%u) returned %p: expected an %u-aligned address in the heap area",
                      size, (void *)blocks[i], (unsigned)ALLOCATOR_ALIGN);
        memset(blocks[i], (int)i, size);
    }
    for (unsigned i = 0; i < COUNT; i++) {
        unsigned size = i * 53 % 2000;
        for (unsigned j = 0; j < size; j++)
            if (blocks[i][j] != (unsigned char)i)
                test_fail("block %u byte %u, expected 0x%x, seen 0x%x", i, j, i, blocks[i][j]);
        free(blocks[i]);
    }
    unsigned *zeroed = calloc(100, sizeof *zeroed);
    for (unsigned i = 0; zeroed && i < 100; i++)
        if (zeroed[i] != 0)
            test_fail("calloc'd word %u, expected 0, seen 0x%x", i, zeroed[i]);
    char *text = strdup("orrery");
    text = realloc(text, 4000);
    if (!text || strcmp(text, "orrery") != 0)
        test_fail("realloc of a strdup'd string to 4000 bytes, expected \"orrery\" kept");
    free(text);
    free(zeroed);
    test_print("64 blocks aligned and in the heap area; calloc, realloc and strdup work");
}

/* Allocate big blocks until malloc says no. @return how many it gave. */
static unsigned allocate_until_refused(void)
{
    unsigned count = 0;
    while (count < MAX_BIG && (big[count] = malloc(BIG_BLOCK)) != NULL) {
        big[count][0] = big[count][BIG_BLOCK - 1] = (unsigned char)count;
        count++;
    }
    return count;
}

static NORETURN void misuse(const char *mode)
{
    char *block = malloc(24);
    if (strncmp(mode, "double_free", strlen("double_free")) == 0) {
        test_print("freeing %p twice", (void *)block);
        free(block);
        free(block);
    } else {
        test_print("writing past the end of %p", (void *)block);
        block[24] = 'x'; /* the first byte after the 24 asked for: the footer */
        free(block);
    }
    test_fail("the misuse (%s) went unreported", mode);
}

int main(const struct user_boot_info *info)
{
    assert_program_name = TEST_NAME;
    const char *mode = strstr(info->cmdline, "lib_malloc=");
    if (mode)
        misuse(mode + strlen("lib_malloc="));

    check_small_blocks();

    unsigned count = allocate_until_refused();
    if (count == 0 || count == MAX_BIG)
        test_fail("256 KiB blocks until malloc refused, expected NULL after a few, seen %u blocks", count);
    void *small = malloc(100);
    if (!small)
        test_fail("a malloc of 100 bytes after the heap was refused more, expected memory");
    free(small);
    test_print("malloc gave %u blocks of 256 KiB, then NULL; a small malloc still works", count);

    for (unsigned i = 0; i < count; i++) {
        if (big[i][0] != (unsigned char)i || big[i][BIG_BLOCK - 1] != (unsigned char)i)
            test_fail("big block %u lost its first or last byte", i);
        free(big[i]);
    }
    const char *problem = malloc_check();
    if (problem)
        test_fail("malloc_check after freeing everything: %s", problem);
    void *break_before = sbrk(0);
    int frames_before = sys_debug_info(DEBUG_INFO_FRAMES_IN_USE);
    unsigned again = 0;
    while (again < count && (big[again] = malloc(BIG_BLOCK)) != NULL)
        again++;
    if (again != count)
        test_fail("the same %u blocks again after freeing them all, expected all, seen %u", count, again);
    if (sbrk(0) != break_before || sys_debug_info(DEBUG_INFO_FRAMES_IN_USE) != frames_before)
        test_fail("allocating freed memory again grew the heap (break %p -> %p, frames %d -> %d)",
                  break_before, sbrk(0), frames_before, sys_debug_info(DEBUG_INFO_FRAMES_IN_USE));
    for (unsigned i = 0; i < again; i++)
        free(big[i]);
    test_print("after freeing them all, %u blocks fit again without the heap growing", count);

    test_print("all malloc checks passed");
    return 0;
}
