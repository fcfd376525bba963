/*
 * probe_access.S - memory accesses that may fault (see probe.h).
 * The instructions at probe_read_access, probe_write_access and user_copy_access are the
 * only kernel instructions whose faults the kernel forgives; it resumes them at their
 * fault-return labels.
 */
#include "abi/errors.h"

    .section .text
    .global probe_read_u32, probe_write_u32
    .global probe_read_access, probe_write_access, probe_fault_return

/* int probe_read_u32(const volatile uint32_t *address, uint32_t *value) */
probe_read_u32:
    mov 4(%esp), %ecx
probe_read_access:
    mov (%ecx), %eax
    mov 8(%esp), %edx
    mov %eax, (%edx)
    xor %eax, %eax
    ret

/* int probe_write_u32(volatile uint32_t *address, uint32_t value) */
probe_write_u32:
    mov 4(%esp), %ecx
    mov 8(%esp), %eax
probe_write_access:
    mov %eax, (%ecx)
    xor %eax, %eax
    ret

/* int user_copy_bytes(void *destination, const void *source, uint32_t length) */
    .global user_copy_bytes, user_copy_access
user_copy_bytes:
    push %esi
    push %edi
    mov 12(%esp), %edi
    mov 16(%esp), %esi
    mov 20(%esp), %ecx
    cld
user_copy_access:
    rep movsb
    pop %edi
    pop %esi
    xor %eax, %eax
    ret
user_copy_fault_return:
    pop %edi
    pop %esi
    mov $ERR_FAULT, %eax
    ret
    .global user_copy_fault_return

probe_fault_return:
    mov $ERR_FAULT, %eax
    ret
