/**
 * @file exit.h
 * @brief How a program ends: exit() runs the atexit() functions (stdio's flush and close
 *        among them), then tells the process manager, or ends as runtime_exit() does.
 */
#ifndef ORRERY_USER_EXIT_H
#define ORRERY_USER_EXIT_H

/** How many functions atexit() keeps. */
#define EXIT_HANDLERS_MAX 8

/**
 * Run @p handler when the program calls exit() (or main returns), the latest registered
 * first. @return 0, or -1 when EXIT_HANDLERS_MAX are registered already.
 */
int atexit(void (*handler)(void));

/**
 * End the program with @p status: run the atexit() functions once, then, in a process,
 * send PM_EXIT to the process manager (which frees it and answers its parent's wait);
 * otherwise (a server, a kernel test program) end as runtime_exit(status): the root task
 * stops the machine, any other task ends its thread. Never returns.
 */
__attribute__((noreturn)) void exit(int status);

/** Make exit() tell the process manager at @p pm_slot (program_start, for processes). */
void exit_reports_to(int pm_slot);

#endif
