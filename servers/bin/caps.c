/*
 * caps.c - a process's capability table, readable: caps [PID] (default: caps itself).
 * One line per occupied slot: the slot, what the capability names, its rights, its badge
 * (PM_CAPS, proto/pm.h).
 */
#include "program.h"
#include "proto/pm.h"
#include "rpc.h"
#include "stdio.h"
#include "syscall_stubs.h"

/* PM_CAPS gives three words an entry: slot, type | rights << 8, badge. */
#define CAPS_ENTRY_WORDS 3
#define CAPS_TYPE_MASK 0xFFu
#define CAPS_RIGHTS_SHIFT 8

static const char *type_name(unsigned type)
{
    switch (type) {
    case OBJECT_TASK: return "task";
    case OBJECT_THREAD: return "thread";
    case OBJECT_ENDPOINT: return "endpoint";
    case OBJECT_NOTIFICATION: return "notification";
    case OBJECT_FRAME: return "frame";
    case OBJECT_IRQ_HANDLER: return "irq handler";
    case OBJECT_IO_PORTS: return "io ports";
    case OBJECT_IRQ_CONTROL: return "irq control";
    case OBJECT_IO_CONTROL: return "io control";
    case OBJECT_REPLY: return "reply";
    }
    return "?";
}

static const char *slot_role(unsigned slot)
{
    switch (slot) {
    case CAP_SELF_TASK: return "(own task)";
    case CAP_SELF_THREAD: return "(own thread)";
    case START_SLOT_NS: return "(name service)";
    case START_SLOT_PM: return "(process manager)";
    case START_SLOT_MM: return "(memory manager)";
    case START_SLOT_STDIN: return "(stdin)";
    case START_SLOT_STDOUT: return "(stdout)";
    case START_SLOT_STDERR: return "(stderr)";
    }
    return "";
}

int main(int argc, char **argv)
{
    unsigned pid = start_info()->pid;
    if (argc > 1) {
        pid = 0;
        for (const char *p = argv[1]; *p; p++) {
            if (*p < '0' || *p > '9' || pid > 100000000) {
                printf("usage: caps [PID]\n");
                return 2;
            }
            pid = pid * 10 + (unsigned)(*p - '0');
        }
    }
    printf("capabilities of process %u:\n SLOT TYPE          RIGHTS BADGE\n", pid);
    unsigned first = 0;
    for (;;) {
        unsigned w[PM_CAPS_MAX * CAPS_ENTRY_WORDS];
        unsigned request[2] = { pid, first };
        int count = rpc_call_long(START_SLOT_PM, PM_CAPS, request, 2, -1, -1, w, ARRAY_SIZE(w), NULL);
        if (count == ERR_NOT_FOUND) {
            printf("caps: no such process: %u\n", pid);
            return 1;
        }
        if (count < 0) {
            printf("caps: cannot read the table: %s\n", error_name(count));
            return 1;
        }
        if (count == 0 || count > PM_CAPS_MAX)
            return 0;
        for (int i = 0; i < count; i++) {
            unsigned slot = w[i * CAPS_ENTRY_WORDS], kind = w[i * CAPS_ENTRY_WORDS + 1];
            unsigned rights = kind >> CAPS_RIGHTS_SHIFT;
            printf("%5u %-13s %c%c%c%c   0x%x %s\n", slot, type_name(kind & CAPS_TYPE_MASK),
                   rights & RIGHT_READ ? 'r' : '-', rights & RIGHT_WRITE ? 'w' : '-',
                   rights & RIGHT_CONTROL ? 'c' : '-', rights & RIGHT_GRANT ? 'g' : '-',
                   w[i * CAPS_ENTRY_WORDS + 2], slot_role(slot));
            first = slot + 1;
        }
        if (count < PM_CAPS_MAX)
            return 0;
    }
}
