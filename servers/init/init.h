/**
 * @file init.h
 * @brief What init's files share (servers/init): its address-space layout, its fixed
 *        capability slots, and the pieces of the boot sequence.
 *
 * init runs two threads. The first serves bootfs (bootfs.c) with the RPC loop, on the IPC
 * buffer every program's first thread has (START_IPC_BUFFER_ADDRESS). The second, the boot
 * thread (boot.c), starts the servers of the manifest one by one and then the `run` program;
 * it makes its calls with rpc_call_long() on the IPC buffer thread_new() gave it. So the
 * servers it starts (the memory manager, say) can read boot files while it waits for them.
 */
#ifndef ORRERY_INIT_H
#define ORRERY_INIT_H

/** The VGA text screen's memory, the manifest's `vga` (a device frame, device_frame_create). */
#define INIT_VGA_TEXT_PADDR 0xB8000u

#include "abi/user_bootinfo.h"
#include "manifest.h"
#include "types.h"

/** bootfs clients' shared frames are mapped in init from here, a page each. */
#define INIT_BOOTFS_FRAMES 0x70000000u

/* Capability slots init chooses itself (the kernel hands out the lowest free ones, from 4). */
#define INIT_SLOT_NS 240          /**< the name service, badged NS_BADGE_INIT */
#define INIT_SLOT_NS_MINT 241     /**< the name service, unbadged, write and grant: to mint from */
#define INIT_SLOT_LOOKUP 242      /**< a lookup's answer while waiting for a server */
#define INIT_SLOT_PM 243          /**< the process manager (for the run line) */
#define INIT_SLOT_CONSOLE 244     /**< the console (for the run line) */
#define INIT_SLOT_STREAMS 245     /**< ..247: the run program's stdin, stdout, stderr */
#define INIT_SLOT_BOOTFS_ANSWER 250 /**< the frame capability of bootfs's last BOOTFS_MAP reply */

/** Ticks init waits for a server to register its name before it gives up. */
#define INIT_REGISTER_WAIT_TICKS 1000
/** Kernel quota init keeps for itself when a line asks for the rest (memory *). */
#define INIT_QUOTA_RESERVE (512 * 1024)

/** The boot information and the parsed manifest (main.c). */
extern const struct user_boot_info *init_boot_info;
extern struct manifest init_manifest;

/** Print "init: manifest line @p line: ..." and stop the machine with a failure. */
__attribute__((noreturn)) void init_fail(unsigned line, const char *fmt, ...) PRINTF_LIKE(2, 3);

/** Set up the boot files' server: its endpoint, its table of files. @return 0 or an error. */
int bootfs_init(const struct user_boot_info *info);
/** The endpoint bootfs serves on (RIGHTS_ALL). */
int bootfs_endpoint(void);
/** Serve bootfs forever (the first thread). */
__attribute__((noreturn)) void bootfs_serve(void);

/** The boot thread's body: every server, then the run line (boot.c). */
void boot_thread(void *unused);

/** A server init started: its task and thread capabilities (in init). */
struct started_server {
    int task;
    int thread;
};

/**
 * Start the server of manifest line @p index with @p quota bytes: its program's task, the
 * endpoint @p service_endpoint copied into START_SLOT_SERVICE, a name-service capability
 * minted from @p ns_mint (unless it is < 0) with NS_BADGE_SERVER(index) in START_SLOT_NS, the
 * line's device capabilities, its start information and IPC buffer; then its thread runs.
 * @return 0, or an error with *@p what saying which step failed (nothing is left running).
 */
int start_server(unsigned index, unsigned quota, int service_endpoint, int ns_mint,
                 struct started_server *out, const char **what);

#endif
