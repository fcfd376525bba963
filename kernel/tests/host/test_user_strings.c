/*
 * test_user_strings.c - host unit tests of the runtime's text functions (servers/lib/
 * strtol.c, cstring.c, ctype.h): numbers in every base with their edge cases (signs,
 * prefixes, overflow, nothing to parse), and the string searches and splits programs and the
 * shell use. Each expectation names the call, so a failure says which input went wrong.
 */
#include <limits.h>
#include <stdio.h>

#include "ctype.h"
#include "cstring.h"
#include "host_test.h"
#include "stdlib.h"

/* Expect strtol(@p text, &end, @p base) to give @p value and stop after @p used characters. */
static void expect_strtol(const char *text, int base, long value, long used)
{
    char *end = NULL;
    long seen = strtol(text, &end, base);
    EXPECT_EQ(value, seen, "strtol(\"%s\", base %d)", text, base);
    EXPECT_EQ(used, end - text, "characters strtol(\"%s\", base %d) used", text, base);
}

HOST_TEST(strtol_bases_signs_and_prefixes)
{
    expect_strtol("42", 10, 42, 2);
    expect_strtol("  -17xyz", 10, -17, 5);
    expect_strtol("+8", 10, 8, 2);
    expect_strtol("0x1F", 0, 31, 4);
    expect_strtol("0X1f", 16, 31, 4);
    expect_strtol("1f", 16, 31, 2);
    expect_strtol("017", 0, 15, 3);
    expect_strtol("0", 0, 0, 1);
    expect_strtol("0x", 0, 0, 1); /* "0", then an x that starts no number */
    expect_strtol("101", 2, 5, 3);
    expect_strtol("zz", 36, 35 * 36 + 35, 2);
    expect_strtol("129", 8, 10, 2); /* 9 is no octal digit */
}

HOST_TEST(strtol_without_digits_uses_nothing)
{
    expect_strtol("", 10, 0, 0);
    expect_strtol("   ", 10, 0, 0);
    expect_strtol("-", 10, 0, 0);
    expect_strtol("abc", 10, 0, 0);
    expect_strtol("12", 1, 0, 0);  /* base 1 does not exist */
    expect_strtol("12", 37, 0, 0); /* nor does base 37 */
}

HOST_TEST(strtol_saturates_out_of_range)
{
    char text[64];
    snprintf(text, sizeof text, "%ld", LONG_MAX);
    expect_strtol(text, 10, LONG_MAX, (long)strlen(text));
    snprintf(text, sizeof text, "%ld", LONG_MIN);
    expect_strtol(text, 10, LONG_MIN, (long)strlen(text));
    expect_strtol("99999999999999999999999", 10, LONG_MAX, 23);
    expect_strtol("-99999999999999999999999", 10, LONG_MIN, 24);
    EXPECT_EQ(ULONG_MAX, strtoul("999999999999999999999999", NULL, 10), "strtoul of a huge number");
    EXPECT_EQ(ULONG_MAX, strtoul("0xFFFFFFFFFFFFFFFFFFFF", NULL, 0), "strtoul of a huge hex number");
    EXPECT_EQ(0xFFFFFFFFul, strtoul("0xFFFFFFFF", NULL, 16), "strtoul(\"0xFFFFFFFF\")");
    EXPECT_EQ(-(unsigned long)1, strtoul("-1", NULL, 10), "strtoul(\"-1\") negates, as C's does");
}

HOST_TEST(atoi_and_strtol_checked)
{
    EXPECT_EQ(123, atoi("123abc"), "atoi(\"123abc\")");
    EXPECT_EQ(-5, atoi(" -5"), "atoi(\" -5\")");
    EXPECT_EQ(0, atoi("x"), "atoi(\"x\")");
    long value = -1;
    EXPECT_TRUE(strtol_checked("  250 ", 10, &value) && value == 250, "strtol_checked(\"  250 \")");
    EXPECT_TRUE(strtol_checked("0x10", 0, &value) && value == 16, "strtol_checked(\"0x10\", 0)");
    value = 77;
    EXPECT_TRUE(!strtol_checked("12abc", 10, &value), "strtol_checked refuses \"12abc\"");
    EXPECT_TRUE(!strtol_checked("", 10, &value), "strtol_checked refuses \"\"");
    EXPECT_TRUE(!strtol_checked("-", 10, &value), "strtol_checked refuses \"-\"");
    EXPECT_TRUE(!strtol_checked("99999999999999999999999", 10, &value), "strtol_checked refuses overflow");
    EXPECT_EQ(77, value, "a refused strtol_checked leaves the value alone");
}

