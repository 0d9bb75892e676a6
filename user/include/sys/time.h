/*
 * sys/time.h — the wall clock in microseconds: gettimeofday, settimeofday
 * (struct timeval and struct timezone are Linux's, <uapi/time.h>; the time
 * zone is always UTC).  Implemented in lib/time.c.
 */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <sys/types.h>
#include <uapi/time.h>

int gettimeofday(struct timeval *tv, struct timezone *tz);
int settimeofday(const struct timeval *tv, const struct timezone *tz); /* root only */

#endif
