/*
 * elf.c - validation of ELF executables; loading comes with user tasks.
 */
#include "elf.h"
#include "abi/syscalls.h"

const char *elf_check_executable(const void *image, uint32_t size, vaddr_t user_limit)
{
    const struct elf_header *header = image;
    if (size < sizeof *header)
        return "too small to be an ELF file";
    if (header->magic != ELF_MAGIC)
        return "not an ELF file (bad magic number)";
    if (header->class != ELF_CLASS_32 || header->data != ELF_DATA_LITTLE_ENDIAN)
        return "not a 32-bit little-endian ELF file";
    if (header->type != ELF_TYPE_EXECUTABLE)
        return "not an executable (ELF type is not EXEC)";
    if (header->machine != ELF_MACHINE_386)
        return "not built for i386";
    if (header->phnum == 0 || header->phentsize != sizeof(struct elf_program_header))
        return "has no usable program headers";
    if (header->phoff > size || (uint64_t)header->phnum * header->phentsize > size - header->phoff)
        return "program headers lie outside the file";
    if (header->entry >= user_limit)
        return "entry point is not in user space";

    const struct elf_program_header *segments =
        (const void *)((const uint8_t *)image + header->phoff);
    for (uint32_t i = 0; i < header->phnum; i++) {
        const struct elf_program_header *s = &segments[i];
        if (s->type != ELF_SEGMENT_LOAD)
            continue;
        if (s->filesz > s->memsz)
            return "a segment's file size exceeds its memory size";
        if (s->offset > size || s->filesz > size - s->offset)
            return "a segment's contents lie outside the file";
        if ((uint64_t)s->vaddr + s->memsz > user_limit)
            return "a segment is not in user space";
        if (s->memsz && s->vaddr < USER_SPACE_START)
            return "a segment lies in page 0, which is never mapped";
    }
    return NULL;
}
