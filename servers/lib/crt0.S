/*
 * crt0.S - where every user program starts.
 *
 * The kernel starts a task's first thread here with ESP at the stack top and EBX holding
 * the boot information (the root task) or 0 (tasks started by elf_spawn). We call
 * runtime_root_start(info) (the root task's priority), then main(info) on a 16-byte aligned
 * stack, then runtime_exit(main's result).
 */
    .section .text.start, "ax"
    .globl _start
_start:
    xorl %ebp, %ebp         /* the outermost frame: backtraces stop here */
    andl $-16, %esp
    subl $12, %esp
    pushl %ebx              /* void runtime_root_start(const struct user_boot_info *info) */
    call runtime_root_start
    movl %ebx, (%esp)       /* int main(const struct user_boot_info *info): EBX is kept */
    call main
    movl %eax, (%esp)
    call runtime_exit       /* never returns */
1:  jmp 1b
