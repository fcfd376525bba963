/* placeholder while the shell is written */
#include "parse.h"
#include "program.h"
int main(int argc, char **argv) { (void)argc; (void)argv; return 0; }
