/*
 * hello/main.c - the smallest server: says hello from its own task and shows that slot 0
 * of its capability space holds its own task capability. The root task starts it.
 */
#include "runtime.h"
#include "stdio.h"
#include "syscall_stubs.h"

int main(const struct user_boot_info *info)
{
    (void)info; /* NULL: only the root task gets boot information */
    printf("hello: hello from a user task (task slot 0 is me)\n");
    printf("hello: cap_identify(0) = 0x%x\n", sys_cap_identify(CAP_SELF_TASK));
    return 0;
}
