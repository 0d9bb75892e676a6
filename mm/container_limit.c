/*
 * container_limit.c — page_limit made real: the over-limit handler, soft and
 * hard limits, throttling, the container's own OOM killer.
 *
 * A container's usage is num_anon_pages + num_file_pages (resident pages;
 * swapped-out ones count in `swap`, not here).  Every place that charges a
 * user page calls container_make_room() just before the charge, and nothing
 * sleeps between the two:
 *
 *   soft (default)  the charge always goes through.  Usage over the limit
 *                   (or over 7/8 of it, for a second after it was over)
 *                   queues the container's work for the handler; a task
 *                   charging while usage is over limit + limit/8 sleeps until
 *                   the handler brings usage back or half a second passes
 *                   (`throttled`).
 *   hard            before the charge, the charging task itself reclaims from
 *                   the container's own lists until one more page fits; if
 *                   nothing can be reclaimed, the container's OOM killer kills
 *                   its largest task and the charge waits for it to go.  Usage
 *                   never goes past the limit.
 *
 * The handler ("kcontainerd", the seed's name) is a kernel thread with a
 * queue of containers, each queued at most once: it reclaims from that
 * container's lists only — clean file pages first while they are more than
 * half the limit, then both lists (aging, writing back, swapping out) — until
 * usage is below 7/8 of the limit or nothing more comes back, and wakes the
 * container's throttled tasks.  It holds a reference on the container while
 * it works, so rmdir meanwhile is safe.  Its cost follows the container's
 * size: reclaim_pages(c, n) never looks at another container.
 *
 * A new page_limit (or hard mode) takes effect at once: soft queues the work,
 * hard reclaims (OOM-killing if it must) before the write returns.
 * Global reclaim (mm/vmscan.c) takes from containers over their limit first.
 * Next: mm/vmscan.c.
 */
#include <corral/container_internal.h>
#include <corral/printk.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/vfs.h>
#include <corral/vmscan.h>
#include <corral/wait.h>
#include <uapi/errno.h>

#define THROTTLE_TICKS (HZ / 2)   /* a throttled task waits at most this long */
#define HARD_RETRIES 16           /* rounds of reclaim + OOM before a charge fails */
#define HANDLER_BATCH 64          /* pages per reclaim call of the handler */
#define HANDLER_EMPTY_ROUNDS 4    /* rounds freeing nothing before the handler gives up */

static LIST_HEAD(handler_queue);  /* struct container.limit_node, container_lock */
static struct wait_queue handler_wait = WAIT_QUEUE_INIT(handler_wait);
static struct task *handler_task;
static uint64_t nr_handler_pages; /* pages the handler freed, container_lock */
static uint64_t nr_handler_ticks; /* jiffies it spent working, container_lock */

static bool has_limit(const struct container *c)
{
	return c->page_limit != CONTAINER_NO_LIMIT;
}

static uint32_t target_of(const struct container *c)
{
	return c->page_limit - c->page_limit / 8; /* the seed's: 7/8 of the limit */
}

/* Should the handler work on c, at this usage?  Only for a soft limit (a
 * hard one is kept by the charging tasks).  Over the limit, yes; and also
 * above 7/8 of it while c is still "under pressure" (it went over less than a
 * second ago): so when a fast-growing load stops, usage settles at 7/8, not
 * wherever its last charges left it under the limit after the handler's last
 * pass.  Under container_lock. */
static bool soft_wants_handler_locked(const struct container *c, uint32_t usage)
{
	if (!has_limit(c) || c->is_freeing || c->limit_mode == CONTAINER_LIMIT_HARD)
		return false;
	return usage > c->page_limit ||
	       (usage > target_of(c) && jiffies_read() < c->over_limit_until);
}

/* ---- the handler ------------------------------------------------------------- */

/* Queue c's work unless it is queued already.  Under container_lock. */
static bool limit_work_queue_locked(struct container *c)
{
	if (c->is_limit_queued || c->is_freeing || !handler_task)
		return false;
	c->is_limit_queued = true;
	c->refcount++; /* the handler's, dropped when the work is done */
	list_add_tail(&c->limit_node, &handler_queue);
	return true;
}

void container_limit_kick(struct container *c)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	bool is_queued = limit_work_queue_locked(c);
	spin_unlock_irqrestore(&container_lock, flags);
	if (is_queued)
		wake_up(&handler_wait);
}

