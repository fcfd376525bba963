/*
 * boot.c - init's boot thread: start the name service, admit init and register bootfs,
 * then every other server of the manifest in file order (admitted first with its rights,
 * waited for until it has registered its name), then the run line through the process
 * manager with three console connections as its standard streams.
 */
#include "init.h"
#include "proto/nameserver.h"
#include "proto/pm.h"
#include "proto/stream.h"
#include "rpc.h"
#include "runtime.h"
#include "start_info.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"

static struct started_server started[MANIFEST_MAX_SERVICES];

/* NS_ADMIT a client: its badge, the services it may call, its flags, its own name. */
static int admit(unsigned badge, unsigned may_call, unsigned flags, const char *name)
{
    unsigned words[3 + NS_NAME_WORDS] = { badge, may_call, flags };
    rpc_pack_string(&words[3], NS_NAME_WORDS, name);
    return rpc_call_long(INIT_SLOT_NS, NS_ADMIT, words, 3 + NS_NAME_WORDS, -1, -1, NULL, 0, NULL);
}

static int lookup(const char *name, int slot)
{
    unsigned words[NS_NAME_WORDS];
    rpc_pack_string(words, NS_NAME_WORDS, name);
    bool got = false;
    int result = rpc_call_long(INIT_SLOT_NS, NS_LOOKUP, words, NS_NAME_WORDS, -1, slot, NULL, 0, &got);
    return result == 0 && !got ? ERR_EXISTS : result;
}

/* Start the name service (line 1) and wait until it receives: an empty message sent with
 * nb_send gets through only then (and the name service refuses it and goes on). */
static void start_nameserver(void)
{
    const struct manifest_service *s = &init_manifest.services[0];
    int endpoint = sys_endpoint_create();
    const char *what = "its endpoint (endpoint_create)";
    int result = endpoint;
    if (endpoint >= 0)
        result = start_server(0, s->quota, endpoint, -1, &started[0], &what);
    if (result < 0)
        init_fail(s->line, "cannot start %s: %s: %s", s->name, what, error_name(result));
    /* init keeps no right to receive on it: a copy to mint clients' capabilities from, and
     * its own, badged NS_BADGE_INIT. */
    if ((result = sys_cap_mint(endpoint, CAP_SELF_TASK, INIT_SLOT_NS_MINT, RIGHT_WRITE | RIGHT_GRANT, 0)) < 0 ||
        (result = sys_cap_mint(endpoint, CAP_SELF_TASK, INIT_SLOT_NS, RIGHT_WRITE, NS_BADGE_INIT)) < 0)
        init_fail(s->line, "cannot mint name-service capabilities: %s", error_name(result));
    sys_cap_delete(endpoint);
    for (unsigned waited = 0; sys_nb_send(INIT_SLOT_NS, IPC_TAG(RPC_REPLY, 0, 0), 0, 0, 0) != 0; waited++) {
        if (waited >= INIT_REGISTER_WAIT_TICKS)
            init_fail(s->line, "%s did not wait for requests within %u ticks", s->name,
                      INIT_REGISTER_WAIT_TICKS);
        sys_sleep(1);
    }
    printf("init: %s is up\n", s->name);
}

/* The quota of line @p index: its own, or for memory * what is left after the lines that
 * follow it and init's reserve. */
static unsigned quota_of(unsigned index)
{
    const struct manifest_service *s = &init_manifest.services[index];
    if (!s->quota_rest)
        return s->quota;
    unsigned long long later = INIT_QUOTA_RESERVE;
    for (unsigned i = index + 1; i < init_manifest.service_count; i++)
        later += init_manifest.services[i].quota;
    int limit = sys_debug_info(DEBUG_INFO_QUOTA_LIMIT), used = sys_debug_info(DEBUG_INFO_QUOTA_USED);
    unsigned long long left = limit > used ? (unsigned)(limit - used) : 0;
    if (left <= later)
        init_fail(s->line, "no memory left for %s's * (%llu bytes left, the later lines and init need %llu)",
                  s->name, left, later);
    return (unsigned)(left - later);
}

static void start_one(unsigned index)
{
    const struct manifest_service *s = &init_manifest.services[index];
    int result = admit(NS_BADGE_SERVER(index), s->may_call, s->spawner ? NS_FLAG_SPAWNER : 0, s->name);
    if (result < 0)
        init_fail(s->line, "the name service refused to admit %s: %s", s->name, error_name(result));
    unsigned quota = quota_of(index);
    int endpoint = sys_endpoint_create();
    const char *what = "its endpoint (endpoint_create)";
    result = endpoint;
    if (endpoint >= 0) {
        result = start_server(index, quota, endpoint, INIT_SLOT_NS_MINT, &started[index], &what);
        sys_cap_delete(endpoint); /* the server's copy is the one that counts */
    }
    if (result < 0)
        init_fail(s->line, "cannot start %s: %s: %s", s->name, what, error_name(result));
    for (unsigned waited = 0;; waited++) {
        result = lookup(s->name, INIT_SLOT_LOOKUP);
        if (result == 0)
            break;
        if (waited >= INIT_REGISTER_WAIT_TICKS)
            init_fail(s->line, "%s (program %s) did not register with the name service within %u ticks (lookup: %s)",
                      s->name, s->program, INIT_REGISTER_WAIT_TICKS, error_name(result));
        sys_sleep(1);
    }
    sys_cap_delete(INIT_SLOT_LOOKUP);
    /* The priority its thread has (thread_info), which is the line's unless init could not give it. */
    printf("init: %s is up (program %s, priority %d, %u KiB)\n", s->name, s->program,
           sys_thread_info(started[index].thread, THREAD_INFO_PRIORITY), quota / 1024);
}

