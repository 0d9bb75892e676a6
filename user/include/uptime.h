/*
 * uptime.h — how long the machine has been up, as procps' uptime and top
 * print it (lib/uptime.c), from /proc/uptime, /proc/loadavg and the clock:
 *
 *      12:34:56 up  1:02,  load average: 0.00, 0.01, 0.05
 *
 * (procps puts "N users," before the load average; Corral keeps no login
 * records, so there is no count to print.)  Times are UTC, Corral's only zone.
 */
#ifndef _UPTIME_H
#define _UPTIME_H

#include <stddef.h>

struct uptime {
	long seconds;	  /* since boot, from /proc/uptime */
	char load[3][16]; /* the 1, 5 and 15 minute averages, as /proc/loadavg has them */
};

/* 0, or -1 with errno set when /proc cannot be read (not mounted?). */
int uptime_read(struct uptime *up);

/* " 12:34:56 up 1 min,  load average: 0.00, 0.00, 0.00" into buf. */
void uptime_format(const struct uptime *up, char *buf, size_t size);

/* "up 1 day, 2 hours, 5 minutes" (uptime -p) into buf. */
void uptime_format_pretty(const struct uptime *up, char *buf, size_t size);

#endif
