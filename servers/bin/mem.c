/*
 * mem.c - memory in use: the frames of the whole system, and the pages of each process
 * with its limit (MM_STAT, proto/mm.h; the process list from PM_LIST, proto/pm.h).
 */
#include "program.h"
#include "proto/mm.h"
#include "proto/pm.h"
#include "rpc.h"
#include "stdio.h"
#include "syscall_stubs.h"

#define MEM_NAME_WORDS 4
#define MEM_LIST_WORDS (5 + MEM_NAME_WORDS)
#define KIB_PER_PAGE 4

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    struct rpc_result own;
    int pages = rpc_call(START_SLOT_MM, MM_STAT, 1, 0, 0, 0, &own);
    if (pages < 0) {
        printf("mem: the memory manager does not answer: %s\n", error_name(pages));
        return 1;
    }
    printf("frames in use: %u (%u KiB) in the whole system\n", own.words[1], own.words[1] * KIB_PER_PAGE);
    printf("  PID  PAGES  LIMIT NAME\n");
    unsigned index = 0;
    for (unsigned shown = 0; shown < 100000; shown++) {
        unsigned w[MEM_LIST_WORDS];
        int next = rpc_call_long(START_SLOT_PM, PM_LIST, &index, 1, -1, -1, w, MEM_LIST_WORDS, NULL);
        if (next < 0)
            break;
        char name[MEM_NAME_WORDS * 4 + 1];
        rpc_unpack_string(name, &w[5], MEM_NAME_WORDS);
        struct rpc_result stat;
        int used = rpc_call(START_SLOT_MM, MM_STAT, 1, w[0], 0, 0, &stat);
        if (used >= 0)
            printf("%5u %6d %6u %s\n", w[0], used, stat.words[0], name);
        else
            printf("%5u %6u      - %s\n", w[0], w[4], name);
        if ((unsigned)next <= index)
            break;
        index = (unsigned)next;
    }
    return 0;
}
