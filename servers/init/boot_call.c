/*
 * boot_call.c - the boot thread's calls: rpc_call_long() (servers/lib/rpc.c) on the boot
 * thread's own IPC buffer, since the first thread's is busy serving bootfs.
 */
#include "init.h"
#include "rpc.h"

int boot_call(int endpoint, unsigned label, const unsigned *words, unsigned count, int send_cap,
              int recv_slot, unsigned *out, unsigned out_count, bool *got_cap)
{
    if (count > IPC_MAX_WORDS || out_count > IPC_MAX_WORDS - 1)
        return ERR_INVALID;
    struct ipc_buffer *buffer = (struct ipc_buffer *)INIT_BOOT_IPC_BUFFER;
    for (unsigned i = IPC_REGISTER_WORDS; i < count; i++)
        buffer->words[i] = words[i];
    buffer->send_cap_slot = send_cap >= 0 ? (unsigned)send_cap : 0;
    buffer->receive_cap_slot = recv_slot >= 0 ? (unsigned)recv_slot : 0;
    buffer->received_cap = 0;
    unsigned w[IPC_REGISTER_WORDS] = { 0, 0, 0 };
    for (unsigned i = 0; i < count && i < IPC_REGISTER_WORDS; i++)
        w[i] = words[i];
    struct ipc_message m;
    int error = sys_call(endpoint, IPC_TAG(label, count, send_cap >= 0), w[0], w[1], w[2], &m);
    if (got_cap)
        *got_cap = error == 0 && recv_slot >= 0 && buffer->received_cap;
    if (error < 0)
        return error;
    if (IPC_TAG_LABEL(m.tag) != RPC_REPLY || IPC_TAG_LENGTH(m.tag) == 0)
        return ERR_INVALID;
    unsigned length = IPC_TAG_LENGTH(m.tag);
    for (unsigned i = 0; i < out_count; i++) {
        unsigned word = i + 1;
        out[i] = word >= length ? 0 : word < IPC_REGISTER_WORDS ? m.words[word] : buffer->words[word];
    }
    return (int)m.words[0];
}
