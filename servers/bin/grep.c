/*
 * grep.c - print the lines that contain a text (a plain string, no regular expressions),
 * of each file named or of standard input. -n numbers them, -v prints the others, -c only
 * counts them. Exit status 0 if a line matched, 1 if none did, 2 on an error (as POSIX).
 *   grep main /home/student/hello.c        ps | grep -v shell
 */
#include "fd.h"
#include "file_util.h"
#include "path.h"
#include "program.h"
#include "stdio.h"
#include "string.h"

static bool numbers, invert, count_only;
static const char *pattern;

static bool contains(const char *line, const char *part, size_t length)
{
    for (; *line; line++)
        if (strncmp(line, part, length) == 0)
            return true;
    return length == 0;
}

/* Search @p fd. @return the lines matched, or -1 after an error. */
static int search(int fd, const char *name, const char *prefix)
{
    static struct line_reader reader;
    static char line[FILE_LINE_MAX];
    size_t length = strlen(pattern);
    line_reader_init(&reader, fd);
    int matched = 0, got;
    unsigned number = 0;
    bool newline = true;
    while ((got = line_reader_next(&reader, line, sizeof line, &newline)) > 0) {
        number++;
        if (contains(line, pattern, length) == invert)
            continue;
        matched++;
        if (count_only)
            continue;
        if (numbers)
            printf("%s%u:%s\n", prefix, number, line);
        else
            printf("%s%s\n", prefix, line);
    }
    if (got < 0) {
        file_complain("grep", name, got);
        return -1;
    }
    if (count_only)
        printf("%s%d\n", prefix, matched);
    return matched;
}

int main(int argc, char **argv)
{
    int first = 1;
    for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
        for (const char *flag = argv[first] + 1; *flag; flag++) {
            if (*flag == 'n')
                numbers = true;
            else if (*flag == 'v')
                invert = true;
            else if (*flag == 'c')
                count_only = true;
            else {
                fprintf(stderr, "grep: unknown option -%c (usage: grep [-n] [-v] [-c] TEXT [file...])\n", *flag);
                return 2;
            }
        }
    }
    if (first >= argc) {
        fprintf(stderr, "grep: usage: grep [-n] [-v] [-c] TEXT [file...]\n");
        return 2;
    }
    pattern = argv[first++];
    if (first == argc) {
        int matched = search(FD_STDIN, "standard input", "");
        return matched < 0 ? 2 : matched > 0 ? 0 : 1;
    }
    bool any = false, error = false;
    static char prefix[PATH_NAME_MAX + 8];
    for (int i = first; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            file_complain("grep", argv[i], fd);
            error = true;
            continue;
        }
        snprintf(prefix, sizeof prefix, "%s:", argv[i]);
        int matched = search(fd, argv[i], argc - first > 1 ? prefix : "");
        close(fd);
        error |= matched < 0;
        any |= matched > 0;
    }
    return error ? 2 : any ? 0 : 1;
}
