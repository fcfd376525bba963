/*
 * ns_client.c - the name service's client stubs (proto/nameserver.h).
 */
#include "proto/nameserver.h"

int ns_register(int ns, const char *name, int endpoint)
{
    unsigned words[NS_NAME_WORDS];
    rpc_pack_string(words, NS_NAME_WORDS, name);
    return rpc_call_long(ns, NS_REGISTER, words, NS_NAME_WORDS, endpoint, -1, NULL, 0, NULL);
}

int ns_lookup(int ns, const char *name, int slot)
{
    unsigned words[NS_NAME_WORDS];
    rpc_pack_string(words, NS_NAME_WORDS, name);
    bool got_cap = false;
    int result = rpc_call_long(ns, NS_LOOKUP, words, NS_NAME_WORDS, -1, slot, NULL, 0, &got_cap);
    if (result == 0 && !got_cap)
        return ERR_EXISTS; /* the answer's capability found @p slot occupied */
    return result;
}

int ns_withdraw(int ns, const char *name)
{
    unsigned words[NS_NAME_WORDS];
    rpc_pack_string(words, NS_NAME_WORDS, name);
    return rpc_call_long(ns, NS_WITHDRAW, words, NS_NAME_WORDS, -1, -1, NULL, 0, NULL);
}
