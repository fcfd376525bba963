/*
 * interrupt_stubs.S - one tiny entry stub per interrupt vector.
 *
 * Each stub makes the stack look the same (pushing a dummy error code where the CPU pushes
 * none), pushes its vector number and jumps to trap_common, which saves the registers as a
 * struct trap_frame (see trap.h) and calls trap_dispatch(frame).
 */
#include "segments.h"

.macro STUB_NO_ERROR_CODE vector
    .global trap_stub_\vector
trap_stub_\vector:
    push $0
    push $\vector
    jmp trap_common
.endm

.macro STUB_WITH_ERROR_CODE vector
    .global trap_stub_\vector
trap_stub_\vector:
    push $\vector
    jmp trap_common
.endm

    .section .text
trap_common:
    pusha
    push %ds
    push %es
    push %fs
    push %gs
    cld                         /* C code expects DF = 0; user mode may have left it set */
    mov $SEL_KERNEL_DATA, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    push %esp                   /* argument: struct trap_frame * */
    call trap_dispatch
    add $4, %esp
    .global trap_return
trap_return:
    pop %gs
    pop %fs
    pop %es
    pop %ds
    popa
    add $8, %esp                /* vector and error code */
    iret

/* The CPU pushes an error code for vectors 8, 10-14, 17, 21, 29 and 30. */
.irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,22,23,24,25,26,27,28,31
    STUB_NO_ERROR_CODE \v
.endr
.irp v, 8,10,11,12,13,14,17,21,29,30
    STUB_WITH_ERROR_CODE \v
.endr
.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    STUB_NO_ERROR_CODE \v
.endr

/*
 * System calls (vector 0x80) take a shorter way in: the same frame layout, but no FS/GS
 * reloads (the kernel never uses them) and no trap_dispatch. DS and ES are loaded all the
 * same: user mode may hold the null selector in them, and DF may be set. The stub calls the
 * handler itself, handler(EBX, ECX, EDX, ESI, EDI) from syscall_table (syscall.c), as Linux
 * does (a handler of fewer arguments reads only the first ones: the stub pops them all), and
 * syscall_finish() then stores its result; a number out of range goes to
 * syscall_unknown(), which refuses it. A handler that switched straight to another thread
 * (sched_switch_direct) may not come back this way at all.
 */
#define FRAME_ECX 40                /* offsets in struct trap_frame (trap.h) */
#define FRAME_EDX 36
#define FRAME_EAX 44
    .global trap_stub_128
trap_stub_128:
    push %eax                   /* "error code": the call number (EAX gets the result) */
    push $0x80
    pusha
    push %ds
    push %es
    push %fs
    push %gs
    cld
    mov $SEL_KERNEL_DATA, %bp   /* EBP is free: it is in the frame, and no argument */
    mov %bp, %ds
    mov %bp, %es
    cmp syscall_count, %eax
    jae syscall_out_of_range
#if ORRERY_TRACE
    push %esp
    call syscall_trace_entry    /* (frame): clobbers EAX, ECX, EDX */
    add $4, %esp
    mov FRAME_EAX(%esp), %eax
    mov FRAME_ECX(%esp), %ecx
    mov FRAME_EDX(%esp), %edx
#endif
    push %edi
    push %esi
    push %edx
    push %ecx
    push %ebx
    call *syscall_table(, %eax, 4)
    add $20, %esp
    mov %esp, %edx
    push %eax                   /* syscall_finish(frame, result) */
    push %edx
    call syscall_finish
    add $8, %esp
    jmp trap_return
syscall_out_of_range:
    push %esp                   /* argument: struct trap_frame * */
    call syscall_unknown
    add $4, %esp
    jmp trap_return

/* The table idt.c reads: the address of each stub, vectors 0..47. */
    .section .rodata
    .align 4
    .global trap_stub_table
trap_stub_table:
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    .long trap_stub_\v
.endr
