/*
 * nameserver/main.c - the name service (proto/nameserver.h): names of services to their
 * endpoints, and who may reach which.
 *
 * init admits every client before it starts: a badge (what the client's name-service
 * capability carries), the one name it may register, the services it may call (a bitmask of
 * manifest lines) and flags; badge 0 stands for every process the process manager spawns.
 * A lookup mints a copy of the service's endpoint with the caller's badge, so a service
 * knows its clients by the same badge whatever they looked up. Registering again replaces
 * the old endpoint: new lookups reach the new server, old copies still reach the old one.
 *
 * Capability slots of its own: START_SLOT_SERVICE its endpoint (from init), and the ones
 * below; the registered endpoints are kept in NS_SLOT_ENTRIES + i.
 */
#include "program.h"
#include "proto/nameserver.h"
#include "rpc.h"
#include "stdio.h"
#include "string.h"

#define NS_SLOT_RECEIVE 16 /* where a request's capability arrives */
#define NS_SLOT_ANSWER 17  /* the capability of the last reply (a transfer copies it) */
#define NS_SLOT_PROBE 18   /* a scratch mint that tells a badged endpoint */
#define NS_SLOT_ENTRIES 32 /* the endpoint of service entry i is in slot 32 + i */
#define NS_MAX_ENTRIES 32
#define NS_MAX_CLIENTS (NS_SERVER_INDEX_MAX + 2) /* every server and init */
#define NAME_BYTES (NS_NAME_WORDS * 4)
#define LOOKUP_RIGHTS (RIGHT_WRITE | RIGHT_GRANT)

/* A client init admitted. */
struct client {
    bool used;
    unsigned badge;
    unsigned may_call;
    unsigned flags;
    char name[NS_NAME_MAX]; /* the one name it may register ("" for none) */
};

/* A registered service. */
struct entry {
    bool used;
    char name[NS_NAME_MAX];
    unsigned index; /* its may_call bit */
};

static struct client clients[NS_MAX_CLIENTS];
static bool processes_admitted;
static unsigned processes_may_call;
static struct entry entries[NS_MAX_ENTRIES];

/* The name in @p words (NS_NAME_WORDS of them) into @p name, if it is one: 1..15 printable
 * bytes, NUL-terminated within NS_NAME_MAX. */
static bool take_name(const unsigned *words, char name[NS_NAME_MAX])
{
    memcpy(name, words, NAME_BYTES);
    size_t len = 0;
    while (len < NAME_BYTES && name[len] != '\0') {
        if (name[len] < '!' || name[len] > '~')
            return false;
        len++;
    }
    return len > 0 && len < NAME_BYTES;
}

static struct client *client_of(unsigned badge)
{
    for (unsigned i = 0; i < NS_MAX_CLIENTS; i++)
        if (clients[i].used && clients[i].badge == badge)
            return &clients[i];
    return NULL;
}

static struct entry *entry_named(const char *name)
{
    for (unsigned i = 0; i < NS_MAX_ENTRIES; i++)
        if (entries[i].used && strcmp(entries[i].name, name) == 0)
            return &entries[i];
    return NULL;
}

static int entry_slot(const struct entry *e) { return NS_SLOT_ENTRIES + (int)(e - entries); }

/* The may_call bit of the services a client with @p badge registers. */
static unsigned index_of(unsigned badge)
{
    return badge == NS_BADGE_INIT ? NS_INIT_INDEX : badge - NS_BADGE_SERVER(0);
}

static bool valid_admit_badge(unsigned badge)
{
    return badge == NS_PROCESS_CLASS_BADGE || badge == NS_BADGE_INIT ||
           (badge >= NS_BADGE_SERVER(0) && badge <= NS_BADGE_SERVER(NS_SERVER_INDEX_MAX));
}

