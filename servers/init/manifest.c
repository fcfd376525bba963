/*
 * manifest.c - the boot manifest's parser (manifest.h): lines into words, words into
 * services, then the call= names into may_call bits once every service is known (a line
 * may name a service of a later line). Pure C: init and the host unit tests both use it.
 */
#include <stdarg.h>

#include "manifest.h"
#include "stdio.h"
#include "string.h"

#define MAX_WORDS 40       /* words on one line: more cannot fit MANIFEST_LINE_MAX anyway */
#define MAX_CALLS 128      /* call= words in the whole manifest */
#define OWNER_PROCESSES -1 /* a call= word of the processes line */

/* A call= word waiting for every service to be known. */
struct pending_call {
    unsigned int line;
    int owner; /* a service index, or OWNER_PROCESSES */
    char name[MANIFEST_NAME_MAX];
};

/* The parser's state: what it builds, and where it reports. */
struct parser {
    struct manifest *manifest;
    struct manifest_error *error;
    manifest_program_exists exists;
    void *context;
    unsigned int line;
    unsigned int rest_line; /* the line with memory `*`, or 0 */
    unsigned int call_count;
    struct pending_call calls[MAX_CALLS];
};

static bool fail(struct parser *p, const char *fmt, ...) PRINTF_LIKE(2, 3);
static bool fail(struct parser *p, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    p->error->line = p->line;
    vsnprintf(p->error->message, sizeof p->error->message, fmt, args);
    va_end(args);
    return false;
}

/* A number: decimal, or hex after 0x. Fails on anything else and on overflow. */
static bool parse_number(const char *word, unsigned long long limit, unsigned int *value)
{
    unsigned base = 10;
    if (word[0] == '0' && (word[1] == 'x' || word[1] == 'X')) {
        base = 16;
        word += 2;
    }
    if (*word == '\0')
        return false;
    unsigned long long n = 0;
    for (; *word; word++) {
        unsigned digit;
        if (*word >= '0' && *word <= '9')
            digit = (unsigned)(*word - '0');
        else if (base == 16 && *word >= 'a' && *word <= 'f')
            digit = (unsigned)(*word - 'a' + 10);
        else if (base == 16 && *word >= 'A' && *word <= 'F')
            digit = (unsigned)(*word - 'A' + 10);
        else
            return false;
        n = n * base + digit;
        if (n > limit)
            return false;
    }
    *value = (unsigned int)n;
    return true;
}

/* Memory: a number of bytes, optionally with K or M. */
static bool parse_memory(const char *word, unsigned int *bytes)
{
    char digits[24];
    size_t len = strlen(word);
    unsigned long long scale = 1;
    if (len > 0 && (word[len - 1] == 'K' || word[len - 1] == 'k'))
        scale = 1024, len--;
    else if (len > 0 && (word[len - 1] == 'M' || word[len - 1] == 'm'))
        scale = 1024 * 1024, len--;
    if (len == 0 || len >= sizeof digits)
        return false;
    memcpy(digits, word, len);
    digits[len] = '\0';
    unsigned int n;
    if (!parse_number(digits, 0xFFFFFFFFull / scale, &n) || n == 0)
        return false;
    *bytes = (unsigned int)(n * scale);
    return true;
}

/* Copy @p text, known to be shorter than @p size, with its NUL (strlcpy is not on every host). */
static void copy_word(char *destination, const char *text, size_t size)
{
    size_t len = strlen(text);
    if (len >= size)
        len = size - 1;
    memcpy(destination, text, len);
    destination[len] = '\0';
}

static bool starts_with(const char *word, const char *prefix)
{
    return strncmp(word, prefix, strlen(prefix)) == 0;
}

static bool add_call(struct parser *p, int owner, const char *name)
{
    if (*name == '\0')
        return fail(p, "call= names no service (call=NAME)");
    if (strlen(name) >= MANIFEST_NAME_MAX)
        return fail(p, "call=%s: unknown service (names are at most %d characters)", name,
                    MANIFEST_NAME_MAX - 1);
    if (p->call_count >= MAX_CALLS)
        return fail(p, "too many call= words (at most %d in the manifest)", MAX_CALLS);
    struct pending_call *call = &p->calls[p->call_count++];
    call->line = p->line;
    call->owner = owner;
    copy_word(call->name, name, sizeof call->name);
    return true;
}

