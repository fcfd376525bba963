/*
 * bootinfo.c - copying and checking the Multiboot information.
 *
 * At this point the boot page tables map the first 16 MiB at KERNEL_BASE, which is where
 * loaders put their structures; we check every pointer before following it.
 */
#include "bootinfo.h"
#include <stdarg.h>
#include "console.h"
#include "machine.h"
#include "memlayout.h"
#include "multiboot.h"
#include "string.h"
#include "trace.h"

struct boot_info boot_info;

void boot_error(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    kprintf("BOOT ERROR: ");
    kvprintf(fmt, args);
    kprintf("\n");
    va_end(args);
    machine_halt(HALT_BOOT_ERROR);
}

/* A loader structure we can read: inside the boot mapping, not wrapping around. */
static const void *boot_pointer(uint32_t physical, uint32_t length, const char *what)
{
    if (physical == 0 || physical + length < physical || physical + length > BOOT_MAPPED_LIMIT)
        boot_error("the boot loader put the %s at 0x%08x (+%u bytes), outside the first 16 MiB",
                   what, physical, length);
    return phys_to_virt(physical);
}

static void copy_boot_string(char *dst, size_t size, uint32_t physical, const char *what)
{
    const char *src = boot_pointer(physical, 1, what);
    size_t i = 0;
    for (; i + 1 < size && physical + i < BOOT_MAPPED_LIMIT && src[i]; i++)
        dst[i] = src[i];
    dst[i] = '\0';
}

static void read_memory_map(const struct multiboot_info *info)
{
    if (!(info->flags & MULTIBOOT_INFO_MEMORY_MAP) || info->mmap_length == 0)
        boot_error("the boot loader gave no memory map (Multiboot flag bit 6)");
    const uint8_t *entry = boot_pointer(info->mmap_addr, info->mmap_length, "memory map");
    const uint8_t *end = entry + info->mmap_length;
    while (entry < end) {
        const struct multiboot_mmap_entry *e = (const void *)entry;
        if (e->size < 20 || entry + e->size + 4 > end)
            boot_error("malformed memory map entry at offset %u", (unsigned)(entry - (end - info->mmap_length)));
        if (boot_info.region_count == BOOT_MAX_REGIONS)
            boot_error("the memory map has more than %d entries", BOOT_MAX_REGIONS);
        struct boot_memory_region *region = &boot_info.regions[boot_info.region_count++];
        region->base = e->base;
        region->length = e->length;
        region->type = e->type;
        TRACE(mmap_entry, (uint32_t)e->base, (uint32_t)e->length, e->type, 0);
        entry += e->size + 4;
    }
}

/* Split "/boot/roottask.elf arg1 arg2" into name "roottask" and args "arg1 arg2". */
static void parse_module_string(struct boot_module *module, const char *string)
{
    const char *path_end = string;
    while (*path_end && *path_end != ' ')
        path_end++;
    const char *base = path_end;
    while (base > string && base[-1] != '/')
        base--;
    const char *dot = path_end;
    for (const char *p = base; p < path_end; p++)
        if (*p == '.')
            dot = p;
    size_t length = (size_t)(dot - base);
    if (length >= BOOT_MODULE_NAME_MAX)
        length = BOOT_MODULE_NAME_MAX - 1;
    memcpy(module->name, base, length);
    module->name[length] = '\0';
    while (*path_end == ' ')
        path_end++;
    strlcpy(module->args, path_end, sizeof module->args);
}

static void read_modules(const struct multiboot_info *info)
{
    if (!(info->flags & MULTIBOOT_INFO_MODULES) || info->mods_count == 0)
        return;
    if (info->mods_count > BOOT_MAX_MODULES)
        boot_error("%u boot modules given; at most %d are supported", info->mods_count, BOOT_MAX_MODULES);
    const struct multiboot_module *mods =
        boot_pointer(info->mods_addr, info->mods_count * sizeof *mods, "module list");
    for (uint32_t i = 0; i < info->mods_count; i++) {
        struct boot_module *module = &boot_info.modules[boot_info.module_count++];
        char string[BOOT_CMDLINE_MAX] = "";
        if (mods[i].string)
            copy_boot_string(string, sizeof string, mods[i].string, "module name");
        parse_module_string(module, string);
        module->start = mods[i].start;
        module->end = mods[i].end;
        if (module->name[0] == '\0')
            boot_error("boot module %u has no name (give each module a file name)", i);
        if (module->end <= module->start)
            boot_error("boot module '%s' is empty or malformed (start 0x%08x, end 0x%08x)",
                       module->name, module->start, module->end);
        if (module->start < (paddr_t)virt_to_phys(_kernel_end) && module->end > (paddr_t)virt_to_phys(_kernel_start))
            boot_error("boot module '%s' overlaps the kernel image", module->name);
        TRACE(module, module->start, module->end, i, 0);
    }
}

void bootinfo_read(uint32_t magic, paddr_t multiboot_info_address)
{
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
        boot_error("not started by a Multiboot loader (magic 0x%08x, expected 0x%08x)", magic,
                   MULTIBOOT_BOOTLOADER_MAGIC);
    const struct multiboot_info *info =
        boot_pointer(multiboot_info_address, sizeof *info, "Multiboot information");
    if (info->flags & MULTIBOOT_INFO_CMDLINE)
        copy_boot_string(boot_info.cmdline, sizeof boot_info.cmdline, info->cmdline, "command line");
    if (info->flags & MULTIBOOT_INFO_LOADER_NAME)
        copy_boot_string(boot_info.loader_name, sizeof boot_info.loader_name, info->boot_loader_name,
                         "boot loader name");
    TRACE(kernel_image, virt_to_phys(_kernel_start), virt_to_phys(_kernel_end), 0, 0);
    read_memory_map(info);
    read_modules(info);
}

void bootinfo_print(void)
{
    kprintf("memory map (from %s):\n", boot_info.loader_name[0] ? boot_info.loader_name : "the boot loader");
    for (uint32_t i = 0; i < boot_info.region_count; i++) {
        const struct boot_memory_region *r = &boot_info.regions[i];
        kprintf("  0x%08llx - 0x%08llx  %s\n", (unsigned long long)r->base,
                (unsigned long long)(r->base + r->length),
                r->type == MULTIBOOT_MEMORY_AVAILABLE ? "usable" : "reserved");
    }
    kprintf("boot modules: %u\n", boot_info.module_count);
    for (uint32_t i = 0; i < boot_info.module_count; i++) {
        const struct boot_module *m = &boot_info.modules[i];
        kprintf("  %-16s %8u bytes at 0x%08x%s%s\n", m->name, m->end - m->start, m->start,
                m->args[0] ? "  args: " : "", m->args);
    }
}

const struct boot_module *bootinfo_find_module(const char *name)
{
    for (uint32_t i = 0; i < boot_info.module_count; i++)
        if (strcmp(boot_info.modules[i].name, name) == 0)
            return &boot_info.modules[i];
    return NULL;
}
