/*
 * wc.c - count the lines, words and bytes of its input (a small C source on
 * Orrery's disk, for grep: try `grep count /home/student/wc.c`).
 */
#include <stdio.h>

struct counts {
    unsigned long lines, words, bytes;
};

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void count(FILE *input, struct counts *total)
{
    int c, in_word = 0;
    while ((c = getc(input)) != EOF) {
        total->bytes++;
        if (c == '\n')
            total->lines++;
        if (is_space(c))
            in_word = 0;
        else if (!in_word) {
            in_word = 1;
            total->words++;
        }
    }
}

int main(void)
{
    struct counts total = { 0, 0, 0 };
    count(stdin, &total);
    printf("%lu %lu %lu\n", total.lines, total.words, total.bytes);
    return 0;
}
