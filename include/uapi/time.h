/*
 * time.h — struct timespec and clock ids (Linux i386: 32-bit time_t).
 */
#ifndef UAPI_TIME_H
#define UAPI_TIME_H

struct timespec {
	long tv_sec;
	long tv_nsec;
};

struct timeval {
	long tv_sec;
	long tv_usec;
};

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

#endif
