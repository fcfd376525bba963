/*
 * ps.c - list the processes (PM_LIST, proto/pm.h): pid, parent, state, the priority of the
 * first thread, threads, pages of memory in use, and the program's name.
 */
#include "program.h"
#include "proto/pm.h"
#include "rpc.h"
#include "stdio.h"

/* PM_LIST's words after the result: pid, parent, state, threads, pages, name[PM_NAME_WORDS],
 * priority. */
#define PS_PRIORITY_WORD (5 + PM_NAME_WORDS)
#define PS_LIST_WORDS (PS_PRIORITY_WORD + 1)

static const char *state_name(unsigned state)
{
    switch (state) {
    case PM_STATE_NEW: return "new";
    case PM_STATE_RUNNING: return "running";
    case PM_STATE_ENDED: return "ended";
    }
    return "?";
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("  PID  PPID STATE    PRI THREADS  PAGES NAME\n");
    unsigned index = 0;
    for (unsigned shown = 0; shown < 100000; shown++) {
        unsigned w[PS_LIST_WORDS];
        int next = rpc_call_long(START_SLOT_PM, PM_LIST, &index, 1, -1, -1, w, PS_LIST_WORDS, NULL);
        if (next == ERR_NOT_FOUND)
            return 0;
        if (next < 0) {
            printf("ps: cannot list the processes: %s\n", error_name(next));
            return 1;
        }
        char name[PM_NAME_WORDS * 4 + 1];
        rpc_unpack_string(name, &w[5], PM_NAME_WORDS);
        printf("%5u %5u %-8s %3u %7u %6u %s\n", w[0], w[1], state_name(w[2]), w[PS_PRIORITY_WORD],
               w[3], w[4], name);
        if ((unsigned)next <= index)
            break; /* the list must move on */
        index = (unsigned)next;
    }
    return 0;
}
