/*
 * sys/utsname.h — uname().  The kernel fills a struct new_utsname (six fields
 * of 65 bytes, <uapi/utsname.h>); POSIX calls it struct utsname, so that name
 * is an alias for the same structure.
 */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

#include <uapi/utsname.h>

#define utsname new_utsname

int uname(struct utsname *buf);

#endif
