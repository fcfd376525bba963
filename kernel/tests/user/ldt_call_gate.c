/*
 * ldt_call_gate - a task builds its own descriptors where the LDT register points and
 * tries to reach ring 0 through them. The kernel must load a null LDT at boot: then every
 * selector with the table bit (TI, bit 2) set raises #GP in the task that used it.
 *
 * Why this is an attack: an x86 CPU comes out of reset with LDTR = {selector 0, base 0,
 * limit 0xFFFF}, a usable table over linear addresses 0..0xFFFF. A kernel that never
 * executes `lldt` keeps it, and every task may map pages there. The program maps page 1
 * (page 0 is refused, see docs/syscalls.md; page 1 is enough, the LDT's reset limit covers
 * 16 pages), so LDT entries 512.. are its own memory, and writes:
 *   entry 512: a call gate, DPL 3, to the kernel code selector 0x08 at gate_target,
 *   entry 513: a task gate, DPL 3, naming the double-fault TSS (GDT selector 0x30),
 *   entry 514: a flat data segment, DPL 3,
 *   entry 515: a flat 32-bit code segment, DPL 3.
 * gate_target, reached at CPL 0, stores CS and CR3 (CR3 cannot be read at CPL 3) into
 * gate_seen_cs / gate_seen_cr3 and returns with lret.
 *
 * Each attack runs in a thread of its own under a fault handler (fault_catcher.h):
 *   1. lcall through the call gate (selector 0x1007)         -> #GP at the lcall
 *   2. lcall through the task gate (0x100F)                  -> #GP at the lcall
 *   3. ljmp through the task gate (0x100F)                   -> #GP at the ljmp
 *   4. ljmp to the LDT code segment (0x101F)                 -> #GP at the ljmp
 *   5..9. load the LDT data selector (0x1017) into DS, ES, FS, GS, SS -> #GP at the mov
 *  10. lcall to the double-fault TSS's GDT selector directly -> #GP (DPL 0), as always
 *  11. lldt from user mode                                   -> #GP (privileged)
 *  12. iret with EFLAGS.NT set, a task return to the TSS the main TSS's link field names
 *      (user mode may set NT with popf; the link is 0, the null selector) -> #TS at the iret
 * and after each one gate_seen_cs must still be unset.
 *
 * Expected: one "ldt_call_gate: ... #GP (or #TS) at the expected instruction" line per
 * attack, then "ldt_call_gate: all 12 attacks faulted, no code ran at CPL 0"; exit 0. On a kernel that
 * never loads the LDT: attack 1 runs gate_target at CPL 0 and the program fails with
 * "FAIL: ... ran at CPL 0", and attack 2 switches to the double-fault task: a kernel panic.
 */
#define TEST_NAME "ldt_call_gate"
#include "user_test.h"
#include "fault_catcher.h"

#define LDT_PAGE 0x1000u        /* entry 512 of an LDT based at linear address 0 */
#define LDT_FIRST_ENTRY 512
#define SELECTOR_LDT 0x4        /* TI: the selector indexes the LDT */
#define RPL3 0x3
#define LDT_SELECTOR(entry) (((entry) << 3) | SELECTOR_LDT | RPL3)
#define ENTRY_CALL_GATE 512
#define ENTRY_TASK_GATE 513
#define ENTRY_DATA 514
#define ENTRY_CODE 515
#define KERNEL_CODE_SELECTOR 0x08
#define DOUBLE_FAULT_TSS_SELECTOR 0x30
#define VECTOR_TS 10
#define VECTOR_GP 13
#define EFLAGS_NT 0x4000
#define UNSET 0xFFFFFFFFu

/* Access bytes: present | DPL 3 | type. */
#define ACCESS_CALL_GATE_32 0xEC
#define ACCESS_TASK_GATE 0xE5
#define ACCESS_DATA_RW 0xF2
#define ACCESS_CODE_RX 0xFA
#define FLAGS_4K_32BIT 0xC

volatile unsigned gate_seen_cs = UNSET, gate_seen_cr3 = UNSET;
extern char gate_target[];

