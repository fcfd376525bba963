/**
 * @file ext2tool.h
 * @brief What ext2tool.c and ext2tool_fuzz.c share.
 */
#ifndef ORRERY_FS_EXT2TOOL_H
#define ORRERY_FS_EXT2TOOL_H

#include "fs_device.h"

/** The host's time, for inode times. */
uint32_t tool_now(struct fs_device *device);
/** A few words for an error number. */
const char *tool_error_name(int error);
/** `ext2tool IMAGE fuzz SEED ROUNDS`: see ext2tool_fuzz.c. @return the exit status. */
int tool_fuzz(const char *image, const char *seed, const char *rounds);

#endif
