/**
 * @file start_info.h
 * @brief What a program finds when it starts: its arguments, its identity and the
 *        capabilities it was given, in one page at START_INFO_ADDRESS.
 *
 * Whoever starts a program writes this page into the new task before its first thread runs:
 * init for the servers of the boot manifest, the memory manager for every process the process
 * manager spawns. The program reads it through start_info() (servers/lib/program_start.c),
 * and main() gets argc and argv from it. The root task (init) gets the kernel's
 * struct user_boot_info instead, and kernel test programs started with elf_spawn() get none.
 *
 * Capability slots every program can count on (the rest are listed in caps[]):
 *   0 CAP_SELF_TASK, 1 CAP_SELF_THREAD (the kernel's),
 *   START_SLOT_NS     the name service, badged for this program,
 *   START_SLOT_PM     the process manager, badged with this process's id (processes only),
 *   START_SLOT_MM     the memory manager, badged with this process's id (processes only),
 *   START_SLOT_STDIN, START_SLOT_STDOUT, START_SLOT_STDERR: stream connections
 *                     (proto/stream.h) to the console or a pipe; empty if not given,
 *   START_SLOT_SERVICE  a server's own endpoint (RIGHTS_ALL), made for it by init.
 * An empty slot reads as OBJECT_NONE with sys_cap_identify().
 */
#ifndef ORRERY_USER_START_INFO_H
#define ORRERY_USER_START_INFO_H

/** The page the start information is in (below the root task's boot information page). */
#define START_INFO_ADDRESS 0xBFFFE000u
#define START_INFO_MAGIC 0x57A27101u
/** The first thread's IPC buffer: mapped and registered by whoever starts the program. */
#define START_IPC_BUFFER_ADDRESS 0xBFFFD000u

#define START_SLOT_NS 2
#define START_SLOT_PM 3
#define START_SLOT_MM 4
#define START_SLOT_STDIN 5
#define START_SLOT_STDOUT 6
#define START_SLOT_STDERR 7
#define START_SLOT_SERVICE 8
/** The first slot a program's own new objects can land in is above these. */
#define START_SLOT_LAST START_SLOT_SERVICE

#define START_NAME_MAX 16     /**< a program's name, NUL included */
#define START_MAX_ARGS 32     /**< arguments, argv[0] (the program's name) included */
#define START_ARGS_BYTES 1024 /**< all argument strings, each NUL-terminated, one after another */
#define START_MAX_CAPS 24     /**< listed capabilities */
/** A process's working directory, NUL included (what PM_SET_DIRECTORY can carry). */
#define START_CWD_MAX 248

/** What a listed capability is (struct start_cap.kind). */
enum start_cap_kind {
    START_CAP_NONE = 0,
    START_CAP_IRQ = 1,          /**< slot: the IRQ handler; value: the IRQ line;
                                     extra: the slot of the notification it signals */
    START_CAP_IO_PORTS = 2,     /**< slot: the I/O port range; value: first port; extra: count */
    START_CAP_DEVICE_FRAME = 3, /**< slot: a frame of device memory; value: its physical
                                     address; extra: where it is mapped in this task (0: not) */
    START_CAP_SERVICE = 4,      /**< slot: an endpoint to a service this program may call,
                                     value: its index in the manifest; name: the service */
    START_CAP_ENDPOINT = 5,     /**< slot: this server's own endpoint (START_SLOT_SERVICE) */
};

/** Services init names in a server's start information (struct start_info's services). */
#define START_MAX_SERVICES 32

/**
 * A server of the boot manifest as init names it to every server it starts: the service's
 * name and the badge its requests carry. That badge is the name-service badge init minted
 * for the service's manifest line (NS_BADGE_SERVER(line index), proto/nameserver.h): a
 * lookup hands out the looked-up endpoint badged with the caller's badge, so it is what a
 * server sees in rpc_request.badge when that service calls it. Servers tell their peers by
 * it (mm: pm's requests; pm: the console's Ctrl-C), never by the order requests come in:
 * a restarted service keeps its line, and its badge.
 */
struct start_service {
    char name[START_NAME_MAX];
    unsigned int badge;
};

/** One capability given to the program. */
struct start_cap {
    unsigned int kind; /**< enum start_cap_kind */
    unsigned int slot;
    unsigned int value;
    unsigned int extra;
    char name[START_NAME_MAX];
};

/** The start information page. */
struct start_info {
    unsigned int magic;       /**< START_INFO_MAGIC once written */
    char name[START_NAME_MAX]; /**< the program's (for servers: the service's) name */
    unsigned int pid;         /**< process id (0 for servers started by init) */
    unsigned int priority;    /**< the priority its first thread runs at */
    unsigned int heap_start;  /**< processes: where sbrk's heap begins (0 for servers) */
    unsigned int argc;
    unsigned int argv_offsets[START_MAX_ARGS]; /**< offsets of each argument in args[] */
    char args[START_ARGS_BYTES];
    unsigned int cap_count;
    struct start_cap caps[START_MAX_CAPS];
    /** Processes: the working directory (absolute, normalised) its relative paths start
     *  from, which the spawner set with PM_SET_DIRECTORY; empty: "/". */
    char cwd[START_CWD_MAX];
    /** Servers: the boot manifest's `processes` priority, the one the process manager
     *  gives every process's first thread (0 in a process's own start information). */
    unsigned int process_priority;
    unsigned int service_count; /**< servers: the manifest's services (0 for processes) */
    struct start_service services[START_MAX_SERVICES];
};

/** The bytes of a process's start information: the fields after them are the servers' and
 *  stay zero in a process (its page is zeroed; the memory manager writes no more). */
#define START_INFO_PROCESS_SIZE __builtin_offsetof(struct start_info, process_priority)

#endif
