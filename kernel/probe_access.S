/*
 * probe_access.S - memory accesses that may fault (see probe.h).
 * The instructions at probe_read_access and probe_write_access are the only ones whose
 * faults the kernel forgives; it resumes them at probe_fault_return.
 */
#define ERR_FAULT -5

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

probe_fault_return:
    mov $ERR_FAULT, %eax
    ret
