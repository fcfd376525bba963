/*
 * test_user_paths.c - host unit tests of the client library's paths, error words and
 * directory records (servers/lib/path.c, error_text.c, dirent.c): relative paths against a
 * working directory, ".", "..", "//", trailing slashes, what does not fit; every error code
 * has a name and a sentence; FS_READDIR batches, good and hostile.
 */
#include <stdio.h>
#include <string.h>

#include "dir.h"
#include "error_text.h"
#include "host_test.h"
#include "path.h"
#include "proto/errors.h"

/* Whether @p text holds @p part (<string.h> is the kernel's here: no strstr). */
static bool contains(const char *text, const char *part)
{
    for (; *text; text++)
        if (strncmp(text, part, strlen(part)) == 0)
            return true;
    return false;
}

/* Expect path_resolve(@p cwd, @p path) to give @p expected. */
static void expect_resolve(const char *cwd, const char *path, const char *expected)
{
    char out[PATH_MAX_LENGTH + 1];
    int length = path_resolve(cwd, path, out, sizeof out);
    EXPECT_STR_EQ(expected, out, "path_resolve(\"%s\", \"%s\")", cwd ? cwd : "NULL", path);
    EXPECT_EQ((long)strlen(expected), length, "length of path_resolve(\"%s\", \"%s\")",
              cwd ? cwd : "NULL", path);
}

HOST_TEST(absolute_paths_are_normalised)
{
    expect_resolve("/", "/", "/");
    expect_resolve("/", "//", "/");
    expect_resolve("/", "/home/student", "/home/student");
    expect_resolve("/", "/home//student/", "/home/student");
    expect_resolve("/", "/home/./student/.", "/home/student");
    expect_resolve("/", "/a/../b", "/b");
    expect_resolve("/", "/a/b/../../c/", "/c");
    expect_resolve("/tmp", "/etc/motd", "/etc/motd"); /* the cwd does not count */
}

HOST_TEST(dot_dot_stops_at_the_root)
{
    expect_resolve("/", "..", "/");
    expect_resolve("/", "/../../..", "/");
    expect_resolve("/a", "../../b", "/b");
    expect_resolve("/", "/..x/y", "/..x/y"); /* "..x" is a name, not ".." */
    expect_resolve("/", "/.hidden", "/.hidden");
}

HOST_TEST(relative_paths_use_the_working_directory)
{
    expect_resolve("/home/student", "README", "/home/student/README");
    expect_resolve("/home/student", "./README", "/home/student/README");
    expect_resolve("/home/student", "../student/big.txt", "/home/student/big.txt");
    expect_resolve("/home/student", "..", "/home");
    expect_resolve("/home/student", ".", "/home/student");
    expect_resolve("/home/student/", "a//b/", "/home/student/a/b");
    expect_resolve("/", "bin/ls", "/bin/ls");
    expect_resolve(NULL, "bin/ls", "/bin/ls");   /* no cwd: the root */
    expect_resolve("relative", "x", "/x");      /* a cwd that is not absolute: the root */
    expect_resolve("/a/../b", "c", "/b/c");     /* the cwd is normalised too */
}

HOST_TEST(bad_or_too_long_paths_are_refused)
{
    char out[PATH_MAX_LENGTH + 1];
    EXPECT_EQ(FS_ERR_NAME, path_resolve("/", "", out, sizeof out), "an empty path");
    EXPECT_STR_EQ("", out, "the result of a refused path");
    EXPECT_EQ(FS_ERR_NAME, path_resolve("/", NULL, out, sizeof out), "a NULL path");
    char name[PATH_NAME_MAX + 2];
    memset(name, 'n', PATH_NAME_MAX + 1);
    name[PATH_NAME_MAX + 1] = '\0';
    EXPECT_EQ(FS_ERR_NAME, path_resolve("/", name, out, sizeof out), "a name of 256 bytes");
    name[PATH_NAME_MAX] = '\0';
    EXPECT_EQ(1 + (long)PATH_NAME_MAX, path_resolve("/", name, out, sizeof out), "a name of 255 bytes");
    char small[8];
    EXPECT_EQ(7, path_resolve("/", "abcdef", small, sizeof small), "7 bytes and a NUL fit in 8");
    EXPECT_EQ(FS_ERR_NAME, path_resolve("/", "abcdefg", small, sizeof small), "8 bytes do not");
    EXPECT_EQ(FS_ERR_NAME, path_resolve("/abc", "defg", small, sizeof small), "nor with a cwd");
    EXPECT_EQ(1, path_resolve("/abcdefghijkl", "..", small, sizeof small) < 0, "a cwd too long");
    EXPECT_EQ(FS_ERR_NAME, path_resolve("/", "/", small, 1), "no room for \"/\"");
}

HOST_TEST(join_and_basename)
{
    char out[64];
    EXPECT_EQ(9, path_join("/tmp", "file", out, sizeof out), "join /tmp file");
    EXPECT_STR_EQ("/tmp/file", out, "join /tmp file");
    path_join("/", "file", out, sizeof out);
    EXPECT_STR_EQ("/file", out, "join / file");
    EXPECT_EQ(14, path_join("student", "README", out, sizeof out), "join a relative directory");
    EXPECT_STR_EQ("student/README", out, "a relative directory stays relative");
    EXPECT_EQ(FS_ERR_NAME, path_join("", "x", out, sizeof out), "join an empty directory");
    char eight[8];
    EXPECT_EQ(FS_ERR_NAME, path_join("abc", "defg", eight, sizeof eight), "a relative join that does not fit");
    EXPECT_EQ(7, path_join("abc", "def", eight, sizeof eight), "one that just fits");
    path_basename("/a/b/c", out, sizeof out);
    EXPECT_STR_EQ("c", out, "basename /a/b/c");
    path_basename("c/", out, sizeof out);
    EXPECT_STR_EQ("c", out, "basename c/");
    path_basename("name", out, sizeof out);
    EXPECT_STR_EQ("name", out, "basename name");
    path_basename("//", out, sizeof out);
    EXPECT_STR_EQ("/", out, "basename //");
    char tiny[3];
    EXPECT_EQ(FS_ERR_NAME, path_basename("/abc", tiny, sizeof tiny), "basename that does not fit");
}

