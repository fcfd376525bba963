/*
 * roottask.c - the kernel's only loader: it starts the root task, which starts the rest.
 */
#include "roottask.h"
#include "abi/user_bootinfo.h"
#include "abi/errors.h"
#include "elf.h"
#include "irq.h"
#include "kmem.h"
#include "memlayout.h"
#include "pmem.h"
#include "sched.h"
#include "string.h"
#include "task.h"
#include "thread.h"
#include "trace.h"

#define ELF_FLAG_WRITABLE 0x2

struct task *root_task;

static void load_segments(struct task *task, const uint8_t *image)
{
    const struct elf_header *header = (const void *)image;
    const struct elf_program_header *segments = (const void *)(image + header->phoff);
    for (uint32_t i = 0; i < header->phnum; i++) {
        const struct elf_program_header *s = &segments[i];
        if (s->type != ELF_SEGMENT_LOAD || s->memsz == 0)
            continue;
        vaddr_t first = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
        uint32_t pages = (ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE) - first) / PAGE_SIZE;
        int error = task_map_new_pages(task, first, pages, s->flags & ELF_FLAG_WRITABLE);
        if (error == ERR_EXISTS)
            boot_error("root task: segments %u overlaps another segment's pages", i);
        if (error)
            boot_error("root task: cannot map segment %u (error %d)", i, error);
        if (task_copy_to(task, s->vaddr, image + s->offset, s->filesz))
            boot_error("root task: cannot load segment %u", i);
    }
}

static void map_modules_and_boot_info(struct task *task)
{
    _Static_assert(sizeof(struct user_boot_info) <= KMEM_MAX_SIZE, "the boot information must fit one kmem block");
    struct user_boot_info *info = kmem_alloc(sizeof *info);
    if (!info)
        boot_error("root task: no memory for the boot information");
    info->magic = USER_BOOT_INFO_MAGIC;
    strlcpy(info->cmdline, boot_info.cmdline, sizeof info->cmdline);
    vaddr_t next = USER_MODULES_BASE;
    for (uint32_t i = 0; i < boot_info.module_count && i < USER_MAX_MODULES; i++) {
        const struct boot_module *m = &boot_info.modules[i];
        if (task_map_shared(task, next, m->start, m->end - m->start))
            boot_error("root task: cannot map boot module '%s'", m->name);
        strlcpy(info->modules[i].name, m->name, USER_MODULE_NAME_MAX);
        info->modules[i].address = next + (m->start & (PAGE_SIZE - 1));
        info->modules[i].size = m->end - m->start;
        info->module_count++;
        next += ALIGN_UP(m->end - ALIGN_DOWN(m->start, PAGE_SIZE), PAGE_SIZE);
    }
    if (task_map_new_pages(task, USER_BOOT_INFO_ADDRESS, 1, false) ||
        task_copy_to(task, USER_BOOT_INFO_ADDRESS, info, sizeof *info))
        boot_error("root task: cannot map the boot information page");
    kmem_free(info);
}

void roottask_start(const struct boot_module *module)
{
    const uint8_t *image = phys_to_virt(module->start);
    uint32_t free_frames = pmem_frames_free();
    if (free_frames <= ROOT_TASK_QUOTA_RESERVE_FRAMES)
        boot_error("root task: no memory left for it (%u free frames)", free_frames);
    uint32_t quota = (free_frames - ROOT_TASK_QUOTA_RESERVE_FRAMES) * PAGE_SIZE;
    if (task_create(NULL, quota, module->name, &root_task))
        boot_error("root task: cannot create the task");
    /* The kernel's own reference: no capability the root task deletes can destroy it. */
    root_task->object.cap_count++;
    load_segments(root_task, image);
    if (task_map_new_pages(root_task, USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE, USER_STACK_PAGES, true))
        boot_error("root task: cannot map its stack");
    map_modules_and_boot_info(root_task);

    struct thread *thread;
    const struct elf_header *header = (const void *)image;
    if (thread_create(root_task, header->entry, USER_STACK_TOP, USER_BOOT_INFO_ADDRESS,
                      ROOT_TASK_PRIORITY, &thread))
        boot_error("root task: cannot create its thread");
    object_assign_id(&irq_control, OBJECT_IRQ_CONTROL, 0);
    object_assign_id(&io_control, OBJECT_IO_CONTROL, 0);
    cap_install(root_task, CAP_SELF_THREAD, &thread->object, RIGHTS_ALL, 0, NULL);
    TRACE(cap_source, CAP_OP_boot, 0, 0, 0);
    cap_install(root_task, CAP_ROOT_IRQ_CONTROL, &irq_control, RIGHTS_ALL, 0, NULL);
    TRACE(cap_source, CAP_OP_boot, 0, 0, 0);
    cap_install(root_task, CAP_ROOT_IO_CONTROL, &io_control, RIGHTS_ALL, 0, NULL);
    TRACE(cap_source, CAP_OP_boot, 0, 0, 0);
    sched_make_ready(thread);
}
