/*
 * ktest.c - finding and running in-kernel tests, and reporting their checks.
 */
#include "ktest/ktest.h"
#include "console.h"
#include "machine.h"
#include "string.h"
#include "trace.h"

extern const struct ktest __start_ktests[], __stop_ktests[];

static uint32_t checks_run, checks_failed;

bool ktest_check(bool passed, const char *description, uint32_t expected, uint32_t seen)
{
    checks_run++;
    TRACE(ktest_check, checks_run, expected, seen, passed);
    if (passed) {
        kprintf("ktest: check %u ok: %s\n", checks_run, description);
    } else {
        checks_failed++;
        kprintf("ktest: check %u FAILED: %s: expected 0x%x, seen 0x%x\n", checks_run, description,
                expected, seen);
    }
    return passed;
}

__attribute__((noinline, used)) void ktest_checkpoint(enum ktest_checkpoint_step step, uint32_t a,
                                                     uint32_t b)
{
    /* The harness may change memory while the guest is stopped here. */
    __asm__ volatile("" : : "r"(step), "r"(a), "r"(b) : "memory");
}

static const struct ktest *ktest_find(const char *name)
{
    for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

void ktest_run(const char *name, uint32_t nonce)
{
    const struct ktest *test = ktest_find(name);
    if (!test) {
        kprintf("ktest: no test called '%s'. Available tests:\n", name);
        for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++)
            kprintf("  %s\n", t->name);
        machine_halt(HALT_TEST_FAILURE);
    }
    kprintf("ktest: running %s\n", name);
    TRACE(ktest_begin, nonce, 0, 0, 0);
    test->run();
    TRACE(ktest_end, nonce, checks_failed, 0, 0);
    if (checks_failed) {
        kprintf("ktest: %s: FAIL (%u of %u checks failed)\n", name, checks_failed, checks_run);
        machine_halt(HALT_TEST_FAILURE);
    }
    kprintf("ktest: %s: PASS (%u checks)\n", name, checks_run);
    machine_halt(HALT_SUCCESS);
}
