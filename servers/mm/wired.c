/*
 * wired.c - the processes the memory manager depends on are wired: every page of theirs is
 * mapped before they run (the whole image and MM_WIRED_STACK_PAGES of stack at MM_CREATE, the
 * heap at MM_SBRK), and no page of theirs is ever swapped out (their frames carry
 * FRAME_ENTRY_WIRED). Why: mm fills a page of a program from the disk by calling the file
 * server, which calls the ATA driver, synchronously; if one of them faulted while mm waits
 * for it, its fault would wait for mm, and mm for it: the system would stop.
 *
 * mm decides by the program's name (not a manifest word: init starts the servers of the
 * manifest itself, fully mapped, so only a copy spawned through pm, a restarted file server
 * say, is mm's to wire): the file server, the block driver under it, and init, whose bootfs
 * service mm reads boot files from.
 */
#include "mm.h"
#include "string.h"

static const char *const wired_programs[] = { "fs", "ata", "init" };

bool mm_program_is_wired(const char *name)
{
    for (unsigned i = 0; i < sizeof wired_programs / sizeof wired_programs[0]; i++)
        if (strcmp(name, wired_programs[i]) == 0)
            return true;
    return false;
}
