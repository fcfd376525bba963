/*
 * cat.c - copy each file named (or standard input, without one or for "-") to standard
 * output, a stream buffer's worth at a time.
 *   cat /etc/motd          cat a b > both          echo hi | cat
 */
#include "fd.h"
#include "file_util.h"
#include "program.h"
#include "proto/stream.h"
#include "stdio.h"
#include "string.h"

/* Copy @p fd to standard output. @return 0, or 1 after saying what went wrong with @p name. */
static int copy(int fd, const char *name)
{
    static char buffer[STREAM_BUFFER_SIZE];
    for (;;) {
        int n = read(fd, buffer, sizeof buffer);
        if (n == 0)
            return 0;
        if (n < 0)
            return file_complain("cat", name, n);
        int written = write(FD_STDOUT, buffer, (size_t)n);
        if (written == ERR_DEAD)
            return 1; /* nobody reads our output any more */
        if (written != n) {
            fprintf(stderr, "cat: writing: %s\n", written < 0 ? error_text(written) : "cut short");
            return 1;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return copy(FD_STDIN, "standard input");
    int status = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            status |= copy(FD_STDIN, "standard input");
            continue;
        }
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            status = file_complain("cat", argv[i], fd);
            continue;
        }
        status |= copy(fd, argv[i]);
        close(fd);
    }
    return status;
}