/* Is c above the handler's target, and what should it reclaim first? */
static uint32_t limit_excess(struct container *c, bool *file_first)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	uint32_t usage = container_usage(c), target = target_of(c);
	*file_first = c->nr_file_pages > c->page_limit / 2;
	bool is_over = has_limit(c) && !c->is_freeing && usage > target;
	spin_unlock_irqrestore(&container_lock, flags);
	return is_over ? usage - target : 0;
}

/* Reclaim from c until it is under its target.  True if it got there; false
 * if rounds in a row brought nothing back (its pages all busy under I/O or
 * isolated by another reclaimer, or nothing reclaimable: no swap). */
static bool limit_work(struct container *c)
{
	bool file_first;
	uint32_t excess;
	int nr_empty_rounds = 0;
	while ((excess = limit_excess(c, &file_first)) > 0) {
		uint32_t batch = MIN(excess, HANDLER_BATCH);
		uint32_t freed = file_first ? reclaim_container_pages(c, batch, true) : 0;
		if (freed < batch)
			freed += reclaim_container_pages(c, batch - freed, false);
		uint32_t flags = spin_lock_irqsave(&container_lock);
		nr_handler_pages += freed;
		spin_unlock_irqrestore(&container_lock, flags);
		wake_up(&c->throttle_wait);
		if (freed) {
			nr_empty_rounds = 0;
			sched_yield_if_needed();
		} else if (++nr_empty_rounds == HANDLER_EMPTY_ROUNDS) {
			return false; /* throttled tasks time out; the next charge kicks again */
		} else {
			sleep_ticks(HZ / 50); /* let the writes in flight finish */
		}
	}
	return true;
}

/* The work is done: take c off the handler (and requeue it if a charge came
 * in after the last look, while it was still marked queued and could not
 * queue it again — that charge's kick would be lost otherwise). */
static void limit_work_done(struct container *c, bool reached_target)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->is_limit_queued = false;
	bool is_queued = reached_target && soft_wants_handler_locked(c, container_usage(c)) &&
			 limit_work_queue_locked(c);
	spin_unlock_irqrestore(&container_lock, flags);
	wake_up(&c->throttle_wait);
	if (is_queued)
		wake_up(&handler_wait);
}

static void limit_handler(void *arg)
{
	(void)arg;
	for (;;) {
		wait_event(&handler_wait, !list_is_empty(&handler_queue));
		uint32_t flags = spin_lock_irqsave(&container_lock);
		struct container *c = list_first_entry(&handler_queue, struct container, limit_node);
		list_del(&c->limit_node);
		spin_unlock_irqrestore(&container_lock, flags);
		uint64_t start = jiffies_read();
		limit_work_done(c, limit_work(c));
		container_put(c); /* the queue's reference */
		flags = spin_lock_irqsave(&container_lock);
		nr_handler_ticks += jiffies_read() - start; /* short runs: 0 or 1, right on average */
		spin_unlock_irqrestore(&container_lock, flags);
	}
}

void container_limit_start(void)
{
	handler_task = kthread_create("kcontainerd", limit_handler, NULL);
}

void container_limit_handler_stats(uint64_t *nr_pages, uint64_t *busy_ms)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	*nr_pages = nr_handler_pages;
	*busy_ms = nr_handler_ticks * (1000 / HZ);
	spin_unlock_irqrestore(&container_lock, flags);
}

/* ---- soft: throttling -------------------------------------------------------- */

static bool is_back_under(struct container *c)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	bool is_under = container_usage(c) <= c->page_limit || c->is_freeing || !has_limit(c);
	spin_unlock_irqrestore(&container_lock, flags);
	return is_under;
}

static void soft_make_room(struct container *c, uint32_t usage, uint32_t limit)
{
	if (usage + 1 <= limit + limit / 8)
		return;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->events.throttled++;
	spin_unlock_irqrestore(&container_lock, flags);
	wait_event_timeout(&c->throttle_wait, is_back_under(c), THROTTLE_TICKS);
}

/* ---- hard: reclaim first, then the container's OOM killer ---------------------- */

/* Do `room` more pages fit under c's hard limit?  *need: how many must go
 * first.  A soft (or no) limit always fits: it is the handler's business. */
