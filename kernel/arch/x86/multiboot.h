/**
 * @file multiboot.h
 * @brief The Multiboot (version 1) boot information the loader hands the kernel.
 *
 * Only the fields Orrery reads are declared; see the Multiboot Specification 0.6.96,
 * section 3.3 "Boot information format".
 */
#ifndef ORRERY_MULTIBOOT_H
#define ORRERY_MULTIBOOT_H

#include "types.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002

/* Bits of multiboot_info.flags saying which fields are valid. */
#define MULTIBOOT_INFO_MEMORY (1u << 0)
#define MULTIBOOT_INFO_CMDLINE (1u << 2)
#define MULTIBOOT_INFO_MODULES (1u << 3)
#define MULTIBOOT_INFO_MEMORY_MAP (1u << 6)
#define MULTIBOOT_INFO_LOADER_NAME (1u << 9)

#define MULTIBOOT_MEMORY_AVAILABLE 1

struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
} __attribute__((packed));

/** One memory map entry. `size` does not count itself: the next entry is size + 4 further. */
struct multiboot_mmap_entry {
    uint32_t size;
    uint64_t base;
    uint64_t length;
    uint32_t type;
} __attribute__((packed));

struct multiboot_module {
    uint32_t start, end; /* physical, end exclusive */
    uint32_t string;     /* physical address of the module's command line */
    uint32_t reserved;
} __attribute__((packed));

#endif
