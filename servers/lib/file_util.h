/**
 * @file file_util.h
 * @brief What the file utilities (servers/bin/) share: an error message that names the
 *        path and the error, and reading a descriptor line by line.
 */
#ifndef ORRERY_USER_FILE_UTIL_H
#define ORRERY_USER_FILE_UTIL_H

#include "proto/fs.h"
#include "types.h"

/**
 * Print "PROGRAM: WHAT: SENTENCE (NAME)" on standard error, e.g.
 * `cat: /nope: no such file or directory (ERR_NOT_FOUND)`. @return 1, the exit status a
 * utility gives for it.
 */
int file_complain(const char *program, const char *what, int code);

/** A line reader over one descriptor: lines of at most FILE_LINE_MAX bytes (longer ones
 *  come in pieces of that size). */
#define FILE_LINE_MAX 1024
struct line_reader {
    int fd;
    size_t used;  /* bytes in buffer */
    size_t next;  /* the next byte to look at */
    bool end;     /* read() said the end, or an error */
    int error;    /* the error read() gave, or 0 */
    char buffer[FS_BUFFER_SIZE];
};

/** Start reading @p fd. */
void line_reader_init(struct line_reader *reader, int fd);

/**
 * The next line into @p line (NUL-terminated, without its newline; @p size bytes at most,
 * its NUL included). @p had_newline (may be NULL) says whether it ended in one.
 * @return 1 for a line, 0 at the end, or read()'s error.
 */
int line_reader_next(struct line_reader *reader, char *line, size_t size, bool *had_newline);

/** Whether @p path names a directory (false if it names nothing, or on an error). */
bool file_is_directory(const char *path);

#endif
