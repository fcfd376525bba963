#!/bin/sh
# mksyms.sh - turn `nm -n` output of the kernel into ksyms.S, the table symbols.c searches.
#
# Usage: nm -n kernel.elf | sh kernel/tools/mksyms.sh > ksyms.S
# Only code symbols (t/T, and W for the weak lab-hole stubs) in the higher half are kept
# (not the identity-mapped boot code), sorted by address; a final "__end_of_text" entry at the
# end of .text lets symbol_lookup() refuse addresses beyond the last function.
awk '
$2 ~ /^[tTW]$/ && $1 >= "c0000000" && $3 !~ /^\./ && $3 != "_etext" && $3 !~ /^_kernel_/ { addr[n] = $1; name[n] = $3; n++ }
$3 == "_etext" { etext = $1 }
END {
    print "    .section .ksyms, \"a\""
    print "    .align 4"
    print "    .global ksyms_count, ksyms_table, ksyms_names"
    print "ksyms_count:"
    printf "    .long %d\n", n + 1
    print "ksyms_table:"
    offset = 0
    for (i = 0; i < n; i++) {
        printf "    .long 0x%s, %d\n", addr[i], offset
        offset += length(name[i]) + 1
    }
    printf "    .long 0x%s, %d\n", (etext != "" ? etext : addr[n-1]), offset
    print "ksyms_names:"
    for (i = 0; i < n; i++)
        printf "    .asciz \"%s\"\n", name[i]
    print "    .asciz \"__end_of_text\""
}'
