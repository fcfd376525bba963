/*
 * test_kmem.c - kernel object memory: blocks are distinct and usable, and freeing
 * everything returns every frame.
 */
#include "ktest/ktest.h"
#include "kmem.h"
#include "frame_alloc.h"
#include "pmem.h"

#define OBJECT_COUNT 300

KTEST(kmem_accounting)
{
    static void *objects[OBJECT_COUNT];
    uint32_t frames_before = pmem_frames_in_use();
    struct kmem_stats stats;

    bool all_allocated = true;
    for (int i = 0; i < OBJECT_COUNT; i++) {
        objects[i] = kmem_alloc((size_t)(16 + (i * 37) % 1000));
        if (!objects[i])
            all_allocated = false;
        else
            *(uint32_t *)objects[i] = (uint32_t)i;
    }
    KTEST_EXPECT("every allocation succeeds", all_allocated);
    bool intact = all_allocated;
    for (int i = 0; all_allocated && i < OBJECT_COUNT; i++)
        if (*(uint32_t *)objects[i] != (uint32_t)i)
            intact = false;
    KTEST_EXPECT("no two objects overlap", intact);
    kmem_get_stats(&stats);
    KTEST_EXPECT_EQ("objects in use are counted", OBJECT_COUNT, stats.objects_in_use);
    KTEST_EXPECT_EQ("slab frames are counted in pmem", frames_before + stats.slab_frames, pmem_frames_in_use());

    KTEST_EXPECT("size 0 is refused", kmem_alloc(0) == NULL);
    KTEST_EXPECT("sizes over KMEM_MAX_SIZE are refused", kmem_alloc(KMEM_MAX_SIZE + 1) == NULL);

    for (int i = 0; i < OBJECT_COUNT; i++)
        kmem_free(objects[i]);
    kmem_get_stats(&stats);
    KTEST_EXPECT_EQ("no objects remain", 0, stats.objects_in_use);
    KTEST_EXPECT_EQ("no slab frames remain", 0, stats.slab_frames);
    KTEST_EXPECT_EQ("frames in use return to their earlier count", frames_before, pmem_frames_in_use());
}