/* irq=N: a line a driver may claim. */
static bool parse_irq(struct parser *p, struct manifest_service *s, const char *word)
{
    unsigned int irq;
    if (!parse_number(word + strlen("irq="), MANIFEST_IRQ_LAST, &irq) || irq < MANIFEST_IRQ_FIRST ||
        irq == MANIFEST_IRQ_CASCADE || irq == MANIFEST_IRQ_FPU_ERROR)
        return fail(p, "bad number in '%s' (an IRQ line %d..%d, not %d or %d)", word,
                    MANIFEST_IRQ_FIRST, MANIFEST_IRQ_LAST, MANIFEST_IRQ_CASCADE,
                    MANIFEST_IRQ_FPU_ERROR);
    s->caps[s->cap_count++] = (struct manifest_cap){ MANIFEST_CAP_IRQ, irq, 1 };
    return true;
}

/* io=FIRST+COUNT: ports FIRST..FIRST+COUNT-1. */
static bool parse_io(struct parser *p, struct manifest_service *s, const char *word)
{
    char first_text[16];
    const char *range = word + strlen("io=");
    const char *plus = range;
    while (*plus && *plus != '+')
        plus++;
    size_t len = (size_t)(plus - range);
    unsigned int first, count;
    bool ok = *plus == '+' && len > 0 && len < sizeof first_text;
    if (ok) {
        memcpy(first_text, range, len);
        first_text[len] = '\0';
        ok = parse_number(first_text, MANIFEST_IO_PORTS - 1, &first) &&
             parse_number(plus + 1, MANIFEST_IO_PORTS, &count) && count > 0 &&
             first + count <= MANIFEST_IO_PORTS;
    }
    if (!ok)
        return fail(p, "bad number in '%s' (io=FIRST+COUNT, ports 0..0xffff)", word);
    s->caps[s->cap_count++] = (struct manifest_cap){ MANIFEST_CAP_IO, first, count };
    return true;
}

/* The capability words of a service line, from word 4 on. */
static bool parse_capabilities(struct parser *p, struct manifest_service *s, int index,
                               char **words, unsigned count)
{
    for (unsigned i = 4; i < count; i++) {
        const char *word = words[i];
        bool device = starts_with(word, "irq=") || starts_with(word, "io=") || strcmp(word, "vga") == 0;
        if (device && s->cap_count >= MANIFEST_MAX_CAPS)
            return fail(p, "too many capabilities (at most %d irq=, io= and vga words)",
                        MANIFEST_MAX_CAPS);
        bool ok = true;
        if (starts_with(word, "call="))
            ok = add_call(p, index, word + strlen("call="));
        else if (starts_with(word, "irq="))
            ok = parse_irq(p, s, word);
        else if (starts_with(word, "io="))
            ok = parse_io(p, s, word);
        else if (strcmp(word, "vga") == 0)
            s->caps[s->cap_count++] = (struct manifest_cap){ MANIFEST_CAP_VGA, 0, 1 };
        else if (strcmp(word, "spawner") == 0)
            s->spawner = true;
        else
            return fail(p, "unknown capability '%s' (irq=N, io=FIRST+COUNT, vga, call=NAME, spawner)",
                        word);
        if (!ok)
            return false;
    }
    return true;
}

static bool check_program(struct parser *p, const char *program)
{
    if (strlen(program) >= MANIFEST_PROGRAM_MAX)
        return fail(p, "program name '%.40s' is too long (at most %d characters)", program,
                    MANIFEST_PROGRAM_MAX - 1);
    if (!p->exists(program, p->context))
        return fail(p, "unknown program '%s' (there is no boot module of that name)", program);
    return true;
}

static bool parse_priority(struct parser *p, const char *word, unsigned int *priority)
{
    if (!parse_number(word, MANIFEST_PRIORITY_MAX, priority))
        return fail(p, "bad number '%s' for the priority (0..%d)", word, MANIFEST_PRIORITY_MAX);
    return true;
}

