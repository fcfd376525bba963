/**
 * @file errors.h
 * @brief Error codes returned by kernel functions and, later, by system calls.
 *
 * This header is part of the user/kernel ABI: user programs include it too, so it uses
 * only plain C and no kernel types. Every error is a small negative number; 0 is success.
 */
#ifndef ORRERY_ABI_ERRORS_H
#define ORRERY_ABI_ERRORS_H

#define ERR_OK 0             /**< success */
#define ERR_INVALID (-1)     /**< an argument is malformed (unaligned, out of range) */
#define ERR_NO_MEMORY (-2)   /**< no physical frame or kernel memory left */
#define ERR_EXISTS (-3)      /**< the thing to create is already there */
#define ERR_NOT_FOUND (-4)   /**< the thing to use or remove is not there */
#define ERR_FAULT (-5)       /**< an address could not be accessed */
#define ERR_NOT_ALLOCATED (-6) /**< freeing something that was not allocated */

#endif
