/*
 * main.c - kmain, the order in which the kernel comes up.
 *
 * Each step is traced as a boot phase (trace_events.h), so the trace of a boot that went
 * wrong shows how far it got.
 */
#include "bootinfo.h"
#include "cmdline.h"
#include "console.h"
#include "double_fault.h"
#include "elf.h"
#include "fpu.h"
#include "gdt.h"
#include "kmem.h"
#include "kstack.h"
#include "ktest/ktest.h"
#include "machine.h"
#include "memlayout.h"
#include "pic.h"
#include "pit.h"
#include "pmem.h"
#include "roottask.h"
#include "sched.h"
#include "trace.h"
#include "trap.h"
#include "vm.h"
#include "x86.h"

#define ROOT_TASK_DEFAULT_NAME "roottask"

static void boot_phase(enum boot_phase phase) { TRACE(boot_phase, phase, 0, 0, 0); }

/* Every module must lie in RAM we manage; the root task must be a valid executable. */
static const struct boot_module *check_modules(void)
{
    paddr_t ram_top = pmem_frames_covered() * PAGE_SIZE;
    for (uint32_t i = 0; i < boot_info.module_count; i++) {
        const struct boot_module *m = &boot_info.modules[i];
        if (m->end > ram_top)
            boot_error("boot module '%s' (0x%08x-0x%08x) lies outside usable RAM (ends 0x%08x)",
                       m->name, m->start, m->end, ram_top);
    }

    char root_name[BOOT_MODULE_NAME_MAX] = ROOT_TASK_DEFAULT_NAME;
    cmdline_get(boot_info.cmdline, "root", root_name, sizeof root_name);
    const struct boot_module *root = bootinfo_find_module(root_name);
    if (!root)
        boot_error("no root task: expected a boot module named '%s' (QEMU: -initrd "
                   "build/servers/%s.elf; GRUB: module /boot/%s %s)",
                   root_name, root_name, root_name, root_name);
    const char *problem = elf_check_executable(phys_to_virt(root->start), root->end - root->start, KERNEL_BASE);
    if (problem)
        boot_error("boot module '%s' is malformed: %s", root->name, problem);
    return root;
}

static void print_memory_summary(void)
{
    kprintf("physical memory: %u KiB usable, %u KiB free, %u frames in use\n",
            pmem_frames_usable() * 4, pmem_frames_free() * 4, pmem_frames_in_use());
}

void kmain(uint32_t multiboot_magic, paddr_t multiboot_info)
{
    boot_phase(BOOT_PHASE_entered_kmain);
    console_init();
    kprintf("Orrery microkernel (i386)\n");
    boot_phase(BOOT_PHASE_console_ready);

    gdt_init(double_fault_task_init());
    idt_init();
    fpu_init();
    pic_init();
    boot_phase(BOOT_PHASE_cpu_tables_ready);

    bootinfo_read(multiboot_magic, multiboot_info);
    kprintf("command line: %s\n", boot_info.cmdline[0] ? boot_info.cmdline : "(empty)");
    machine_set_instruction_budget(cmdline_get_number(boot_info.cmdline, "insn_budget", 0));
    boot_phase(BOOT_PHASE_memory_map_read);

    pmem_init();
    boot_phase(BOOT_PHASE_frames_ready);
    vm_init();
    kstack_init();
    double_fault_use_page_directory(kernel_page_directory);
    boot_phase(BOOT_PHASE_paging_ready);
    boot_phase(BOOT_PHASE_kmem_ready);

    bootinfo_print();
    const struct boot_module *root = check_modules();
    print_memory_summary();
    boot_phase(BOOT_PHASE_modules_checked);

    pit_init();
    cpu_enable_interrupts();
    boot_phase(BOOT_PHASE_interrupts_on);

    kprintf("orrery: boot complete\n");
    boot_phase(BOOT_PHASE_boot_complete);

    char test_name[64];
    if (cmdline_get(boot_info.cmdline, "test", test_name, sizeof test_name))
        ktest_run(test_name, (uint32_t)cmdline_get_number(boot_info.cmdline, "nonce", 0));
    if (cmdline_has_flag(boot_info.cmdline, "exit"))
        machine_halt(HALT_SUCCESS);

    cpu_disable_interrupts();
    roottask_start(root);
    kprintf("orrery: starting the root task '%s'\n", root->name);
    machine_boot_finished();
    sched_start(); /* this boot context becomes the idle thread */
}