HOST_TEST(every_error_code_has_a_name_and_a_sentence)
{
    static const int codes[] = { -1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -13, -14,
                                 BLOCK_ERR_IO, BLOCK_ERR_TIMEOUT, BLOCK_ERR_NO_DEVICE,
                                 FS_ERR_NOT_DIR, FS_ERR_IS_DIR, FS_ERR_NOT_EMPTY, FS_ERR_NO_SPACE,
                                 FS_ERR_NAME, FS_ERR_CORRUPT, FS_ERR_TOO_BIG, FS_ERR_BUSY };
    for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        EXPECT_TRUE(contains(error_name(codes[i]), "ERR_"), "the name of %d is %s", codes[i],
                    error_name(codes[i]));
        EXPECT_TRUE(strcmp(error_text(codes[i]), "unknown error") != 0, "the sentence of %d", codes[i]);
    }
    EXPECT_STR_EQ("ERR_NOT_FOUND", error_name(-4), "name of ERR_NOT_FOUND");
    EXPECT_STR_EQ("no such file or directory", error_text(-4), "text of ERR_NOT_FOUND");
    EXPECT_STR_EQ("FS_ERR_NOT_EMPTY", error_name(FS_ERR_NOT_EMPTY), "name of FS_ERR_NOT_EMPTY");
    EXPECT_STR_EQ("directory not empty", error_text(FS_ERR_NOT_EMPTY), "text of FS_ERR_NOT_EMPTY");
    EXPECT_STR_EQ("0", error_name(0), "name of 0");
    EXPECT_STR_EQ("a value", error_name(5), "name of a positive value");
    EXPECT_STR_EQ("an unknown error", error_name(-15), "name of -15 (between the tables)");
    EXPECT_STR_EQ("an unknown error", error_name(-35), "name of -35 (a gap)");
    EXPECT_STR_EQ("an unknown error", error_name(-48), "name of -48 (past the last)");
    EXPECT_STR_EQ("unknown error", error_text(-1000), "text of -1000");
    EXPECT_STR_EQ("an unknown error", error_name(-2147483647 - 1), "name of INT_MIN");
}

/* Put a record at @p at of @p batch: the header's fields as given, then @p name. */
static void put_record(uint8_t *batch, unsigned at, unsigned inode, unsigned length, unsigned name_length,
                       unsigned type, const char *name)
{
    struct fs_dirent header = { inode, (unsigned short)length, (unsigned char)name_length, (unsigned char)type };
    memcpy(batch + at, &header, sizeof header);
    memcpy(batch + at + sizeof header, name, strlen(name));
}

HOST_TEST(directory_records_unpack_in_turn)
{
    static uint8_t batch[64];
    memset(batch, 0, sizeof batch);
    put_record(batch, 0, 2, 12, 1, FS_DIRENT_DIR, ".");
    put_record(batch, 12, 11, 20, 6, FS_DIRENT_FILE, "README");
    struct dirent entry;
    unsigned offset = 0;
    EXPECT_EQ(0, dir_unpack(batch, sizeof batch, &offset, &entry), "the first record");
    EXPECT_STR_EQ(".", entry.name, "its name");
    EXPECT_EQ(12, offset, "the offset moves by its record length");
    EXPECT_EQ(0, dir_unpack(batch, sizeof batch, &offset, &entry), "the second record");
    EXPECT_STR_EQ("README", entry.name, "its name");
    EXPECT_EQ(11, entry.inode, "its inode");
    EXPECT_EQ(FS_DIRENT_FILE, entry.type, "its type");
    EXPECT_EQ(32, offset, "after both");
}

HOST_TEST(hostile_directory_records_are_refused)
{
    static uint8_t batch[64];
    struct dirent entry;
    unsigned offset;
    struct { unsigned length, name_length, at; const char *what; } cases[] = {
        { 4, 1, 0, "a record shorter than its header" },
        { 12, 5, 0, "a name longer than its record" },
        { 14, 1, 0, "a record length that is no multiple of 4" },
        { 68, 1, 0, "a record past the batch" },
        { 12, 0, 0, "an empty name" },
        { 12, 1, 2, "a record at an offset that is no multiple of 4" },
        { 12, 1, 60, "a header past the batch" },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(batch, 0, sizeof batch);
        if (cases[i].at + 8 <= sizeof batch)
            put_record(batch, cases[i].at, 5, cases[i].length, cases[i].name_length, 1, "x");
        offset = cases[i].at;
        EXPECT_EQ(FS_ERR_CORRUPT, dir_unpack(batch, sizeof batch, &offset, &entry), "%s", cases[i].what);
        EXPECT_EQ(cases[i].at, offset, "the offset stays after %s", cases[i].what);
    }
    memset(batch, 0, sizeof batch);
    put_record(batch, 0, 5, 64, 255, 1, "x"); /* a 255-byte name in a 64-byte record */
    offset = 0;
    EXPECT_EQ(FS_ERR_CORRUPT, dir_unpack(batch, sizeof batch, &offset, &entry), "a name past its record");
}
