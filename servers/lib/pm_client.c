/*
 * pm_client.c - the process manager's client stubs (pm_client.h).
 */
#include "pm_client.h"
#include "rpc.h"
#include "string.h"

int pm_spawn(int pm, const char *const *argv, unsigned pages)
{
    unsigned words[1 + PM_SPAWN_WORDS];
    char *bytes = (char *)&words[1];
    unsigned used = 0;
    if (!argv || !argv[0] || pages > PM_SPAWN_PAGES_MASK)
        return ERR_INVALID;
    memset(words, 0, sizeof words);
    words[0] = pages;
    for (unsigned i = 0; argv[i]; i++) {
        size_t length = strlen(argv[i]);
        if (length == 0 || used + length + 1 > PM_SPAWN_BYTES)
            return ERR_INVALID;
        memcpy(bytes + used, argv[i], length + 1);
        used += length + 1;
    }
    return rpc_call_long(pm, PM_SPAWN, words, 1 + (used + 3) / 4, -1, -1, NULL, 0, NULL);
}

int pm_give(int pm, unsigned pid, unsigned slot, int cap)
{
    unsigned words[2] = { pid, slot };
    return rpc_call_long(pm, PM_GIVE, words, 2, cap, -1, NULL, 0, NULL);
}

int pm_set_directory(int pm, unsigned pid, const char *directory)
{
    unsigned words[1 + PM_DIRECTORY_WORDS];
    size_t length = strlen(directory);
    if (length + 1 > START_CWD_MAX)
        return ERR_INVALID;
    memset(words, 0, sizeof words);
    words[0] = pid;
    memcpy(&words[1], directory, length);
    return rpc_call_long(pm, PM_SET_DIRECTORY, words, 1 + (unsigned)(length + 4) / 4, -1, -1, NULL, 0, NULL);
}

int pm_start(int pm, unsigned pid)
{
    return rpc_call(pm, PM_START, 1, pid, 0, 0, NULL);
}

int pm_wait(int pm, unsigned pid, struct pm_exit_info *info)
{
    unsigned out[4];
    int result = rpc_call_long(pm, PM_WAIT, &pid, 1, -1, -1, out, 4, NULL);
    if (result >= 0 && info)
        *info = (struct pm_exit_info){ out[0], out[1], out[2], out[3] };
    return result;
}

int pm_kill(int pm, unsigned pid)
{
    return rpc_call(pm, PM_KILL, 1, pid, 0, 0, NULL);
}

int pm_list(int pm, unsigned index, struct pm_list_entry *entry)
{
    unsigned out[6 + PM_NAME_WORDS];
    int result = rpc_call_long(pm, PM_LIST, &index, 1, -1, -1, out, 6 + PM_NAME_WORDS, NULL);
    if (result >= 0) {
        entry->pid = out[0], entry->parent = out[1], entry->state = out[2];
        entry->threads = out[3], entry->pages = out[4];
        rpc_unpack_string(entry->name, &out[5], PM_NAME_WORDS);
        entry->priority = out[5 + PM_NAME_WORDS];
    }
    return result;
}

int pm_caps(int pm, unsigned pid, unsigned first, struct pm_cap_entry *entries, unsigned max)
{
    unsigned words[2] = { pid, first };
    unsigned out[PM_CAPS_MAX * 3];
    int count = rpc_call_long(pm, PM_CAPS, words, 2, -1, -1, out, PM_CAPS_MAX * 3, NULL);
    for (int i = 0; i < count && (unsigned)i < max && i < PM_CAPS_MAX; i++)
        entries[i] = (struct pm_cap_entry){ out[i * 3], out[i * 3 + 1], out[i * 3 + 2] };
    return count;
}
