/*
 * bootfs.c - the boot files (proto/bootfs.h), served by init's first thread: every boot
 * module, by name, read through a frame shared with each client (one per client badge).
 */
#include "init.h"
#include "proto/bootfs.h"
#include "rpc.h"
#include "string.h"
#include "syscall_stubs.h"

#define BOOTFS_MAX_CLIENTS 32
#define NAME_BYTES (BOOTFS_NAME_WORDS * 4)

/* A client: its badge and the frame it reads through (mapped in init at its address). */
struct bootfs_client {
    unsigned badge;
    int frame;
};

static const struct user_boot_info *boot;
static int endpoint = -1;
static unsigned client_count;
static struct bootfs_client clients[BOOTFS_MAX_CLIENTS];

static unsigned char *client_page(unsigned i)
{
    return (unsigned char *)(INIT_BOOTFS_FRAMES + i * PAGE_SIZE);
}

static int client_of(unsigned badge)
{
    for (unsigned i = 0; i < client_count; i++)
        if (clients[i].badge == badge)
            return (int)i;
    return -1;
}

static unsigned file_count(void)
{
    return boot->module_count < USER_MAX_MODULES ? boot->module_count : USER_MAX_MODULES;
}

/* BOOTFS_OPEN [name]: the file's number, word 1 its size. */
static int handle_open(struct rpc_request *request, struct rpc_response *response)
{
    char name[NAME_BYTES];
    memcpy(name, request->words, NAME_BYTES);
    size_t len = 0;
    while (len < NAME_BYTES && name[len])
        len++;
    if (len == 0 || len == NAME_BYTES)
        return ERR_INVALID; /* empty, or no NUL within BOOTFS_NAME_WORDS words */
    for (unsigned i = 0; i < file_count(); i++) {
        if (strcmp(boot->modules[i].name, name) == 0) {
            response->words[0] = boot->modules[i].size;
            response->length = 1;
            return (int)i;
        }
    }
    return ERR_NOT_FOUND;
}

/* BOOTFS_MAP: the caller's shared frame (made the first time), read-only for it. */
static int handle_map(struct rpc_request *request, struct rpc_response *response)
{
    int i = client_of(request->badge);
    if (i < 0) {
        if (client_count >= BOOTFS_MAX_CLIENTS)
            return ERR_NO_MEMORY;
        int frame = sys_frame_create();
        if (frame < 0)
            return frame;
        int result = sys_frame_map(frame, CAP_SELF_TASK, (unsigned)client_page(client_count),
                                   FRAME_MAP_WRITABLE);
        if (result < 0) {
            sys_cap_delete(frame);
            return result;
        }
        i = (int)client_count++;
        clients[i] = (struct bootfs_client){ request->badge, frame };
    }
    sys_cap_delete(INIT_SLOT_BOOTFS_ANSWER); /* the previous answer's copy */
    int result = sys_cap_mint(clients[i].frame, CAP_SELF_TASK, INIT_SLOT_BOOTFS_ANSWER,
                              RIGHT_READ | RIGHT_GRANT, 0);
    if (result < 0)
        return result;
    response->cap = INIT_SLOT_BOOTFS_ANSWER;
    return 0;
}

/* BOOTFS_READ [file, offset, length]: bytes copied to the start of the shared frame. */
static int handle_read(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    unsigned file = request->words[0], offset = request->words[1], length = request->words[2];
    if (file >= file_count())
        return ERR_NOT_FOUND;
    if (length > BOOTFS_BUFFER_SIZE)
        return ERR_INVALID;
    int i = client_of(request->badge);
    if (i < 0)
        return ERR_INVALID; /* BOOTFS_MAP first */
    const struct user_boot_module *module = &boot->modules[file];
    if (offset >= module->size)
        return 0;
    unsigned count = module->size - offset < length ? module->size - offset : length;
    memcpy(client_page((unsigned)i), (const void *)(module->address + offset), count);
    return (int)count;
}

/* BOOTFS_LIST [file]: the next number, word 1 the size, words 2.. the name. */
static int handle_list(struct rpc_request *request, struct rpc_response *response)
{
    unsigned file = request->words[0];
    if (file >= file_count())
        return ERR_NOT_FOUND;
    response->words[0] = boot->modules[file].size;
    rpc_pack_string(&response->words[1], BOOTFS_NAME_WORDS, boot->modules[file].name);
    response->length = 1 + BOOTFS_NAME_WORDS;
    return (int)file + 1;
}

static const struct rpc_op bootfs_ops[] = {
    { BOOTFS_OPEN, BOOTFS_NAME_WORDS, BOOTFS_NAME_WORDS, false, handle_open, "open" },
    { BOOTFS_MAP, 0, 0, false, handle_map, "map" },
    { BOOTFS_READ, 3, 3, false, handle_read, "read" },
    { BOOTFS_LIST, 1, 1, false, handle_list, "list" },
};

int bootfs_init(const struct user_boot_info *info)
{
    boot = info;
    endpoint = sys_endpoint_create();
    return endpoint < 0 ? endpoint : 0;
}

int bootfs_endpoint(void) { return endpoint; }

void bootfs_serve(void)
{
    static struct rpc_server server = {
        .name = "bootfs",
        .ops = bootfs_ops,
        .op_count = sizeof bootfs_ops / sizeof bootfs_ops[0],
        .cap_slot = 0, /* no request carries a capability */
    };
    server.endpoint = endpoint;
    rpc_serve(&server);
}
