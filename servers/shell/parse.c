/*
 * shell/parse.c - the shell's command-line parser (parse.h): words, quotes, backslashes,
 * $?, `|`, `<`, `>`, `>>` and a final `&`. One pass over the line, copying each word's bytes into the
 * pipeline's own words[] buffer. No system calls, so the host tests can run it.
 */
#include "parse.h"

/* The parser's position: the line, where words[] is filled to, the command being built. */
struct parser {
    const char *line;
    unsigned int at;          /* index of the next character of line */
    struct shell_pipeline *out;
    unsigned int used;        /* bytes of out->words used */
    bool in_word;             /* a word is open (its bytes go to words[used..]) */
    struct shell_command *command; /* the command being built (out->commands[out->count]) */
    int last_status;
    char redirect;            /* the next word is a file: '<', '>' or 'a' (>>); or 0 */
};

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Append one byte to the open word. */
static enum shell_parse_status put(struct parser *p, char c)
{
    if (p->used >= SHELL_WORD_BYTES - 1) /* keep room for the word's NUL */
        return SHELL_PARSE_TOO_LONG;
    p->out->words[p->used++] = c;
    return SHELL_PARSE_OK;
}

/* Open a word (if none is open) in the current command. */
static enum shell_parse_status open_word(struct parser *p)
{
    if (p->in_word)
        return SHELL_PARSE_OK;
    if (p->redirect) { /* the word is the redirection's file, not an argument */
        char *file = &p->out->words[p->used];
        if (p->redirect == '<') {
            p->command->input = file;
        } else {
            p->command->output = file;
            p->command->append = p->redirect == 'a';
        }
        p->redirect = 0;
        p->in_word = true;
        return SHELL_PARSE_OK;
    }
    if (p->command->argc >= SHELL_MAX_ARGS)
        return SHELL_PARSE_TOO_MANY_ARGS;
    p->command->argv[p->command->argc++] = &p->out->words[p->used];
    p->in_word = true;
    return SHELL_PARSE_OK;
}

static void close_word(struct parser *p)
{
    if (!p->in_word)
        return;
    p->out->words[p->used++] = '\0'; /* put() always left room for it */
    p->in_word = false;
}

/* The current command is complete: count it and start the next one. */
static enum shell_parse_status end_command(struct parser *p)
{
    close_word(p);
    if (p->redirect)
        return SHELL_PARSE_MISSING_FILE;
    if (p->command->argc == 0)
        return SHELL_PARSE_EMPTY_COMMAND;
    p->command->argv[p->command->argc] = NULL;
    p->out->count++;
    p->command = p->out->count < SHELL_MAX_STAGES ? &p->out->commands[p->out->count] : NULL;
    return SHELL_PARSE_OK;
}

/* $? at line[at]: append the last status in decimal. */
static enum shell_parse_status put_status(struct parser *p)
{
    char digits[12];
    unsigned int n = 0;
    unsigned int value = p->last_status < 0 ? 0u - (unsigned)p->last_status : (unsigned)p->last_status;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    enum shell_parse_status status = SHELL_PARSE_OK;
    if (p->last_status < 0)
        status = put(p, '-');
    while (n && status == SHELL_PARSE_OK)
        status = put(p, digits[--n]);
    p->at += 2;
    return status;
}

static bool at_status(const struct parser *p)
{
    return p->line[p->at] == '$' && p->line[p->at + 1] == '?';
}

/* '...' starting at line[at]. */
static enum shell_parse_status single_quoted(struct parser *p)
{
    p->at++;
    while (p->line[p->at] != '\'') {
        if (p->line[p->at] == '\0')
            return SHELL_PARSE_UNCLOSED_QUOTE;
        enum shell_parse_status status = put(p, p->line[p->at++]);
        if (status != SHELL_PARSE_OK)
            return status;
    }
    p->at++;
    return SHELL_PARSE_OK;
}

/* "..." starting at line[at]: \" \\ \$ and $? inside. */
static enum shell_parse_status double_quoted(struct parser *p)
{
    p->at++;
    enum shell_parse_status status = SHELL_PARSE_OK;
    while (status == SHELL_PARSE_OK && p->line[p->at] != '"') {
        char c = p->line[p->at];
        char next = c ? p->line[p->at + 1] : '\0';
        if (c == '\0')
            return SHELL_PARSE_UNCLOSED_QUOTE;
        if (c == '\\' && (next == '"' || next == '\\' || next == '$')) {
            status = put(p, next);
            p->at += 2;
        } else if (at_status(p)) {
            status = put_status(p);
        } else {
            status = put(p, c);
            p->at++;
        }
    }
    if (status == SHELL_PARSE_OK)
        p->at++;
    return status;
}

