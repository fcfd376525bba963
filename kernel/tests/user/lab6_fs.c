/*
 * lab6_fs.c - Lab 6's grader drives the file server (servers/fs, with the student's ext2
 * allocation, block map and directory code) from a client in the whole system: init starts
 * ata and fs from the manifest and runs this program (kernel command line `run=lab6_fs`)
 * on a fresh copy of build/disk.img. labs/lab6/guest_checks.py judges the copy after QEMU
 * stopped, from outside, with e2fsck -fn and debugfs; nothing printed here earns a mark
 * (the lines below are only there to help a student see how far the run got).
 *
 * What it leaves on the disk (the constants are guest_checks.py's too):
 *   /lab6/small.txt        SMALL_SIZE bytes of pattern 1 (direct blocks only)
 *   /lab6/indirect.bin     INDIRECT_SIZE bytes of pattern 2 (into the indirect block)
 *   /lab6/double.bin       DOUBLE_SIZE bytes of pattern 3 (into the double-indirect blocks)
 *   /lab6/double.copy      double.bin read back through the server after FS_DROP_CACHE
 *                          (so its map is read from the disk) and written out again
 *   /lab6/many/NAME(i)     MANY files, "entry i\n", then "found\n" appended after every file
 *                          was made (FS_OPEN without FS_O_CREATE: a lookup)
 *   /home/student/README   mke2fs's file with "lab6 was here\n" appended (a lookup of a
 *                          name the student's code did not insert)
 *   /lab6/not-found        made only if opening /lab6/many/absent without FS_O_CREATE
 *                          answered ERR_NOT_FOUND: its content is that answer
 *   /lab6/doomed.bin       DOOMED_SIZE bytes written, then unlinked: gone, its blocks and
 *                          inode free again (e2fsck's counts check that)
 *
 * Expected: "lab6_fs: finished, 0 checks failed" and status 0 with the reference code; a
 * step that failed prints "lab6_fs: FAIL: what" and the status is 1.
 */
#include "program.h"
#include "proto/fs.h"
#include "proto/nameserver.h"
#include "shared_map.h"
#include "slot.h"
#include "stdio.h"
#include "string.h"
#include "syscall_stubs.h"

#define NAME "lab6_fs"
#define SMALL_SIZE 3000u
#define INDIRECT_SIZE 100000u
#define DOUBLE_SIZE 400000u
#define DOOMED_SIZE 50000u
#define MANY 150u

static unsigned failures;
static int fs = -1;    /* the connection */
static char *paths;    /* its frame */

static void check(bool ok, const char *what, int got)
{
    if (!ok) {
        printf(NAME ": FAIL: %s (got %d, %s)\n", what, got, error_name(got));
        failures++;
    }
}

static unsigned char pattern_byte(unsigned seed, unsigned offset)
{
    return (unsigned char)((offset * 7 + seed * 13 + (offset >> 8) * 3) & 0xFF);
}

/* The name of the i-th file of /lab6/many: lengths vary (8 to 57 bytes of name), so that
 * records of many sizes are split. guest_checks.py's many_name() is the same. */
static void many_name(unsigned i, char *out)
{
    int length = snprintf(out, 80, "/lab6/many/entry-%03u-", i);
    for (unsigned k = 0; k < i % 40; k++)
        out[length++] = (char)('a' + (i + k) % 26);
    out[length] = '\0';
}

struct file {
    int cap;
    int frame;
    unsigned char *buffer;
};

static int connect(void)
{
    fs = slot_alloc();
    int error = fs < 0 ? fs : ns_lookup(START_SLOT_NS, "fs", fs);
    if (error < 0)
        return error;
    int frame = slot_alloc();
    error = frame < 0 ? frame : rpc_call_for_cap(fs, FS_MAP, NULL, 0, -1, frame);
    if (error < 0)
        return error;
    paths = (char *)shared_map_frame(frame, true);
    return paths ? 0 : ERR_NO_MEMORY;
}

static unsigned put_path(const char *path)
{
    unsigned length = strlen(path);
    memcpy(paths, path, length);
    return length;
}

static int path_call(unsigned label, const char *path)
{
    return rpc_call(fs, label, 1, put_path(path), 0, 0, NULL);
}

/* FS_OPEN + STREAM_MAP. @return 0 or the error (nothing left open). */
static int open_file(const char *path, unsigned flags, struct file *file)
{
    unsigned words[2] = { flags, put_path(path) };
    file->buffer = NULL;
    file->cap = slot_alloc();
    int got = rpc_call_for_cap(fs, FS_OPEN, words, 2, -1, file->cap);
    if (got < 0) {
        slot_release(file->cap);
        return got;
    }
    file->frame = slot_alloc();
    got = rpc_call_for_cap(file->cap, STREAM_MAP, NULL, 0, -1, file->frame);
    file->buffer = got < 0 ? NULL : (unsigned char *)shared_map_frame(file->frame, true);
    if (!file->buffer) {
        rpc_call(file->cap, STREAM_CLOSE, 0, 0, 0, 0, NULL);
        return got < 0 ? got : ERR_NO_MEMORY;
    }
    return 0;
}

static void close_file(struct file *file)
{
    if (!file->buffer)
        return;
    rpc_call(file->cap, STREAM_CLOSE, 0, 0, 0, 0, NULL);
    shared_unmap_frame(file->frame, (uint32_t)file->buffer);
    slot_free(file->frame);
    slot_free(file->cap);
    file->buffer = NULL;
}

