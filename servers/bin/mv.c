/*
 * mv.c - rename: `mv FROM TO` (a file at TO is replaced), or `mv FROM DIRECTORY` (moved
 * into it, keeping its name). One FS_RENAME: nothing is copied.
 */
#include "file_util.h"
#include "fs_client.h"
#include "path.h"
#include "program.h"
#include "stdio.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "mv: usage: mv FROM TO (TO may be a directory)\n");
        return 2;
    }
    static char target[PATH_MAX_LENGTH + 1], name[PATH_NAME_MAX + 1];
    const char *to = argv[2];
    if (file_is_directory(to)) {
        if (path_basename(argv[1], name, sizeof name) < 0 || path_join(to, name, target, sizeof target) < 0)
            return file_complain("mv", to, FS_ERR_NAME);
        to = target;
    }
    int error = rename(argv[1], to);
    if (error < 0) {
        fprintf(stderr, "mv: %s to %s: %s (%s)\n", argv[1], to, error_text(error), error_name(error));
        return 1;
    }
    return 0;
}
