/**
 * @file ext2tool.c
 * @brief ext2tool: the file server's ext2 core (servers/fs/ext2_*.c) run on the host, on an
 *        image file. The tests make images with mke2fs, change them with ext2tool and let
 *        e2fsck and debugfs judge the result; built with AddressSanitizer and UBSan, so a
 *        bad image that makes the core misbehave fails loudly.
 *
 *   ext2tool IMAGE ls PATH          entries of a directory: inode, type, size, name
 *   ext2tool IMAGE cat PATH         a file's bytes to standard output
 *   ext2tool IMAGE write PATH       standard input into the file (made, or cut to 0 first)
 *   ext2tool IMAGE mkdir PATH | rm PATH | rmdir PATH | mv OLD NEW
 *   ext2tool IMAGE truncate PATH N  cut or extend the file to N bytes
 *   ext2tool IMAGE stat PATH | df
 *   ext2tool IMAGE fuzz SEED ROUNDS random byte flips in the image's metadata, in memory,
 *                                   each round mounted and exercised (ext2tool_fuzz.c)
 *
 * Errors: a message naming what is wrong on standard error; exit status 1 (2 for usage).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ext2.h"
#include "ext2tool.h"

/** Blocks the tool's cache holds: few, so that write-back on reuse is exercised. */
#define TOOL_CACHE_BLOCKS 64u
#define TOOL_WRITE_CHUNK 4096u   /**< the server's stream frame: what one write moves */

static const char *program = "ext2tool";

static int file_read(struct fs_device *device, uint32_t sector, uint32_t count, void *buffer)
{
    int fd = *(int *)device->context;
    if (sector > device->sectors || count > device->sectors - sector)
        return BLOCK_ERR_IO;
    ssize_t bytes = pread(fd, buffer, (size_t)count * FS_DEVICE_SECTOR_SIZE,
                          (off_t)sector * FS_DEVICE_SECTOR_SIZE);
    return bytes == (ssize_t)count * FS_DEVICE_SECTOR_SIZE ? 0 : BLOCK_ERR_IO;
}

static int file_write(struct fs_device *device, uint32_t sector, uint32_t count,
                      const void *buffer)
{
    int fd = *(int *)device->context;
    if (sector > device->sectors || count > device->sectors - sector)
        return BLOCK_ERR_IO;
    ssize_t bytes = pwrite(fd, buffer, (size_t)count * FS_DEVICE_SECTOR_SIZE,
                           (off_t)sector * FS_DEVICE_SECTOR_SIZE);
    return bytes == (ssize_t)count * FS_DEVICE_SECTOR_SIZE ? 0 : BLOCK_ERR_IO;
}

/* No fsync: the image is read next by e2fsck or debugfs on the same machine, which see
 * what was written once it is closed; syncing the host's disk only makes the tests slow. */
static int file_flush(struct fs_device *device)
{
    (void)device;
    return 0;
}

uint32_t tool_now(struct fs_device *device)
{
    (void)device;
    return (uint32_t)time(NULL);
}

const char *tool_error_name(int error)
{
    switch (error) {
    case ERR_INVALID: return "invalid argument";
    case ERR_NO_MEMORY: return "out of memory";
    case ERR_EXISTS: return "exists";
    case ERR_NOT_FOUND: return "not found";
    case BLOCK_ERR_IO: return "I/O error";
    case FS_ERR_NOT_DIR: return "not a directory";
    case FS_ERR_IS_DIR: return "is a directory";
    case FS_ERR_NOT_EMPTY: return "directory not empty";
    case FS_ERR_NO_SPACE: return "no space left";
    case FS_ERR_NAME: return "bad name";
    case FS_ERR_CORRUPT: return "corrupt file system";
    case FS_ERR_TOO_BIG: return "file too big";
    case FS_ERR_BUSY: return "busy";
    default: return "error";
    }
}

static int fail(struct ext2_fs *fs, const char *image, int error)
{
    fprintf(stderr, "%s: %s: %s: %s\n", program, image, tool_error_name(error), fs->message);
    return 1;
}