/*
 * The kernel command line's run=PROGRAM[,ARGUMENT...] (docs/test-protocol.md), NUL-separated
 * into @p args as the manifest's run line is: tests and `make bench` run one program in place
 * of the manifest's, and the machine stops with its exit status. @return the bytes used, the
 * last NUL included, or 0 if there is no run= word.
 */
static unsigned run_override(char *args, unsigned size)
{
    const char *word = init_boot_info->cmdline;
    while (*word && strncmp(word, "run=", 4) != 0) {
        while (*word && *word != ' ')
            word++;
        while (*word == ' ')
            word++;
    }
    if (!*word)
        return 0;
    unsigned used = 0;
    for (word += 4; *word && *word != ' ' && used + 1 < size; word++)
        args[used++] = *word == ',' ? '\0' : *word;
    args[used++] = '\0';
    return used > 1 ? used : 0;
}

/* A program started by run=: wait for it and stop the machine with its status. */
static void halt_when_done(const char *program, int pid)
{
    unsigned out[5] = { 0 };
    int result = rpc_call_long(INIT_SLOT_PM, PM_WAIT, (unsigned[]){ (unsigned)pid }, 1, -1, -1, out,
                           5, NULL);
    bool success = result == pid && out[0] == PM_END_EXIT && out[1] == 0;
    printf("init: run=%s ended (%s, how %u, status %u): stopping the machine\n", program,
           result < 0 ? error_name(result) : "waited", out[0], out[1]);
    sys_debug_halt(success ? 0 : 1);
}

/* The run line (or run= of the kernel command line): pm spawns the program with three
 * console connections as its streams. */
static void run_program(void)
{
    struct manifest *m = &init_manifest;
    unsigned override = run_override(m->run_args, sizeof m->run_args);
    if (override) {
        m->run_bytes = override;
        m->run_line = m->run_line ? m->run_line : 1;
    }
    const char *program = m->run_args;
    if (!m->run_line) {
        printf("init: the manifest has no run line: every server is up\n");
        return;
    }
    int result = lookup("pm", INIT_SLOT_PM);
    if (result < 0) {
        printf("init: manifest line %u: cannot run %s: no pm service (%s); the servers run on\n",
               m->run_line, program, error_name(result));
        return;
    }
    if ((result = lookup("console", INIT_SLOT_CONSOLE)) < 0) {
        printf("init: manifest line %u: cannot run %s: no console service (%s); the servers run on\n",
               m->run_line, program, error_name(result));
        return;
    }
    for (int i = 0; i < 3; i++) {
        result = rpc_call_for_cap(INIT_SLOT_CONSOLE, STREAM_DUP, NULL, 0, -1, INIT_SLOT_STREAMS + i);
        if (result < 0) {
            printf("init: manifest line %u: cannot run %s: console STREAM_DUP: %s\n", m->run_line,
                   program, error_name(result));
            return;
        }
    }
    unsigned words[PM_SPAWN_WORDS + 1] = { 0 };
    memcpy(&words[1], m->run_args, m->run_bytes);
    int pid = rpc_call_long(INIT_SLOT_PM, PM_SPAWN, words, 1 + (m->run_bytes + 3) / 4, -1, -1, NULL, 0, NULL);
    if (pid < 0) {
        printf("init: manifest line %u: cannot run %s: PM_SPAWN: %s\n", m->run_line, program,
               error_name(pid));
        return;
    }
    for (int i = 0; i < 3 && result >= 0; i++) {
        unsigned give[2] = { (unsigned)pid, (unsigned)(START_SLOT_STDIN + i) };
        result = rpc_call_long(INIT_SLOT_PM, PM_GIVE, give, 2, INIT_SLOT_STREAMS + i, -1, NULL, 0, NULL);
        sys_cap_delete(INIT_SLOT_STREAMS + i); /* pm keeps the process's copy */
    }
    if (result >= 0)
        result = rpc_call_long(INIT_SLOT_PM, PM_START, (unsigned[]){ (unsigned)pid }, 1, -1, -1, NULL, 0, NULL);
    if (result < 0) {
        printf("init: manifest line %u: cannot run %s (pid %d): %s\n", m->run_line, program, pid,
               error_name(result));
        return;
    }
    printf("init: started %s as process %d\n", program, pid);
    if (override)
        halt_when_done(program, pid);
}

void boot_thread(void *unused)
{
    (void)unused;
    const struct manifest *m = &init_manifest;
    start_nameserver();
    int result = admit(NS_BADGE_INIT, ~0u, 0, MANIFEST_BOOTFS_NAME);
    if (result == 0 && m->processes_line)
        result = admit(NS_PROCESS_CLASS_BADGE, m->processes_may_call, 0, "");
    if (result < 0)
        init_fail(m->services[0].line, "the name service refused init's admissions: %s", error_name(result));
    unsigned words[NS_NAME_WORDS];
    rpc_pack_string(words, NS_NAME_WORDS, MANIFEST_BOOTFS_NAME);
    result = rpc_call_long(INIT_SLOT_NS, NS_REGISTER, words, NS_NAME_WORDS, bootfs_endpoint(), -1, NULL, 0, NULL);
    if (result < 0)
        init_fail(m->services[0].line, "cannot register bootfs: %s", error_name(result));
    for (unsigned i = 1; i < m->service_count; i++)
        start_one(i);
    run_program();
    printf("init: boot done; serving bootfs\n");
}
