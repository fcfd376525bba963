/*
 * shell/jobs.c - running a parsed line (jobs.h): pipes and redirections, spawning with
 * standard streams and the working directory, the console's foreground, waiting, and
 * saying how each process ended.
 */
#include "jobs.h"
#include "cwd.h"
#include "fs_client.h"
#include "pm_client.h"
#include "program.h"
#include "proto/console.h"
#include "proto/nameserver.h"
#include "proto/pipe.h"
#include "proto/pm.h"
#include "rpc.h"
#include "slot.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"

static int console = -1; /* the console's endpoint (CONSOLE_SET_FOREGROUND), or -1 */
static int pipes = -1;   /* the pipe service's, or -1 */

/* A process the shell started and has not reaped yet. */
struct shell_process {
    unsigned int pid;
    char name[START_NAME_MAX];
    bool background;
};
static struct shell_process processes[SHELL_MAX_STAGES + SHELL_MAX_BACKGROUND];

static int lookup(const char *name)
{
    int slot = slot_alloc();
    if (slot < 0)
        return slot;
    int error = ns_lookup(START_SLOT_NS, name, slot);
    if (error < 0)
        slot_release(slot);
    return error < 0 ? error : slot;
}

void shell_jobs_init(void)
{
    console = lookup("console");
    if (console < 0)
        printf("shell: no console service (%s): Ctrl-C will not reach programs\n", error_name(console));
    pipes = lookup("pipe");
    if (pipes < 0)
        printf("shell: no pipe service (%s): | will not work\n", error_name(pipes));
}

/* A request whose reply carries a capability. @return its slot, or an error. */
static int call_for_cap(int endpoint, unsigned label)
{
    int slot = slot_alloc();
    int error = slot < 0 ? slot : rpc_call_for_cap(endpoint, label, NULL, 0, -1, slot);
    if (error < 0 && slot >= 0)
        slot_release(slot);
    return error;
}

static void close_end(int *slot)
{
    if (*slot < 0)
        return;
    rpc_call(*slot, STREAM_CLOSE, 0, 0, 0, 0, NULL);
    slot_free(*slot); /* the server revoked it already; in case it could not */
    *slot = -1;
}

static const char *vector_name(unsigned vector)
{
    switch (vector) {
    case 0: return "divide error";
    case 1: return "debug exception";
    case 3: return "breakpoint";
    case 4: return "overflow";
    case 5: return "bound range exceeded";
    case 6: return "invalid opcode";
    case 7: return "device not available";
    case 10: return "invalid TSS";
    case 11: return "segment not present";
    case 12: return "stack-segment fault";
    case 13: return "general protection fault";
    case 14: return "page fault";
    case 16: return "x87 floating-point error";
    case 17: return "alignment check";
    case 19: return "SIMD floating-point error";
    }
    return "an exception";
}

/* Say how process @p name ended (words 1..4 of PM_WAIT's reply). @return its $?. */
static int report_end(const char *name, const unsigned *how)
{
    switch (how[0]) {
    case PM_END_EXIT:
        return (int)how[1];
    case PM_END_FAULT:
        if (how[1] == 14)
            printf("%s: stopped by page fault at 0x%x (eip 0x%x)\n", name, how[2], how[3]);
        else
            printf("%s: stopped by %s (vector %u, eip 0x%x)\n", name, vector_name(how[1]), how[1], how[3]);
        return SHELL_STATUS_FAULT_BASE + (int)how[1];
    case PM_END_KILLED:
        printf("%s: killed\n", name);
        return SHELL_STATUS_KILLED;
    case PM_END_INTERRUPTED:
        printf("%s: interrupted\n", name);
        return SHELL_STATUS_INTERRUPTED;
    case PM_END_NO_MEMORY:
        printf("%s: stopped: out of memory\n", name);
        return SHELL_STATUS_NO_MEMORY;
    }
    printf("%s: ended in an unknown way (%u)\n", name, how[0]);
    return SHELL_STATUS_CANNOT_RUN;
}

static struct shell_process *find_process(unsigned pid)
{
    for (unsigned i = 0; i < ARRAY_SIZE(processes); i++)
        if (processes[i].pid == pid)
            return &processes[i];
    return NULL;
}

static unsigned count_processes(bool background)
{
    unsigned count = 0;
    for (unsigned i = 0; i < ARRAY_SIZE(processes); i++)
        count += processes[i].pid && processes[i].background == background;
    return count;
}

/* Wait for any child. Reports a background one; @return the pid, its $? in *status. */
static int wait_any(int *status, struct shell_process *ended)
{
    unsigned how[5];
    int pid = rpc_call_long(START_SLOT_PM, PM_WAIT, (unsigned[]){ 0 }, 1, -1, -1, how, 5, NULL);
    if (pid < 0)
        return pid;
    struct shell_process *process = find_process((unsigned)pid);
    const char *name = process ? process->name : "?";
    *status = report_end(name, how);
    if (process) {
        *ended = *process;
        process->pid = 0;
    }
    if (process && process->background)
        printf("[%d] done %d\n", pid, *status);
    return pid;
}

