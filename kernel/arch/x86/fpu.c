/*
 * fpu.c - each thread's FPU registers, handed over lazily at the first FPU instruction
 * after a switch (fpu.h says why, and what it costs).
 *
 * One thread's state at a time, fpu_owner, has its registers in the FPU; every other
 * thread that ever used the FPU has them in its fpu_state (thread.c allocates them). CR0.TS is clear only while fpu_owner runs
 * (fpu_registers_live), so no other thread can read or change them without a #NM first.
 */
#include "fpu.h"
#include "string.h"
#include "x86.h"

#define CR0_MP 0x02 /* WAIT/FWAIT honour TS too */
#define CR0_EM 0x04 /* no FPU: every FPU instruction is #NM */
#define CR0_TS 0x08 /* task switched: the next FPU instruction is #NM */
#define CR0_NE 0x20 /* x87 errors are #MF, not FERR# (IRQ 13) */
#define CR4_OSFXSR 0x200     /* FXSAVE/FXRSTOR save SSE state; SSE instructions allowed */
#define CR4_OSXMMEXCPT 0x400 /* unmasked SSE exceptions are #XM, not #UD */

#define CPUID_FEATURES 1
#define CPUID_EDX_FPU (1u << 0)
#define CPUID_EDX_FXSR (1u << 24)
#define CPUID_EDX_SSE (1u << 25)

/* Where the fields a clean state needs lie in the two formats (Intel SDM vol. 1, 10.5.1
 * and 8.1.10, 32-bit protected mode). */
#define FXSAVE_CONTROL_WORD 0
#define FXSAVE_MXCSR 24
#define FNSAVE_CONTROL_WORD 0
#define FNSAVE_TAG_WORD 8
#define FNSAVE_ALL_EMPTY 0xFFFF /* FXSAVE's abridged tag word says "empty" with 0 */


bool fpu_registers_live;
static struct fpu_state *fpu_owner;
static bool fpu_is_present, fpu_has_fxsr;
/* What a thread's registers hold before its first FPU instruction: what FNINIT and the
 * power-on MXCSR give, and every data register (x87/MMX and XMM) zero. */
static struct fpu_state fpu_clean_state;

static void put16(struct fpu_state *state, uint32_t offset, uint16_t value)
{
    memcpy(&state->bytes[offset], &value, sizeof value);
}

static void put32(struct fpu_state *state, uint32_t offset, uint32_t value)
{
    memcpy(&state->bytes[offset], &value, sizeof value);
}

void fpu_init(void)
{
    uint32_t regs[4];
    cpuid(CPUID_FEATURES, regs);
    uint32_t features = regs[3];
    fpu_is_present = features & CPUID_EDX_FPU;
    fpu_has_fxsr = (features & CPUID_EDX_FXSR) && (features & CPUID_EDX_SSE);

    uint32_t cr0 = read_cr0() | CR0_MP | CR0_NE | CR0_TS;
    write_cr0(fpu_is_present ? cr0 & ~CR0_EM : cr0 | CR0_EM);
    if (fpu_has_fxsr) {
        write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
        put16(&fpu_clean_state, FXSAVE_CONTROL_WORD, FPU_DEFAULT_CONTROL_WORD);
        put32(&fpu_clean_state, FXSAVE_MXCSR, FPU_DEFAULT_MXCSR);
    } else {
        put32(&fpu_clean_state, FNSAVE_CONTROL_WORD, FPU_DEFAULT_CONTROL_WORD);
        put32(&fpu_clean_state, FNSAVE_TAG_WORD, FNSAVE_ALL_EMPTY);
    }
}

void fpu_disable(void)
{
    write_cr0(read_cr0() | CR0_TS);
    fpu_registers_live = false;
}

/* FNSAVE and FXSAVE are no-wait: an exception the owner left pending stays in its state. */
static void save_registers(struct fpu_state *state)
{
    if (fpu_has_fxsr)
        __asm__ volatile("fxsave %0" : "=m"(*state));
    else
        __asm__ volatile("fnsave %0" : "=m"(*state));
}

/*
 * FNINIT first: FRSTOR is a waiting instruction, and would raise an exception still
 * pending in the FPU (left by a thread that died with one) here in the kernel: a panic.
 * (QEMU and Bochs do not model that; the SDM does.) An exception pending in @p state
 * itself is raised at the thread's next FPU instruction, as #MF in the thread, where it
 * belongs.
 */
static void load_registers(const struct fpu_state *state)
{
    __asm__ volatile("fninit");
    if (fpu_has_fxsr)
        __asm__ volatile("fxrstor %0" : : "m"(*state));
    else
        __asm__ volatile("frstor %0" : : "m"(*state));
}

bool fpu_present(void) { return fpu_is_present; }

void fpu_state_init(struct fpu_state *state) { *state = fpu_clean_state; }

void fpu_switch_to(struct fpu_state *state)
{
    __asm__ volatile("clts");
    if (fpu_owner != state) {
        if (fpu_owner)
            save_registers(fpu_owner);
        load_registers(state);
        fpu_owner = state;
    }
    fpu_registers_live = true;
}

void fpu_state_forget(const struct fpu_state *state)
{
    if (fpu_owner == state)
        fpu_owner = NULL; /* its registers stay in the FPU, unreachable: TS is set before the
                             next thread runs, and the next load starts with FNINIT */
}
