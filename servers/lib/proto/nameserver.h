/**
 * @file proto/nameserver.h
 * @brief The name service's protocol (servers/nameserver): names of services to badged
 *        endpoint capabilities.
 *
 * Who may do what is the boot manifest's: init admits every server to the name service with
 * the names it may register (its own) and the services it may call; the process manager gets
 * a name-service capability for each process it spawns, with the rights the manifest's
 * `processes` line gives. A lookup mints a copy of the service's endpoint with the *caller's*
 * badge, so every service sees the same badge for one client whatever it looked up.
 * Names are at most NS_NAME_MAX - 1 bytes, packed in NS_NAME_WORDS words (rpc_pack_string).
 */
#ifndef ORRERY_PROTO_NAMESERVER_H
#define ORRERY_PROTO_NAMESERVER_H

#include "rpc.h"

#define NS_NAME_MAX 16
#define NS_NAME_WORDS (NS_NAME_MAX / 4)

/** Badges of name-service clients, which become their badges at every service. */
#define NS_BADGE_INIT 1u                        /**< init: the only one that may admit */
#define NS_BADGE_SERVER(index) (0x100u + (index)) /**< the server on manifest line @p index */
#define NS_BADGE_PROCESS(pid) (0x10000u + (pid))  /**< a process the process manager spawned */
#define NS_BADGE_IS_PROCESS(badge) ((badge) >= 0x10000u)
#define NS_BADGE_PID(badge) ((badge) - 0x10000u)

enum ns_label {
    /** words: name[NS_NAME_WORDS]; cap: the service's unbadged endpoint (needs RIGHT_GRANT).
     *  Registers (or registers again, replacing the old one) the caller's own name.
     *  ERR_NO_RIGHTS: not the caller's name. */
    NS_REGISTER = RPC_BASE_NS + 1,
    /** words: name[NS_NAME_WORDS]. Reply: cap = the service's endpoint, minted with the
     *  caller's badge and RIGHT_WRITE | RIGHT_GRANT. ERR_NOT_FOUND: no such service
     *  registered; ERR_NO_RIGHTS: the manifest does not let the caller call it. */
    NS_LOOKUP = RPC_BASE_NS + 2,
    /** words: name[NS_NAME_WORDS]. Removes the caller's own registration. */
    NS_WITHDRAW = RPC_BASE_NS + 3,
    /** init only. words: [badge, may_call (bitmask of manifest lines), flags,
     *  name[NS_NAME_WORDS]]: a client with that badge, the service called name. */
    NS_ADMIT = RPC_BASE_NS + 4,
    /** Clients admitted with NS_FLAG_SPAWNER only (the process manager). words: [pid].
     *  Reply: cap = a name-service endpoint badged NS_BADGE_PROCESS(pid), with the rights
     *  of the manifest's processes line. */
    NS_CLIENT = RPC_BASE_NS + 5,
    /** words: [index]. Reply: result = the next index (or ERR_NOT_FOUND past the end),
     *  words 1..NS_NAME_WORDS = the name of a registered service. */
    NS_LIST = RPC_BASE_NS + 6,
};

/** The highest manifest index a server's badge can carry (bits of may_call below this). */
#define NS_SERVER_INDEX_MAX 30
/** The may_call bit of the services init serves itself (bootfs), registered with badge
 *  NS_BADGE_INIT. */
#define NS_INIT_INDEX 31
/** The highest process id NS_CLIENT accepts: process badges stay below 2^28, so services can
 *  mint badges of their own above (the console's STREAM_DUP connections use bit 29). */
#define NS_PID_MAX 0x0FFEFFFFu

/*
 * Errors, besides the ones above: every request with the wrong label, the wrong number of
 * words, or a capability where none belongs (or none where one does) gets ERR_INVALID, as
 * does a name that is empty, not NUL-terminated within NS_NAME_MAX bytes or has bytes
 * outside '!'..'~'. NS_REGISTER: ERR_WRONG_TYPE if the capability is not an endpoint,
 * ERR_NO_RIGHTS if it lacks RIGHT_WRITE | RIGHT_GRANT, ERR_INVALID if it is badged.
 * NS_ADMIT: ERR_NO_RIGHTS from anyone but init, ERR_INVALID for a badge that is not 0,
 * NS_BADGE_INIT or NS_BADGE_SERVER(0..NS_SERVER_INDEX_MAX); admitting a badge again
 * replaces its rights. NS_CLIENT: ERR_INVALID for a pid outside 1..NS_PID_MAX.
 * The name service keeps serving after every one of them.
 */

/** NS_ADMIT flags. */
#define NS_FLAG_SPAWNER 0x1u /**< may make process clients (NS_CLIENT) */
/** The may_call bit of the manifest's processes line (NS_ADMIT with badge 0 sets it). */
#define NS_PROCESS_CLASS_BADGE 0u

/* Client stubs (servers/lib/ns_client.c). */
/** Register @p endpoint under @p name with the name service at @p ns. @return 0 or ERR_*. */
int ns_register(int ns, const char *name, int endpoint);
/** Look up @p name; the capability lands in the empty slot @p slot. @return 0 or ERR_*
 *  (ERR_EXISTS if the answer carried no capability because @p slot was not empty). */
int ns_lookup(int ns, const char *name, int slot);
/** Withdraw @p name. @return 0 or ERR_*. */
int ns_withdraw(int ns, const char *name);

#endif
