/*
 * test_shell_parse.c - host unit tests of the shell's parser (servers/shell/parse.c):
 * words and blanks, each kind of quoting, backslashes, $?, pipelines, a final `&`, and every
 * error the parser reports, including lines and words at and past its limits.
 *
 * A parsed line is shown as text to compare against: each word in brackets, commands joined
 * by " | ", and " &" for a background job, e.g. `[echo] [a b] | [cat] &`; a command's
 * redirections follow its words as ` <[file]`, ` >[file]` or ` >>[file]`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_test.h"
#include "../../../servers/shell/parse.h"

/* Render @p pipeline as described above into @p text. */
static void render(const struct shell_pipeline *pipeline, char *text, size_t size)
{
    size_t used = 0;
    text[0] = '\0';
    for (unsigned c = 0; c < pipeline->count; c++) {
        const struct shell_command *command = &pipeline->commands[c];
        if (c)
            used += (size_t)snprintf(text + used, size - used, " | ");
        for (unsigned w = 0; w < command->argc; w++)
            used += (size_t)snprintf(text + used, size - used, "%s[%s]", w ? " " : "", command->argv[w]);
        if (command->input)
            used += (size_t)snprintf(text + used, size - used, " <[%s]", command->input);
        if (command->output)
            used += (size_t)snprintf(text + used, size - used, " %s[%s]", command->append ? ">>" : ">",
                                     command->output);
        if (command->argv[command->argc] != NULL)
            used += (size_t)snprintf(text + used, size - used, " (argv not NULL-terminated)");
    }
    if (pipeline->background)
        snprintf(text + used, size - used, " &");
}

/* Parse @p line with $? = @p status and expect it to read as @p expected. */
static void expect_parse(const char *line, int status, const char *expected)
{
    static struct shell_pipeline pipeline;
    static char text[8192];
    enum shell_parse_status result = shell_parse(line, status, &pipeline);
    if (!EXPECT_EQ(SHELL_PARSE_OK, result, "parsing `%s` succeeds (got: %s)", line,
                   shell_parse_error_text(result)))
        return;
    render(&pipeline, text, sizeof text);
    EXPECT_STR_EQ(expected, text, "the words of `%s`", line);
}

/* Expect @p line to be refused with @p expected, leaving no commands. */
static void expect_error(const char *line, enum shell_parse_status expected)
{
    static struct shell_pipeline pipeline;
    enum shell_parse_status result = shell_parse(line, 0, &pipeline);
    EXPECT_EQ(expected, result, "parsing `%s` fails with \"%s\" (got \"%s\")", line,
              shell_parse_error_text(expected), shell_parse_error_text(result));
    EXPECT_EQ(0, pipeline.count, "a refused line `%s` has no commands", line);
}

HOST_TEST(blank_lines_have_no_commands)
{
    expect_parse("", 0, "");
    expect_parse("   \t  ", 0, "");
    expect_parse("\n", 0, "");
}

HOST_TEST(words_split_on_blanks)
{
    expect_parse("echo", 0, "[echo]");
    expect_parse("echo hello world", 0, "[echo] [hello] [world]");
    expect_parse("  echo \t a   b  ", 0, "[echo] [a] [b]");
    expect_parse("echo a\n", 0, "[echo] [a]");
}

HOST_TEST(single_quotes_are_literal)
{
    expect_parse("echo 'a b'", 0, "[echo] [a b]");
    expect_parse("echo 'a | b & c'", 0, "[echo] [a | b & c]");
    expect_parse("echo '\\n $? \"'", 7, "[echo] [\\n $? \"]");
    expect_parse("echo ''", 0, "[echo] []");
    expect_parse("echo '' ''", 0, "[echo] [] []");
}

HOST_TEST(double_quotes_expand_status_and_escapes)
{
    expect_parse("echo \"a b\"", 0, "[echo] [a b]");
    expect_parse("echo \"status $?\"", 3, "[echo] [status 3]");
    expect_parse("echo \"\\\" \\\\ \\$?\"", 3, "[echo] [\" \\ $?]");
    expect_parse("echo \"\\n\"", 0, "[echo] [\\n]"); /* other backslashes stay */
    expect_parse("echo \"it's\"", 0, "[echo] [it's]");
    expect_parse("echo \"\"", 0, "[echo] []");
    expect_parse("echo \"a|b&c\"", 0, "[echo] [a|b&c]");
}

