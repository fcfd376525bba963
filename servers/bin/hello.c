/*
 * hello.c - the smallest program: says hello with its process id. `hello N` says it N times
 * (a flood of output, for testing the console).
 */
#include "program.h"
#include "stdio.h"

#define HELLO_MAX_COUNT 1000000

int main(int argc, char **argv)
{
    int count = 1;
    if (argc > 1) {
        count = 0;
        for (const char *p = argv[1]; *p; p++) {
            if (*p < '0' || *p > '9' || count > HELLO_MAX_COUNT) {
                printf("usage: hello [count] (count at most %d)\n", HELLO_MAX_COUNT);
                return 2;
            }
            count = count * 10 + (*p - '0');
        }
    }
    for (int i = 1; i <= count; i++) {
        if (count == 1)
            printf("hello from process %u\n", start_info()->pid);
        else
            printf("hello %d of %d from process %u\n", i, count, start_info()->pid);
    }
    return 0;
}