/* Pack argv into PM_SPAWN's words. @return the word count, or 0 (after saying why) if it
 * does not fit or has an empty argument (PM_SPAWN's NUL-separated bytes cannot carry one). */
static unsigned pack_arguments(const struct shell_command *command, unsigned *words)
{
    char *bytes = (char *)&words[1];
    size_t used = 0;
    words[0] = 0; /* flags: the default page limit */
    memset(bytes, 0, PM_SPAWN_BYTES);
    for (unsigned i = 0; i < command->argc; i++) {
        size_t length = strlen(command->argv[i]) + 1;
        if (length == 1) {
            printf("shell: %s: argument %u is empty, and a program cannot be given an empty one\n",
                   command->argv[0], i);
            return 0;
        }
        if (used + length > PM_SPAWN_BYTES) {
            printf("shell: %s: the arguments are too long (at most %u bytes)\n", command->argv[0],
                   PM_SPAWN_BYTES);
            return 0;
        }
        memcpy(bytes + used, command->argv[i], length);
        used += length;
    }
    return 1 + (unsigned)(used + 3) / 4;
}

/* Give process @p pid a fresh connection to the stream @p source holds, in @p slot. */
static int give_stream(unsigned pid, unsigned slot, int source)
{
    if (sys_cap_identify(source) <= 0)
        return 0; /* the shell has none to pass on */
    int copy = call_for_cap(source, STREAM_DUP);
    if (copy < 0)
        return copy;
    int error = rpc_call_long(START_SLOT_PM, PM_GIVE, (unsigned[]){ pid, slot }, 2, copy, -1, NULL, 0, NULL);
    slot_free(copy); /* pm has its copy (and the child one) */
    return error;
}

/* Make a process of @p command with @p input and @p output as its standard streams, and
 * start it. @return its pid, or a negative after saying what went wrong. */
static int start_command(const struct shell_command *command, int input, int output)
{
    const char *name = command->argv[0];
    unsigned words[1 + PM_SPAWN_WORDS];
    unsigned count = pack_arguments(command, words);
    if (count == 0)
        return ERR_INVALID;
    int pid = rpc_call_long(START_SLOT_PM, PM_SPAWN, words, count, -1, -1, NULL, 0, NULL);
    if (pid == ERR_NOT_FOUND)
        printf("shell: no such program: %s\n", name);
    else if (pid < 0)
        printf("shell: cannot start %s: %s\n", name, error_name(pid));
    if (pid < 0)
        return pid;
    int error = give_stream((unsigned)pid, START_SLOT_STDIN, input);
    if (error >= 0)
        error = give_stream((unsigned)pid, START_SLOT_STDOUT, output);
    if (error >= 0)
        error = give_stream((unsigned)pid, START_SLOT_STDERR, START_SLOT_STDERR);
    if (error >= 0 && strcmp(cwd_get(), "/") != 0)
        error = pm_set_directory(START_SLOT_PM, (unsigned)pid, cwd_get());
    if (error >= 0)
        error = rpc_call(START_SLOT_PM, PM_START, 1, (unsigned)pid, 0, 0, NULL);
    if (error < 0) {
        printf("shell: cannot start %s: %s\n", name, error_name(error));
        rpc_call(START_SLOT_PM, PM_KILL, 1, (unsigned)pid, 0, 0, NULL);
        unsigned how[5];
        rpc_call_long(START_SLOT_PM, PM_WAIT, (unsigned[]){ (unsigned)pid }, 1, -1, -1, how, 5, NULL);
        return error;
    }
    return pid;
}

static struct shell_process *remember(unsigned pid, const char *name, bool background)
{
    struct shell_process *slot = find_process(0);
    if (!slot)
        return NULL;
    slot->pid = pid;
    strlcpy(slot->name, name, sizeof slot->name);
    slot->background = background;
    return slot;
}

static void set_foreground(unsigned pid)
{
    if (console >= 0)
        rpc_call(console, CONSOLE_SET_FOREGROUND, 1, pid, 0, 0, NULL);
}

/* Wait for every foreground process; a Ctrl-C on one ends the others. @return the $? of
 * the pipeline's last command (@p last_pid; 0 if it never started). */
static int wait_foreground(int last_pid, int last_status)
{
    int status = 0;
    struct shell_process ended;
    while (count_processes(false) > 0) {
        int pid = wait_any(&status, &ended);
        if (pid < 0) {
            printf("shell: waiting failed: %s\n", error_name(pid));
            for (unsigned i = 0; i < ARRAY_SIZE(processes); i++)
                if (!processes[i].background)
                    processes[i].pid = 0;
            return SHELL_STATUS_CANNOT_RUN;
        }
        if (ended.background)
            continue;
        if (pid == last_pid)
            last_status = status;
        if (status == SHELL_STATUS_INTERRUPTED)
            for (unsigned i = 0; i < ARRAY_SIZE(processes); i++)
                if (processes[i].pid && !processes[i].background)
                    rpc_call(START_SLOT_PM, PM_KILL, 1, processes[i].pid, 0, 0, NULL);
    }
    return last_status;
}