/* Runs only at CPL 0, entered through the call gate with a far call: note what it sees. */
__asm__(".text\n"
        ".global gate_target\n"
        "gate_target:\n"
        "    push %eax\n"
        "    mov %cs, %eax\n"
        "    mov %eax, gate_seen_cs\n"
        "    mov %cr3, %eax\n"
        "    mov %eax, gate_seen_cr3\n"
        "    pop %eax\n"
        "    lret\n");

static void write_gate(unsigned entry, unsigned selector, unsigned offset, unsigned access)
{
    volatile unsigned *words = (volatile unsigned *)(LDT_PAGE + (entry - LDT_FIRST_ENTRY) * 8);
    words[0] = selector << 16 | (offset & 0xFFFF);
    words[1] = (offset & 0xFFFF0000u) | access << 8;
}

static void write_flat_segment(unsigned entry, unsigned access)
{
    volatile unsigned *words = (volatile unsigned *)(LDT_PAGE + (entry - LDT_FIRST_ENTRY) * 8);
    words[0] = 0x0000FFFFu;                                  /* base 0, limit 0xFFFFF pages */
    words[1] = 0x000F0000u | FLAGS_4K_32BIT << 20 | access << 8;
}

/* Each attack marks its faulting instruction with a label, to compare with the fault's eip. */
#define ATTACK(name, instructions)                                                   \
    extern char name##_insn[];                                                       \
    static void name(void *unused)                                                   \
    {                                                                                \
        (void)unused;                                                                \
        __asm__ volatile(instructions : : : "eax", "memory");                        \
    }

#define STR_(x) #x
#define STR(x) STR_(x)
#define SEL_CALL_GATE STR(0x1007)
#define SEL_TASK_GATE STR(0x100F)
#define SEL_DATA STR(0x1017)
#define SEL_CODE STR(0x101F)
_Static_assert(LDT_SELECTOR(ENTRY_CALL_GATE) == 0x1007 && LDT_SELECTOR(ENTRY_TASK_GATE) == 0x100F &&
               LDT_SELECTOR(ENTRY_DATA) == 0x1017 && LDT_SELECTOR(ENTRY_CODE) == 0x101F,
               "the selectors written out in the attacks below");

ATTACK(call_through_call_gate, ".global call_through_call_gate_insn\n"
                               "call_through_call_gate_insn: lcall $" SEL_CALL_GATE ", $0")
ATTACK(call_through_task_gate, ".global call_through_task_gate_insn\n"
                               "call_through_task_gate_insn: lcall $" SEL_TASK_GATE ", $0")
ATTACK(jump_through_task_gate, ".global jump_through_task_gate_insn\n"
                               "jump_through_task_gate_insn: ljmp $" SEL_TASK_GATE ", $0")
ATTACK(jump_to_ldt_code, ".global jump_to_ldt_code_insn\n"
                         "jump_to_ldt_code_insn: ljmp $" SEL_CODE ", $1f\n"
                         "1: ljmp $0x1B, $2f\n" /* back to the GDT's user code selector */
                         "2:")
ATTACK(load_ds, "push %%ds\n mov $" SEL_DATA ", %%eax\n"
                ".global load_ds_insn\n load_ds_insn: mov %%eax, %%ds\n pop %%ds")
ATTACK(load_es, "push %%es\n mov $" SEL_DATA ", %%eax\n"
                ".global load_es_insn\n load_es_insn: mov %%eax, %%es\n pop %%es")
ATTACK(load_fs, "mov $" SEL_DATA ", %%eax\n"
                ".global load_fs_insn\n load_fs_insn: mov %%eax, %%fs\n xor %%eax, %%eax\n mov %%eax, %%fs")
ATTACK(load_gs, "mov $" SEL_DATA ", %%eax\n"
                ".global load_gs_insn\n load_gs_insn: mov %%eax, %%gs\n xor %%eax, %%eax\n mov %%eax, %%gs")
ATTACK(load_ss, "push %%ss\n mov $" SEL_DATA ", %%eax\n"
                ".global load_ss_insn\n load_ss_insn: mov %%eax, %%ss\n pop %%ss")
ATTACK(call_double_fault_tss, ".global call_double_fault_tss_insn\n"
                              "call_double_fault_tss_insn: lcall $" STR(0x30) ", $0")