static int usage(void)
{
    fprintf(stderr, "usage: %s IMAGE ls|cat|write|mkdir|rm|rmdir|stat PATH\n"
                    "       %s IMAGE mv OLD NEW | truncate PATH BYTES | df\n"
                    "       %s IMAGE fuzz SEED ROUNDS\n", program, program, program);
    return 2;
}

static const char *type_name(uint8_t type)
{
    switch (type) {
    case EXT2_FT_REG_FILE: return "file";
    case EXT2_FT_DIR: return "dir";
    case EXT2_FT_SYMLINK: return "link";
    default: return "other";
    }
}

static int open_path(struct ext2_fs *fs, const char *path, uint32_t *ino, struct ext2_inode *inode)
{
    int result = ext2_path_lookup(fs, path, (uint32_t)strlen(path), ino);
    if (result == 0)
        result = ext2_inode_read(fs, *ino, inode);
    return result;
}

static int command_ls(struct ext2_fs *fs, const char *path)
{
    uint32_t ino, cookie = 0;
    struct ext2_inode dir;
    int result = open_path(fs, path, &ino, &dir);
    struct ext2_dir_entry entry;
    while (result == 0 && (result = ext2_dir_next(fs, ino, &dir, &cookie, &entry)) == 1) {
        struct ext2_inode inode;
        if ((result = ext2_inode_read(fs, entry.inode, &inode)) < 0)
            break;
        printf("%8u %-5s %10u %s\n", entry.inode, type_name(entry.type), inode.i_size, entry.name);
        result = 0;
    }
    return result;
}

