/*
 * touch.c - make each file named that does not exist (empty); one that does stays as it is.
 *   touch /tmp/new
 */
#include "fd.h"
#include "file_util.h"
#include "program.h"
#include "stdio.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "touch: usage: touch FILE...\n");
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_WRONLY | O_CREAT);
        if (fd < 0)
            status = file_complain("touch", argv[i], fd);
        else
            close(fd);
    }
    return status;
}
