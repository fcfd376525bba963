/*
 * lab_hole_host.c - lab_hole_missing() for build/host/ext2tool (servers/lib/lab_hole.h):
 * a hole of Lab 6 not yet written says so on stderr, once, and its stub fails its call,
 * so that the tool stops with the stub's error and a non-zero exit status.
 */
#include <stdio.h>

#include "lab_hole.h"

void lab_hole_missing(int lab, const char *function)
{
    static const char *reported[16];
    for (unsigned i = 0; i < sizeof reported / sizeof reported[0]; i++) {
        if (reported[i] == function)
            return;
        if (reported[i] == NULL) {
            reported[i] = function;
            break;
        }
    }
    fprintf(stderr, "lab %d: %s is not implemented yet (see labs/lab%d/README.md)\n", lab,
            function, lab);
}
