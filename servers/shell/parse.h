/**
 * @file shell/parse.h
 * @brief The shell's command-line parser: a typed line to a pipeline of argument vectors.
 *
 * Pure C (no system calls), so it is tested on the host (kernel/tests/host/test_shell_parse.c).
 * The grammar is a small part of the POSIX shell's:
 *
 *     line     := pipeline [ '&' ]
 *     pipeline := command { '|' command }
 *     command  := word { word | redirect }
 *     redirect := ( '<' | '>' | '>>' ) word
 *
 * Words are separated by spaces and tabs; `|`, `&`, `<` and `>` end a word even without
 * spaces around them (`a|b` is two commands, `echo hi>f` writes "hi" to f). A redirection
 * may stand anywhere in its command (`>f echo hi` too); of two of one kind the last counts.
 * `< file` gives the command the file as its standard input; `> file` its standard output,
 * the file created or cut to 0 bytes; `>> file` the same, every write at its end. In a
 * pipeline a redirection takes the place of the pipe on its side. Quoting:
 *  - '...'  everything up to the next ' is literal;
 *  - "..."  literal except \" \\ \$ (the backslash is dropped) and $? (expanded);
 *  - \c     outside quotes: the character c, literally (a space, a quote, | or &);
 *  - $?     outside single quotes: the exit status of the last foreground command.
 * `''` and `""` are empty words. Adjacent pieces join: `a'b c'"d"` is the one word `ab cd`.
 */
#ifndef ORRERY_SHELL_PARSE_H
#define ORRERY_SHELL_PARSE_H

#include "types.h"

/** The longest input line the shell keeps (longer lines are refused whole). */
#define SHELL_LINE_MAX 1024
/** Arguments of one command, its program's name included (as START_MAX_ARGS). */
#define SHELL_MAX_ARGS 32
/** Commands in one pipeline. */
#define SHELL_MAX_STAGES 8
/** Room for every word of a line, NUL-terminated ($? expansion can make a line grow). */
#define SHELL_WORD_BYTES (2 * SHELL_LINE_MAX)

/** One command of a pipeline: argv[0] is the program, argv[argc] is NULL. */
struct shell_command {
    unsigned int argc;
    char *argv[SHELL_MAX_ARGS + 1];
    char *input;  /**< `< file`: the file's name (as typed), or NULL */
    char *output; /**< `> file` or `>> file`: the file's name, or NULL */
    bool append;  /**< the output was `>>` */
};

/** A parsed line. The argv strings point into words[]. */
struct shell_pipeline {
    unsigned int count; /**< commands (0 for an empty or blank line) */
    struct shell_command commands[SHELL_MAX_STAGES];
    bool background;    /**< the line ended in `&` */
    char words[SHELL_WORD_BYTES];
};

/** What shell_parse() found. */
enum shell_parse_status {
    SHELL_PARSE_OK = 0,
    SHELL_PARSE_UNCLOSED_QUOTE,   /**< a ' or " has no partner */
    SHELL_PARSE_TRAILING_BACKSLASH, /**< the line ends in a lone backslash */
    SHELL_PARSE_EMPTY_COMMAND,    /**< `| b`, `a | | b`, `a |`, or a lone `&` */
    SHELL_PARSE_MISPLACED_AMPERSAND, /**< `&` not at the end of the line */
    SHELL_PARSE_TOO_MANY_ARGS,    /**< a command with more than SHELL_MAX_ARGS words */
    SHELL_PARSE_TOO_MANY_COMMANDS, /**< more than SHELL_MAX_STAGES commands */
    SHELL_PARSE_TOO_LONG,         /**< the words do not fit in SHELL_WORD_BYTES */
    SHELL_PARSE_MISSING_FILE,     /**< `<`, `>` or `>>` without a file name after it */
};

/**
 * Parse @p line (NUL-terminated, no newline needed) into @p out, expanding $? to
 * @p last_status in decimal. On an error @p out->count is 0.
 * @return SHELL_PARSE_OK (out->count may be 0: a blank line) or the first problem found.
 */
enum shell_parse_status shell_parse(const char *line, int last_status, struct shell_pipeline *out);

/** A sentence for @p status ("unclosed quote", ...), for the shell's error message. */
const char *shell_parse_error_text(enum shell_parse_status status);

#endif
