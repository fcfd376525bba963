/**
 * @file proto/errors.h
 * @brief Errors of the services beyond the kernel's own (abi/errors.h): what a disk or a
 *        file system can go wrong with. Results are negative, as the kernel's are, and
 *        never collide with them (the kernel's stop above -32). error_name() knows them all.
 */
#ifndef ORRERY_PROTO_ERRORS_H
#define ORRERY_PROTO_ERRORS_H

#define BLOCK_ERR_IO (-32)        /**< the disk reported an error */
#define BLOCK_ERR_TIMEOUT (-33)   /**< the disk did not answer in time */
#define BLOCK_ERR_NO_DEVICE (-34) /**< there is no disk on the channel */
#define FS_ERR_NOT_DIR (-40)      /**< a path component (or rmdir's target) is not a directory */
#define FS_ERR_IS_DIR (-41)       /**< a directory where a file is needed (unlink, write) */
#define FS_ERR_NOT_EMPTY (-42)    /**< rmdir of a directory with entries besides . and .. */
#define FS_ERR_NO_SPACE (-43)     /**< no free block or inode left */
#define FS_ERR_NAME (-44)         /**< a name too long (over 255 bytes) or a path malformed */
#define FS_ERR_CORRUPT (-45)      /**< the image's metadata is inconsistent: refused, not used */
#define FS_ERR_TOO_BIG (-46)      /**< past the largest file the block map can hold */
#define FS_ERR_BUSY (-47)         /**< too many open files, or renaming a directory into itself */

#endif
