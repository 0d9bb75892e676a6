/*
 * sys/times.h — times(): the CPU time of a process and of its waited-for
 * children, in clock ticks (100 a second), and the ticks since boot.
 */
#ifndef _SYS_TIMES_H
#define _SYS_TIMES_H

#include <sys/types.h>

#define CLK_TCK 100

struct tms {
	clock_t tms_utime;  /* user time */
	clock_t tms_stime;  /* system time */
	clock_t tms_cutime; /* children's user time */
	clock_t tms_cstime; /* children's system time */
};

clock_t times(struct tms *buf);

#endif
