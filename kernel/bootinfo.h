/**
 * @file
 * @brief What the kernel learned at boot: command line, memory map and boot modules.
 *
 * bootinfo_read() copies everything out of the loader's Multiboot structures into kernel
 * memory (so their frames can be reused) and checks it; anything malformed is a boot error
 * with a message, never a hang.
 */
#ifndef ORRERY_BOOTINFO_H
#define ORRERY_BOOTINFO_H

#include "types.h"

#define BOOT_MAX_REGIONS 32
#define BOOT_MAX_MODULES 40
#define BOOT_CMDLINE_MAX 256
#define BOOT_MODULE_NAME_MAX 32
#define BOOT_LOADER_NAME_MAX 64

struct boot_memory_region {
    uint64_t base;
    uint64_t length;
    uint32_t type; /**< 1 = usable RAM; anything else is reserved */
};

struct boot_module {
    paddr_t start, end;                  /**< physical, end exclusive */
    char name[BOOT_MODULE_NAME_MAX];     /**< file name without directory and extension */
    char args[BOOT_CMDLINE_MAX];         /**< the rest of the module's command line */
};

struct boot_info {
    char cmdline[BOOT_CMDLINE_MAX];
    char loader_name[BOOT_LOADER_NAME_MAX];
    struct boot_memory_region regions[BOOT_MAX_REGIONS];
    uint32_t region_count;
    struct boot_module modules[BOOT_MAX_MODULES];
    uint32_t module_count;
};

/** The boot information, filled in by bootinfo_read(). */
extern struct boot_info boot_info;

/**
 * Read and check the Multiboot information. Stops with a boot error if the kernel was not
 * started by a Multiboot loader, there is no memory map, or a module's range is impossible.
 */
void bootinfo_read(uint32_t magic, paddr_t multiboot_info_address);

/** Print the memory map and the module list to the console. */
void bootinfo_print(void);

/** The module called @p name, or NULL. */
const struct boot_module *bootinfo_find_module(const char *name);

/** Print "BOOT ERROR: ..." and halt with HALT_BOOT_ERROR. */
void boot_error(const char *fmt, ...) NORETURN PRINTF_LIKE(1, 2);

#endif
