/*
 * ls.c - list directories: the names in each (the working directory without an argument),
 * or a file's own name. -l adds the type and permissions, links, size and inode; -a shows
 * the names that begin with '.' too. Names come sorted (byte order), up to LS_BATCH of them
 * at a time: a bigger directory is listed in sorted batches.
 *   ls          ls -l /home/student          ls -a /
 */
#include "dir.h"
#include "file_util.h"
#include "fs_client.h"
#include "path.h"
#include "program.h"
#include "stdio.h"
#include "string.h"

#define LS_BATCH 256
#define LS_POOL (32 * 1024)

static bool long_form, all;
static char pool[LS_POOL];       /* the names of a batch, NUL-terminated, one after another */
static char *names[LS_BATCH];
static unsigned count, used;

/* "drwxr-xr-x" for @p mode. */
static void mode_text(unsigned mode, char text[11])
{
    unsigned type = mode & FS_MODE_TYPE_MASK;
    text[0] = type == FS_MODE_DIR ? 'd' : type == FS_MODE_SYMLINK ? 'l' : type == FS_MODE_FILE ? '-' : '?';
    static const char letters[] = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        text[1 + i] = mode & (0400u >> i) ? letters[i] : '-';
    text[10] = '\0';
}

/* One line of the listing: @p name, and for -l what @p path's stat says. */
static int show(const char *path, const char *name)
{
    if (!long_form) {
        printf("%s\n", name);
        return 0;
    }
    struct fs_stat info;
    int error = fs_stat(path, &info);
    if (error < 0)
        return file_complain("ls", path, error);
    char mode[11];
    mode_text(info.mode, mode);
    printf("%s %3u %8u %6u %s\n", mode, info.links, info.size, info.inode, name);
    return 0;
}

/* Print the batch of names in @p directory, sorted, and empty it. */
static int flush(const char *directory)
{
    for (unsigned i = 1; i < count; i++) /* insertion sort: a batch is small */
        for (unsigned j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *swap = names[j];
            names[j] = names[j - 1];
            names[j - 1] = swap;
        }
    static char full[PATH_MAX_LENGTH + 1];
    int status = 0;
    for (unsigned i = 0; i < count; i++) {
        if (long_form && path_join(directory, names[i], full, sizeof full) < 0)
            status = file_complain("ls", names[i], FS_ERR_NAME);
        else
            status |= show(full, names[i]);
    }
    count = used = 0;
    return status;
}

static int list(const char *path)
{
    struct fs_stat info;
    int error = fs_stat(path, &info);
    if (error < 0)
        return file_complain("ls", path, error);
    if ((info.mode & FS_MODE_TYPE_MASK) != FS_MODE_DIR)
        return show(path, path);
    static struct dir dir;
    error = opendir(&dir, path);
    if (error < 0)
        return file_complain("ls", path, error);
    static struct dirent entry;
    int status = 0, got;
    while ((got = readdir(&dir, &entry)) > 0) {
        if (entry.name[0] == '.' && !all)
            continue;
        size_t length = strlen(entry.name) + 1;
        if (count == LS_BATCH || used + length > sizeof pool)
            status |= flush(path);
        memcpy(pool + used, entry.name, length);
        names[count++] = pool + used;
        used += length;
    }
    status |= flush(path);
    if (got < 0)
        status = file_complain("ls", path, got);
    closedir(&dir);
    return status;
}

int main(int argc, char **argv)
{
    int first = 1;
    for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
        for (const char *flag = argv[first] + 1; *flag; flag++) {
            if (*flag == 'l')
                long_form = true;
            else if (*flag == 'a')
                all = true;
            else {
                fprintf(stderr, "ls: unknown option -%c (usage: ls [-l] [-a] [path...])\n", *flag);
                return 2;
            }
        }
    }
    if (first == argc)
        return list(".");
    int status = 0;
    for (int i = first; i < argc; i++) {
        if (argc - first > 1)
            printf("%s%s:\n", i > first ? "\n" : "", argv[i]);
        status |= list(argv[i]);
    }
    return status;
}
