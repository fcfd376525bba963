/*
 * switch.S - context_switch(save_esp, load_esp): the moment one thread stops and another
 * continues. Saves the callee-saved registers on the old kernel stack, stores ESP, loads
 * the new ESP and pops the new thread's registers. The `ret` returns into wherever the new
 * thread last called context_switch (or into trap_return for a brand-new thread).
 */
    .section .text
    .global context_switch
context_switch:
    mov 4(%esp), %eax        /* uint32_t *save_esp */
    mov 8(%esp), %edx        /* uint32_t load_esp */
    push %ebp
    push %ebx
    push %esi
    push %edi
    mov %esp, (%eax)
    mov %edx, %esp
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    ret

    .global context_switch_to_frame
context_switch_to_frame:
    mov 4(%esp), %eax        /* uint32_t *save_esp */
    mov 8(%esp), %edx        /* struct trap_frame *frame */
    push %ebp
    push %ebx
    push %esi
    push %edi
    mov %esp, (%eax)         /* resumed by context_switch: returns to our caller */
    mov %edx, %esp
    jmp trap_return
