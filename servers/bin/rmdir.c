/*
 * rmdir.c - remove each empty directory named.
 *   rmdir directory...
 */
#include "file_util.h"
#include "fs_client.h"
#include "program.h"
#include "stdio.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "rmdir: usage: rmdir DIRECTORY...\n");
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int error = rmdir(argv[i]);
        if (error < 0)
            status = file_complain("rmdir", argv[i], error);
    }
    return status;
}