static bool hard_fits(struct container *c, uint32_t room, uint32_t *need)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	uint32_t usage = container_usage(c), limit = c->page_limit;
	bool fits = !has_limit(c) || c->limit_mode != CONTAINER_LIMIT_HARD || c->is_freeing ||
		    usage + room <= limit;
	*need = fits ? 0 : usage + room - limit;
	spin_unlock_irqrestore(&container_lock, flags);
	return fits;
}

/* Reclaim from c (and, when nothing comes back, OOM-kill in c, saying why:
 * a format with one %s for c's name)
 * until `room` more pages fit under its hard limit: 1 for a charge, 0 when
 * the limit was lowered.  0, or -ENOMEM: the caller is being killed, or
 * nothing in c can be reclaimed or killed. */
static int hard_reclaim(struct container *c, uint32_t room, const char *why)
{
	uint32_t need;
	for (int tries = 0; tries < HARD_RETRIES; tries++) {
		if (hard_fits(c, room, &need))
			return 0;
		if (signal_is_killed(current))
			return -ENOMEM; /* being killed: let it go, it frees its pages */
		if (reclaim_container_pages(c, MAX(need, 32u), false) > 0) {
			tries = 0; /* progress: keep going */
			continue;
		}
		if (oom_victim_is_dying()) {
			sleep_ticks(HZ / 50);
			continue;
		}
		if (current->is_oom_exempt)
			return -ENOMEM;
		char line[80];
		snprintf(line, sizeof(line), why, c->name); /* why: a format taking the name */
		if (!oom_kill(c, line))
			return -ENOMEM; /* nothing of c to kill: its pages belong to no task */
		sleep_ticks(HZ / 50); /* the victim frees its pages as it exits */
	}
	return hard_fits(c, room, &need) ? 0 : -ENOMEM;
}

/* Well under the limit (at or below the soft target), a charge needs nothing
 * from us: no hit to count, no handler to wake.  That is the common case, on
 * every fault, so it is decided without the lock: the counts read here may be
 * a charge or two stale, which matters only near the limit, and there the
 * locked path decides. */
static bool is_well_under_limit(const struct container *c)
{
	uint32_t limit = __atomic_load_n(&c->page_limit, __ATOMIC_RELAXED);
	return limit == CONTAINER_NO_LIMIT || container_usage(c) + 1 <= limit - limit / 8;
}

int container_make_room(struct container *c)
{
	if (!c || c == &root_container || !CONTAINER_FAULT_CHARGING)
		return 0; /* the root has no limit */
	if (is_well_under_limit(c))
		return 0;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	uint32_t usage = container_usage(c), limit = c->page_limit;
	bool is_hard = c->limit_mode == CONTAINER_LIMIT_HARD;
	bool is_over = has_limit(c) && !c->is_freeing && usage + 1 > limit;
	if (is_over) {
		c->page_limit_hits++; /* this charge found it at (or over) its limit */
		c->over_limit_until = jiffies_read() + HZ;
	}
	/* Kernel threads (and self tests) are not held back. */
	bool is_user = current && current->mm;
	bool is_limited = is_user && is_over;
	bool wants_handler = is_user && soft_wants_handler_locked(c, usage + 1);
	if (is_limited)
		c->refcount++; /* held across the sleeps below */
	spin_unlock_irqrestore(&container_lock, flags);
	if (wants_handler)
		container_limit_kick(c);
	if (!is_limited)
		return 0;
	int err = 0;
	if (is_hard)
		err = hard_reclaim(c, 1, "Memory limit of container %s");
	else
		soft_make_room(c, usage, limit);
	container_put(c);
	return err;
}

int container_make_room_for_file(struct inode *inode)
{
	struct container *c = container_get_by_file(inode);
	int err = container_make_room(c);
	container_put(c);
	return err;
}

/* ---- a new limit --------------------------------------------------------------- */

void container_limit_changed(struct container *c)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	bool is_over = has_limit(c) && container_usage(c) > c->page_limit;
	bool is_hard = c->limit_mode == CONTAINER_LIMIT_HARD;
	spin_unlock_irqrestore(&container_lock, flags);
	if (!is_over)
		return;
	if (!is_hard) {
		container_limit_kick(c);
		return;
	}
	/* Hard: down to the limit before the write returns. */
	hard_reclaim(c, 0, "Memory limit of container %s lowered");
}
