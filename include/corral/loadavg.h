/*
 * loadavg.h — how busy the machine is: the task list's counts (kernel/task.c)
 * and the load averages made from them every 5 seconds (kernel/loadavg.c),
 * for /proc/loadavg, /proc/stat and sysinfo(2).
 */
#ifndef CORRAL_LOADAVG_H
#define CORRAL_LOADAVG_H

#include <corral/time.h>
#include <corral/types.h>

/* The idle task is never counted. */
struct task_counts {
	uint32_t nr_tasks;
	uint32_t nr_running; /* runnable or running */
	uint32_t nr_blocked; /* user tasks in an uninterruptible sleep (kernel threads
			      * sleep so while they wait for work: they would count forever) */
	int last_pid;        /* the pid handed out last */
	uint64_t nr_forks;   /* tasks created since boot */
};
void task_get_counts(struct task_counts *out);

/* Load averages in fixed point: LOADAVG_FIXED_1 is 1.0. */
#define LOADAVG_SHIFT 11
#define LOADAVG_FIXED_1 (1u << LOADAVG_SHIFT)
#define LOADAVG_PERIOD_TICKS (5 * HZ + 1) /* 5 s and a tick: off the beat of 5 s sleepers */

void loadavg_tick(uint64_t now_jiffies); /* from the timer interrupt */
void loadavg_get(uint32_t loads[3]);     /* 1, 5 and 15 minutes */
/* One step of an average toward nr_active (a whole number of tasks), decay
 * being exp(-5 s / the period) in the same fixed point. */
uint32_t loadavg_step(uint32_t load, uint32_t decay, uint32_t nr_active);
/* The integer part and hundredths of a load, rounded as Linux prints them. */
uint32_t loadavg_int(uint32_t load);
uint32_t loadavg_hundredths(uint32_t load);

#endif
