/*
 * sys_frame.c - the system calls a pager needs beyond frame_map and frame_unmap (which are
 * in sys_device.c): frame_mapping_bits, frame_protect, frame_copy, frame_read, frame_write.
 * Mechanism only: which pages to protect, copy or write out is the pager's business
 * (servers/mm); the kernel checks the capabilities and does it.
 */
#include "abi/errors.h"
#include "frame.h"
#include "syscall.h"
#include "task.h"
#include "trace.h"
#include "usercopy.h"

/* The frame capability in @slot of the caller, with @rights. */
static int lookup_frame(uint32_t slot, uint32_t rights, struct capability **capability)
{
    return cap_lookup(current_task(), slot, OBJECT_FRAME, rights, capability);
}

/* frame_mapping_bits(frame, clear) -> FRAME_BIT_* of the frame capability's mapping, then
 * clears the ACCESSED and DIRTY bits @clear names */
int32_t syscall_frame_mapping_bits(uint32_t frame, uint32_t clear)
{
    if (clear & ~(FRAME_BIT_ACCESSED | FRAME_BIT_DIRTY))
        return ERR_INVALID;
    struct capability *cap;
    int error = lookup_frame(frame, clear ? RIGHT_READ | RIGHT_WRITE : RIGHT_READ, &cap);
    return error ? error : frame_mapping_bits(cap, clear);
}

/* frame_protect(frame, flags): the mapping becomes what frame_map with @flags would have
 * made it, read-only (0) or writable (FRAME_MAP_WRITABLE), with the same rights */
int32_t syscall_frame_protect(uint32_t frame, uint32_t flags)
{
    if (flags & ~FRAME_MAP_WRITABLE)
        return ERR_INVALID;
    bool writable = flags & FRAME_MAP_WRITABLE;
    struct capability *cap;
    int error = lookup_frame(frame, writable ? RIGHT_WRITE : RIGHT_READ, &cap);
    return error ? error : frame_protect(cap, writable);
}

/* frame_copy(destination, source): the page of @source into @destination, both frame slots */
int32_t syscall_frame_copy(uint32_t destination, uint32_t source)
{
    struct capability *to, *from;
    int error = lookup_frame(destination, RIGHT_WRITE, &to);
    if (!error)
        error = lookup_frame(source, RIGHT_READ, &from);
    if (error)
        return error;
    return frame_copy((struct frame *)to->object, (const struct frame *)from->object);
}

/* The frame in @slot with @rights, if [@offset, @offset + @length) lies in its page and
 * it is RAM (device memory is reached through a mapping, never through these calls). */
static int frame_range(uint32_t slot, uint32_t rights, uint32_t offset, uint32_t length, struct frame **frame)
{
    struct capability *cap;
    int error = lookup_frame(slot, rights, &cap);
    if (error)
        return error;
    *frame = (struct frame *)cap->object;
    if (offset > PAGE_SIZE || length > PAGE_SIZE - offset || frame_is_device(*frame))
        return ERR_INVALID;
    return ERR_OK;
}

/* frame_read(frame, offset, buffer, length): bytes of the frame's page to the caller's memory */
int32_t syscall_frame_read(uint32_t frame, uint32_t offset, uint32_t buffer, uint32_t length)
{
    struct frame *page;
    int error = frame_range(frame, RIGHT_READ, offset, length, &page);
    if (error)
        return error;
    if (copy_to_user(buffer, (const uint8_t *)frame_bytes(page) + offset, length))
        return ERR_FAULT;
    TRACE(frame_read, page->address, offset, length, page->object.id);
    return ERR_OK;
}

/* frame_write(frame, offset, buffer, length): bytes of the caller's memory into the frame's page */
int32_t syscall_frame_write(uint32_t frame, uint32_t offset, uint32_t buffer, uint32_t length)
{
    struct frame *page;
    int error = frame_range(frame, RIGHT_WRITE, offset, length, &page);
    if (error)
        return error;
    if (copy_from_user((uint8_t *)frame_bytes(page) + offset, buffer, length))
        return ERR_FAULT;
    TRACE(frame_write, page->address, offset, length, page->object.id);
    return ERR_OK;
}
