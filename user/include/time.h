/*
 * time.h — clocks and sleeping (struct timespec is Linux's, <uapi/time.h>).
 */
#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>
#include <uapi/time.h>

int nanosleep(const struct timespec *req, struct timespec *rem);
int clock_gettime(clockid_t clock, struct timespec *ts);
time_t time(time_t *t);

#endif
