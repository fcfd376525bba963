/*
 * test_manifest.c - host unit tests of servers/init/manifest.c, the boot manifest's parser:
 * the design's manifest parses into the services, rights and capabilities it says; comments,
 * blank lines, tabs and CRLF are fine; a call= may name a later service; and every kind of
 * mistake is reported as "init: manifest line N: ..." with the right N and a message that
 * says what is wrong (unknown capability, bad numbers, unknown program, duplicate service,
 * too many lines or services, a line too long, a first service that is not nameserver...).
 */
#include <stdio.h>
#include <string.h> /* with -Ikernel this is kernel/string.h: no strstr */

#include "host_test.h"
#include "manifest.h"

/* The boot modules these tests pretend to have. */
static bool program_exists(const char *name, void *context)
{
    (void)context;
    static const char *const programs[] = { "nameserver", "mm", "pm", "console", "timer",
                                            "pipe", "shell", "init" };
    for (size_t i = 0; i < ARRAY_SIZE(programs); i++)
        if (strcmp(programs[i], name) == 0)
            return true;
    return false;
}

/* Whether @p words occur in @p text. */
static bool contains(const char *text, const char *words)
{
    size_t n = strlen(words);
    for (; *text; text++)
        if (strncmp(text, words, n) == 0)
            return true;
    return n == 0;
}

static struct manifest manifest;
static struct manifest_error error;

static bool parse(const char *text)
{
    return manifest_parse(&manifest, text, strlen(text), program_exists, NULL, &error);
}

#define DESIGN_MANIFEST                                                                        \
    "# service   program     priority  memory  capabilities...\n"                            \
    "nameserver  nameserver  20        64K\n"                                                 \
    "mm          mm          19        *       call=bootfs call=pm\n"                         \
    "pm          pm          19        256K    call=mm spawner\n"                             \
    "console     console     18        96K     irq=4 irq=1 io=0x3f8+8 io=0x60+1 io=0x64+1 vga call=pm\n" \
    "timer       timer       18        64K\n"                                                 \
    "pipe        pipe        16        256K\n"                                                \
    "processes   -           10        -       call=console call=timer call=pipe call=pm call=mm\n" \
    "run         shell\n"

HOST_TEST(design_manifest_parses)
{
    if (!EXPECT_TRUE(parse(DESIGN_MANIFEST), "the design's manifest parses (error: line %u: %s)",
                     error.line, error.message))
        return;
    EXPECT_EQ(6, manifest.service_count, "services in the design's manifest");
    const struct manifest_service *ns = &manifest.services[0];
    EXPECT_STR_EQ("nameserver", ns->name, "service 0");
    EXPECT_EQ(2, ns->line, "nameserver's line");
    EXPECT_EQ(20, ns->priority, "nameserver's priority");
    EXPECT_EQ(64 * 1024, ns->quota, "nameserver's 64K");
    const struct manifest_service *mm = manifest_find(&manifest, "mm");
    const struct manifest_service *pm = manifest_find(&manifest, "pm");
    const struct manifest_service *console = manifest_find(&manifest, "console");
    if (!EXPECT_TRUE(mm && pm && console, "mm, pm and console are found"))
        return;
    EXPECT_TRUE(mm->quota_rest, "mm's memory * is the rest");
    EXPECT_EQ((1u << MANIFEST_INIT_INDEX) | (1u << 2), mm->may_call,
              "mm may call bootfs (init's bit) and pm (line index 2), a later line");
    EXPECT_TRUE(pm->spawner && !mm->spawner, "pm, and only pm, is the spawner");
    EXPECT_EQ(1u << 1, pm->may_call, "pm may call mm");
    EXPECT_EQ(6, console->cap_count, "console's irq, io and vga words");
    EXPECT_EQ(MANIFEST_CAP_IRQ, console->caps[0].kind, "console cap 0 kind");
    EXPECT_EQ(4, console->caps[0].value, "console's first irq");
    EXPECT_EQ(MANIFEST_CAP_IO, console->caps[2].kind, "console cap 2 kind");
    EXPECT_EQ(0x3f8, console->caps[2].value, "io=0x3f8+8 first port");
    EXPECT_EQ(8, console->caps[2].count, "io=0x3f8+8 count");
    EXPECT_EQ(MANIFEST_CAP_VGA, console->caps[5].kind, "console's vga");
    EXPECT_EQ(8, manifest.processes_line, "the processes line");
    EXPECT_EQ(10, manifest.processes_priority, "processes' priority");
    EXPECT_EQ((1u << 3) | (1u << 4) | (1u << 5) | (1u << 2) | (1u << 1), manifest.processes_may_call,
              "processes may call console, timer, pipe, pm, mm");
    EXPECT_EQ(9, manifest.run_line, "the run line");
    EXPECT_EQ(1, manifest.run_argc, "run shell: one word");
    EXPECT_STR_EQ("shell", manifest.run_args, "the run program");
}

