/**
 * @file ctype.h
 * @brief Character classes (ASCII only, as the console is): isdigit, isspace, ...
 */
#ifndef ORRERY_USER_CTYPE_H
#define ORRERY_USER_CTYPE_H

/** '0'..'9'. */
static inline int isdigit(int c) { return c >= '0' && c <= '9'; }
/** '0'..'9', 'a'..'f', 'A'..'F'. */
static inline int isxdigit(int c)
{
    return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
/** 'a'..'z'. */
static inline int islower(int c) { return c >= 'a' && c <= 'z'; }
/** 'A'..'Z'. */
static inline int isupper(int c) { return c >= 'A' && c <= 'Z'; }
/** A letter. */
static inline int isalpha(int c) { return islower(c) || isupper(c); }
/** A letter or a digit. */
static inline int isalnum(int c) { return isalpha(c) || isdigit(c); }
/** Space, tab, newline, vertical tab, form feed, carriage return. */
static inline int isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
/** A printable character, space included (0x20..0x7E). */
static inline int isprint(int c) { return c >= 0x20 && c < 0x7F; }
/** A control character (0x00..0x1F and 0x7F). */
static inline int iscntrl(int c) { return (c >= 0 && c < 0x20) || c == 0x7F; }
/** Printable and not a space, not a letter or digit. */
static inline int ispunct(int c) { return isprint(c) && c != ' ' && !isalnum(c); }
/** The lower-case letter of @p c, or @p c. */
static inline int tolower(int c) { return isupper(c) ? c - 'A' + 'a' : c; }
/** The upper-case letter of @p c, or @p c. */
static inline int toupper(int c) { return islower(c) ? c - 'a' + 'A' : c; }

#endif