static bool parse_service(struct parser *p, char **words, unsigned count)
{
    struct manifest *m = p->manifest;
    if (count < 4)
        return fail(p, "expected: SERVICE PROGRAM PRIORITY MEMORY [CAPABILITIES...], got %u word%s",
                    count, count == 1 ? "" : "s");
    const char *name = words[0];
    if (strlen(name) >= MANIFEST_NAME_MAX)
        return fail(p, "service name '%.40s' is too long (at most %d characters)", name,
                    MANIFEST_NAME_MAX - 1);
    if (strcmp(name, MANIFEST_BOOTFS_NAME) == 0)
        return fail(p, "'%s' is init's own service: choose another name", name);
    const struct manifest_service *same = manifest_find(m, name);
    if (same)
        return fail(p, "duplicate service '%s' (first on line %u)", name, same->line);
    if (m->service_count >= MANIFEST_MAX_SERVICES)
        return fail(p, "too many services (at most %d)", MANIFEST_MAX_SERVICES);
    if (m->service_count == 0 && strcmp(name, MANIFEST_NAMESERVER_NAME) != 0)
        return fail(p, "the first service must be %s (every other server registers with it), not '%s'",
                    MANIFEST_NAMESERVER_NAME, name);
    int index = (int)m->service_count;
    struct manifest_service *s = &m->services[index];
    memset(s, 0, sizeof *s);
    s->line = p->line;
    copy_word(s->name, name, sizeof s->name);
    if (!check_program(p, words[1]))
        return false;
    copy_word(s->program, words[1], sizeof s->program);
    if (!parse_priority(p, words[2], &s->priority))
        return false;
    if (strcmp(words[3], "*") == 0) {
        if (p->rest_line)
            return fail(p, "memory * again (only one service gets the rest; line %u has it)",
                        p->rest_line);
        s->quota_rest = true;
        p->rest_line = p->line;
    } else if (!parse_memory(words[3], &s->quota)) {
        return fail(p, "bad number '%s' for the memory (bytes, with K or M, or *)", words[3]);
    }
    if (!parse_capabilities(p, s, index, words, count))
        return false;
    m->service_count++;
    return true;
}

/* processes - PRIORITY - call=NAME... */
static bool parse_processes(struct parser *p, char **words, unsigned count)
{
    struct manifest *m = p->manifest;
    if (m->processes_line)
        return fail(p, "a second processes line (the first is line %u)", m->processes_line);
    if (count < 4 || strcmp(words[1], "-") != 0 || strcmp(words[3], "-") != 0)
        return fail(p, "expected: processes - PRIORITY - [call=NAME...]");
    if (!parse_priority(p, words[2], &m->processes_priority))
        return false;
    for (unsigned i = 4; i < count; i++) {
        if (!starts_with(words[i], "call="))
            return fail(p, "only call= words apply to processes, not '%s'", words[i]);
        if (!add_call(p, OWNER_PROCESSES, words[i] + strlen("call=")))
            return false;
    }
    m->processes_line = p->line;
    return true;
}

/* run PROGRAM [ARGS...] */
static bool parse_run(struct parser *p, char **words, unsigned count)
{
    struct manifest *m = p->manifest;
    if (m->run_line)
        return fail(p, "a second run line (the first is line %u)", m->run_line);
    if (count < 2)
        return fail(p, "run needs a program: run PROGRAM [ARGUMENTS...]");
    if (!check_program(p, words[1]))
        return false;
    unsigned used = 0;
    for (unsigned i = 1; i < count; i++) {
        size_t len = strlen(words[i]) + 1;
        if (used + len > sizeof m->run_args)
            return fail(p, "run: the program and its arguments are too long (at most %u bytes)",
                        (unsigned)sizeof m->run_args);
        memcpy(m->run_args + used, words[i], len);
        used += (unsigned)len;
    }
    m->run_argc = count - 1;
    m->run_bytes = used;
    m->run_line = p->line;
    return true;
}

