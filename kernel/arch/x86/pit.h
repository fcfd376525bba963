/**
 * @file pit.h
 * @brief The 8253/8254 programmable interval timer: the kernel's periodic tick (IRQ 0).
 */
#ifndef ORRERY_PIT_H
#define ORRERY_PIT_H

#include "abi/syscalls.h"
#include "types.h"

/** Ticks per second. Under `-icount shift=0` one tick is a million guest instructions. */
#define PIT_HZ TIMER_HZ
#define PIT_IRQ 0

/** Program channel 0 to interrupt PIT_HZ times a second and install the tick handler. */
void pit_init(void);
/** Ticks since pit_init(). */
uint64_t pit_ticks(void);

#endif
