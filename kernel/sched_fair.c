/*
 * sched_fair.c — who runs next: stride scheduling between groups, round
 * robin inside a group.
 *
 * Stride scheduling (Carl Waldspurger and William Weihl, "Stride Scheduling:
 * Deterministic Proportional-Share Resource Management", MIT 1995): each
 * client holds tickets (here cpu_weight) and has a stride, a large constant
 * divided by its tickets, and a pass.  The client with the smallest pass
 * runs; when it has run, its pass advances by its stride.  Over any stretch
 * in which two clients stay busy, each gets CPU in proportion to its
 * tickets, with an error of at most one quantum.  Two changes, both CFS's:
 *
 *   - the pass advances by the time actually used (ns × stride / 1024), so a
 *     task that sleeps after 1 ms pays for 1 ms, not for a whole quantum;
 *   - a group that becomes busy again starts at the virtual time (the pass
 *     of the group picked last) if it is behind it: time spent asleep is not
 *     saved up to be spent later in one long burst (the paper's "global
 *     pass" plays the same part).  It starts a little before it, by
 *     SCHED_WAKE_CREDIT_NS at the default weight (CFS's "gentle fair
 *     sleepers"): a shell woken by a key press runs before the busy groups,
 *     and the program it starts too, instead of waiting for their slices.
 *
 *        busy list:  [web  pass 8.1e9  w 300] [batch  pass 8.4e9  w 100] [/ ...]
 *                          │ smallest pass: runs next
 *                          queue: task 12 → task 13 → task 14 (each a slice, in turn)
 *
 * A group is on the busy list while it has runnable tasks waiting (the
 * running task is on no queue).  Throttled groups (cpu_max) stay on the list
 * and are passed over.  Everything here runs under the run-queue lock.
 *
 * Read next: kernel/sched_bandwidth.c (cpu_max), kernel/sched.c (the switch).
 */
#include <corral/sched_group.h>
#include <corral/task.h>

#define SCHED_WAKE_CREDIT_NS (20 * 1000 * 1000ull) /* two ticks */
#define SCHED_WAKE_CREDIT_PASS ((SCHED_WAKE_CREDIT_NS * (SCHED_STRIDE1 / SCHED_WEIGHT_DEFAULT)) >> 10)

/* The group used delta_ns of CPU. */
void sched_fair_charge(struct sched_group *g, uint64_t delta_ns)
{
	g->usage_ns += delta_ns;
	g->pass += (delta_ns * g->stride) >> 10;
}

/* t becomes runnable in g (t is not running and is on no list). */
void sched_fair_enqueue(struct list_head *busy, uint64_t *vtime, struct sched_group *g,
			struct task *t)
{
	if (list_is_empty(&g->queue)) {
		uint64_t start = *vtime > SCHED_WAKE_CREDIT_PASS ? *vtime - SCHED_WAKE_CREDIT_PASS : 0;
		if (g->pass < start)
			g->pass = start; /* no credit for the time it was idle, but a little */
		list_add_tail(&g->busy_node, busy);
	}
	list_add_tail(&t->run_node, &g->queue);
	t->is_queued = true;
}

/* Take t off g's queue (it is on it). */
void sched_fair_dequeue(struct sched_group *g, struct task *t)
{
	list_del(&t->run_node);
	t->is_queued = false;
	if (list_is_empty(&g->queue))
		list_del(&g->busy_node);
}

static struct sched_group *sched_fair_lowest_pass(struct list_head *busy)
{
	struct sched_group *best = NULL;
	struct list_head *pos;
	list_for_each(pos, busy) {
		struct sched_group *g = list_entry(pos, struct sched_group, busy_node);
		if (!g->is_throttled && (!best || g->pass < best->pass))
			best = g;
	}
	return best;
}

/* The next task to run, taken off its queue; NULL when no group may run. */
struct task *sched_fair_pick(struct list_head *busy, uint64_t *vtime)
{
	struct sched_group *g = sched_fair_lowest_pass(busy);
	if (!g)
		return NULL;
	if (g->pass > *vtime)
		*vtime = g->pass;
	struct task *t = list_first_entry(&g->queue, struct task, run_node);
	sched_fair_dequeue(g, t);
	return t;
}

bool sched_fair_has_runnable(struct list_head *busy)
{
	return sched_fair_lowest_pass(busy) != NULL;
}
