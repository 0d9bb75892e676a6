/*
 * sched_fair.c — who runs next: stride scheduling between groups, and
 * again between the tasks of a group, weighted by their nice values.
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
 * Inside a group the same rule picks the task: each task has its own pass,
 * advancing by the time it runs times a stride from its nice value (weight
 * 1024 × 1.25^-nice, as Linux's table: one step of nice is about 10% of CPU
 * against a busy neighbour one step away); the queued task with the lowest
 * pass runs, ties in the order they queued (round robin when all have the
 * same nice).  A task that wakes starts no further back than the group's
 * task virtual time minus the same small credit.
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
#define SCHED_NICE0_STRIDE 1024u /* a nice-0 task's pass advances one per ns */

/* A task's stride by nice, -20..19: 2^20 / round(1024 × 1.25^-nice). */
static const uint32_t sched_nice_stride[TASK_NICE_MAX - TASK_NICE_MIN + 1] = {
    11,   14,   18,   23,   28,   36,   45,    56,    70,    87,    /* -20..-11 */
    109,  137,  171,  214,  268,  335,  419,   524,   655,   819,   /* -10..-1 */
    1024, 1280, 1600, 2001, 2502, 3120, 3912,  4877,  6096,  7653,  /* 0..9 */
    9532, 11915, 14979, 18724, 23301, 29127, 36157, 45590, 58254, 69905, /* 10..19 */
};

static uint32_t sched_task_stride(const struct task *t)
{
	int nice = t->nice; /* a plain int, changed by setpriority: read once */
	if (nice < TASK_NICE_MIN || nice > TASK_NICE_MAX)
		nice = 0;
	return sched_nice_stride[nice - TASK_NICE_MIN];
}

/* Task t of group g used delta_ns of CPU. */
void sched_fair_charge(struct sched_group *g, struct task *t, uint64_t delta_ns)
{
	g->usage_ns += delta_ns;
	g->pass += (delta_ns * g->stride) >> 10;
	t->sched_pass += (delta_ns * sched_task_stride(t)) >> 10;
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
	uint64_t task_credit = (SCHED_WAKE_CREDIT_NS * SCHED_NICE0_STRIDE) >> 10;
	uint64_t task_start = g->task_vtime > task_credit ? g->task_vtime - task_credit : 0;
	if (t->sched_pass < task_start)
		t->sched_pass = task_start;
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

/* The queued task of g with the lowest pass, the first queued of equals. */
static struct task *sched_fair_lowest_task(struct sched_group *g)
{
	struct task *best = NULL;
	struct list_head *pos;
	list_for_each(pos, &g->queue) {
		struct task *t = list_entry(pos, struct task, run_node);
		if (!best || t->sched_pass < best->sched_pass)
			best = t;
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
	struct task *t = sched_fair_lowest_task(g);
	if (t->sched_pass > g->task_vtime)
		g->task_vtime = t->sched_pass;
	sched_fair_dequeue(g, t);
	return t;
}

/* sched_yield: t goes behind every task queued in its group. */
void sched_fair_yield(struct sched_group *g, struct task *t)
{
	struct list_head *pos;
	list_for_each(pos, &g->queue) {
		struct task *other = list_entry(pos, struct task, run_node);
		if (other->sched_pass >= t->sched_pass)
			t->sched_pass = other->sched_pass + 1;
	}
}

bool sched_fair_has_runnable(struct list_head *busy)
{
	return sched_fair_lowest_pass(busy) != NULL;
}
