/*
 * spin.c - run forever without a system call, until Ctrl-C or kill ends it: the scheduler
 * must still give the rest of the system its turn (time slices), and the process manager
 * must be able to end a process that never asks it anything.
 */
#include "program.h"
#include "stdio.h"

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("spin: spinning as process %u (Ctrl-C or kill %u stops me)\n", start_info()->pid,
           start_info()->pid);
    for (volatile unsigned long n = 0;; n++)
        ;
}
