/*
 * lib_program_child - a program that starts as every process does (crt1.S, program_start.c):
 * main(argc, argv) from its start information page. lib_program_start starts it, playing its
 * process manager, memory manager and console. It prints its arguments (one line: one
 * STREAM_WRITE), mallocs through MM_SBRK, leaves text without a newline for exit() to flush,
 * and returns the number in argv[2] as its exit status.
 * Expected (on its stdout, which lib_program_start checks): "child: lib_program_child:
 * argc=3 [lib_program_child] [hello world] [7]", "child: malloc'd 20000 bytes through sbrk",
 * "no newline before exit"; exit status 7. Booted alone as the root task it has no start page
 * and faults: it is only run by lib_program_start.
 */
#include "assert.h"
#include "cstring.h"
#include "program.h"
#include "stdio.h"
#include "stdlib.h"

int main(int argc, char **argv)
{
    printf("child: %s: argc=%d", assert_program_name, argc);
    for (int i = 0; i < argc; i++)
        printf(" [%s]", argv[i]);
    printf("\n");
    char *memory = malloc(20000);
    if (memory)
        memset(memory, 'm', 20000);
    printf("child: malloc'd 20000 bytes %s\n",
           memory && memory[19999] == 'm' ? "through sbrk" : "FAILED");
    free(memory);
    printf("no newline before exit");
    return argc > 2 ? atoi(argv[2]) : 1;
}