HOST_TEST(comments_blank_lines_tabs_crlf_and_run_arguments)
{
    const char *text = "\r\n# only a comment\n\n\tnameserver\tnameserver 20 4096 # trailing\r\n"
                       "   \n t  timer 1 2M call=nameserver call=bootfs\nrun shell -c 'x y'\n";
    if (!EXPECT_TRUE(parse(text), "parses (error: line %u: %s)", error.line, error.message))
        return;
    EXPECT_EQ(2, manifest.service_count, "two services");
    EXPECT_EQ(4, manifest.services[0].line, "nameserver's line counts the blank ones");
    EXPECT_EQ(4096, manifest.services[0].quota, "plain bytes");
    EXPECT_EQ(2 * 1024 * 1024, manifest.services[1].quota, "2M");
    EXPECT_EQ(1u | (1u << MANIFEST_INIT_INDEX), manifest.services[1].may_call, "call=nameserver call=bootfs");
    EXPECT_EQ(4, manifest.run_argc, "run's words");
    EXPECT_EQ(sizeof "shell" + sizeof "-c" + sizeof "'x" + sizeof "y'" , manifest.run_bytes,
              "run's bytes, each word NUL-terminated");
    EXPECT_STR_EQ("-c", manifest.run_args + sizeof "shell", "run's second word");
    EXPECT_EQ(0, manifest.processes_line, "no processes line");
}

/* One malformed manifest: the error must name @p line and contain @p words. */
struct bad_case {
    const char *text;
    unsigned line;
    const char *words;
};

#define NS "nameserver nameserver 20 64K\n"
static const struct bad_case bad_cases[] = {
    { NS "timer timer 18 64K irq=4 frobnicate\n", 2, "unknown capability 'frobnicate'" },
    { NS "timer timer 18 64K\ntimer pipe 1 1K\n", 3, "duplicate service 'timer' (first on line 2)" },
    { NS "timer tumer 18 64K\n", 2, "unknown program 'tumer'" },
    { NS "timer timer 32 64K\n", 2, "bad number '32' for the priority" },
    { NS "timer timer -1 64K\n", 2, "bad number '-1' for the priority" },
    { NS "timer timer 18 64Q\n", 2, "bad number '64Q' for the memory" },
    { NS "timer timer 18 0\n", 2, "bad number '0' for the memory" },
    { NS "timer timer 18 99999999999\n", 2, "bad number '99999999999' for the memory" },
    { NS "timer timer 18 5000000K\n", 2, "bad number '5000000K' for the memory" },
    { NS "timer timer 18 64K irq=0\n", 2, "bad number in 'irq=0'" },
    { NS "timer timer 18 64K irq=2\n", 2, "bad number in 'irq=2'" },
    { NS "timer timer 18 64K irq=13\n", 2, "bad number in 'irq=13'" },
    { NS "timer timer 18 64K irq=16\n", 2, "bad number in 'irq=16'" },
    { NS "timer timer 18 64K irq=x\n", 2, "bad number in 'irq=x'" },
    { NS "timer timer 18 64K io=0x3f8\n", 2, "bad number in 'io=0x3f8'" },
    { NS "timer timer 18 64K io=0x3f8+0\n", 2, "bad number in 'io=0x3f8+0'" },
    { NS "timer timer 18 64K io=0xffff+2\n", 2, "bad number in 'io=0xffff+2'" },
    { NS "timer timer 18 64K io=0x10000+1\n", 2, "bad number in 'io=0x10000+1'" },
    { NS "timer timer 18 64K io=+1\n", 2, "bad number in 'io=+1'" },
    { NS "timer timer 18\n", 2, "expected: SERVICE PROGRAM PRIORITY MEMORY" },
    { NS "averyveryverylongname timer 18 1K\n", 2, "service name 'averyveryverylongname' is too long" },
    { NS "bootfs timer 18 1K\n", 2, "'bootfs' is init's own service" },
    { NS "timer timer 18 1K call=nosuch\n", 2, "call=nosuch: unknown service" },
    { NS "timer timer 18 1K call=\n", 2, "call= names no service" },
    { NS "mm mm 19 *\npm pm 19 *\n", 3, "memory * again" },
    { NS "processes x 10 -\n", 2, "expected: processes - PRIORITY -" },
    { NS "processes - 10 - irq=1\n", 2, "only call= words apply to processes" },
    { NS "processes - 10 - call=pm\n", 2, "call=pm: unknown service" },
    { NS "processes - 10 -\nprocesses - 10 -\n", 3, "a second processes line (the first is line 2)" },
    { NS "run\n", 2, "run needs a program" },
    { NS "run sh\n", 2, "unknown program 'sh'" },
    { NS "run shell\nrun shell\n", 3, "a second run line" },
    { "timer timer 18 64K\n", 1, "the first service must be nameserver" },
    { "# nothing\n\n", 2, "no services" },
    { "", 1, "no services" },
    { NS "timer timer 18 1K \x01\n", 2, "unexpected control character 0x01" },
    { NS "timer timer 18 1K \xc3\xa9\n", 2, "unexpected character 0xc3" },
};

