/*
 * stdio.c - the three standard streams: buffers over descriptors 0, 1 and 2 (fd.h), and the
 * kernel's debug console for output when those are not open (stdio.h).
 */
#include "stdio.h"
#include "cstring.h"
#include "exit.h"
#include "fd.h"
#include "mutex.h"
#include "start_info.h"
#include "syscall_stubs.h"

struct stdio_stream {
    int fd;
    bool line_buffered; /* output: flush at each newline (else: only when full) */
    bool unbuffered;    /* output: write at once */
    bool eof;           /* input: the end was reached */
    size_t used;        /* bytes in buffer (output: waiting to be written; input: read) */
    size_t next;        /* input: the next byte of buffer to hand out */
    struct mutex lock;
    char *buffer;       /* STDIO_BUFFER_SIZE bytes */
};

static char buffers[3][STDIO_BUFFER_SIZE]; /* in .bss: a process's pages come on first touch */

static struct stdio_stream streams[3] = {
    { .fd = FD_STDIN, .buffer = buffers[FD_STDIN] },
    { .fd = FD_STDOUT, .line_buffered = true, .buffer = buffers[FD_STDOUT] },
    { .fd = FD_STDERR, .unbuffered = true, .buffer = buffers[FD_STDERR] },
};
FILE *const stdin = &streams[0];
FILE *const stdout = &streams[1];
FILE *const stderr = &streams[2];

int console_write(const char *text, size_t len)
{
    while (len > 0) {
        size_t chunk = len < DEBUG_WRITE_MAX ? len : DEBUG_WRITE_MAX;
        int written = sys_debug_write(text, chunk);
        if (written < 0)
            return written;
        text += chunk;
        len -= chunk;
    }
    return 0;
}

/* ---- Output --------------------------------------------------------------------------- */

/* Write out the buffer; the stream's lock is held. */
static int flush_locked(FILE *stream)
{
    int result = 0;
    if (stream->used > 0 && write(stream->fd, stream->buffer, stream->used) < (int)stream->used)
        result = EOF;
    stream->used = 0; /* what could not be written is dropped: the stream is gone */
    return result;
}

/* Put @p len bytes on @p stream: buffered, written at once, or to the debug console. */
static int put_bytes(FILE *stream, const char *data, size_t len)
{
    if (stream == stdin)
        return EOF;
    if (!fd_is_open(stream->fd))
        return console_write(data, len) < 0 ? EOF : 0;
    int result = 0;
    mutex_lock(&stream->lock);
    if (stream->used + len > STDIO_BUFFER_SIZE)
        result = flush_locked(stream);
    if (stream->unbuffered || len >= STDIO_BUFFER_SIZE) {
        if (write(stream->fd, data, len) < (int)len)
            result = EOF;
    } else {
        memcpy(stream->buffer + stream->used, data, len);
        stream->used += len;
        if (stream->line_buffered && memchr(data, '\n', len))
            result = flush_locked(stream);
    }
    mutex_unlock(&stream->lock);
    return result;
}

int fflush(FILE *stream)
{
    if (stream == stdin || !fd_is_open(stream->fd))
        return 0;
    mutex_lock(&stream->lock);
    int result = flush_locked(stream);
    mutex_unlock(&stream->lock);
    return result;
}

int fputs(const char *text, FILE *stream) { return put_bytes(stream, text, strlen(text)); }

int puts(const char *text)
{
    /* One put, so that the line is one write. */
    size_t len = strlen(text);
    char line[PRINTF_MAX + 1];
    if (len >= PRINTF_MAX) {
        if (fputs(text, stdout) != 0)
            return EOF;
        return fputc('\n', stdout) == EOF ? EOF : 0;
    }
    memcpy(line, text, len);
    line[len] = '\n';
    return put_bytes(stdout, line, len + 1);
}

int fputc(int c, FILE *stream)
{
    char byte = (char)c;
    return put_bytes(stream, &byte, 1) == 0 ? (unsigned char)c : EOF;
}

int putchar(int c) { return fputc(c, stdout); }

size_t fwrite(const void *data, size_t size, size_t count, FILE *stream)
{
    if (size == 0 || count == 0)
        return 0;
    if (count > (size_t)-1 / size)
        return 0;
    return put_bytes(stream, data, size * count) == 0 ? count : 0;
}

/* ---- Input ---------------------------------------------------------------------------- */

int fgetc(FILE *stream)
{
    if (stream != stdin || !fd_is_open(stream->fd))
        return EOF;
    fflush(stdout); /* a prompt without a newline appears before we wait */
    mutex_lock(&stream->lock);
    int c = EOF;
    if (stream->next == stream->used && !stream->eof) {
        int got = read(stream->fd, stream->buffer, STDIO_BUFFER_SIZE);
        stream->next = 0;
        stream->used = got > 0 ? (size_t)got : 0;
        stream->eof = got <= 0;
    }
    if (stream->next < stream->used)
        c = (unsigned char)stream->buffer[stream->next++];
    mutex_unlock(&stream->lock);
    return c;
}

int getchar(void) { return fgetc(stdin); }

char *fgets(char *line, int size, FILE *stream)
{
    if (size <= 0)
        return NULL;
    int n = 0;
    while (n < size - 1) {
        int c = fgetc(stream);
        if (c == EOF)
            break;
        line[n++] = (char)c;
        if (c == '\n')
            break;
    }
    line[n] = '\0';
    return n > 0 ? line : NULL;
}

int feof(FILE *stream) { return stream->eof; }

/* ---- Start and end ------------------------------------------------------------------- */

static void stdio_exit(void)
{
    fflush(stdout);
    fflush(stderr);
    for (int fd = FD_STDIN; fd <= FD_STDERR; fd++)
        close(fd);
}

void stdio_init(bool streams_given)
{
    for (int fd = FD_STDIN; fd <= FD_STDERR; fd++) /* ERR_INVALID if the slot is empty */
        if (streams_given)
            fd_open_given_stream_as(fd, START_SLOT_STDIN + fd);
        else
            fd_open_stream_as(fd, START_SLOT_STDIN + fd);
    atexit(stdio_exit);
}