/* Writes @p length bytes: from @p data, or (NULL) of pattern @p seed. @return bytes or error. */
static int write_out(struct file *file, const unsigned char *data, unsigned seed, unsigned length)
{
    unsigned done = 0;
    while (done < length) {
        unsigned chunk = length - done < FS_BUFFER_SIZE ? length - done : FS_BUFFER_SIZE;
        for (unsigned i = 0; i < chunk; i++)
            file->buffer[i] = data ? data[done + i] : pattern_byte(seed, done + i);
        int got = rpc_call(file->cap, STREAM_WRITE, 1, chunk, 0, 0, NULL);
        if (got <= 0)
            return got < 0 ? got : ERR_INVALID;
        done += (unsigned)got;
    }
    return (int)done;
}

/* Makes @p path with @p length bytes of pattern @p seed. */
static void make_file(const char *path, unsigned seed, unsigned length)
{
    struct file file;
    int got = open_file(path, FS_O_WRITE | FS_O_CREATE | FS_O_EXCL, &file);
    check(got == 0, path, got);
    if (got < 0)
        return;
    got = write_out(&file, NULL, seed, length);
    check(got == (int)length, "writing a file's bytes", got);
    close_file(&file);
    printf(NAME ": made %s (%u bytes)\n", path, length);
}

/* Opens the existing @p path (a lookup, never a create) and appends @p text. */
static int append(const char *path, const char *text)
{
    struct file file;
    int got = open_file(path, FS_O_WRITE | FS_O_APPEND, &file);
    if (got < 0)
        return got;
    got = write_out(&file, (const unsigned char *)text, 0, strlen(text));
    close_file(&file);
    return got;
}

/* Reads @p from through the server and writes what it read to the new file @p to. */
static void copy_file(const char *from, const char *to)
{
    struct file in, out;
    int got = open_file(from, FS_O_READ, &in);
    check(got == 0, from, got);
    if (got < 0)
        return;
    got = open_file(to, FS_O_WRITE | FS_O_CREATE | FS_O_EXCL, &out);
    check(got == 0, to, got);
    static unsigned char chunk[FS_BUFFER_SIZE];
    unsigned total = 0;
    while (got == 0) {
        int read = rpc_call(in.cap, STREAM_READ, 1, FS_BUFFER_SIZE, 0, 0, NULL);
        if (read <= 0) {
            check(read == 0, "reading double.bin back", read);
            break;
        }
        memcpy(chunk, in.buffer, (unsigned)read);
        int wrote = write_out(&out, chunk, 0, (unsigned)read);
        check(wrote == read, "writing double.copy", wrote);
        if (wrote != read)
            break;
        total += (unsigned)read;
    }
    close_file(&in);
    close_file(&out);
    printf(NAME ": copied %s to %s (%u bytes)\n", from, to, total);
}

static void run(void)
{
    check(path_call(FS_MKDIR, "/lab6") == 0, "mkdir /lab6", path_call(FS_STAT, "/lab6"));
    make_file("/lab6/small.txt", 1, SMALL_SIZE);
    make_file("/lab6/indirect.bin", 2, INDIRECT_SIZE);
    make_file("/lab6/double.bin", 3, DOUBLE_SIZE);

    int got = path_call(FS_MKDIR, "/lab6/many");
    check(got == 0, "mkdir /lab6/many", got);
    char name[96], text[32];
    unsigned made = 0;
    for (unsigned i = 0; i < MANY; i++) {
        many_name(i, name);
        struct file file;
        got = open_file(name, FS_O_WRITE | FS_O_CREATE | FS_O_EXCL, &file);
        if (got == 0) {
            int length = snprintf(text, sizeof text, "entry %u\n", i);
            got = write_out(&file, (const unsigned char *)text, 0, (unsigned)length);
            close_file(&file);
            made += got == length;
        }
        check(got >= 0, name, got);
    }
    printf(NAME ": made %u of %u files in /lab6/many\n", made, MANY);
    unsigned found = 0;
    for (unsigned i = 0; i < MANY; i++) {
        many_name(i, name);
        got = append(name, "found\n");
        check(got == 6, name, got);
        found += got == 6;
    }
    printf(NAME ": found %u of %u files in /lab6/many\n", found, MANY);
    got = append("/home/student/README", "lab6 was here\n");
    check(got == 14, "appending to /home/student/README", got);
    struct file file;
    got = open_file("/lab6/many/absent", FS_O_READ, &file);
    if (got == 0)
        close_file(&file);
    if (got == ERR_NOT_FOUND) {
        struct file marker;
        if (open_file("/lab6/not-found", FS_O_WRITE | FS_O_CREATE | FS_O_EXCL, &marker) == 0) {
            write_out(&marker, (const unsigned char *)"ERR_NOT_FOUND\n", 0, 14);
            close_file(&marker);
        }
    }
    check(got == ERR_NOT_FOUND, "opening /lab6/many/absent", got);

    make_file("/lab6/doomed.bin", 4, DOOMED_SIZE);
    got = path_call(FS_UNLINK, "/lab6/doomed.bin");
    check(got == 0, "unlinking /lab6/doomed.bin", got);

    got = rpc_call(fs, FS_DROP_CACHE, 0, 0, 0, 0, NULL);
    check(got == 0, "FS_DROP_CACHE", got);
    copy_file("/lab6/double.bin", "/lab6/double.copy");
    got = rpc_call(fs, FS_SYNC, 0, 0, 0, 0, NULL);
    check(got == 0, "FS_SYNC", got);
}

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    int got = connect();
    check(got == 0, "connecting to fs", got);
    if (got == 0)
        run();
    printf(NAME ": finished, %u checks failed\n", failures);
    return failures ? 1 : 0;
}
