/*
 * wc.c - count the lines (newlines), words (runs of non-blanks) and bytes of each file
 * named, or of standard input; a total line after two files or more.
 *   wc /home/student/README        cat big.txt | wc
 */
#include "fd.h"
#include "file_util.h"
#include "program.h"
#include "stdio.h"

struct counts {
    unsigned lines, words, bytes;
};

static int count(int fd, const char *name, struct counts *c)
{
    static char buffer[FS_BUFFER_SIZE];
    bool in_word = false;
    *c = (struct counts){ 0, 0, 0 };
    for (;;) {
        int n = read(fd, buffer, sizeof buffer);
        if (n < 0)
            return file_complain("wc", name, n);
        if (n == 0)
            return 0;
        c->bytes += (unsigned)n;
        for (int i = 0; i < n; i++) {
            char ch = buffer[i];
            bool blank = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
            c->lines += ch == '\n';
            c->words += !blank && !in_word;
            in_word = !blank;
        }
    }
}

static void show(const struct counts *c, const char *name)
{
    printf("%7u %7u %7u%s%s\n", c->lines, c->words, c->bytes, name ? " " : "", name ? name : "");
}

int main(int argc, char **argv)
{
    struct counts c, total = { 0, 0, 0 };
    if (argc < 2) {
        if (count(FD_STDIN, "standard input", &c))
            return 1;
        show(&c, NULL);
        return 0;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            status = file_complain("wc", argv[i], fd);
            continue;
        }
        int error = count(fd, argv[i], &c);
        close(fd);
        if (error) {
            status = 1;
            continue;
        }
        show(&c, argv[i]);
        total.lines += c.lines, total.words += c.words, total.bytes += c.bytes;
    }
    if (argc > 2)
        show(&total, "total");
    return status;
}
