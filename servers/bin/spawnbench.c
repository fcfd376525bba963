/*
 * spawnbench - what spawning a program from the disk costs, in guest instructions: spawn
 * /bin/true (read from the disk through the file server, not from the boot files), start
 * it, wait for its end; the mean of ROUNDS after a warm-up that brings its blocks into the
 * file server's cache. One line
 *   bench: spawn_from_disk VALUE instructions
 * Under QEMU's -icount (grading/tests/test_sys_files.py boots the system with the kernel
 * command line `run=spawnbench` and a disk) the time-stamp counter counts instructions; run
 * by hand at the prompt it counts the emulator's cycles.
 *
 * Expected: the figure, then `spawnbench: done`, exit status 0. Without /bin/true on the
 * disk it says so and exits 1, rather than measure the boot files under the disk's name.
 */
#include "file_util.h"
#include "fs_client.h"
#include "pm_client.h"
#include "program.h"
#include "stdio.h"
#include "tsc.h"

#define WARMUP 2
#define ROUNDS 10
#define PROGRAM "/bin/true"

static void spawn_and_wait(void)
{
    static const char *const argv[] = { "true", NULL };
    int pid = pm_spawn(START_SLOT_PM, argv, 0);
    int error = pid < 0 ? pid : pm_start(START_SLOT_PM, (unsigned)pid);
    struct pm_exit_info info = { 0, 0, 0, 0 };
    if (error >= 0)
        error = pm_wait(START_SLOT_PM, (unsigned)pid, &info);
    if (error < 0) {
        printf("spawnbench: spawning true: %s (%s)\n", error_text(error), error_name(error));
        exit(1);
    }
    if (info.end != PM_END_EXIT || info.status != 0) {
        printf("spawnbench: true ended badly (how %u, status %u)\n", info.end, info.status);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    struct fs_stat info;
    int error = fs_stat(PROGRAM, &info);
    if (error < 0) {
        printf("spawnbench: %s is not on the disk: %s (%s)\n", PROGRAM, error_text(error), error_name(error));
        return 1;
    }
    for (int i = 0; i < WARMUP; i++)
        spawn_and_wait();
    uint64_t start = tsc_read();
    for (int i = 0; i < ROUNDS; i++)
        spawn_and_wait();
    uint64_t spent = tsc_read() - start;
    printf("bench: spawn_from_disk %u instructions\n", (unsigned)(spent / ROUNDS));
    printf("spawnbench: done\n");
    return 0;
}
