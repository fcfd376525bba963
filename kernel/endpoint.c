/*
 * endpoint.c - creating endpoints, and waking everyone when one is destroyed.
 */
#include "endpoint.h"
#include "abi/errors.h"
#include "ipc.h"

struct endpoint *endpoint_create(struct task *task, int *error)
{
    struct endpoint *endpoint = object_create(task, OBJECT_ENDPOINT, sizeof *endpoint, 0, error);
    return endpoint;
}

void endpoint_destroy(struct endpoint *endpoint)
{
    struct thread *thread;
    while ((thread = endpoint_dequeue(&endpoint->senders)))
        ipc_abort(thread, ERR_ABORTED);
    while ((thread = endpoint_dequeue(&endpoint->receivers)))
        ipc_abort(thread, ERR_ABORTED);
    object_free(&endpoint->object);
}
