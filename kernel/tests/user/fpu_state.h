/*
 * fpu_state.h - what the FPU test programs read and write of the FPU: the x87 control,
 * status and tag words, the x87 stack (through integers, exact in any rounding mode), the
 * MMX registers, MXCSR and the XMM registers. The programs themselves are built with
 * -mgeneral-regs-only, so the compiler never touches these registers between the asm
 * statements here.
 */
#ifndef ORRERY_TESTS_FPU_STATE_H
#define ORRERY_TESTS_FPU_STATE_H

#include "types.h"

#define CPUID_EDX_FXSR (1u << 24)
#define CPUID_EDX_SSE (1u << 25)
#define FPU_CLEAN_CONTROL_WORD 0x037F /* what FNINIT sets */
#define FPU_CLEAN_MXCSR 0x1F80
#define FPU_TAGS_ALL_EMPTY 0xFFFF
#define FPU_STATUS_TOP(sw) (((sw) >> 11) & 7)

/** True if the CPU has SSE and FXSAVE (then the kernel lets threads use SSE). */
static inline bool cpu_has_sse(void)
{
    unsigned eax = 1, ebx, ecx = 0, edx;
    __asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
    return (edx & (CPUID_EDX_FXSR | CPUID_EDX_SSE)) == (CPUID_EDX_FXSR | CPUID_EDX_SSE);
}

/** Everything a thread can see of its FPU registers. */
struct fpu_view {
    unsigned control, status, tags;
    unsigned mxcsr;
    unsigned xmm[8][4];
    unsigned mmx[8][2];
};

/* Read the view: the words first (the MMX reads change TOP and the tags), then MMX. The
 * MMX registers are the low 64 bits of the x87 data registers: whatever values an x87
 * stack held show there. Ends with EMMS (all tags empty again). */
static inline void fpu_read_view(struct fpu_view *view, bool sse)
{
    unsigned environment[7];
    __asm__ volatile("fnstenv %0\n fldenv %0" : "+m"(environment));
    view->control = environment[0] & 0xFFFF;
    view->status = environment[1] & 0xFFFF;
    view->tags = environment[2] & 0xFFFF;
    view->mxcsr = 0;
    if (sse) {
        __asm__ volatile("stmxcsr %0" : "=m"(view->mxcsr));
        __asm__ volatile("movups %%xmm0, 0(%0)\n movups %%xmm1, 16(%0)\n"
                         "movups %%xmm2, 32(%0)\n movups %%xmm3, 48(%0)\n"
                         "movups %%xmm4, 64(%0)\n movups %%xmm5, 80(%0)\n"
                         "movups %%xmm6, 96(%0)\n movups %%xmm7, 112(%0)"
                         : : "r"(view->xmm) : "memory");
    }
    __asm__ volatile("movq %%mm0, 0(%0)\n movq %%mm1, 8(%0)\n movq %%mm2, 16(%0)\n"
                     "movq %%mm3, 24(%0)\n movq %%mm4, 32(%0)\n movq %%mm5, 40(%0)\n"
                     "movq %%mm6, 48(%0)\n movq %%mm7, 56(%0)\n emms"
                     : : "r"(view->mmx) : "memory");
}

/* Load a recognisable x87 state: control word @p control, and the integers
 * @p values[0..2] pushed on the x87 stack in that order. */
static inline void fpu_dirty_x87(unsigned control, const int values[3])
{
    __asm__ volatile("fninit\n fldcw %0" : : "m"(control));
    for (int i = 0; i < 3; i++)
        __asm__ volatile("fildl %0" : : "m"(values[i]));
}

/* Load a recognisable SSE state: MXCSR @p mxcsr, and every XMM register filled with words
 * pattern + 0, 1, 2, ... */
static inline void fpu_dirty_sse(unsigned mxcsr, unsigned pattern)
{
    unsigned words[32];
    for (int i = 0; i < 32; i++)
        words[i] = pattern + i;
    __asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
    __asm__ volatile("movups 0(%0), %%xmm0\n movups 16(%0), %%xmm1\n"
                     "movups 32(%0), %%xmm2\n movups 48(%0), %%xmm3\n"
                     "movups 64(%0), %%xmm4\n movups 80(%0), %%xmm5\n"
                     "movups 96(%0), %%xmm6\n movups 112(%0), %%xmm7"
                     : : "r"(words) : "memory");
}

/* Pop the x87 stack three times into @p values (the last pushed first). */
static inline void fpu_pop_three(int values[3])
{
    for (int i = 0; i < 3; i++)
        __asm__ volatile("fistpl %0" : "=m"(values[i]));
}

#endif
