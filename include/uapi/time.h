/*
 * time.h — what user space shares with the kernel about clocks (Linux i386):
 * struct timespec and struct timeval with a 32-bit time_t (the old calls:
 * clock_gettime 265, gettimeofday 78, ...), struct __kernel_timespec with
 * 64-bit seconds (the *_time64 calls, 403 and up), the clock ids and
 * TIMER_ABSTIME.  kernel/syscalls_time.c implements the calls.
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

/* The year-2038-safe layout of clock_gettime64 and friends. */
struct __kernel_timespec {
	long long tv_sec;
	long long tv_nsec;
};

/* settimeofday's second argument; Corral keeps no time zone (UTC only). */
struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

#define CLOCK_REALTIME 0           /* wall clock: seconds since 1970-01-01 UTC */
#define CLOCK_MONOTONIC 1          /* time since boot; never set, never goes back */
#define CLOCK_PROCESS_CPUTIME_ID 2 /* CPU time used by the calling process */
#define CLOCK_THREAD_CPUTIME_ID 3  /* ... by the calling thread (the same here) */
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7 /* monotonic, counting suspend (Corral never suspends) */

/* setitimer/getitimer: which timer. */
#define ITIMER_REAL 0    /* wall time, SIGALRM */
#define ITIMER_VIRTUAL 1 /* user time, SIGVTALRM */
#define ITIMER_PROF 2    /* user and system time, SIGPROF */
#define ITIMER_COUNT 3

#define TIMER_ABSTIME 1 /* clock_nanosleep: the request is a deadline, not a length */

#endif
