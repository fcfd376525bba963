/*
 * cp.c - copy a file: `cp FROM TO`, or into a directory: `cp FROM DIRECTORY` (the copy
 * keeps FROM's name). TO is created, or cut to 0 bytes and written over.
 */
#include "fd.h"
#include "file_util.h"
#include "fs_client.h"
#include "path.h"
#include "program.h"
#include "stdio.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "cp: usage: cp FROM TO (TO may be a directory)\n");
        return 2;
    }
    const char *from = argv[1];
    static char target[PATH_MAX_LENGTH + 1], name[PATH_NAME_MAX + 1];
    const char *to = argv[2];
    if (file_is_directory(to)) {
        if (path_basename(from, name, sizeof name) < 0 || path_join(to, name, target, sizeof target) < 0)
            return file_complain("cp", to, FS_ERR_NAME);
        to = target;
    }
    struct fs_stat source, target_info;
    if (fs_stat(from, &source) == 0 && fs_stat(to, &target_info) == 0 && source.inode == target_info.inode) {
        fprintf(stderr, "cp: %s and %s are the same file\n", from, to);
        return 1; /* opening the target would cut the source to 0 bytes */
    }
    int in = open(from, O_RDONLY);
    if (in < 0)
        return file_complain("cp", from, in);
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC);
    if (out < 0)
        return file_complain("cp", to, out);
    static char buffer[FS_BUFFER_SIZE];
    for (;;) {
        int n = read(in, buffer, sizeof buffer);
        if (n < 0)
            return file_complain("cp", from, n);
        if (n == 0)
            break;
        int written = write(out, buffer, (size_t)n);
        if (written != n)
            return file_complain("cp", to, written < 0 ? written : FS_ERR_NO_SPACE);
    }
    close(in);
    close(out);
    return 0;
}
