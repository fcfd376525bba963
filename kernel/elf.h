/**
 * @file elf.h
 * @brief Checking ELF executables (the boot modules) before anything trusts them.
 */
#ifndef ORRERY_ELF_H
#define ORRERY_ELF_H

#include "types.h"

#define ELF_MAGIC 0x464C457Fu /* "\x7fELF" read as a little-endian word */
#define ELF_CLASS_32 1
#define ELF_DATA_LITTLE_ENDIAN 1
#define ELF_TYPE_EXECUTABLE 2
#define ELF_MACHINE_386 3
#define ELF_SEGMENT_LOAD 1

struct elf_header {
    uint32_t magic;
    uint8_t class, data, version, os_abi;
    uint8_t padding[8];
    uint16_t type, machine;
    uint32_t version2, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} __attribute__((packed));

struct elf_program_header {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
} __attribute__((packed));

/**
 * Check that the @p size bytes at @p image are a 32-bit i386 ELF executable whose loadable
 * segments lie inside the file, above page 0 (USER_SPACE_START) and below @p user_limit.
 * @return NULL if it is, otherwise a sentence saying what is wrong.
 */
const char *elf_check_executable(const void *image, uint32_t size, vaddr_t user_limit);

#endif
