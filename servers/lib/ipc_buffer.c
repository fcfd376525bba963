/*
 * ipc_buffer.c - which IPC buffer belongs to the calling thread: the first thread's is at
 * START_IPC_BUFFER_ADDRESS, every other's at the start of its thread area (thread_start.h).
 */
#include "ipc_buffer.h"
#include "start_info.h"
#include "thread_start.h"

struct ipc_buffer *ipc_buffer_self(void)
{
    int index = thread_index_self();
    if (index == THREAD_INDEX_FIRST)
        return (struct ipc_buffer *)START_IPC_BUFFER_ADDRESS;
    return (struct ipc_buffer *)THREAD_IPC_BUFFER(index);
}
