/*
 * mkdir.c - make each directory named (its parent must exist).
 *   mkdir directory...
 */
#include "file_util.h"
#include "fs_client.h"
#include "program.h"
#include "stdio.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "mkdir: usage: mkdir DIRECTORY...\n");
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int error = mkdir(argv[i]);
        if (error < 0)
            status = file_complain("mkdir", argv[i], error);
    }
    return status;
}
