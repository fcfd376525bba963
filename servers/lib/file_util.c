/*
 * file_util.c - the file utilities' shared pieces (file_util.h).
 */
#include "file_util.h"
#include "error_text.h"
#include "fd.h"
#include "fs_client.h"
#include "stdio.h"

int file_complain(const char *program, const char *what, int code)
{
    fprintf(stderr, "%s: %s: %s (%s)\n", program, what, error_text(code), error_name(code));
    return 1;
}

void line_reader_init(struct line_reader *reader, int fd)
{
    reader->fd = fd;
    reader->used = reader->next = 0;
    reader->end = false;
    reader->error = 0;
}

int line_reader_next(struct line_reader *reader, char *line, size_t size, bool *had_newline)
{
    size_t length = 0;
    if (had_newline)
        *had_newline = false;
    for (;;) {
        if (reader->next == reader->used) {
            if (reader->end)
                break;
            int got = read(reader->fd, reader->buffer, sizeof reader->buffer);
            if (got <= 0) {
                reader->end = true;
                reader->error = got;
                break;
            }
            reader->used = (size_t)got;
            reader->next = 0;
        }
        char c = reader->buffer[reader->next++];
        if (c == '\n') {
            if (had_newline)
                *had_newline = true;
            line[length] = '\0';
            return 1;
        }
        line[length++] = c;
        if (length + 1 >= size) { /* a long line: this piece now, the rest next time */
            line[length] = '\0';
            return 1;
        }
    }
    line[length] = '\0';
    if (length > 0)
        return 1;
    return reader->error < 0 ? reader->error : 0;
}

bool file_is_directory(const char *path)
{
    struct fs_stat info;
    return fs_stat(path, &info) == 0 && (info.mode & FS_MODE_TYPE_MASK) == FS_MODE_DIR;
}
