/*
 * fs/main.c - the file server: registers "fs" with the name service and answers
 * proto/fs.h. (The protocol's handlers come with the block driver's client; until then
 * every request is refused with ERR_INVALID by the dispatch loop.)
 */
#include "program.h"
#include "proto/fs.h"
#include "proto/nameserver.h"
#include "rpc.h"
#include "stdio.h"
#include "syscall_stubs.h"

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (sys_cap_identify(START_SLOT_NS) != 0) {
        int error = ns_register(START_SLOT_NS, "fs", START_SLOT_SERVICE);
        if (error < 0)
            printf("fs: cannot register with the name service: %s\n", error_name(error));
    }
    static struct rpc_server server = {
        .name = "fs", .endpoint = START_SLOT_SERVICE, .ops = NULL, .op_count = 0,
        .notified = NULL, .cap_slot = 0,
    };
    rpc_serve(&server);
}
