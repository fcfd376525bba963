/*
 * symbols.c - binary search in the generated symbol table (see tools/mksyms.sh).
 */
#include "symbols.h"
#include "memlayout.h"

/** One function: its start address and an offset into ksyms_names. */
struct ksym {
    uint32_t address;
    uint32_t name_offset;
};

/* Defined by the generated ksyms.S (empty in the first link pass). */
extern const uint32_t ksyms_count;
extern const struct ksym ksyms_table[];
extern const char ksyms_names[];

const char *symbol_lookup(uint32_t address, uint32_t *offset)
{
    if (ksyms_count == 0 || address < ksyms_table[0].address)
        return NULL;
    if (address >= ksyms_table[ksyms_count - 1].address)
        return NULL; /* the last entry marks the end of the code */

    uint32_t low = 0, high = ksyms_count - 1; /* invariant: table[low].address <= address */
    while (high - low > 1) {
        uint32_t middle = low + (high - low) / 2;
        if (ksyms_table[middle].address <= address)
            low = middle;
        else
            high = middle;
    }
    if (offset)
        *offset = address - ksyms_table[low].address;
    return ksyms_names + ksyms_table[low].name_offset;
}
