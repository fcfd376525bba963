/*
 * boot.S - where the kernel starts: the Multiboot header and the switch to the higher half.
 *
 * A Multiboot loader (QEMU -kernel, GRUB) jumps to boot_entry (linked at its physical
 * address, in .boot; see kernel.ld) with paging off, EAX = Multiboot magic and EBX = physical address of the Multiboot info. We build
 * a boot page directory that maps the first 16 MiB of physical memory twice: at 0 (so the
 * next instruction after enabling paging still exists) and at KERNEL_BASE (where the kernel
 * is linked). Then we jump to the higher half and call kmain(magic, info). vm_init() later
 * replaces this page directory with the real kernel one.
 */
#define KERNEL_BASE 0xC0000000
#define BOOT_MAPPED_TABLES 4          /* 4 page tables x 4 MiB = 16 MiB */
#define PTE_PRESENT_WRITE 0x003
#define CR0_PG 0x80000000
#define CR0_WP 0x00010000

#define MULTIBOOT_MAGIC 0x1BADB002
#define MULTIBOOT_FLAGS 0x00000003    /* page-align modules, give memory information */

    .section .multiboot, "a"
    .align 4
multiboot_header:
    .long MULTIBOOT_MAGIC
    .long MULTIBOOT_FLAGS
    .long -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

    .section .boot.text, "ax"
    .global boot_entry
boot_entry:
    cli
    mov %eax, %esi                          /* keep the Multiboot magic */
    mov %ebx, %edi                          /* keep the Multiboot info address */
    rdtsc                                   /* the start of the boot, for DEBUG_INFO_BOOT_TSC */
    mov %eax, (machine_boot_entry_tsc - KERNEL_BASE)
    mov %edx, (machine_boot_entry_tsc + 4 - KERNEL_BASE)

    /* Fill the boot page tables: identity pages for 0 .. 16 MiB. */
    mov $(boot_page_tables - KERNEL_BASE), %ebx
    mov $PTE_PRESENT_WRITE, %eax
    mov $(BOOT_MAPPED_TABLES * 1024), %ecx
1:  mov %eax, (%ebx)
    add $4096, %eax
    add $4, %ebx
    loop 1b

    /* Point directory entries 0..3 and 768..771 at those tables. */
    mov $(boot_page_directory - KERNEL_BASE), %ebx
    mov $(boot_page_tables - KERNEL_BASE + PTE_PRESENT_WRITE), %eax
    xor %ecx, %ecx
2:  mov %eax, (%ebx, %ecx, 4)
    mov %eax, (768 * 4)(%ebx, %ecx, 4)
    add $4096, %eax
    inc %ecx
    cmp $BOOT_MAPPED_TABLES, %ecx
    jne 2b

    mov %ebx, %cr3
    mov %cr0, %eax
    or $(CR0_PG | CR0_WP), %eax
    mov %eax, %cr0
    lea higher_half, %eax
    jmp *%eax

    .section .text
higher_half:
    mov $boot_stack_top, %esp
    xor %ebp, %ebp                          /* ends every backtrace */
    push %edi
    push %esi
    call kmain
3:  cli
    hlt
    jmp 3b

    .section .data
    .align 8
    .global machine_boot_entry_tsc
machine_boot_entry_tsc:                     /* in .data: written before anything clears .bss */
    .quad 0

    .section .bss
    .align 4096
    .global boot_page_directory
boot_page_directory:
    .skip 4096
boot_page_tables:
    .skip 4096 * BOOT_MAPPED_TABLES
    .global boot_stack_bottom, boot_stack_top
boot_stack_bottom:
    .skip 16384
boot_stack_top:
