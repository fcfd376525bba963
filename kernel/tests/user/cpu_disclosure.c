/*
 * cpu_disclosure - what user mode can see of the kernel through the CPU, and that data
 * pages are executable: the behaviour docs/hostile-programs.md documents ("Kernel
 * addresses" and "No NX"), pinned down so that a change to it is noticed.
 *
 * Without UMIP (which neither QEMU's nor Bochs's CPU model has, and which Orrery does not
 * turn on), four instructions read kernel state at CPL 3:
 *   1. sgdt: the GDT's limit (7 descriptors: 55) and its base, a kernel address;
 *   2. sidt: the IDT's limit (256 gates: 2047) and base, a kernel address;
 *   3. str: the TSS selector, 0x28; sldt: 0, the null LDT (see ldt_call_gate);
 *   4. smsw: the low bits of CR0: PE, MP and NE set, EM clear, and TS, which shows the lazy
 *      FPU switch at work: set before the thread's first FPU instruction, clear after it,
 *      set again after a switch to another thread (a sleep runs the idle thread).
 * The pytest side compares the two bases with the addresses of `gdt` and `idt` in the
 * kernel ELF: nothing here is secret, the kernel is linked at fixed addresses.
 *   5. No NX bit without PAE: code copied into a writable data page runs (it returns
 *      0x1234 in EAX), and so does code on the stack.
 *
 * Expected: "cpu_disclosure: gdt base 0x... limit 55", "idt base 0x... limit 2047",
 * "str 0x28 sldt 0x0", "smsw ...: PE MP NE, TS set/clear/set", "a data page and the stack
 * are executable", then "cpu_disclosure: all as documented"; exit 0.
 */
#define TEST_NAME "cpu_disclosure"
#include "user_test.h"

#define DATA_PAGE 0x50000000u
#define KERNEL_BASE_ADDRESS 0xC0000000u
#define GDT_LIMIT (7 * 8 - 1)
#define IDT_LIMIT (256 * 8 - 1)
#define TSS_SELECTOR 0x28
#define CR0_PE 0x01
#define CR0_MP 0x02
#define CR0_EM 0x04
#define CR0_TS 0x08
#define CR0_NE 0x20
#define RETURN_VALUE 0x1234

struct __attribute__((packed)) table_register {
    unsigned short limit;
    unsigned base;
};

/* mov $0x1234, %eax; ret */
static const unsigned char code[] = { 0xB8, 0x34, 0x12, 0x00, 0x00, 0xC3 };

static unsigned machine_status_word(void)
{
    unsigned msw;
    __asm__ volatile("smsw %0" : "=r"(msw));
    return msw & 0xFFFF;
}

static int run_copied_code(void *where)
{
    for (unsigned i = 0; i < sizeof code; i++)
        ((volatile unsigned char *)where)[i] = code[i];
    return ((int (*)(void))where)();
}

int main(const struct user_boot_info *info)
{
    (void)info;
    struct table_register gdtr, idtr;
    __asm__ volatile("sgdt %0" : "=m"(gdtr));
    __asm__ volatile("sidt %0" : "=m"(idtr));
    if (gdtr.limit != GDT_LIMIT || gdtr.base < KERNEL_BASE_ADDRESS)
        test_fail("sgdt, expected a kernel address and limit %u, seen base 0x%x limit %u", GDT_LIMIT,
                  gdtr.base, gdtr.limit);
    test_print("gdt base 0x%08x limit %u", gdtr.base, gdtr.limit);
    if (idtr.limit != IDT_LIMIT || idtr.base < KERNEL_BASE_ADDRESS)
        test_fail("sidt, expected a kernel address and limit %u, seen base 0x%x limit %u", IDT_LIMIT,
                  idtr.base, idtr.limit);
    test_print("idt base 0x%08x limit %u", idtr.base, idtr.limit);

    unsigned short tr, ldtr;
    __asm__ volatile("str %0\n sldt %1" : "=m"(tr), "=m"(ldtr));
    expect_result("str", TSS_SELECTOR, tr);
    expect_result("sldt", 0, ldtr);
    test_print("str 0x%x sldt 0x%x", tr, ldtr);

    unsigned before = machine_status_word();
    __asm__ volatile("fninit");
    unsigned after_fpu = machine_status_word();
    expect_result("sleep", 0, sys_sleep(1));
    unsigned after_switch = machine_status_word();
    unsigned fixed = CR0_PE | CR0_MP | CR0_NE;
    if ((before & (fixed | CR0_EM)) != fixed)
        test_fail("smsw, expected PE, MP and NE set and EM clear, seen 0x%x", before);
    if (!(before & CR0_TS) || (after_fpu & CR0_TS) || !(after_switch & CR0_TS))
        test_fail("CR0.TS, expected set, then clear after an FPU instruction, then set after a "
                  "switch, seen smsw 0x%x 0x%x 0x%x", before, after_fpu, after_switch);
    test_print("smsw 0x%x 0x%x 0x%x: PE MP NE, TS set/clear/set", before, after_fpu, after_switch);

    expect_result("task_map_anon of a data page", 0, sys_task_map_anon(CAP_SELF_TASK, DATA_PAGE, 1, MAP_WRITABLE));
    expect_result("code copied into a data page", RETURN_VALUE, run_copied_code((void *)DATA_PAGE));
    unsigned char on_stack[16];
    expect_result("code copied onto the stack", RETURN_VALUE, run_copied_code(on_stack));
    test_print("a data page and the stack are executable");
    test_print("all as documented");
    return 0;
}
