/*
 * crt1.S - where every program started from the boot manifest or by the process manager
 * begins (servers/lib/start_info.h): no registers matter, the start information is in its
 * page. program_start() calls main(argc, argv) and exit()s with its result.
 * (The root task and the kernel's test programs use crt0.S instead.)
 */
    .section .text.start, "ax"
    .globl _start
_start:
    xorl %ebp, %ebp         /* the outermost frame: backtraces stop here */
    andl $-16, %esp
    call program_start      /* never returns */
1:  jmp 1b
