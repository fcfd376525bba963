/*
 * kill.c - end processes by pid: kill PID...  (PM_KILL, proto/pm.h).
 */
#include "program.h"
#include "proto/pm.h"
#include "rpc.h"
#include "stdio.h"

static bool parse_pid(const char *text, unsigned *pid)
{
    unsigned n = 0;
    if (!*text)
        return false;
    for (; *text; text++) {
        if (*text < '0' || *text > '9' || n > 100000000)
            return false;
        n = n * 10 + (unsigned)(*text - '0');
    }
    *pid = n;
    return n > 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("usage: kill PID... (ps lists them)\n");
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        unsigned pid;
        if (!parse_pid(argv[i], &pid)) {
            printf("kill: not a process id: %s\n", argv[i]);
            status = 2;
            continue;
        }
        int error = rpc_call(START_SLOT_PM, PM_KILL, 1, pid, 0, 0, NULL);
        if (error == ERR_NOT_FOUND)
            printf("kill: no such process: %u\n", pid);
        else if (error < 0)
            printf("kill: cannot kill %u: %s\n", pid, error_name(error));
        if (error < 0)
            status = 1;
    }
    return status;
}
