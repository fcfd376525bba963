/*
 * shell/main.c - Orrery's shell: a prompt on standard input and output, each line parsed
 * (parse.c) and run (jobs.c), the built-ins help, exit, wait, cd and pwd.
 */
#include "cwd.h"
#include "input.h"
#include "jobs.h"
#include "parse.h"
#include "program.h"
#include "stdio.h"
#include "string.h"

#define SHELL_PROMPT "$ "
#define SHELL_HOME "/home/student" /* where `cd` alone goes */

/** The utilities the boot files hold (servers/bin/), for help. */
static const char shell_programs[] = "echo cat ps kill mem caps ipcbench sleep uptime crash spin hello trace";
/** The utilities only the disk's /bin holds (the Makefile's DISK_ONLY_UTILITIES). */
static const char shell_disk_programs[] =
    "ls cp mv rm mkdir rmdir touch wc grep head hexdump df sync true spawnbench";

static int help(void)
{
    printf("Type a program's name and its arguments, e.g. `echo hello` or `ps`.\n"
           "  a | b      the output of a is the input of b\n"
           "  a &        run a in the background\n"
           "  a < f      a reads file f;  a > f  writes f (from 0 bytes);  a >> f  adds to its end\n"
           "  'x y' \"x y\" x\\ y   one argument with a space in it; $? is the last status\n"
           "Built-ins: help, exit [status], wait (for the background processes),\n"
           "           cd [directory] (/home/student without one), pwd\n"
           "Programs: %s\n"
           "On the disk (/bin): %s\n"
           "Ctrl-C stops the program in front, Ctrl-U erases the line, Ctrl-D ends the input.\n",
           shell_programs, shell_disk_programs);
    return 0;
}

/* A number for exit's argument: decimal digits, maybe a minus. */
static bool parse_status(const char *text, int *value)
{
    bool negative = *text == '-';
    const char *p = text + negative;
    int n = 0;
    if (!*p)
        return false;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || n > 100000000)
            return false;
        n = n * 10 + (*p - '0');
    }
    *value = negative ? -n : n;
    return true;
}

/* cd [directory]: the working directory every program started from now on begins in. */
static int change_directory(const struct shell_command *command)
{
    const char *path = command->argc > 1 ? command->argv[1] : SHELL_HOME;
    if (command->argc > 2) {
        printf("shell: cd: too many arguments (one directory at most)\n");
        return 2;
    }
    int error = chdir(path);
    if (error < 0) {
        printf("shell: cd: %s: %s (%s)\n", path, error_text(error), error_name(error));
        return 1;
    }
    return 0;
}

/* Run @p pipeline: a built-in, or programs. @return its $?; *@p leave for exit. */
static int run_line(const struct shell_pipeline *pipeline, int last_status, bool *leave, int *exit_status)
{
    const struct shell_command *first = &pipeline->commands[0];
    bool alone = pipeline->count == 1 && !pipeline->background;
    if (alone && strcmp(first->argv[0], "help") == 0)
        return help();
    if (alone && strcmp(first->argv[0], "wait") == 0)
        return shell_wait_background();
    bool redirected = first->input || first->output;
    bool built_in = strcmp(first->argv[0], "cd") == 0 || strcmp(first->argv[0], "pwd") == 0;
    if (alone && redirected && built_in) {
        printf("shell: %s: a built-in takes no < or > (it is not a program)\n", first->argv[0]);
        return 2;
    }
    if (alone && !redirected && strcmp(first->argv[0], "cd") == 0)
        return change_directory(first);
    if (alone && !redirected && strcmp(first->argv[0], "pwd") == 0) {
        printf("%s\n", cwd_get());
        return 0;
    }
    if (alone && strcmp(first->argv[0], "exit") == 0) {
        *exit_status = last_status;
        if (first->argc > 1 && !parse_status(first->argv[1], exit_status)) {
            printf("shell: exit: not a number: %s\n", first->argv[1]);
            return 2;
        }
        *leave = true;
        return *exit_status;
    }
    return shell_run(pipeline);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    static char line[SHELL_LINE_MAX];
    static struct shell_pipeline pipeline;
    shell_jobs_init();
    printf("orrery shell: type help\n");
    int status = 0, exit_status = 0;
    bool leave = false;
    while (!leave) {
        printf(SHELL_PROMPT);
        enum shell_input got = shell_read_line(line, sizeof line);
        if (got == SHELL_INPUT_END) {
            printf("exit\n");
            return status;
        }
        if (got == SHELL_INPUT_TOO_LONG) {
            printf("shell: the line is too long (at most %u bytes): ignored\n", SHELL_LINE_MAX - 1);
            status = 2;
            continue;
        }
        enum shell_parse_status parsed = shell_parse(line, status, &pipeline);
        if (parsed != SHELL_PARSE_OK) {
            printf("shell: %s\n", shell_parse_error_text(parsed));
            status = 2;
            continue;
        }
        if (pipeline.count > 0)
            status = run_line(&pipeline, status, &leave, &exit_status);
    }
    return exit_status;
}
