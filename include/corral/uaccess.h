/*
 * uaccess.h — copying to and from user space, safely.
 *
 * Every pointer a system call receives is checked: it must lie below
 * KERNEL_BASE, and no VMA it touches may forbid the access (PROT_NONE, or a
 * write to read-only memory).  It is then copied by routines whose faults are
 * caught: a page that cannot be brought in makes the copy return -EFAULT
 * instead of crashing the kernel.
 */
#ifndef CORRAL_UACCESS_H
#define CORRAL_UACCESS_H

#include <corral/types.h>

int copy_from_user(void *dst, const void *user_src, size_t n);     /* 0 or -EFAULT */
int copy_to_user(void *user_dst, const void *src, size_t n);       /* 0 or -EFAULT */
/* Copy a NUL-terminated string of at most max-1 bytes; returns its length,
 * -EFAULT, or -ENAMETOOLONG when no NUL comes within max bytes. */
int strncpy_from_user(char *dst, const char *user_src, size_t max);
bool user_range_is_ok(const void *user_ptr, size_t n, bool is_write);
/* Check the range and bring its pages in now (writable if is_write), so that a
 * copy right after cannot fail; 0, -EFAULT, or -ENOMEM when a valid page could
 * not be had.  For data that cannot be put back. */
int user_buffer_prepare(void *user_ptr, size_t n, bool is_write);

#endif