/* Split @p line (NUL-terminated, writable) into words at spaces and tabs. */
static bool split_words(struct parser *p, char *line, char **words, unsigned *count)
{
    *count = 0;
    for (char *c = line; *c;) {
        while (*c == ' ' || *c == '\t')
            *c++ = '\0';
        if (*c == '\0')
            break;
        if (*count >= MAX_WORDS)
            return fail(p, "too many words (at most %d)", MAX_WORDS);
        words[(*count)++] = c;
        while (*c && *c != ' ' && *c != '\t')
            c++;
    }
    return true;
}

static bool parse_line(struct parser *p, char *line)
{
    for (char *c = line; *c; c++) {
        if (*c == '#') {
            *c = '\0';
            break;
        }
        if ((unsigned char)*c < ' ' && *c != '\t')
            return fail(p, "unexpected control character 0x%02x", (unsigned char)*c);
        if ((unsigned char)*c >= 0x7F)
            return fail(p, "unexpected character 0x%02x (the manifest is ASCII)", (unsigned char)*c);
    }
    char *words[MAX_WORDS];
    unsigned count;
    if (!split_words(p, line, words, &count))
        return false;
    if (count == 0)
        return true;
    if (strcmp(words[0], "processes") == 0)
        return parse_processes(p, words, count);
    if (strcmp(words[0], "run") == 0)
        return parse_run(p, words, count);
    return parse_service(p, words, count);
}

/* Every call= word, now that every service is known. */
static bool resolve_calls(struct parser *p)
{
    struct manifest *m = p->manifest;
    for (unsigned i = 0; i < p->call_count; i++) {
        const struct pending_call *call = &p->calls[i];
        unsigned bit;
        const struct manifest_service *target = manifest_find(m, call->name);
        if (strcmp(call->name, MANIFEST_BOOTFS_NAME) == 0)
            bit = MANIFEST_INIT_INDEX;
        else if (target)
            bit = (unsigned)(target - m->services);
        else {
            p->line = call->line;
            return fail(p, "call=%s: unknown service (not in the manifest, nor %s)", call->name,
                        MANIFEST_BOOTFS_NAME);
        }
        if (call->owner == OWNER_PROCESSES)
            m->processes_may_call |= 1u << bit;
        else
            m->services[call->owner].may_call |= 1u << bit;
    }
    return true;
}

bool manifest_parse(struct manifest *manifest, const char *text, size_t length,
                    manifest_program_exists exists, void *context, struct manifest_error *error)
{
    static struct parser parser; /* about 3 KiB: not on a small stack */
    struct parser *p = &parser;
    memset(p, 0, sizeof *p);
    memset(manifest, 0, sizeof *manifest);
    memset(error, 0, sizeof *error);
    p->manifest = manifest;
    p->error = error;
    p->exists = exists;
    p->context = context;

    char line[MANIFEST_LINE_MAX + 1];
    size_t at = 0;
    while (at < length) {
        size_t end = at;
        while (end < length && text[end] != '\n')
            end++;
        p->line++;
        if (p->line > MANIFEST_MAX_LINES)
            return fail(p, "too many lines (at most %d)", MANIFEST_MAX_LINES);
        size_t len = end - at;
        if (len > 0 && text[end - 1] == '\r')
            len--; /* a file written on Windows */
        if (len > MANIFEST_LINE_MAX)
            return fail(p, "line too long (at most %d characters)", MANIFEST_LINE_MAX);
        for (size_t i = 0; i < len; i++)
            if (text[at + i] == '\0')
                return fail(p, "unexpected control character 0x00");
        memcpy(line, text + at, len);
        line[len] = '\0';
        if (!parse_line(p, line))
            return false;
        at = end + 1;
    }
    if (manifest->service_count == 0) {
        p->line = p->line ? p->line : 1;
        return fail(p, "no services (the first must be %s)", MANIFEST_NAMESERVER_NAME);
    }
    return resolve_calls(p);
}

int manifest_error_text(const struct manifest_error *error, char *buffer, size_t size)
{
    return snprintf(buffer, size, "init: manifest line %u: %s", error->line, error->message);
}

const struct manifest_service *manifest_find(const struct manifest *manifest, const char *name)
{
    for (unsigned i = 0; i < manifest->service_count; i++)
        if (strcmp(manifest->services[i].name, name) == 0)
            return &manifest->services[i];
    return NULL;
}
