/**
 * @file ipc_buffer.h
 * @brief The calling thread's IPC buffer (abi/message.h): message words 3 and up, and the
 *        capability that travels with a message.
 */
#ifndef ORRERY_USER_IPC_BUFFER_H
#define ORRERY_USER_IPC_BUFFER_H

#include "abi/message.h"

/**
 * The IPC buffer of the calling thread: START_IPC_BUFFER_ADDRESS for a program's first
 * thread (start_info.h), the one thread_new() gave it for any other.
 */
struct ipc_buffer *ipc_buffer_self(void);

#endif
