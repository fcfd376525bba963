/**
 * @file shell/jobs.h
 * @brief Running what the shell parsed: each command a process of the process manager
 *        (proto/pm.h), pipes between them from the pipe service (proto/pipe.h), the console's
 *        foreground (proto/console.h) while a job runs in front, background jobs reaped.
 *
 * A command becomes a process in these requests: PM_SPAWN, PM_GIVE (once for each standard
 * stream: a STREAM_DUP of the shell's own, of a pipe end, or of a file a redirection opened
 * through the file server), PM_SET_DIRECTORY (the shell's working directory, unless it is
 * "/") and PM_START; the shell then closes its own pipe ends and files, so that a pipe's
 * reader sees end of file once its writers end, and a file is closed with its last user.
 * A redirection that cannot be opened ("shell: /nope: no such file or directory") runs
 * nothing of the line, and $? is SHELL_STATUS_REDIRECT_FAILED.
 * `$?` follows the POSIX shells: the exit status, 128 + the vector for a fault,
 * SHELL_STATUS_INTERRUPTED for Ctrl-C.
 */
#ifndef ORRERY_SHELL_JOBS_H
#define ORRERY_SHELL_JOBS_H

#include "parse.h"

#define SHELL_STATUS_FAULT_BASE 128   /**< $? of a process a fault stopped: this + the vector */
#define SHELL_STATUS_INTERRUPTED 130  /**< Ctrl-C (128 + SIGINT's 2, as POSIX shells) */
#define SHELL_STATUS_KILLED 137       /**< PM_KILL (128 + SIGKILL's 9) */
#define SHELL_STATUS_NO_MEMORY 125    /**< the memory manager could not give it a page */
#define SHELL_STATUS_CANNOT_RUN 126   /**< it could not be started */
#define SHELL_STATUS_NOT_FOUND 127    /**< no such program */
#define SHELL_STATUS_REDIRECT_FAILED 1 /**< a file of `<`, `>` or `>>` could not be opened */
/** Background processes the shell keeps track of at once. */
#define SHELL_MAX_BACKGROUND 16

/** Look up the services the shell needs ("console", "pipe"); say which are missing. */
void shell_jobs_init(void);

/** Run @p pipeline (count >= 1): in front (waits, @return its last command's $?) or in
 *  the background (prints `[pid]`, @return 0). */
int shell_run(const struct shell_pipeline *pipeline);

/** The `wait` built-in: wait for every background process, reporting each. @return 0. */
int shell_wait_background(void);

#endif
