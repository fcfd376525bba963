/*
 * true.c - do nothing, successfully: `true; echo $?` prints 0. The smallest program to
 * spawn (spawnbench measures spawning it from the disk's /bin).
 */
#include "program.h"

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 0;
}