HOST_TEST(backslash_quotes_one_character)
{
    expect_parse("echo a\\ b", 0, "[echo] [a b]");
    expect_parse("echo \\'x\\\"", 0, "[echo] ['x\"]");
    expect_parse("echo \\| \\&", 0, "[echo] [|] [&]");
    expect_parse("echo \\$?", 5, "[echo] [$?]");
    expect_parse("echo \\\\", 0, "[echo] [\\]");
}

HOST_TEST(pieces_join_into_one_word)
{
    expect_parse("echo a'b c'\"d\"e", 0, "[echo] [ab cde]");
    expect_parse("echo x$?y", 42, "[echo] [x42y]");
    expect_parse("echo ''a", 0, "[echo] [a]");
}

HOST_TEST(status_expands_in_decimal)
{
    expect_parse("echo $?", 0, "[echo] [0]");
    expect_parse("echo $?", 255, "[echo] [255]");
    expect_parse("echo $?", -1, "[echo] [-1]");
    expect_parse("echo $?", -2147483647 - 1, "[echo] [-2147483648]");
    expect_parse("echo $? $?", 12, "[echo] [12] [12]");
    expect_parse("echo $ $x", 12, "[echo] [$] [$x]"); /* only $? is special */
}

HOST_TEST(pipelines)
{
    expect_parse("echo hi | cat", 0, "[echo] [hi] | [cat]");
    expect_parse("echo hi|cat|cat", 0, "[echo] [hi] | [cat] | [cat]");
    expect_parse("a|b|c|d|e|f|g|h", 0, "[a] | [b] | [c] | [d] | [e] | [f] | [g] | [h]");
}

HOST_TEST(background_jobs)
{
    expect_parse("sleep 100 &", 0, "[sleep] [100] &");
    expect_parse("spin&", 0, "[spin] &");
    expect_parse("echo a | cat &  ", 0, "[echo] [a] | [cat] &");
}

HOST_TEST(malformed_lines_are_refused)
{
    expect_error("echo 'abc", SHELL_PARSE_UNCLOSED_QUOTE);
    expect_error("echo \"abc", SHELL_PARSE_UNCLOSED_QUOTE);
    expect_error("echo \"a\\\"", SHELL_PARSE_UNCLOSED_QUOTE);
    expect_error("echo abc\\", SHELL_PARSE_TRAILING_BACKSLASH);
    expect_error("| cat", SHELL_PARSE_EMPTY_COMMAND);
    expect_error("echo |", SHELL_PARSE_EMPTY_COMMAND);
    expect_error("echo | | cat", SHELL_PARSE_EMPTY_COMMAND);
    expect_error("&", SHELL_PARSE_EMPTY_COMMAND);
    expect_error("echo | &", SHELL_PARSE_EMPTY_COMMAND);
    expect_error("spin & echo", SHELL_PARSE_MISPLACED_AMPERSAND);
    expect_error("spin & &", SHELL_PARSE_MISPLACED_AMPERSAND);
    expect_error("spin & | cat", SHELL_PARSE_MISPLACED_AMPERSAND);
    expect_error("a|b|c|d|e|f|g|h|i", SHELL_PARSE_TOO_MANY_COMMANDS);
    expect_error("a|b|c|d|e|f|g|h| i j", SHELL_PARSE_TOO_MANY_COMMANDS);
}

HOST_TEST(argument_limit)
{
    char line[SHELL_LINE_MAX];
    size_t used = 0;
    used += (size_t)snprintf(line, sizeof line, "echo");
    for (int i = 1; i < SHELL_MAX_ARGS; i++)
        used += (size_t)snprintf(line + used, sizeof line - used, " %d", i);
    static struct shell_pipeline pipeline;
    EXPECT_EQ(SHELL_PARSE_OK, shell_parse(line, 0, &pipeline), "a command of exactly %d words", SHELL_MAX_ARGS);
    EXPECT_EQ(SHELL_MAX_ARGS, pipeline.commands[0].argc, "all %d words are there", SHELL_MAX_ARGS);
    EXPECT_TRUE(pipeline.commands[0].argv[SHELL_MAX_ARGS] == NULL, "argv[%d] is NULL", SHELL_MAX_ARGS);
    snprintf(line + used, sizeof line - used, " x");
    expect_error(line, SHELL_PARSE_TOO_MANY_ARGS);
}

