/**
 * @file abi/errors.h
 * @brief Error codes returned by kernel functions and by system calls.
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
#define ERR_INVALID_CAP (-7) /**< the slot number is out of range or the slot is empty */
#define ERR_WRONG_TYPE (-8)  /**< the capability names an object of another type */
#define ERR_NO_RIGHTS (-9)   /**< the capability lacks a right the call needs */
#define ERR_QUOTA (-10)      /**< the task's kernel-memory quota would be exceeded */
#define ERR_NO_SYSCALL (-11) /**< there is no system call with that number */
#define ERR_DEAD (-12)       /**< the thread has exited, faulted or been killed */
#define ERR_WOULD_BLOCK (-13) /**< a non-blocking IPC found no partner waiting */
#define ERR_ABORTED (-14)    /**< a blocked IPC lost its endpoint, notification or partner */

#endif
