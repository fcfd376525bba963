/*
 * roottask/main.c - the first user program, started by the kernel.
 *
 * The root task receives capabilities to everything at boot and starts the other servers.
 * User mode arrives with threads and tasks; until then the kernel only checks that this
 * module is a valid i386 executable and lists it at boot, and this loop is all it holds.
 */
__attribute__((section(".text.start"), noreturn)) void _start(void)
{
    for (;;)
        __asm__ volatile("pause");
}
