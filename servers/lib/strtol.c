/*
 * strtol.c - numbers from text: strtol, strtoul, atoi, strtol_checked (stdlib.h).
 */
#include <limits.h>

#include "ctype.h"
#include "stdlib.h"

/* The value of digit @p c, or 36 (too big for every base) if it is not one. */
static unsigned digit_value(int c)
{
    if (isdigit(c))
        return (unsigned)(c - '0');
    if (isalpha(c))
        return (unsigned)(tolower(c) - 'a' + 10);
    return 36;
}

/*
 * The common part: white space, sign, base prefix, digits. Sets *negative and *overflow;
 * returns the magnitude (saturated at @p limit) and where the digits ended (or @p text if
 * there were none).
 */
static unsigned long parse(const char *text, const char **end, int base, unsigned long limit,
                           bool *negative, bool *overflow)
{
    const char *s = text;
    *negative = false;
    *overflow = false;
    *end = text;
    if (base < 0 || base == 1 || base > 36)
        return 0;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '+' || *s == '-')
        *negative = *s++ == '-';
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
        digit_value((unsigned char)s[2]) < 16) {
        s += 2;
        base = 16;
    } else if (base == 0) {
        base = s[0] == '0' ? 8 : 10;
    }
    unsigned long value = 0;
    const char *first = s;
    for (unsigned d; (d = digit_value((unsigned char)*s)) < (unsigned)base; s++) {
        if (value > (limit - d) / (unsigned)base)
            *overflow = true;
        else
            value = value * (unsigned)base + d;
    }
    if (s == first)
        return 0; /* no digits: *end stays at the start */
    *end = s;
    return *overflow ? limit : value;
}

long strtol(const char *text, char **end, int base)
{
    bool negative, overflow;
    const char *stop;
    /* A negative number may be one larger in magnitude than LONG_MAX. */
    unsigned long limit = (unsigned long)LONG_MAX + 1;
    unsigned long magnitude = parse(text, &stop, base, limit, &negative, &overflow);
    if (end)
        *end = (char *)stop;
    if (negative)
        return magnitude >= limit ? LONG_MIN : -(long)magnitude;
    return magnitude > (unsigned long)LONG_MAX ? LONG_MAX : (long)magnitude;
}

unsigned long strtoul(const char *text, char **end, int base)
{
    bool negative, overflow;
    const char *stop;
    unsigned long magnitude = parse(text, &stop, base, ULONG_MAX, &negative, &overflow);
    if (end)
        *end = (char *)stop;
    if (overflow)
        return ULONG_MAX;
    return negative ? -magnitude : magnitude;
}

int atoi(const char *text)
{
    return (int)strtol(text, NULL, 10);
}

bool strtol_checked(const char *text, int base, long *value)
{
    bool negative, overflow;
    const char *stop;
    unsigned long limit = (unsigned long)LONG_MAX + 1;
    unsigned long magnitude = parse(text, &stop, base, limit, &negative, &overflow);
    if (stop == text || overflow || (!negative && magnitude > (unsigned long)LONG_MAX))
        return false;
    while (isspace((unsigned char)*stop))
        stop++;
    if (*stop != '\0')
        return false;
    *value = negative ? (magnitude >= limit ? LONG_MIN : -(long)magnitude) : (long)magnitude;
    return true;
}