HOST_TEST(string_searches)
{
    const char *text = "a/b/c";
    EXPECT_TRUE(strchr(text, '/') == text + 1, "strchr finds the first /");
    EXPECT_TRUE(strrchr(text, '/') == text + 3, "strrchr finds the last /");
    EXPECT_TRUE(strchr(text, 'x') == NULL && strrchr(text, 'x') == NULL, "no x: NULL");
    EXPECT_TRUE(strchr(text, '\0') == text + 5, "strchr of NUL finds the end");
    const char *hw = "hello world";
    EXPECT_TRUE(strstr(hw, "o w") == hw + 4, "strstr(\"hello world\", \"o w\")");
    EXPECT_TRUE(strstr(hw, "") == hw, "strstr with an empty needle");
    EXPECT_TRUE(strstr(hw, "worlds") == NULL, "strstr of a needle longer than what is left");
    EXPECT_TRUE(memchr(hw, 'w', 11) == hw + 6 && memchr(hw, 'w', 6) == NULL, "memchr within its length");
    EXPECT_EQ(3, strspn("  \tx", " \t"), "strspn of white space");
    EXPECT_EQ(5, strcspn("hello|world", "|;"), "strcspn up to a separator");
    EXPECT_EQ(3, strnlen("abc", 10), "strnlen of a short string");
    EXPECT_EQ(2, strnlen("abc", 2), "strnlen stops at its limit");
}

HOST_TEST(string_copies)
{
    char buffer[16];
    strcpy(buffer, "ab");
    strcat(buffer, "cd");
    EXPECT_STR_EQ("abcd", buffer, "strcpy then strcat");
    memset(buffer, 'x', sizeof buffer);
    strncpy(buffer, "hi", 5);
    EXPECT_TRUE(buffer[0] == 'h' && buffer[2] == 0 && buffer[4] == 0 && buffer[5] == 'x',
                "strncpy pads with NULs to its length and no further");
}

HOST_TEST(strtok_r_splits_words)
{
    char line[] = "  ls  -l |wc ";
    char *saved = NULL;
    const char *expected[] = { "ls", "-l", "|wc" };
    char *word = strtok_r(line, " ", &saved);
    for (unsigned i = 0; i < 3; i++) {
        if (!EXPECT_TRUE(word != NULL, "word %u of the line", i))
            return;
        EXPECT_STR_EQ(expected[i], word, "word %u", i);
        word = strtok_r(NULL, " ", &saved);
    }
    EXPECT_TRUE(word == NULL, "no fourth word");
    EXPECT_TRUE(strtok_r(NULL, " ", &saved) == NULL, "still none after the end");
    char blank[] = "   ";
    EXPECT_TRUE(strtok_r(blank, " ", &saved) == NULL, "a line of separators has no word");
}

HOST_TEST(character_classes)
{
    int digits = 0, spaces = 0, letters = 0;
    for (int c = 0; c < 128; c++) {
        digits += isdigit(c) != 0;
        spaces += isspace(c) != 0;
        letters += isalpha(c) != 0;
        if (isprint(c) == iscntrl(c))
            HOST_FAIL("character %d is both or neither printable and control", c);
    }
    EXPECT_EQ(10, digits, "isdigit count");
    EXPECT_EQ(6, spaces, "isspace count (space, \\t \\n \\v \\f \\r)");
    EXPECT_EQ(52, letters, "isalpha count");
    EXPECT_EQ('a', tolower('A'), "tolower('A')");
    EXPECT_EQ('Z', toupper('z'), "toupper('z')");
    EXPECT_EQ('1', toupper('1'), "toupper('1')");
    EXPECT_TRUE(isxdigit('f') && isxdigit('F') && !isxdigit('g'), "isxdigit");
    EXPECT_TRUE(ispunct('!') && !ispunct('a') && !ispunct(' '), "ispunct");
}