static int command_cat(struct ext2_fs *fs, const char *path)
{
    uint32_t ino;
    struct ext2_inode inode;
    int result = open_path(fs, path, &ino, &inode);
    if (result < 0)
        return result;
    if ((inode.i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR)
        return ext2_fail(fs, FS_ERR_IS_DIR, "\"%s\" is a directory", path);
    static uint8_t buffer[TOOL_WRITE_CHUNK];
    for (uint32_t offset = 0;; ) {
        int got = ext2_file_read(fs, ino, &inode, offset, buffer, sizeof buffer);
        if (got <= 0)
            return got;
        fwrite(buffer, 1, (size_t)got, stdout);
        offset += (uint32_t)got;
    }
}

static int command_write(struct ext2_fs *fs, const char *path)
{
    uint32_t ino, length = (uint32_t)strlen(path);
    int result = ext2_path_lookup(fs, path, length, &ino);
    if (result == ERR_NOT_FOUND)
        result = ext2_create(fs, path, length, &ino);
    struct ext2_inode inode;
    if (result < 0 || (result = ext2_inode_read(fs, ino, &inode)) < 0)
        return result;
    if ((result = ext2_file_truncate(fs, ino, &inode, 0)) < 0)
        return result;
    static uint8_t buffer[TOOL_WRITE_CHUNK];
    uint32_t offset = 0;
    size_t got;
    while ((got = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        int wrote = ext2_file_write(fs, ino, &inode, offset, buffer, (uint32_t)got);
        if (wrote < 0)
            return wrote;
        if ((size_t)wrote < got)
            return ext2_fail(fs, FS_ERR_NO_SPACE, "wrote only %u of %u bytes at %u",
                             (unsigned)wrote, (unsigned)got, offset);
        offset += (uint32_t)wrote;
    }
    return 0;
}

static int command_truncate(struct ext2_fs *fs, const char *path, const char *size_text)
{
    char *end;
    errno = 0;
    unsigned long size = strtoul(size_text, &end, 0);
    if (*size_text == '\0' || *end != '\0' || errno != 0 || size > EXT2_MAX_FILE_SIZE)
        return ext2_fail(fs, ERR_INVALID, "size \"%s\" is not a number of bytes below 2 GiB",
                         size_text);
    uint32_t ino;
    struct ext2_inode inode;
    int result = open_path(fs, path, &ino, &inode);
    return result < 0 ? result : ext2_file_truncate(fs, ino, &inode, (uint32_t)size);
}

static int command_stat(struct ext2_fs *fs, const char *path)
{
    uint32_t ino;
    struct ext2_inode inode;
    int result = open_path(fs, path, &ino, &inode);
    if (result == 0)
        printf("inode %u mode 0%o size %u links %u blocks %u mtime %u\n", ino, inode.i_mode,
               inode.i_size, inode.i_links_count, inode.i_blocks, inode.i_mtime);
    return result;
}

static int command_df(struct ext2_fs *fs)
{
    uint32_t block_size, blocks, free_blocks, inodes, free_inodes;
    ext2_statfs(fs, &block_size, &blocks, &free_blocks, &inodes, &free_inodes);
    printf("block_size %u blocks %u free_blocks %u inodes %u free_inodes %u\n", block_size,
           blocks, free_blocks, inodes, free_inodes);
    return 0;
}

static int run(struct ext2_fs *fs, int argc, char **argv)
{
    const char *command = argv[2];
    int args = argc - 3;
    const char *a = args > 0 ? argv[3] : NULL, *b = args > 1 ? argv[4] : NULL;
#define WANT(n) do { if (args != (n)) return usage(); } while (0)
    if (!strcmp(command, "ls")) { WANT(1); return command_ls(fs, a); }
    if (!strcmp(command, "cat")) { WANT(1); return command_cat(fs, a); }
    if (!strcmp(command, "write")) { WANT(1); return command_write(fs, a); }
    if (!strcmp(command, "mkdir")) { WANT(1); return ext2_mkdir(fs, a, (uint32_t)strlen(a)); }
    if (!strcmp(command, "rm")) { WANT(1); return ext2_unlink(fs, a, (uint32_t)strlen(a)); }
    if (!strcmp(command, "rmdir")) { WANT(1); return ext2_rmdir(fs, a, (uint32_t)strlen(a)); }
    if (!strcmp(command, "mv")) {
        WANT(2);
        return ext2_rename(fs, a, (uint32_t)strlen(a), b, (uint32_t)strlen(b));
    }
    if (!strcmp(command, "truncate")) { WANT(2); return command_truncate(fs, a, b); }
    if (!strcmp(command, "stat")) { WANT(1); return command_stat(fs, a); }
    if (!strcmp(command, "df")) { WANT(0); return command_df(fs); }
#undef WANT
    return usage();
}

static const char *commands[] = { "ls", "cat", "write", "mkdir", "rm", "rmdir", "mv",
                                  "truncate", "stat", "df", NULL };

int main(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    const char *image = argv[1];
    if (!strcmp(argv[2], "fuzz"))
        return argc == 5 ? tool_fuzz(image, argv[3], argv[4]) : usage();
    int known = 0;
    for (int i = 0; commands[i]; i++)
        known |= !strcmp(argv[2], commands[i]);
    if (!known) {
        fprintf(stderr, "%s: unknown command \"%s\"\n", program, argv[2]);
        return usage();
    }
    int fd = open(image, O_RDWR);
    struct stat info;
    if (fd < 0 || fstat(fd, &info) < 0) {
        fprintf(stderr, "%s: %s: cannot open: %s\n", program, image, strerror(errno));
        return 1;
    }
    struct fs_device device = { file_read, file_write, file_flush, tool_now,
                                (uint32_t)(info.st_size / FS_DEVICE_SECTOR_SIZE), &fd };
    struct ext2_fs fs;
    int result = ext2_mount(&fs, &device, TOOL_CACHE_BLOCKS);
    if (result < 0) {
        fail(&fs, image, result);
        close(fd);
        return 1;
    }
    result = run(&fs, argc, argv);
    int status = result == 2 ? 2 : result < 0 ? fail(&fs, image, result) : 0;
    if (ext2_unmount(&fs) < 0 && status == 0)
        status = fail(&fs, image, BLOCK_ERR_IO);
    close(fd);
    fflush(stdout);
    return status;
}
