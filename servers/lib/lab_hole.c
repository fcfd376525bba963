/*
 * lab_hole.c - what an unimplemented lab hole in a server does: say so on the kernel's
 * debug console, once per hole, and let the stub fail its request (lab_hole.h).
 */
#include "lab_hole.h"
#include "stdio.h"

/* The holes reported already: a stub called on every interrupt says so once, not a flood. */
#define LAB_HOLES_REMEMBERED 16
static const char *reported[LAB_HOLES_REMEMBERED];

static bool reported_before(const char *function)
{
    for (unsigned i = 0; i < LAB_HOLES_REMEMBERED; i++) {
        if (reported[i] == function)
            return true;
        if (!reported[i]) {
            reported[i] = function;
            return false;
        }
    }
    return false; /* the table is full: report again rather than never */
}

void lab_hole_missing(int lab, const char *function)
{
    if (reported_before(function))
        return;
    char line[128];
    int length = snprintf(line, sizeof line, "lab %d: %s is not implemented yet (see labs/lab%d/README.md)\n",
                          lab, function, lab);
    if (length > (int)sizeof line - 1)
        length = (int)sizeof line - 1;
    if (length > 0)
        console_write(line, (size_t)length);
}
