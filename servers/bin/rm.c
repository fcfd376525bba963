/*
 * rm.c - remove each file named (not directories.
 *   rm  rmdir):file...
 */
#include "file_util.h"
#include "fs_client.h"
#include "program.h"
#include "stdio.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "rm: usage: rm  RMDIR):FILE...\n");
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int error = unlink(argv[i]);
        if (error < 0)
            status = file_complain("rm", argv[i], error);
    }
    return status;
}
