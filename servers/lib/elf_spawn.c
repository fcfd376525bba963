/*
 * elf_spawn.c - the user-space ELF loader: check the image, then build the task from the
 * outside with task_create, task_map_anon, task_write and thread_create.
 *
 * The checks follow kernel/elf.c's (which checks the root task before the kernel loads
 * it) and add what loading page by page needs.
 */
#include "elf_spawn.h"
#include "abi/user_bootinfo.h"
#include "elf.h"
#include "string.h"
#include "syscall_stubs.h"

#define ELF_SEGMENT_WRITABLE 0x2 /* PF_W in a program header's flags */
#define STACK_BOTTOM (USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE)

static const struct elf_program_header *segments_of(const void *image)
{
    const struct elf_header *header = image;
    return (const void *)((const uint8_t *)image + header->phoff);
}

const char *elf_image_problem(const void *image, unsigned size)
{
    const struct elf_header *header = image;
    if (size < sizeof *header)
        return "too small to be an ELF file";
    if (header->magic != ELF_MAGIC)
        return "not an ELF file (bad magic number)";
    if (header->class != ELF_CLASS_32 || header->data != ELF_DATA_LITTLE_ENDIAN)
        return "not a 32-bit little-endian ELF file";
    if (header->type != ELF_TYPE_EXECUTABLE || header->machine != ELF_MACHINE_386)
        return "not an i386 executable";
    if (header->phnum == 0 || header->phentsize != sizeof(struct elf_program_header))
        return "has no usable program headers";
    if (header->phoff > size || (uint64_t)header->phnum * header->phentsize > size - header->phoff)
        return "program headers lie outside the file";
    if (header->entry >= USER_SPACE_END)
        return "entry point is not in user space";

    const struct elf_program_header *segments = segments_of(image);
    uint64_t previous_end = 0; /* end of the previous loadable segment */
    bool previous_writable = false;
    for (unsigned i = 0; i < header->phnum; i++) {
        const struct elf_program_header *s = &segments[i];
        if (s->type != ELF_SEGMENT_LOAD || s->memsz == 0)
            continue;
        uint64_t end = (uint64_t)s->vaddr + s->memsz;
        bool writable = s->flags & ELF_SEGMENT_WRITABLE;
        if (s->filesz > s->memsz)
            return "a segment's file size exceeds its memory size";
        if (s->offset > size || s->filesz > size - s->offset)
            return "a segment's contents lie outside the file";
        if (end > USER_SPACE_END)
            return "a segment is not in user space";
        if (end > STACK_BOTTOM && s->vaddr < USER_STACK_TOP)
            return "a segment overlaps the stack";
        if (s->vaddr < previous_end)
            return "loadable segments overlap or are not in address order";
        if (ALIGN_DOWN(s->vaddr, PAGE_SIZE) < ALIGN_UP(previous_end, PAGE_SIZE) &&
            writable != previous_writable)
            return "a writable and a read-only segment share a page";
        previous_end = end;
        previous_writable = writable;
    }
    return NULL;
}

/* task_map_anon for any number of pages, TASK_MAP_MAX_PAGES at a time. */
static int map_pages(int task, uint32_t vaddr, uint32_t pages, unsigned flags)
{
    while (pages > 0) {
        uint32_t chunk = pages < TASK_MAP_MAX_PAGES ? pages : TASK_MAP_MAX_PAGES;
        int result = sys_task_map_anon(task, vaddr, chunk, flags);
        if (result < 0)
            return result;
        vaddr += chunk * PAGE_SIZE;
        pages -= chunk;
    }
    return 0;
}

/* task_write for any length, TASK_WRITE_MAX bytes at a time. */
static int write_bytes(int task, uint32_t vaddr, const uint8_t *src, uint32_t len)
{
    while (len > 0) {
        uint32_t chunk = len < TASK_WRITE_MAX ? len : TASK_WRITE_MAX;
        int result = sys_task_write(task, vaddr, src, chunk);
        if (result < 0)
            return result;
        vaddr += chunk, src += chunk, len -= chunk;
    }
    return 0;
}

/* Map the pages of every loadable segment (a page two segments share only once) and copy
 * in the file bytes; the rest of each segment (bss) is already zero. */
static int load_segments(int task, const void *image)
{
    const struct elf_header *header = image;
    const struct elf_program_header *segments = segments_of(image);
    uint32_t mapped_end = 0;
    for (unsigned i = 0; i < header->phnum; i++) {
        const struct elf_program_header *s = &segments[i];
        if (s->type != ELF_SEGMENT_LOAD || s->memsz == 0)
            continue;
        uint32_t first = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
        uint32_t end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
        if (first < mapped_end)
            first = mapped_end;
        unsigned flags = (s->flags & ELF_SEGMENT_WRITABLE) ? MAP_WRITABLE : 0;
        int result = first < end ? map_pages(task, first, (end - first) / PAGE_SIZE, flags) : 0;
        if (result == 0)
            result = write_bytes(task, s->vaddr, (const uint8_t *)image + s->offset, s->filesz);
        if (result < 0)
            return result;
        if (end > mapped_end)
            mapped_end = end;
    }
    return 0;
}

int elf_spawn_suspended(const void *image, unsigned size, const char *name, unsigned quota,
                        int priority, int *task_slot, int *thread_slot)
{
    if (elf_image_problem(image, size))
        return ERR_INVALID;
    int task = sys_task_create(quota, name);
    if (task < 0)
        return task;

    int result = load_segments(task, image);
    if (result == 0)
        result = map_pages(task, STACK_BOTTOM, USER_STACK_PAGES, MAP_WRITABLE);
    if (result == 0) {
        const struct elf_header *header = image;
        result = sys_thread_create(task, header->entry, USER_STACK_TOP, priority);
    }
    if (result < 0) {
        sys_cap_delete(task); /* the last capability: frees the task and its memory */
        return result;
    }
    *task_slot = task;
    *thread_slot = result;
    return 0;
}

int elf_spawn(const void *image, unsigned size, const char *name, unsigned quota,
              int priority, int *task_slot, int *thread_slot)
{
    int task, thread;
    int result = elf_spawn_suspended(image, size, name, quota, priority, &task, &thread);
    if (result < 0)
        return result;
    result = sys_thread_resume(thread);
    if (result < 0) {
        sys_cap_delete(thread);
        sys_cap_delete(task);
        return result;
    }
    if (task_slot)
        *task_slot = task;
    if (thread_slot)
        *thread_slot = thread;
    return 0;
}

const struct user_boot_module *boot_module(const struct user_boot_info *info, const char *name)
{
    if (!info)
        return NULL;
    for (unsigned i = 0; i < info->module_count && i < USER_MAX_MODULES; i++)
        if (strcmp(info->modules[i].name, name) == 0)
            return &info->modules[i];
    return NULL;
}
