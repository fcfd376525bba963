/*
 * df.c - the file system's size and what is free: blocks (in KiB) and inodes (FS_STATFS).
 */
#include "file_util.h"
#include "fs_client.h"
#include "program.h"
#include "stdio.h"

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    struct fs_statfs info;
    int error = fs_statfs(&info);
    if (error < 0)
        return file_complain("df", "the file system", error);
    unsigned kib = info.block_size / 1024;
    unsigned used = info.blocks - info.free_blocks;
    printf("block size %u bytes\n", info.block_size);
    printf("%10s %10s %10s %5s\n", "KiB", "used", "free", "use%");
    printf("%10u %10u %10u %4u%%\n", info.blocks * kib, used * kib, info.free_blocks * kib,
           info.blocks ? (unsigned)((unsigned long long)used * 100 / info.blocks) : 0);
    printf("inodes %u, free %u\n", info.inodes, info.free_inodes);
    return 0;
}
