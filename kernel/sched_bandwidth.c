/*
 * sched_bandwidth.c — cpu_max: at most QUOTA of CPU time every PERIOD.
 *
 * cgroup v2's cpu.max, on one CPU.  A group with a quota is on the
 * bandwidth list and has a budget for the current period:
 *
 *     period:   |<------------------ 100 ms ------------------>|
 *     budget:    20 ms  runs ██ ─ throttled (not picked) ─ ─ ─ |→ refilled, runs again
 *
 * Every charge takes from the budget; when it reaches zero the group is
 * throttled: its tasks stay runnable (ps shows R) but the scheduler passes
 * the group over, and the time until the refill counts in throttled_ns.  At
 * the end of the period (looked at every tick) the budget gets QUOTA more,
 * never more than QUOTA in all: an overrun (the kernel is not preempted, so
 * a task may use a little past its budget before it returns to user mode) is
 * paid back in the next period, and nothing is saved up from idle periods.
 * Periods are timed by sched_clock_ns but looked at on the tick: quotas and
 * periods below 10 ms are kept on average, not within each period.
 *
 * Everything here runs under the run-queue lock.
 * Read next: kernel/sched.c.
 */
#include <corral/sched_group.h>

static void sched_bandwidth_unthrottle(struct sched_group *g, uint64_t now_ns, uint64_t *vtime)
{
	g->is_throttled = false;
	g->throttled_ns += now_ns - g->throttled_at_ns;
	if (vtime && g->pass < *vtime)
		g->pass = *vtime; /* as a group that wakes: no credit for the wait */
}

/* quota_ns SCHED_NO_QUOTA takes the cap away; otherwise a new period starts now. */
void sched_bandwidth_set(struct sched_group *g, struct list_head *groups, uint64_t now_ns,
			 uint64_t quota_ns, uint64_t period_ns)
{
	if (g->is_throttled)
		sched_bandwidth_unthrottle(g, now_ns, NULL);
	g->quota_ns = quota_ns;
	g->period_ns = period_ns;
	list_del(&g->bandwidth_node);
	if (quota_ns == SCHED_NO_QUOTA)
		return;
	g->period_left_ns = (int64_t)quota_ns;
	g->period_end_ns = now_ns + period_ns;
	list_add_tail(&g->bandwidth_node, groups);
}

bool sched_bandwidth_charge(struct sched_group *g, uint64_t now_ns, uint64_t delta_ns)
{
	if (g->quota_ns == SCHED_NO_QUOTA)
		return false;
	g->period_left_ns -= (int64_t)delta_ns;
	if (g->period_left_ns > 0 || g->is_throttled)
		return false;
	g->is_throttled = true;
	g->throttled_at_ns = now_ns;
	g->nr_throttled++;
	return true;
}

/* The start of a new period for g: QUOTA more budget, capped at QUOTA. */
static bool sched_bandwidth_refill(struct sched_group *g, uint64_t now_ns, uint64_t *vtime)
{
	g->period_end_ns += g->period_ns;
	if (g->period_end_ns <= now_ns)
		g->period_end_ns = now_ns + g->period_ns; /* periods went by unseen */
	g->period_left_ns += (int64_t)g->quota_ns;
	if (g->period_left_ns > (int64_t)g->quota_ns)
		g->period_left_ns = (int64_t)g->quota_ns;
	if (!g->is_throttled || g->period_left_ns <= 0)
		return false;
	sched_bandwidth_unthrottle(g, now_ns, vtime);
	return true;
}

bool sched_bandwidth_tick(struct list_head *groups, uint64_t now_ns, uint64_t *vtime)
{
	bool is_any_unthrottled = false;
	struct list_head *pos;
	list_for_each(pos, groups) {
		struct sched_group *g = list_entry(pos, struct sched_group, bandwidth_node);
		if (now_ns >= g->period_end_ns && sched_bandwidth_refill(g, now_ns, vtime))
			is_any_unthrottled = true;
	}
	return is_any_unthrottled;
}
