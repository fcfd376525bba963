/**
 * @file manifest.h
 * @brief The boot manifest (servers/init/manifest.txt): which servers init starts, in which
 *        order, with which priority, memory and capabilities. A pure parser (no system
 *        calls), also compiled for the host (kernel/tests/host/test_manifest.c).
 *
 * One entry per line, words separated by spaces or tabs, `#` starts a comment:
 *
 *     # service   program     priority  memory  capabilities...
 *     nameserver  nameserver  20        64K
 *     console     console     18        96K     irq=4 io=0x3f8+8 vga call=pm
 *     processes   -           10        -       call=console
 *     run         shell       -c        hello
 *
 *  - service: the name it registers with the name service (1..MANIFEST_NAME_MAX - 1 bytes);
 *  - program: a boot module (the file name without .elf);
 *  - priority: PRIORITY_MIN..PRIORITY_MAX of its first thread;
 *  - memory: kernel quota in bytes, with an optional K or M suffix, or `*` (at most one
 *    line): all that is left once the others have theirs;
 *  - capabilities: irq=N (the IRQ handler of line N; all the irq= lines of a server signal
 *    one notification, line N setting bit 1 << N, so one bound notification serves them
 *    all), io=FIRST+COUNT
 *    (the I/O ports FIRST..FIRST+COUNT-1, numbers in decimal or 0x hex), vga (the VGA text
 *    frame), call=NAME (may look NAME up: a service of the manifest or `bootfs`, init's),
 *    spawner (may make name-service clients for processes: the process manager).
 * `processes - PRIORITY -` followed by call= words gives every process the process manager
 * spawns its name-service rights; `run PROGRAM [ARGS...]` is what init asks the process
 * manager to start at the end. The first service must be the name service, `nameserver`:
 * every other server registers with it.
 *
 * Every mistake is reported with its line: manifest_error_text() gives
 * "init: manifest line N: <what is wrong>".
 */
#ifndef ORRERY_INIT_MANIFEST_H
#define ORRERY_INIT_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#define MANIFEST_NAME_MAX 16     /**< a service name, NUL included (= NS_NAME_MAX) */
#define MANIFEST_PROGRAM_MAX 32  /**< a program name, NUL included (= USER_MODULE_NAME_MAX) */
#define MANIFEST_MAX_SERVICES 24 /**< service lines; their indices are may_call bits */
#define MANIFEST_MAX_LINES 256   /**< lines, comments and blank ones included */
#define MANIFEST_LINE_MAX 160    /**< characters on one line */
#define MANIFEST_MAX_CAPS 16     /**< irq=, io= and vga words on one line */
#define MANIFEST_RUN_BYTES 200   /**< the run line's program and arguments, NUL-separated */
#define MANIFEST_ERROR_MAX 120   /**< the message of a manifest_error */
/** The may_call bit of the services init serves itself (call=bootfs). */
#define MANIFEST_INIT_INDEX 31
/** The name of init's own service. */
#define MANIFEST_BOOTFS_NAME "bootfs"
/** The service that must come first. */
#define MANIFEST_NAMESERVER_NAME "nameserver"
#define MANIFEST_PRIORITY_MAX 31  /**< = PRIORITY_MAX */
#define MANIFEST_IRQ_FIRST 1      /**< = IRQ_USER_FIRST */
#define MANIFEST_IRQ_LAST 15      /**< = IRQ_USER_LAST */
#define MANIFEST_IRQ_CASCADE 2    /**< the PIC cascade: no device raises it */
#define MANIFEST_IRQ_FPU_ERROR 13 /**< = IRQ_FPU_ERROR: never claimable */
#define MANIFEST_IO_PORTS 0x10000u /**< ports are 0..0xFFFF */

/** A device capability a line asks for. */
enum manifest_cap_kind {
    MANIFEST_CAP_IRQ = 1, /**< value: the IRQ line */
    MANIFEST_CAP_IO = 2,  /**< value: the first port; count: how many */
    MANIFEST_CAP_VGA = 3, /**< the VGA text frame (0xB8000) */
};

struct manifest_cap {
    enum manifest_cap_kind kind;
    unsigned int value;
    unsigned int count;
};

/** One server line. Its index in manifest.services is its may_call bit. */
struct manifest_service {
    unsigned int line;
    char name[MANIFEST_NAME_MAX];
    char program[MANIFEST_PROGRAM_MAX];
    unsigned int priority;
    unsigned int quota;  /**< bytes (0 if quota_rest) */
    bool quota_rest;     /**< memory `*` */
    unsigned int may_call; /**< bit i: may look up services[i]; MANIFEST_INIT_INDEX: bootfs */
    bool spawner;
    unsigned int cap_count;
    struct manifest_cap caps[MANIFEST_MAX_CAPS];
};

struct manifest {
    unsigned int service_count;
    struct manifest_service services[MANIFEST_MAX_SERVICES];
    /** The processes line, if there is one (line != 0). */
    unsigned int processes_line;
    unsigned int processes_priority;
    unsigned int processes_may_call;
    /** The run line, if there is one (line != 0): argc words, each NUL-terminated. */
    unsigned int run_line;
    unsigned int run_argc;
    unsigned int run_bytes; /**< bytes used in run_args, the last NUL included */
    char run_args[MANIFEST_RUN_BYTES];
};

/** What is wrong, and on which line (1 = the first). */
struct manifest_error {
    unsigned int line;
    char message[MANIFEST_ERROR_MAX];
};

/** Whether the boot module @p name exists (init: boot_module(); tests: a list). */
typedef bool (*manifest_program_exists)(const char *name, void *context);

/**
 * Parse the @p length bytes at @p text (need not be NUL-terminated) into @p manifest.
 * @p exists (with @p context) says which programs there are.
 * @return true, or false with @p error saying what is wrong on which line (the first
 *         mistake; @p manifest is then incomplete).
 */
bool manifest_parse(struct manifest *manifest, const char *text, size_t length,
                    manifest_program_exists exists, void *context, struct manifest_error *error);

/** "init: manifest line N: MESSAGE" into @p buffer (@p size bytes). @return its length. */
int manifest_error_text(const struct manifest_error *error, char *buffer, size_t size);

/** The service called @p name, or NULL. */
const struct manifest_service *manifest_find(const struct manifest *manifest, const char *name);

#endif
