/*
 * sync.c - have the file server write every cached change to the disk (FS_SYNC).
 */
#include "file_util.h"
#include "fs_client.h"
#include "program.h"

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    int error = fs_sync();
    return error < 0 ? file_complain("sync", "the file system", error) : 0;
}
