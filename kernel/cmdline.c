/*
 * cmdline.c - words separated by spaces; a word is either "flag" or "key=value".
 */
#include "cmdline.h"
#include "string.h"

/* Find the next word: returns its start and sets *length, or NULL at the end. */
static const char *next_word(const char *p, size_t *length)
{
    while (*p == ' ')
        p++;
    if (!*p)
        return NULL;
    const char *end = p;
    while (*end && *end != ' ')
        end++;
    *length = (size_t)(end - p);
    return p;
}

bool cmdline_has_flag(const char *cmdline, const char *flag)
{
    size_t flag_length = strlen(flag), length;
    for (const char *w = next_word(cmdline, &length); w; w = next_word(w + length, &length))
        if (length == flag_length && strncmp(w, flag, length) == 0)
            return true;
    return false;
}

bool cmdline_get(const char *cmdline, const char *key, char *value, size_t size)
{
    size_t key_length = strlen(key), length;
    for (const char *w = next_word(cmdline, &length); w; w = next_word(w + length, &length)) {
        if (length > key_length && strncmp(w, key, key_length) == 0 && w[key_length] == '=') {
            size_t value_length = length - key_length - 1;
            if (value_length >= size)
                value_length = size - 1;
            memcpy(value, w + key_length + 1, value_length);
            value[value_length] = '\0';
            return true;
        }
    }
    return false;
}

bool parse_number(const char *text, uint64_t *value)
{
    unsigned base = 10;
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text += 2;
    }
    if (!*text)
        return false;
    uint64_t result = 0;
    for (; *text; text++) {
        unsigned digit;
        if (*text >= '0' && *text <= '9')
            digit = (unsigned)(*text - '0');
        else if (base == 16 && *text >= 'a' && *text <= 'f')
            digit = (unsigned)(*text - 'a' + 10);
        else if (base == 16 && *text >= 'A' && *text <= 'F')
            digit = (unsigned)(*text - 'A' + 10);
        else
            return false;
        result = result * base + digit;
    }
    *value = result;
    return true;
}

uint64_t cmdline_get_number(const char *cmdline, const char *key, uint64_t fallback)
{
    char text[32];
    uint64_t value;
    if (cmdline_get(cmdline, key, text, sizeof text) && parse_number(text, &value))
        return value;
    return fallback;
}