/* One piece of a word at line[at]: a quoted part, an escaped character, $? or a byte. */
static enum shell_parse_status word_piece(struct parser *p)
{
    enum shell_parse_status status = open_word(p);
    if (status != SHELL_PARSE_OK)
        return status;
    char c = p->line[p->at];
    if (c == '\'')
        return single_quoted(p);
    if (c == '"')
        return double_quoted(p);
    if (c == '\\') {
        if (p->line[p->at + 1] == '\0')
            return SHELL_PARSE_TRAILING_BACKSLASH;
        p->at += 2;
        return put(p, p->line[p->at - 1]);
    }
    if (at_status(p))
        return put_status(p);
    p->at++;
    return put(p, c);
}

static enum shell_parse_status parse_line(struct parser *p)
{
    bool ampersand = false;
    enum shell_parse_status status = SHELL_PARSE_OK;
    while (status == SHELL_PARSE_OK && p->line[p->at] != '\0') {
        char c = p->line[p->at];
        if (is_blank(c)) {
            close_word(p);
            p->at++;
        } else if (ampersand) {
            return SHELL_PARSE_MISPLACED_AMPERSAND;
        } else if (c == '<' || c == '>') {
            close_word(p);
            if (!p->command)
                return SHELL_PARSE_TOO_MANY_COMMANDS;
            if (p->redirect)
                return SHELL_PARSE_MISSING_FILE; /* `a > > f`, `a < > f` */
            p->redirect = c;
            p->at++;
            if (c == '>' && p->line[p->at] == '>') {
                p->redirect = 'a';
                p->at++;
            }
        } else if (c == '|' || c == '&') {
            if (!p->command)
                return SHELL_PARSE_TOO_MANY_COMMANDS;
            status = end_command(p);
            ampersand = c == '&';
            p->at++;
        } else if (!p->command) {
            return SHELL_PARSE_TOO_MANY_COMMANDS;
        } else {
            status = word_piece(p);
        }
    }
    if (status != SHELL_PARSE_OK)
        return status;
    if (p->redirect)
        return SHELL_PARSE_MISSING_FILE;
    p->out->background = ampersand;
    if (ampersand)
        return SHELL_PARSE_OK;
    /* The last command: none at all is a blank line, but not after a `|`. */
    if (p->command && (p->command->argc > 0 || p->in_word || p->command->input || p->command->output))
        return end_command(p);
    return p->out->count > 0 ? SHELL_PARSE_EMPTY_COMMAND : SHELL_PARSE_OK;
}

enum shell_parse_status shell_parse(const char *line, int last_status, struct shell_pipeline *out)
{
    struct parser p = {
        .line = line, .at = 0, .out = out, .used = 0, .in_word = false,
        .command = &out->commands[0], .last_status = last_status, .redirect = 0,
    };
    out->count = 0;
    out->background = false;
    out->commands[0].argc = 0;
    for (unsigned i = 0; i < SHELL_MAX_STAGES; i++)
        out->commands[i] = (struct shell_command){ .argc = 0, .input = NULL, .output = NULL };
    enum shell_parse_status status = parse_line(&p);
    if (status != SHELL_PARSE_OK) {
        out->count = 0;
        out->background = false;
    }
    return status;
}

const char *shell_parse_error_text(enum shell_parse_status status)
{
    switch (status) {
    case SHELL_PARSE_OK: return "no error";
    case SHELL_PARSE_UNCLOSED_QUOTE: return "a quote is not closed";
    case SHELL_PARSE_TRAILING_BACKSLASH: return "the line ends in a backslash";
    case SHELL_PARSE_EMPTY_COMMAND: return "a command is missing before or after | or &";
    case SHELL_PARSE_MISPLACED_AMPERSAND: return "& may only end the line";
    case SHELL_PARSE_TOO_MANY_ARGS: return "too many words in one command";
    case SHELL_PARSE_TOO_MANY_COMMANDS: return "too many commands in one pipeline";
    case SHELL_PARSE_TOO_LONG: return "the line is too long";
    case SHELL_PARSE_MISSING_FILE: return "a file name is missing after <, > or >>";
    }
    return "unknown parse error";
}
