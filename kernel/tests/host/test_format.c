/*
 * test_format.c - host unit tests of kernel/format.c (ksnprintf, the core of kprintf): each
 * conversion (%d %i %u %x %X %c %s %p %%), the '-' and '0' flags and field widths, 64-bit
 * values with ll, and truncation: the return value is always the full length and the
 * buffer is always NUL-terminated.
 */
#include <limits.h>
#include <string.h> /* with -Ikernel this is kernel/string.h: libc's names, but only a few */

#include "format.h"
#include "host_test.h"

/* Whether @p buf holds a NUL in its first @p size bytes. */
static bool has_nul(const char *buf, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (buf[i] == '\0')
            return true;
    return false;
}

/*
 * Format with ksnprintf into a roomy buffer and expect @p expected, and a return value of
 * its length. The failure message quotes the call, e.g. ksnprintf(buf, 64, "%05d", -42).
 * ksnprintf's printf-format attribute lets the compiler check each call's arguments.
 */
#define EXPECT_FORMAT(expected, ...)                                                          \
    do {                                                                                      \
        char buf_[64];                                                                        \
        memset(buf_, 'X', sizeof buf_);                                                       \
        int length_ = ksnprintf(buf_, sizeof buf_, __VA_ARGS__);                              \
        if (EXPECT_TRUE(has_nul(buf_, sizeof buf_),                                          \
                        "ksnprintf(buf, 64, %s) terminates the output with a NUL", #__VA_ARGS__)) \
            EXPECT_STR_EQ(expected, buf_, "ksnprintf(buf, 64, %s)", #__VA_ARGS__);            \
        EXPECT_EQ((int)strlen(expected), length_, "return value of ksnprintf(buf, 64, %s)",   \
                  #__VA_ARGS__);                                                              \
    } while (0)

HOST_TEST(plain_text_and_percent)
{
    EXPECT_FORMAT("hello, world", "hello, world");
    EXPECT_FORMAT("100%", "100%%");
    EXPECT_FORMAT("%d", "%%d");
    EXPECT_FORMAT("a%b", "a%%%c", 'b');
}

HOST_TEST(signed_decimal)
{
    EXPECT_FORMAT("0", "%d", 0);
    EXPECT_FORMAT("42", "%d", 42);
    EXPECT_FORMAT("-42", "%d", -42);
    EXPECT_FORMAT("-1", "%i", -1);
    EXPECT_FORMAT("2147483647", "%d", INT_MAX);
    EXPECT_FORMAT("-2147483648", "%d", INT_MIN);
    EXPECT_FORMAT("x=-7, y=8", "x=%d, y=%i", -7, 8);
}

HOST_TEST(unsigned_decimal)
{
    EXPECT_FORMAT("0", "%u", 0u);
    EXPECT_FORMAT("3000000000", "%u", 3000000000u);
    EXPECT_FORMAT("4294967295", "%u", UINT_MAX);
    EXPECT_FORMAT("4294967295", "%u", (unsigned)-1);
}

HOST_TEST(hex_lower_and_upper)
{
    EXPECT_FORMAT("0", "%x", 0u);
    EXPECT_FORMAT("deadbeef", "%x", 0xDEADBEEFu);
    EXPECT_FORMAT("DEADBEEF", "%X", 0xDEADBEEFu);
    EXPECT_FORMAT("ffffffff", "%x", UINT_MAX);
    EXPECT_FORMAT("a", "%x", 10u);
    EXPECT_FORMAT("[0x1000, 0x2fff)", "[0x%x, 0x%x)", 0x1000u, 0x2FFFu);
}

HOST_TEST(width_and_flags)
{
    EXPECT_FORMAT("00001234", "%08x", 0x1234u);
    EXPECT_FORMAT("deadbeef", "%08x", 0xDEADBEEFu);
    EXPECT_FORMAT("123456", "%04x", 0x123456u);
    EXPECT_FORMAT("    1234", "%8x", 0x1234u);
    EXPECT_FORMAT("   42", "%5d", 42);
    EXPECT_FORMAT("42   |", "%-5d|", 42);
    EXPECT_FORMAT("-0042", "%05d", -42);
    EXPECT_FORMAT("  -42", "%5d", -42);
    EXPECT_FORMAT("12345", "%2d", 12345);
    EXPECT_FORMAT("00000", "%05u", 0u);
}

HOST_TEST(strings_and_chars)
{
    EXPECT_FORMAT("abc", "%s", "abc");
    EXPECT_FORMAT("", "%s", "");
    EXPECT_FORMAT("[ab   ]", "[%-5s]", "ab");
    EXPECT_FORMAT("[   ab]", "[%5s]", "ab");
    EXPECT_FORMAT("[abcdefg]", "[%5s]", "abcdefg");
    const char *volatile nothing = NULL; /* volatile: a variable, as in real use */
    EXPECT_FORMAT("(null)", "%s", nothing);
    EXPECT_FORMAT("[(null)  ]", "[%-8s]", nothing);
    EXPECT_FORMAT("A", "%c", 'A');
    EXPECT_FORMAT("[  A]", "[%3c]", 'A');
    EXPECT_FORMAT("[A  ]", "[%-3c]", 'A');
    EXPECT_FORMAT("pid 7: init", "pid %d: %s", 7, "init");
}

HOST_TEST(long_long_64_bit)
{
    EXPECT_FORMAT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
    EXPECT_FORMAT("4294967296", "%llu", 0x100000000ull);
    EXPECT_FORMAT("123456789abcdef0", "%llx", 0x123456789ABCDEF0ull);
    EXPECT_FORMAT("123456789ABCDEF0", "%llX", 0x123456789ABCDEF0ull);
    EXPECT_FORMAT("-9223372036854775808", "%lld", (long long)INT64_MIN);
    EXPECT_FORMAT("-1", "%lld", -1ll);
    EXPECT_FORMAT("0000000100000000", "%016llx", 0x100000000ull);
    /* An argument after a 64-bit one is read from the right place. */
    EXPECT_FORMAT("1 ffffffffff 2", "%d %llx %d", 1, 0xFFFFFFFFFFull, 2);
}

HOST_TEST(pointers)
{
    EXPECT_FORMAT("0x00001234", "%p", (void *)(uintptr_t)0x1234);
    EXPECT_FORMAT("0xdeadbeef", "%p", (void *)(uintptr_t)0xDEADBEEF);
    EXPECT_FORMAT("0x00000000", "%p", (void *)NULL);
}

HOST_TEST(truncation_returns_full_length)
{
    char buf[16];

    memset(buf, 'X', sizeof buf);
    EXPECT_EQ(11, ksnprintf(buf, 5, "hello world"), "ksnprintf(buf, 5, \"hello world\") returns the full length");
    EXPECT_STR_EQ("hell", buf, "ksnprintf(buf, 5, \"hello world\") keeps 4 characters and a NUL");
    EXPECT_EQ('X', buf[5], "ksnprintf(buf, 5, ...) writes nothing past buf[4]");

    memset(buf, 'X', sizeof buf);
    EXPECT_EQ(5, ksnprintf(buf, 6, "hello"), "ksnprintf(buf, 6, \"hello\"): exactly fits");
    EXPECT_STR_EQ("hello", buf, "ksnprintf(buf, 6, \"hello\")");

    memset(buf, 'X', sizeof buf);
    EXPECT_EQ(5, ksnprintf(buf, 5, "hello"), "ksnprintf(buf, 5, \"hello\"): one too few for the NUL");
    EXPECT_STR_EQ("hell", buf, "ksnprintf(buf, 5, \"hello\")");

    memset(buf, 'X', sizeof buf);
    EXPECT_EQ(6, ksnprintf(buf, 4, "%d", -12345), "ksnprintf(buf, 4, \"%%d\", -12345) returns the full length");
    EXPECT_STR_EQ("-12", buf, "ksnprintf(buf, 4, \"%%d\", -12345) cuts the number");

    memset(buf, 'X', sizeof buf);
    EXPECT_EQ(9, ksnprintf(buf, 8, "%-6s|%s", "ab", "xy"), "ksnprintf(buf, 8, \"%%-6s|%%s\", ...) returns the full length");
    EXPECT_STR_EQ("ab    |", buf, "ksnprintf(buf, 8, \"%%-6s|%%s\", \"ab\", \"xy\") cuts inside the padding's output");

    memset(buf, 'X', sizeof buf);
    EXPECT_EQ(3, ksnprintf(buf, 1, "abc"), "ksnprintf(buf, 1, \"abc\") returns the full length");
    EXPECT_EQ('\0', buf[0], "ksnprintf(buf, 1, ...) writes just the NUL");
    EXPECT_EQ('X', buf[1], "ksnprintf(buf, 1, ...) writes nothing past buf[0]");
}

HOST_TEST(size_zero_writes_nothing)
{
    char buf[8];
    memset(buf, 'X', sizeof buf);
    EXPECT_EQ(5, ksnprintf(buf, 0, "%s", "hello"), "ksnprintf(buf, 0, ...) returns the full length");
    for (size_t i = 0; i < sizeof buf; i++)
        EXPECT_EQ('X', buf[i], "buf[%zu] after ksnprintf(buf, 0, ...): size 0 means write nothing, not even a NUL", i);
    EXPECT_EQ(12, ksnprintf(NULL, 0, "%d items", 123456), "ksnprintf(NULL, 0, ...) measures the output");
}
