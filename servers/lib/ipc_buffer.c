/*
 * ipc_buffer.c - which IPC buffer belongs to the calling thread.
 */
#include "ipc_buffer.h"
#include "start_info.h"

struct ipc_buffer *ipc_buffer_self(void)
{
    return (struct ipc_buffer *)START_IPC_BUFFER_ADDRESS;
}
