/*
 * sched_group.h — the CPU controller: a container's share of the CPU.
 *
 * Every container embeds one struct sched_group; the scheduler
 * (kernel/sched.c) runs groups, and tasks inside a group.  Two rules decide
 * who runs (docs/cpu-controller.md tells the whole story):
 *
 *   cpu_weight  Stride scheduling (Waldspurger and Weihl, 1995) between the
 *               groups that have runnable tasks: each group has a pass, which
 *               advances by the CPU time it uses times its stride
 *               (SCHED_STRIDE1 / weight); the busy group with the lowest pass
 *               runs next.  A group with weight 300 advances three times
 *               slower than one with 100, so it runs three times as long.
 *               Time is measured, not counted in whole quanta (as CFS's
 *               virtual runtime), by sched_clock_ns().  Inside a group, the
 *               same rule between its tasks, weighted by their nice values
 *               (all nice 0: they take turns, a slice each).
 *   cpu_max     A bandwidth cap, QUOTA ns of CPU every PERIOD ns
 *               (kernel/sched_bandwidth.c): a group that used its quota is
 *               throttled — its tasks stay runnable but are not picked —
 *               until the next period refills it.
 *
 * Locking: every field is under the run-queue lock (kernel/sched.c, interrupts
 * off); containers change weight and quota through the calls below, which
 * take it.
 *
 * Read next: kernel/sched_fair.c (the stride rule), kernel/sched_bandwidth.c.
 */
#ifndef CORRAL_SCHED_GROUP_H
#define CORRAL_SCHED_GROUP_H

#include <corral/list.h>
#include <corral/types.h>

#define SCHED_WEIGHT_MIN 1
#define SCHED_WEIGHT_MAX 10000
#define SCHED_WEIGHT_DEFAULT 100
#define SCHED_STRIDE1 (1u << 20) /* stride = SCHED_STRIDE1 / weight */
#define SCHED_PERIOD_DEFAULT_US 100000u
#define SCHED_PERIOD_MIN_US 1000u   /* cgroup v2's bounds for cpu.max */
#define SCHED_PERIOD_MAX_US 1000000u
#define SCHED_QUOTA_MIN_US 1000u
#define SCHED_NO_QUOTA 0 /* cpu_max "max" */

struct task;

struct sched_group {
	uint32_t weight;          /* cpu_weight */
	uint32_t stride;          /* SCHED_STRIDE1 / weight */
	uint64_t pass;            /* virtual time: ns used × stride / 1024 */
	struct list_head queue;   /* its runnable tasks but the running one, FIFO (task.run_node) */
	struct list_head busy_node; /* on the busy list while queue is not empty */
	uint64_t task_vtime;      /* the pass of the task picked last in it */

	/* cpu_max (kernel/sched_bandwidth.c). */
	uint64_t quota_ns;        /* SCHED_NO_QUOTA: none */
	uint64_t period_ns;
	uint64_t period_end_ns;   /* when the current period ends */
	int64_t period_left_ns;   /* quota left in this period; below 0: overrun, paid next period */
	bool is_throttled;
	uint64_t throttled_at_ns;
	struct list_head bandwidth_node; /* on the bandwidth list while it has a quota */

	/* What `stat` shows. */
	uint64_t usage_ns;        /* CPU time its tasks used */
	uint64_t nr_user_ticks;   /* ticks that found one of its tasks in user mode */
	uint64_t nr_system_ticks; /* ... in the kernel */
	uint32_t nr_throttled;    /* periods in which it was throttled */
	uint64_t throttled_ns;    /* time spent throttled */
};

/* A snapshot of one group's counters, in microseconds (cgroup v2's cpu.stat).
 * User and system time split usage_usec in the proportion of the ticks that
 * sampled each mode (as Linux's cputime_adjust does), so they add up. */
struct sched_group_stat {
	uint32_t weight;
	uint32_t quota_us, period_us; /* quota_us SCHED_NO_QUOTA: max */
	uint64_t usage_usec, user_usec, system_usec;
	uint32_t nr_throttled;
	uint64_t throttled_usec;
};

/* kernel/sched.c: lifetime and settings, each under the run-queue lock. */
void sched_group_init(struct sched_group *g);
void sched_set_root_group(struct sched_group *g); /* tasks without a group run in it */
void sched_group_remove(struct sched_group *g);   /* empty, about to be freed */
void sched_group_set_weight(struct sched_group *g, uint32_t weight);
void sched_group_set_max(struct sched_group *g, uint32_t quota_us, uint32_t period_us);
void sched_group_get_stat(struct sched_group *g, struct sched_group_stat *out);
/* Move t to group g (a container change); safe whether t runs, waits or sleeps. */
void sched_task_set_group(struct task *t, struct sched_group *g);

/* kernel/sched_fair.c: the stride rule, over the list of busy groups. */
void sched_fair_charge(struct sched_group *g, struct task *t, uint64_t delta_ns);
void sched_fair_enqueue(struct list_head *busy, uint64_t *vtime, struct sched_group *g,
			struct task *t);
struct task *sched_fair_pick(struct list_head *busy, uint64_t *vtime);
void sched_fair_dequeue(struct sched_group *g, struct task *t);
bool sched_fair_has_runnable(struct list_head *busy);
void sched_fair_yield(struct sched_group *g, struct task *t); /* t: running, not queued */

/* kernel/sched_bandwidth.c: cpu_max. */
void sched_bandwidth_set(struct sched_group *g, struct list_head *groups, uint64_t now_ns,
			 uint64_t quota_ns, uint64_t period_ns);
/* The group used delta_ns: true if that used up its quota (it is now throttled). */
bool sched_bandwidth_charge(struct sched_group *g, uint64_t now_ns, uint64_t delta_ns);
/* Refill the groups whose period ended; true if one was unthrottled. */
bool sched_bandwidth_tick(struct list_head *groups, uint64_t now_ns, uint64_t *vtime);

/* kernel/sched_clock.c: nanoseconds since boot, finer than the tick: the
 * tick count plus the TSC's progress since the last tick (calibrated against
 * the ticks, clamped below one tick so it never goes back). */
uint64_t sched_clock_ns(void);
uint64_t sched_clock_ns_locked(void); /* the same, with interrupts already off */
void sched_clock_tick(void); /* from the timer interrupt, after the tick count moved */

#endif