HOST_TEST(long_lines_fit_or_are_refused)
{
    /* One word of SHELL_WORD_BYTES - 1 bytes fits (its NUL takes the last byte). */
    size_t size = SHELL_WORD_BYTES + 16;
    char *line = malloc(size);
    memset(line, 'x', SHELL_WORD_BYTES - 1);
    line[SHELL_WORD_BYTES - 1] = '\0';
    static struct shell_pipeline pipeline;
    EXPECT_EQ(SHELL_PARSE_OK, shell_parse(line, 0, &pipeline), "a word of %d bytes", SHELL_WORD_BYTES - 1);
    EXPECT_EQ(SHELL_WORD_BYTES - 1, strlen(pipeline.commands[0].argv[0]), "the whole word is kept");
    memset(line, 'x', SHELL_WORD_BYTES);
    line[SHELL_WORD_BYTES] = '\0';
    expect_error(line, SHELL_PARSE_TOO_LONG);
    /* $? expansion past the limit, in a line much shorter than the buffer. */
    memset(line, 0, size);
    for (size_t i = 0; i + 2 < SHELL_LINE_MAX; i += 2)
        memcpy(line + i, "$?", 2);
    EXPECT_TRUE(strlen(line) < SHELL_LINE_MAX, "the $? line is shorter than SHELL_LINE_MAX");
    EXPECT_EQ(SHELL_PARSE_TOO_LONG, shell_parse(line, 1000000000, &pipeline),
              "%zu bytes of $? with a 10-digit status", strlen(line));
    EXPECT_EQ(0, pipeline.count, "no commands after the refused line");
    free(line);
}

HOST_TEST(a_refused_line_does_not_leave_an_old_pipeline)
{
    static struct shell_pipeline pipeline;
    EXPECT_EQ(SHELL_PARSE_OK, shell_parse("echo a | cat &", 0, &pipeline), "a good line first");
    EXPECT_EQ(SHELL_PARSE_UNCLOSED_QUOTE, shell_parse("echo 'x", 0, &pipeline), "then a bad one");
    EXPECT_EQ(0, pipeline.count, "no commands after the bad line");
    EXPECT_EQ(false, pipeline.background, "and no background flag");
}

HOST_TEST(every_status_has_a_sentence)
{
    for (int s = SHELL_PARSE_OK; s <= SHELL_PARSE_MISSING_FILE; s++)
        EXPECT_TRUE(strcmp(shell_parse_error_text((enum shell_parse_status)s), "unknown parse error") != 0,
                    "status %d has its own sentence", s);
}

HOST_TEST(redirections_name_files)
{
    expect_parse("echo hi > /tmp/x", 0, "[echo] [hi] >[/tmp/x]");
    expect_parse("echo hi>/tmp/x", 0, "[echo] [hi] >[/tmp/x]");
    expect_parse("echo hi >> log", 0, "[echo] [hi] >>[log]");
    expect_parse("echo hi>>log", 0, "[echo] [hi] >>[log]");
    expect_parse("cat < in", 0, "[cat] <[in]");
    expect_parse("cat <in >out", 0, "[cat] <[in] >[out]");
    expect_parse("< in cat > out", 0, "[cat] <[in] >[out]"); /* anywhere in the command */
    expect_parse("cat > a > b", 0, "[cat] >[b]");             /* the last counts */
    expect_parse("cat >> a > b", 0, "[cat] >[b]");
    expect_parse("echo > 'a b'", 0, "[echo] >[a b]");           /* a quoted name */
    expect_parse("echo x\\>y \">\" '<'", 0, "[echo] [x>y] [>] [<]"); /* quoted: no redirection */
    expect_parse("echo $? > s$?", 4, "[echo] [4] >[s4]");
    expect_parse("cat < in | wc > out", 0, "[cat] <[in] | [wc] >[out]");
    expect_parse("cat > f &", 0, "[cat] >[f] &");
}

HOST_TEST(redirections_without_a_file_are_refused)
{
    expect_error("echo >", SHELL_PARSE_MISSING_FILE);
    expect_error("echo >>", SHELL_PARSE_MISSING_FILE);
    expect_error("cat <", SHELL_PARSE_MISSING_FILE);
    expect_error("cat < > f", SHELL_PARSE_MISSING_FILE);
    expect_error("cat > > f", SHELL_PARSE_MISSING_FILE);
    expect_error("echo > | cat", SHELL_PARSE_MISSING_FILE);
    expect_error("echo > &", SHELL_PARSE_MISSING_FILE);
    expect_error("echo >>> f", SHELL_PARSE_MISSING_FILE);
    expect_error("> f", SHELL_PARSE_EMPTY_COMMAND);      /* a redirection is not a command */
    expect_error("cat | < f", SHELL_PARSE_EMPTY_COMMAND);
}
