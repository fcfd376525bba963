/*
 * cat.c - copy standard input to standard output until end of input (Ctrl-D on the
 * console, or every writer of a pipe gone), a stream buffer's worth at a time.
 */
#include "fd.h"
#include "program.h"
#include "proto/stream.h"
#include "stdio.h"

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "cat: reads only its standard input for now (no files yet)\n");
        return 2;
    }
    static char buffer[STREAM_BUFFER_SIZE];
    for (;;) {
        int n = read(FD_STDIN, buffer, sizeof buffer);
        if (n == 0)
            return 0;
        if (n < 0) {
            fprintf(stderr, "cat: reading: %s\n", error_name(n));
            return 1;
        }
        int written = write(FD_STDOUT, buffer, (size_t)n);
        if (written == ERR_DEAD)
            return 1; /* nobody reads our output any more */
        if (written != n) {
            fprintf(stderr, "cat: writing: %s\n", written < 0 ? error_name(written) : "cut short");
            return 1;
        }
    }
}
