/**
 * @file stdio.h
 * @brief C's standard streams for user programs: printf and friends on standard output and
 *        error, getchar and fgets on standard input, over the descriptors of fd.h.
 *
 * stdin, stdout and stderr read and write descriptors 0, 1 and 2. Standard output is line
 * buffered: what a program prints collects in a buffer until a newline, a full buffer,
 * fflush(), a read from standard input, or exit(), so one printf of a line is one
 * STREAM_WRITE. Standard error is written at once.
 *
 * When descriptor 1 or 2 is not open (servers started by init have no standard streams,
 * nor do the kernel's test programs), output goes to the kernel's debug console
 * (debug_write, the serial port), one call per printf, as it always has; reading a
 * standard input that is not open gives EOF.
 *
 * Formatting is kernel/format.c's format_string (the same conversions as kprintf: %c %s
 * %d %i %u %x %X %p %%, flags '-' '0', a width, l and ll). No stream is opened or closed
 * by the program: there are only the three.
 */
#ifndef ORRERY_USER_STDIO_H
#define ORRERY_USER_STDIO_H

#include <stdarg.h>
#include "types.h"

/** The longest output one printf call prints; longer output is cut at this length. */
#define PRINTF_MAX 1024
/** Bytes each stream buffers. */
#define STDIO_BUFFER_SIZE 1024
/** What getchar and fgetc return at the end of input (or on an error). */
#define EOF (-1)

/** A standard stream (stdio.c). */
typedef struct stdio_stream FILE;
extern FILE *const stdin;
extern FILE *const stdout;
extern FILE *const stderr;

/** Print formatted text on standard output. @return the length of the full output. */
int printf(const char *fmt, ...) PRINTF_LIKE(1, 2);
/** printf with its arguments in a va_list. */
int vprintf(const char *fmt, va_list args);
/** Print formatted text on @p stream. @return the length of the full output. */
int fprintf(FILE *stream, const char *fmt, ...) PRINTF_LIKE(2, 3);
/** fprintf with its arguments in a va_list. */
int vfprintf(FILE *stream, const char *fmt, va_list args);

/** Format into @p buf (at most @p size bytes, NUL included). @return the full length. */
int snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);
/** snprintf with its arguments in a va_list. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);

/** Write @p text and a newline on standard output. @return 0, or EOF on an error. */
int puts(const char *text);
/** Write @p text on @p stream. @return 0, or EOF on an error. */
int fputs(const char *text, FILE *stream);
/** Write the byte @p c on standard output. @return it, or EOF on an error. */
int putchar(int c);
/** Write the byte @p c on @p stream. @return it, or EOF on an error. */
int fputc(int c, FILE *stream);
/** Write @p count items of @p size bytes on @p stream. @return the items written. */
size_t fwrite(const void *data, size_t size, size_t count, FILE *stream);
/** Write out what @p stream has buffered. @return 0, or EOF on an error. */
int fflush(FILE *stream);

/** The next byte of standard input, or EOF at its end (standard output is flushed first). */
int getchar(void);
/** The next byte of @p stream (only stdin can be read), or EOF at its end. */
int fgetc(FILE *stream);
/**
 * Read a line: bytes up to and including a newline, at most @p size - 1, then a NUL.
 * @return @p line, or NULL if the input ended before any byte.
 */
char *fgets(char *line, int size, FILE *stream);
/** Whether the end of @p stream's input was reached. */
int feof(FILE *stream);

/**
 * Open the standard descriptors on the stream connections in START_SLOT_STDIN, STDOUT and
 * STDERR (those that hold one), and flush and close them at exit(). @p streams_given: a
 * process's streams, which the process manager gave and closes when the process ends
 * (fd_open_given_stream_as): exit() flushes them and sends no STREAM_CLOSE of its own.
 * program_start() calls it before main; the kernel's test programs, which start in crt0.S,
 * do not.
 */
void stdio_init(bool streams_given);

/** Write @p len bytes to the kernel's debug console, in pieces of DEBUG_WRITE_MAX.
 *  @return 0 or an error. */
int console_write(const char *text, size_t len);

#endif
