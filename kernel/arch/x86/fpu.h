/**
 * @file fpu.h
 * @brief Each thread's own FPU (x87, MMX, SSE) registers, switched lazily.
 *
 * The kernel never touches the FPU itself (it is built with -mgeneral-regs-only), so only
 * user threads own FPU state. Most of them never use it: Orrery's own programs are built
 * with -mgeneral-regs-only too. So the switch is lazy, as in early Linux and in seL4:
 *
 * - CR0.TS is set whenever the FPU registers do not belong to the running thread. The
 *   first FPU, MMX or SSE instruction (or WAIT, CR0.MP being set) the thread executes then
 *   raises \#NM, and thread_take_fpu() (thread.c) gives the thread a state of its own on
 *   its first use (fpu_state_init()), then fpu_switch_to() saves the registers into their
 *   owner's state, loads the thread's own and clears TS.
 * - A context switch only sets TS again, and only if it is clear (fpu_before_switch):
 *   when neither thread uses the FPU the switch path costs one compare and one branch.
 *   A thread that uses the FPU continuously pays one \#NM after each switch back to it
 *   (without a save or a load, when no other thread used the FPU meanwhile).
 *
 * A thread's state is a separate FPU_STATE_BYTES block from its task's kmem pool (which
 * charges the task for its slabs: kmem.h), made at its first FPU instruction and freed when
 * the thread dies; threads that never use the FPU pay nothing. This file knows only the
 * states, not whose they are: thread.c allocates and frees them. If the
 * quota (or memory) cannot pay, the \#NM is the thread's fault, like any other (its fault
 * handler is told, or it is stopped).
 *
 * CR0.NE is set: an unmasked x87 exception raises \#MF in the thread that caused it, and an
 * unmasked SSE exception \#XM (CR4.OSXMMEXCPT), both delivered as user faults (trap.c).
 * The old external route, FERR# to IRQ 13, is never used, and IRQ 13 cannot be claimed.
 */
#ifndef ORRERY_FPU_H
#define ORRERY_FPU_H

#include "types.h"

/** The size of a thread's FPU state: the FXSAVE area (FNSAVE uses its first 108 bytes). */
#define FPU_STATE_BYTES 512
/** The control word and MXCSR a thread starts with: every exception masked, round to
 *  nearest, 64-bit precision (what FNINIT sets, and the power-on MXCSR). */
#define FPU_DEFAULT_CONTROL_WORD 0x037F
#define FPU_DEFAULT_MXCSR 0x1F80

/** One thread's saved FPU registers, in FXSAVE format (or FNSAVE format without FXSR). */
struct fpu_state {
    uint8_t bytes[FPU_STATE_BYTES];
} __attribute__((aligned(16)));

/**
 * Set the FPU up at boot, from what CPUID says: CR0.MP, NE and TS set, EM clear; with FXSR
 * and SSE, CR4.OSFXSR and OSXMMEXCPT (else SSE instructions stay \#UD, and the state is
 * switched with FNSAVE/FRSTOR). A CPU without an FPU gets CR0.EM: every FPU instruction
 * is then a \#NM fault of the thread.
 */
void fpu_init(void);

/** Whether the CPU has an FPU (CPUID, read by fpu_init()). Without one no thread can have
 *  the FPU: every FPU instruction is a \#NM fault of its thread. */
bool fpu_present(void);

/** Fill @p state with what a thread's registers hold before its first FPU instruction: what
 *  FNINIT and the power-on MXCSR give, and every data register (x87/MMX and XMM) zero. */
void fpu_state_init(struct fpu_state *state);

/**
 * A \#NM from user mode, in the thread whose registers are (or go) in @p state: save the
 * registers of the state that owns the FPU, if another one does, load @p state's, and clear
 * CR0.TS. The faulting instruction can then be retried.
 */
void fpu_switch_to(struct fpu_state *state);

/** @p state is about to be freed (its thread is dying): if its registers are in the FPU, it
 *  no longer owns it, and they are never saved. */
void fpu_state_forget(const struct fpu_state *state);

/** True while CR0.TS is clear: the FPU registers are the current thread's. */
extern bool fpu_registers_live;

/** Set CR0.TS (the slow part of fpu_before_switch). */
void fpu_disable(void);

/** Call before switching from the current thread to another: the next one must not see
 *  the FPU registers without a \#NM (inline: it is on every switch). */
static inline void fpu_before_switch(void)
{
    if (fpu_registers_live)
        fpu_disable();
}

#endif
