/*
 * errno.h — errno and its values.  The numbers are Linux's, shared with the
 * kernel through <uapi/errno.h>; a failed system call stores -eax here.
 */
#ifndef _ERRNO_H
#define _ERRNO_H

#include <uapi/errno.h>

extern int errno;

#endif