/* The services a caller may look up: its own bits, or the process class's. */
static bool rights_of(unsigned badge, unsigned *may_call)
{
    if (NS_BADGE_IS_PROCESS(badge)) {
        *may_call = processes_may_call;
        return processes_admitted;
    }
    const struct client *c = client_of(badge);
    *may_call = c ? c->may_call : 0;
    return c != NULL;
}

/* NS_REGISTER [name]: cap = the service's endpoint. */
static int handle_register(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    char name[NS_NAME_MAX];
    if (!take_name(request->words, name))
        return ERR_INVALID;
    const struct client *c = NS_BADGE_IS_PROCESS(request->badge) ? NULL : client_of(request->badge);
    if (!c || strcmp(c->name, name) != 0) {
        printf("nameserver: refused to register %s for badge 0x%x: not its name\n", name, request->badge);
        return ERR_NO_RIGHTS;
    }
    int identity = sys_cap_identify(request->cap);
    if ((identity & 0xFF) != OBJECT_ENDPOINT)
        return ERR_WRONG_TYPE;
    if (((unsigned)identity >> 8 & LOOKUP_RIGHTS) != LOOKUP_RIGHTS)
        return ERR_NO_RIGHTS;
    /* A badged endpoint cannot be minted with the callers' badges: refuse it now. */
    int probe = sys_cap_mint(request->cap, CAP_SELF_TASK, NS_SLOT_PROBE, RIGHT_WRITE, 1);
    if (probe < 0)
        return probe; /* ERR_INVALID: "a badge, once given, stays" */
    sys_cap_delete(NS_SLOT_PROBE);

    struct entry *e = entry_named(name);
    bool again = e != NULL;
    for (unsigned i = 0; !e && i < NS_MAX_ENTRIES; i++)
        if (!entries[i].used)
            e = &entries[i];
    if (!e)
        return ERR_NO_MEMORY;
    if (again)
        sys_cap_delete(entry_slot(e));
    int result = sys_cap_mint(request->cap, CAP_SELF_TASK, entry_slot(e), LOOKUP_RIGHTS, 0);
    if (result < 0) {
        e->used = false;
        return result;
    }
    e->used = true;
    strlcpy(e->name, name, sizeof e->name);
    e->index = index_of(request->badge);
    printf("nameserver: %s registered%s\n", name, again ? " again (new lookups reach the new one)" : "");
    return 0;
}

/* NS_LOOKUP [name]: reply cap = the endpoint minted with the caller's badge. */
static int handle_lookup(struct rpc_request *request, struct rpc_response *response)
{
    char name[NS_NAME_MAX];
    if (!take_name(request->words, name))
        return ERR_INVALID;
    unsigned may_call;
    bool admitted = rights_of(request->badge, &may_call);
    const struct entry *e = entry_named(name);
    if (!e)
        return ERR_NOT_FOUND;
    if (!admitted || !(may_call & (1u << e->index)))
        return ERR_NO_RIGHTS;
    sys_cap_delete(NS_SLOT_ANSWER); /* the previous answer's copy */
    int result = sys_cap_mint(entry_slot(e), CAP_SELF_TASK, NS_SLOT_ANSWER, LOOKUP_RIGHTS,
                              request->badge);
    if (result < 0)
        return result;
    response->cap = NS_SLOT_ANSWER;
    return 0;
}

/* NS_WITHDRAW [name]: the caller's own registration goes. */
static int handle_withdraw(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    char name[NS_NAME_MAX];
    if (!take_name(request->words, name))
        return ERR_INVALID;
    const struct client *c = NS_BADGE_IS_PROCESS(request->badge) ? NULL : client_of(request->badge);
    if (!c || strcmp(c->name, name) != 0)
        return ERR_NO_RIGHTS;
    struct entry *e = entry_named(name);
    if (!e)
        return ERR_NOT_FOUND;
    sys_cap_delete(entry_slot(e));
    e->used = false;
    printf("nameserver: %s withdrawn\n", name);
    return 0;
}

