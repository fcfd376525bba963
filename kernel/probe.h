/**
 * @file probe.h
 * @brief Read or write memory that may not be mapped, without panicking.
 *
 * A probe is a memory access whose page fault is expected: the fault handler sees that the
 * faulting instruction belongs to a probe and resumes at the probe's fixup code, which
 * returns ERR_FAULT. Tests use probes to check that an unmapped page really is unmapped.
 */
#ifndef ORRERY_PROBE_H
#define ORRERY_PROBE_H

#include "types.h"

/**
 * Read 32 bits from @p address into @p value.
 * @return 0 on success, ERR_FAULT if the access faulted.
 */
int probe_read_u32(const volatile uint32_t *address, uint32_t *value);

/**
 * Write @p value to @p address.
 * @return 0 on success, ERR_FAULT if the access faulted.
 */
int probe_write_u32(volatile uint32_t *address, uint32_t value);

/**
 * Called by the exception handler: if @p frame faulted inside a probe, redirect it to the
 * probe's fixup and return true.
 */
struct trap_frame;
bool probe_fixup(struct trap_frame *frame);

#endif
