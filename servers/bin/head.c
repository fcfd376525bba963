/*
 * head.c - the first lines of each file named, or of standard input: 10, or N with -n N.
 *   head /home/student/big.txt        head -n 3 /etc/motd
 */
#include "fd.h"
#include "file_util.h"
#include "program.h"
#include "stdio.h"
#include "stdlib.h"
#include "string.h"

static unsigned wanted = 10;

static int head(int fd, const char *name)
{
    static struct line_reader reader;
    static char line[FILE_LINE_MAX];
    line_reader_init(&reader, fd);
    bool newline = true;
    int got = 1;
    for (unsigned n = 0; n < wanted && (got = line_reader_next(&reader, line, sizeof line, &newline)) > 0;) {
        printf("%s%s", line, newline ? "\n" : "");
        n += newline; /* a long line comes in pieces: count it once */
    }
    return got < 0 ? file_complain("head", name, got) : 0;
}

int main(int argc, char **argv)
{
    int first = 1;
    if (first < argc && strcmp(argv[first], "-n") == 0) {
        char *end = NULL;
        long n = first + 1 < argc ? strtol(argv[first + 1], &end, 10) : -1;
        if (n < 0 || !end || *end || end == argv[first + 1]) {
            fprintf(stderr, "head: -n needs a number of lines (usage: head [-n N] [file...])\n");
            return 2;
        }
        wanted = (unsigned)n;
        first += 2;
    }
    if (first == argc)
        return head(FD_STDIN, "standard input");
    int status = 0;
    for (int i = first; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            status = file_complain("head", argv[i], fd);
            continue;
        }
        if (argc - first > 1)
            printf("%s==> %s <==\n", i > first ? "\n" : "", argv[i]);
        status |= head(fd, argv[i]);
        close(fd);
    }
    return status;
}