/* NS_ADMIT [badge, may_call, flags, name] (init only). */
static int handle_admit(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    if (request->badge != NS_BADGE_INIT)
        return ERR_NO_RIGHTS;
    unsigned badge = request->words[0], may_call = request->words[1], flags = request->words[2];
    char name[NS_NAME_MAX];
    if (!valid_admit_badge(badge) || (flags & ~NS_FLAG_SPAWNER))
        return ERR_INVALID;
    bool named = take_name(&request->words[3], name);
    if (!named) {
        memcpy(name, &request->words[3], NAME_BYTES);
        if (name[0] != '\0')
            return ERR_INVALID; /* a name that is not one; an empty one means none */
    }
    if (badge == NS_PROCESS_CLASS_BADGE) {
        processes_admitted = true;
        processes_may_call = may_call;
        return 0;
    }
    struct client *c = client_of(badge);
    for (unsigned i = 0; !c && i < NS_MAX_CLIENTS; i++)
        if (!clients[i].used)
            c = &clients[i];
    if (!c)
        return ERR_NO_MEMORY;
    *c = (struct client){ .used = true, .badge = badge, .may_call = may_call, .flags = flags };
    if (named)
        strlcpy(c->name, name, sizeof c->name);
    return 0;
}

/* NS_CLIENT [pid] (the spawner only): reply cap = a name-service endpoint for the process. */
static int handle_client(struct rpc_request *request, struct rpc_response *response)
{
    const struct client *c = NS_BADGE_IS_PROCESS(request->badge) ? NULL : client_of(request->badge);
    if (!c || !(c->flags & NS_FLAG_SPAWNER))
        return ERR_NO_RIGHTS;
    unsigned pid = request->words[0];
    if (pid == 0 || pid > NS_PID_MAX)
        return ERR_INVALID;
    sys_cap_delete(NS_SLOT_ANSWER);
    int result = sys_cap_mint(START_SLOT_SERVICE, CAP_SELF_TASK, NS_SLOT_ANSWER, LOOKUP_RIGHTS,
                              NS_BADGE_PROCESS(pid));
    if (result < 0)
        return result;
    response->cap = NS_SLOT_ANSWER;
    return 0;
}

/* NS_LIST [index]: the first registered service at or after index. */
static int handle_list(struct rpc_request *request, struct rpc_response *response)
{
    for (unsigned i = request->words[0]; i < NS_MAX_ENTRIES; i++) {
        if (!entries[i].used)
            continue;
        rpc_pack_string(response->words, NS_NAME_WORDS, entries[i].name);
        response->length = NS_NAME_WORDS;
        return (int)i + 1;
    }
    return ERR_NOT_FOUND;
}

static const struct rpc_op ns_ops[] = {
    { NS_REGISTER, NS_NAME_WORDS, NS_NAME_WORDS, true, handle_register, "register" },
    { NS_LOOKUP, NS_NAME_WORDS, NS_NAME_WORDS, false, handle_lookup, "lookup" },
    { NS_WITHDRAW, NS_NAME_WORDS, NS_NAME_WORDS, false, handle_withdraw, "withdraw" },
    { NS_ADMIT, 3 + NS_NAME_WORDS, 3 + NS_NAME_WORDS, false, handle_admit, "admit" },
    { NS_CLIENT, 1, 1, false, handle_client, "client" },
    { NS_LIST, 1, 1, false, handle_list, "list" },
};

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    if ((sys_cap_identify(START_SLOT_SERVICE) & 0xFF) != OBJECT_ENDPOINT) {
        printf("nameserver: no endpoint in slot %d: start me from init\n", START_SLOT_SERVICE);
        return 1;
    }
    static struct rpc_server server = {
        .name = "nameserver",
        .endpoint = START_SLOT_SERVICE,
        .ops = ns_ops,
        .op_count = sizeof ns_ops / sizeof ns_ops[0],
        .cap_slot = NS_SLOT_RECEIVE,
    };
    printf("nameserver: serving\n");
    rpc_serve(&server);
}