HOST_TEST(every_mistake_names_its_line)
{
    for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
        const struct bad_case *c = &bad_cases[i];
        if (!EXPECT_TRUE(!parse(c->text), "case %zu (%s) is refused", i, c->words))
            continue;
        EXPECT_EQ(c->line, error.line, "case %zu (%s): the line", i, c->words);
        EXPECT_TRUE(contains(error.message, c->words),
                    "case %zu: message '%s' says '%s'", i, error.message, c->words);
    }
}

HOST_TEST(error_text_is_the_boot_message)
{
    EXPECT_TRUE(!parse(NS "timer timer 18 64K\ntimer timer 18 64K irq=4\n"), "a duplicate is refused");
    char text[200];
    manifest_error_text(&error, text, sizeof text);
    EXPECT_STR_EQ("init: manifest line 3: duplicate service 'timer' (first on line 2)", text,
                  "the line init prints");
}

HOST_TEST(limits_on_lines_services_and_capabilities)
{
    static char text[64 * 1024];
    /* Too many lines: MANIFEST_MAX_LINES comment lines after the name service. */
    size_t len = (size_t)snprintf(text, sizeof text, NS);
    for (int i = 0; i < MANIFEST_MAX_LINES; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "#\n");
    EXPECT_TRUE(!parse(text), "too many lines are refused");
    EXPECT_EQ(MANIFEST_MAX_LINES + 1, error.line, "the first line too many");
    EXPECT_TRUE(contains(error.message, "too many lines"), "message: %s", error.message);

    /* Too many services. */
    len = (size_t)snprintf(text, sizeof text, NS);
    for (int i = 1; i <= MANIFEST_MAX_SERVICES; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "s%d timer 1 1K\n", i);
    EXPECT_TRUE(!parse(text), "too many services are refused");
    EXPECT_EQ(MANIFEST_MAX_SERVICES + 1, error.line, "the first service too many");
    EXPECT_TRUE(contains(error.message, "too many services"), "message: %s", error.message);

    /* MANIFEST_MAX_SERVICES exactly is fine. */
    len = (size_t)snprintf(text, sizeof text, NS);
    for (int i = 1; i < MANIFEST_MAX_SERVICES; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "s%d timer 1 1K\n", i);
    EXPECT_TRUE(parse(text), "%d services parse (error: %s)", MANIFEST_MAX_SERVICES, error.message);

    /* A line too long. */
    len = (size_t)snprintf(text, sizeof text, NS "timer timer 1 1K");
    for (int i = 0; i < MANIFEST_LINE_MAX; i++)
        text[len++] = ' ';
    text[len] = '\0';
    EXPECT_TRUE(!parse(text), "a line too long is refused");
    EXPECT_EQ(2, error.line, "the long line");
    EXPECT_TRUE(contains(error.message, "line too long"), "message: %s", error.message);

    /* Too many capabilities. */
    len = (size_t)snprintf(text, sizeof text, NS "c timer 1 1K");
    for (int i = 0; i <= MANIFEST_MAX_CAPS; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, " irq=1");
    EXPECT_TRUE(!parse(text), "too many capabilities are refused");
    EXPECT_TRUE(contains(error.message, "too many capabilities"), "message: %s", error.message);

    /* A NUL byte inside the text (it is a boot module: any bytes). */
    static const char with_nul[] = NS "timer timer 1 1K\0x\n";
    EXPECT_TRUE(!manifest_parse(&manifest, with_nul, sizeof with_nul - 1, program_exists, NULL, &error),
                "a NUL byte is refused");
    EXPECT_EQ(2, error.line, "the line with the NUL");
}

HOST_TEST(text_without_final_newline_and_hex_numbers)
{
    EXPECT_TRUE(parse(NS "c console 0x12 0x1000 io=1016+8 irq=0x4"), "parses (error: %s)", error.message);
    EXPECT_EQ(2, manifest.service_count, "both services");
    EXPECT_EQ(0x12, manifest.services[1].priority, "a hex priority");
    EXPECT_EQ(0x1000, manifest.services[1].quota, "a hex memory");
    EXPECT_EQ(1016, manifest.services[1].caps[0].value, "a decimal port");
    EXPECT_EQ(4, manifest.services[1].caps[1].value, "a hex irq");
}
