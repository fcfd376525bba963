/*
 * hexdump.c - each file named (or standard input) in hexadecimal, 16 bytes a line with
 * their offset and the printable ones as text, as `hexdump -C` shows them:
 *   00000000  68 69 0a                                          |hi.|
 */
#include "fd.h"
#include "file_util.h"
#include "program.h"
#include "stdio.h"

#define PER_LINE 16

static void line(unsigned offset, const unsigned char *bytes, unsigned count)
{
    printf("%08x ", offset);
    for (unsigned i = 0; i < PER_LINE; i++) {
        if (i == 8)
            printf(" ");
        if (i < count)
            printf(" %02x", bytes[i]);
        else
            printf("   ");
    }
    printf("  |");
    for (unsigned i = 0; i < count; i++)
        printf("%c", bytes[i] >= 0x20 && bytes[i] < 0x7f ? bytes[i] : '.');
    printf("|\n");
}

static int dump(int fd, const char *name)
{
    static unsigned char buffer[FS_BUFFER_SIZE];
    unsigned char row[PER_LINE];
    unsigned offset = 0, filled = 0;
    for (;;) {
        int n = read(fd, buffer, sizeof buffer);
        if (n < 0)
            return file_complain("hexdump", name, n);
        if (n == 0)
            break;
        for (int i = 0; i < n; i++) {
            row[filled++] = buffer[i];
            if (filled == PER_LINE) {
                line(offset, row, filled);
                offset += filled;
                filled = 0;
            }
        }
    }
    if (filled)
        line(offset, row, filled);
    printf("%08x\n", offset + filled);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return dump(FD_STDIN, "standard input");
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            status = file_complain("hexdump", argv[i], fd);
            continue;
        }
        status |= dump(fd, argv[i]);
        close(fd);
    }
    return status;
}
