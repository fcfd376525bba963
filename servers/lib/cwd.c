/*
 * cwd.c - the working directory (cwd.h): one normalised path, checked by FS_STAT on chdir.
 */
#include "cwd.h"
#include "fs_client.h"
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

int chdir(const char *path)
{
    char normal[PATH_MAX_LENGTH + 1];
    int length = path_resolve(cwd, path, normal, sizeof normal);
    if (length < 0)
        return length;
    if ((size_t)length >= sizeof cwd)
        return FS_ERR_NAME;
    struct fs_stat info;
    int error = fs_stat(normal, &info);
    if (error < 0)
        return error;
    if ((info.mode & FS_MODE_TYPE_MASK) != FS_MODE_DIR)
        return FS_ERR_NOT_DIR;
    memcpy(cwd, normal, (size_t)length + 1);
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