ATTACK(load_ldtr, "mov $" SEL_DATA ", %%eax\n"
                  ".global load_ldtr_insn\n load_ldtr_insn: lldt %%ax")
ATTACK(nested_task_return, "pushf\n orl $" STR(EFLAGS_NT) ", (%%esp)\n popf\n"
                           ".global nested_task_return_insn\n nested_task_return_insn: iret")

static const struct {
    const char *what;
    void (*fn)(void *);
    const char *insn;
    unsigned vector;
} attacks[] = {
    { "lcall through an LDT call gate to ring 0", call_through_call_gate, call_through_call_gate_insn, VECTOR_GP },
    { "lcall through an LDT task gate to the double-fault TSS", call_through_task_gate, call_through_task_gate_insn, VECTOR_GP },
    { "ljmp through an LDT task gate to the double-fault TSS", jump_through_task_gate, jump_through_task_gate_insn, VECTOR_GP },
    { "ljmp to an LDT code segment", jump_to_ldt_code, jump_to_ldt_code_insn, VECTOR_GP },
    { "mov of an LDT selector to DS", load_ds, load_ds_insn, VECTOR_GP },
    { "mov of an LDT selector to ES", load_es, load_es_insn, VECTOR_GP },
    { "mov of an LDT selector to FS", load_fs, load_fs_insn, VECTOR_GP },
    { "mov of an LDT selector to GS", load_gs, load_gs_insn, VECTOR_GP },
    { "mov of an LDT selector to SS", load_ss, load_ss_insn, VECTOR_GP },
    { "lcall to the double-fault TSS's GDT selector", call_double_fault_tss, call_double_fault_tss_insn, VECTOR_GP },
    { "lldt from user mode", load_ldtr, load_ldtr_insn, VECTOR_GP },
    { "iret with EFLAGS.NT set (a task return)", nested_task_return, nested_task_return_insn, VECTOR_TS },
};
#define ATTACKS (sizeof attacks / sizeof attacks[0])

int main(const struct user_boot_info *info)
{
    (void)info;
    _Static_assert(ATTACKS == 12, "the count in the top comment");
    expect_result("task_map_anon of page 1 (LDT entries 512..1023)", 0,
                  sys_task_map_anon(CAP_SELF_TASK, LDT_PAGE, 1, MAP_WRITABLE));
    write_gate(ENTRY_CALL_GATE, KERNEL_CODE_SELECTOR, (unsigned)gate_target, ACCESS_CALL_GATE_32);
    write_gate(ENTRY_TASK_GATE, DOUBLE_FAULT_TSS_SELECTOR, 0, ACCESS_TASK_GATE);
    write_flat_segment(ENTRY_DATA, ACCESS_DATA_RW);
    write_flat_segment(ENTRY_CODE, ACCESS_CODE_RX);
    test_print("wrote a call gate, a task gate, a data and a code segment at LDT entries 512..515");

    for (unsigned i = 0; i < ATTACKS; i++) {
        struct caught_fault outcome;
        catch_fault(attacks[i].fn, NULL, &outcome);
        if (gate_seen_cs != UNSET)
            test_fail("%s: gate_target ran at CPL 0, expected never, seen CS 0x%x CR3 0x%x",
                      attacks[i].what, gate_seen_cs, gate_seen_cr3);
        if (outcome.returned)
            test_fail("%s, expected #GP, seen it succeed", attacks[i].what);
        const char *name = attacks[i].vector == VECTOR_GP ? "#GP" : "#TS";
        if (outcome.vector != attacks[i].vector || outcome.eip != (unsigned)attacks[i].insn)
            test_fail("%s, expected %s (vector %u) at eip 0x%x, seen vector %u at eip 0x%x",
                      attacks[i].what, name, attacks[i].vector, (unsigned)attacks[i].insn,
                      outcome.vector, outcome.eip);
        test_print("%s: %s at the expected instruction", attacks[i].what, name);
    }
    expect_result("null after the attacks", 0, sys_null());
    test_print("all %u attacks faulted, no code ran at CPL 0", (unsigned)ATTACKS);
    return 0;
}
