/*
 * lab.c - what an unimplemented lab hole does in the kernel: panic with a pointer to the
 * handout.
 */
#include "lab.h"
#include "panic.h"

void lab_hole_missing(int lab, const char *function)
{
    panic("lab %d: %s is not implemented yet (see labs/lab%d/README.md)", lab, function, lab);
}
