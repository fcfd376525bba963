/* ksyms_empty.S - an empty symbol table for the first link pass (see tools/mksyms.sh). */
    .section .ksyms, "a"
    .align 4
    .global ksyms_count, ksyms_table, ksyms_names
ksyms_count:
    .long 0
ksyms_table:
ksyms_names:
    .byte 0
