/*
 * dirent.c - unpacking one FS_READDIR record (dir.h's dir_unpack): pure C, so the host
 * tests feed it hostile batches (kernel/tests/host/test_user_paths.c).
 */
#include "dir.h"
#include "string.h"

#define HEADER_SIZE 8u /* inode, record_length, name_length, type */

int dir_unpack(const uint8_t *batch, size_t size, unsigned *offset, struct dirent *entry)
{
    unsigned at = *offset;
    if (at % 4 || at + HEADER_SIZE > size)
        return FS_ERR_CORRUPT;
    struct fs_dirent header;
    memcpy(&header, batch + at, HEADER_SIZE);
    unsigned length = header.record_length;
    if (header.name_length == 0 || length < HEADER_SIZE + header.name_length || length % 4 ||
        at + length > size)
        return FS_ERR_CORRUPT;
    entry->inode = header.inode;
    entry->type = header.type;
    memcpy(entry->name, batch + at + HEADER_SIZE, header.name_length);
    entry->name[header.name_length] = '\0';
    *offset = at + length;
    return 0;
}
