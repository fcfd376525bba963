/**
 * @file ata_server.h
 * @brief What the ATA driver's parts share: the disk and the table of its requests.
 */
#ifndef ORRERY_ATA_SERVER_H
#define ORRERY_ATA_SERVER_H

#include "disk.h"
#include "rpc.h"

/** The disk on the primary channel (disk.h), found at start. */
extern struct ata_disk ata_disk;

/** The block protocol's requests (proto/block.h), served by rpc_serve. */
extern const struct rpc_op ata_ops[];
extern const unsigned ata_op_count;

#endif
