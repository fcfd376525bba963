/**
 * @file
 * @brief What the kernel tells the root task at start: the boot modules, mapped for it.
 *
 * The kernel maps a read-only page holding a struct user_boot_info at USER_BOOT_INFO_ADDRESS
 * in the root task, maps every boot module read-only from USER_MODULES_BASE up, and starts
 * the root task's first thread with ESP pointing at the stack top and EBX holding
 * USER_BOOT_INFO_ADDRESS.
 */
#ifndef ORRERY_ABI_USER_BOOTINFO_H
#define ORRERY_ABI_USER_BOOTINFO_H

#define USER_BOOT_INFO_MAGIC 0x0B0071F0u
#define USER_BOOT_INFO_ADDRESS 0xBFFFF000u
#define USER_MODULES_BASE 0x80000000u
#define USER_STACK_TOP 0xBFFF0000u  /**< the root task's stack grows down from here */
#define USER_STACK_PAGES 4
#define USER_MODULE_NAME_MAX 32
#define USER_MAX_MODULES 40
#define USER_CMDLINE_MAX 256

struct user_boot_module {
    char name[USER_MODULE_NAME_MAX];
    unsigned int address; /**< where the module's bytes are mapped in the root task */
    unsigned int size;
};

struct user_boot_info {
    unsigned int magic;
    unsigned int module_count;
    struct user_boot_module modules[USER_MAX_MODULES];
    char cmdline[USER_CMDLINE_MAX]; /**< the kernel command line */
};

#endif
