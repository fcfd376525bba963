/*
 * cwd.c - the working directory (cwd.h): one normalised path (chdir, which asks the file
 * server, is in fs_client.c: a program that never changes directory does not carry it).
 */
#include "cwd.h"
#include "proto/errors.h"
#include "path.h"
#include "start_info.h"
#include "cstring.h"

static char cwd[START_CWD_MAX] = "/";

const char *cwd_get(void) { return cwd; }

void cwd_init(const char *given)
{
    char normal[START_CWD_MAX];
    if (given && given[0] == '/' && memchr(given, '\0', START_CWD_MAX) &&
        path_resolve("/", given, normal, sizeof normal) > 0)
        memcpy(cwd, normal, sizeof cwd);
    else
        strlcpy(cwd, "/", sizeof cwd);
}

int cwd_set(const char *path)
{
    size_t length = strlen(path);
    if (path[0] != '/' || length + 1 > sizeof cwd)
        return FS_ERR_NAME;
    memcpy(cwd, path, length + 1);
    return 0;
}

char *getcwd(char *buffer, size_t size)
{
    size_t length = strlen(cwd);
    if (!buffer || length + 1 > size)
        return NULL;
    memcpy(buffer, cwd, length + 1);
    return buffer;
}
