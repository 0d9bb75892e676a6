/*
 * sched.h — the scheduler's calls a program may make.
 */
#ifndef _SCHED_H
#define _SCHED_H

/* Give the CPU to the next runnable task of the container (or of a container
 * whose turn it is); returns 0 at once when nobody else wants it. */
int sched_yield(void);

#endif