/* Open the file of a redirection: `<` to read, `>` to write from 0 bytes, `>>` to write
 * at the end. @return the slot of the open file, or an error (after saying what). */
static int open_redirection(const char *path, bool output, bool append)
{
    unsigned flags = FS_O_READ;
    if (output)
        flags = FS_O_WRITE | FS_O_CREATE | (append ? FS_O_APPEND : FS_O_TRUNC);
    int slot = fs_open(path, flags, NULL);
    if (slot < 0)
        printf("shell: %s: %s (%s)\n", path, error_text(slot), error_name(slot));
    return slot;
}

/* Open every redirection of @p pipeline into @p inputs and @p outputs (-1: none).
 * @return 0, or an error after closing what was opened. */
static int open_redirections(const struct shell_pipeline *pipeline, int *inputs, int *outputs)
{
    for (unsigned i = 0; i < pipeline->count; i++) {
        const struct shell_command *command = &pipeline->commands[i];
        int error = 0;
        if (command->input)
            error = inputs[i] = open_redirection(command->input, false, false);
        if (error >= 0 && command->output)
            error = outputs[i] = open_redirection(command->output, true, command->append);
        if (error < 0) {
            for (unsigned j = 0; j <= i; j++) {
                close_end(&inputs[j]);
                close_end(&outputs[j]);
            }
            return error;
        }
    }
    return 0;
}

int shell_run(const struct shell_pipeline *pipeline)
{
    unsigned count = pipeline->count;
    if (pipeline->background && count_processes(true) + count > SHELL_MAX_BACKGROUND) {
        printf("shell: too many background processes (at most %u): type wait\n", SHELL_MAX_BACKGROUND);
        return SHELL_STATUS_CANNOT_RUN;
    }
    int readers[SHELL_MAX_STAGES], writers[SHELL_MAX_STAGES];
    int inputs[SHELL_MAX_STAGES], outputs[SHELL_MAX_STAGES];
    for (unsigned i = 0; i < SHELL_MAX_STAGES; i++)
        readers[i] = writers[i] = inputs[i] = outputs[i] = -1;
    if (open_redirections(pipeline, inputs, outputs) < 0)
        return SHELL_STATUS_REDIRECT_FAILED;
    for (unsigned i = 0; i + 1 < count; i++) {
        int error = pipes < 0 ? ERR_NOT_FOUND : call_for_cap(pipes, PIPE_CREATE);
        if (error >= 0) {
            readers[i] = error;
            error = call_for_cap(readers[i], PIPE_WRITER);
            writers[i] = error;
        }
        if (error < 0) {
            printf("shell: cannot make a pipe: %s\n", error_name(error));
            for (unsigned j = 0; j <= i; j++) {
                close_end(&readers[j]);
                close_end(&writers[j]);
            }
            for (unsigned j = 0; j < count; j++) {
                close_end(&inputs[j]);
                close_end(&outputs[j]);
            }
            return SHELL_STATUS_CANNOT_RUN;
        }
    }
    int last_pid = 0, last_status = SHELL_STATUS_NOT_FOUND;
    for (unsigned i = 0; i < count; i++) {
        const struct shell_command *command = &pipeline->commands[i];
        int input = inputs[i] >= 0 ? inputs[i] : i > 0 ? readers[i - 1] : START_SLOT_STDIN;
        int output = outputs[i] >= 0 ? outputs[i] : i + 1 < count ? writers[i] : START_SLOT_STDOUT;
        int pid = start_command(command, input, output);
        if (i + 1 == count) {
            last_pid = pid > 0 ? pid : 0;
            last_status = pid == ERR_NOT_FOUND ? SHELL_STATUS_NOT_FOUND : SHELL_STATUS_CANNOT_RUN;
        }
        if (pid > 0) {
            remember((unsigned)pid, command->argv[0], pipeline->background);
            if (!pipeline->background)
                set_foreground((unsigned)pid);
        }
    }
    for (unsigned i = 0; i < pipeline->count; i++) {
        close_end(&readers[i]);
        close_end(&writers[i]);
        close_end(&inputs[i]); /* the children have their own connections to the files */
        close_end(&outputs[i]);
    }
    if (pipeline->background) {
        if (last_pid)
            printf("[%d]\n", last_pid);
        return 0;
    }
    int status = wait_foreground(last_pid, last_status);
    set_foreground(0);
    return status;
}

int shell_wait_background(void)
{
    int status;
    struct shell_process ended;
    while (count_processes(true) > 0)
        if (wait_any(&status, &ended) < 0)
            break;
    return 0;
}
