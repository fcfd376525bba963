/**
 * @file proto/bootfs.h
 * @brief The boot files (served by init, servers/init): the boot modules, read by name.
 *
 * The programs and the boot manifest arrive as boot modules; init keeps them and serves them
 * to the memory manager (which loads programs from them) and to anyone the manifest allows.
 * Once the file system lands, programs come from its /bin through the same reads.
 */
#ifndef ORRERY_PROTO_BOOTFS_H
#define ORRERY_PROTO_BOOTFS_H

#include "rpc.h"

#define BOOTFS_NAME_WORDS 8 /**< a file name: at most 31 bytes */
#define BOOTFS_BUFFER_SIZE 4096u

enum bootfs_label {
    /** words: name[BOOTFS_NAME_WORDS]. Result: the file's number; word 1: its size.
     *  ERR_NOT_FOUND: no such file. */
    BOOTFS_OPEN = RPC_BASE_BOOTFS + 1,
    /** words: none. Reply: cap = this client's shared frame (read-only for the client). */
    BOOTFS_MAP = RPC_BASE_BOOTFS + 2,
    /** words: [file, offset, length <= BOOTFS_BUFFER_SIZE]. Result: bytes copied to the
     *  start of the shared frame (0 at or past the end). */
    BOOTFS_READ = RPC_BASE_BOOTFS + 3,
    /** words: [file]. Result: the next file number or ERR_NOT_FOUND past the last; word 1:
     *  size; words 2..: name. */
    BOOTFS_LIST = RPC_BASE_BOOTFS + 4,
};

#endif
