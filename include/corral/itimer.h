/*
 * itimer.h — interval timers per task: alarm, setitimer, getitimer
 * (kernel/itimer.c).
 */
#ifndef CORRAL_ITIMER_H
#define CORRAL_ITIMER_H

#include <corral/types.h>
#include <uapi/time.h>

struct task;

/* One timer, in ticks.  ITIMER_REAL's value is its deadline in jiffies (the
 * task is then on the real-timer list); the others' value counts down. */
struct itimer {
	uint64_t value;    /* 0: off */
	uint64_t interval; /* reloaded when it fires; 0: once */
};

/* From the timer interrupt: fire the real timers that are due, count down the
 * virtual (if the tick came from user mode) and profiling timers of the task
 * the tick interrupted. */
void itimer_tick(struct task *interrupted, bool is_user);
void itimer_exit(struct task *t); /* disarm everything, at exit */

#endif
