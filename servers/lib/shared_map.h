/**
 * @file shared_map.h
 * @brief Where a program maps frames it shares with a server (a stream's buffer, later a
 *        file's): pages of the shared area MM_SHARED_BASE .. (proto/mm.h), handed out here.
 */
#ifndef ORRERY_USER_SHARED_MAP_H
#define ORRERY_USER_SHARED_MAP_H

#include "proto/mm.h"
#include "types.h"

/** Pages of the shared area this library hands out (16 MiB from MM_SHARED_BASE). */
#define SHARED_MAP_PAGES 4096u

/**
 * Map the frame capability in @p frame into this task at a free page of the shared area,
 * writable if @p writable (the capability needs RIGHT_WRITE then).
 * @return the address, or 0 if the area is full or frame_map refused (bad capability,
 *         no rights, no quota for a page table).
 */
uint32_t shared_map_frame(int frame, bool writable);

/** Undo shared_map_frame(): unmap @p frame (frame_unmap) and give its page @p vaddr back. */
void shared_unmap_frame(int frame, uint32_t vaddr);

/**
 * Map the @p count frame capabilities in @p frames at consecutive pages of the shared area
 * (a buffer of several pages, such as a block connection's), in that order.
 * @return the address of the first, or 0 if no run of @p count free pages would take them
 *         (nothing is left mapped then).
 */
uint32_t shared_map_frames(const int *frames, unsigned count, bool writable);

/** Undo shared_map_frames(): unmap the @p count frames mapped from @p vaddr on. */
void shared_unmap_frames(const int *frames, unsigned count, uint32_t vaddr);

#endif
