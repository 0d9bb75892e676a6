/*
 * sched.c — the scheduler, on one CPU: containers share it by weight and
 * cap (the CPU controller), their tasks take turns.
 *
 * Runnable tasks other than the running one wait on their group's queue
 * (each container has a struct sched_group: include/corral/sched_group.h).
 * schedule() charges the current task's group for the time it ran, puts the
 * task back (if it is still runnable) and switches to the task chosen by
 * sched_fair_pick() — the next of the busy group with the lowest pass — or to
 * the idle task (pid 0, the boot context) when no group may run.  The timer
 * tick charges the running task too, refills cpu_max budgets and takes one
 * tick from the running task's slice; when the slice is gone the task is
 * switched out the next time it returns to user mode.  The kernel itself is not preemptive: a task in the
 * kernel runs until it sleeps, returns to user mode or calls
 * sched_yield_if_needed() (include/corral/wait.h explains what that buys).
 *
 * Timed sleeps: a sleeping task with wake_at_jiffies set sits on sleep_list
 * and the tick wakes it when its time comes (sleep_ticks(), and the deadline
 * of wait_event_timeout(), sched_arm_timeout()).
 * Next: kernel/task.c (creating and ending tasks), kernel/wait.c.
 */
#include <corral/fpu.h>
#include <corral/gdt.h>
#include <corral/mm.h>
#include <corral/panic.h>
#include <corral/sched_group.h>
#include <corral/task.h>
#include <corral/tls.h>
#include <corral/time.h>
#include <corral/x86.h>
#include <uapi/errno.h>

#define TIME_SLICE_TICKS 5 /* 50 ms at HZ=100 */

struct task *current;
static struct task *idle_task;

static struct spinlock rq_lock = SPINLOCK_INIT("runqueue");
/* Under rq_lock (interrupts off): */
static LIST_HEAD(busy_groups); /* groups with queued tasks, struct sched_group.busy_node */
static LIST_HEAD(bandwidth_groups); /* groups with a cpu_max quota (.bandwidth_node) */
static LIST_HEAD(sleep_list);  /* timed sleepers, struct task.run_node */
static uint64_t vtime;         /* the pass of the group picked last (kernel/sched_fair.c) */
static uint64_t charged_until_ns; /* sched_clock_ns when the running task was last charged */
static struct sched_group *root_group; /* of tasks in no container yet */
static bool need_resched;
static uint32_t held_flags;    /* saved interrupt state across a switch */
static struct sched_stats stats; /* where the ticks went, and the switches (/proc/stat) */

void sched_init(struct task *boot_task)
{
	idle_task = boot_task;
	current = boot_task;
}

static struct sched_group *task_group(const struct task *t)
{
	return t->sched_group ? t->sched_group : root_group;
}

static void run_queue_add(struct task *t)
{
	list_del(&t->run_node); /* off the sleep list, if it was there */
	if (t != current && t != idle_task && !t->is_queued)
		sched_fair_enqueue(&busy_groups, &vtime, task_group(t), t);
}

void sched_wake(struct task *t)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	if (t->state == TASK_SLEEPING || t->state == TASK_UNINTERRUPTIBLE) {
		t->state = TASK_RUNNABLE;
		t->wake_at_jiffies = 0;
		run_queue_add(t);
		need_resched = true;
	}
	spin_unlock_irqrestore(&rq_lock, flags);
}

void sched_wake_stopped(struct task *t)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	if (t->state == TASK_STOPPED) {
		t->state = TASK_RUNNABLE;
		run_queue_add(t);
		need_resched = true;
	}
	spin_unlock_irqrestore(&rq_lock, flags);
}

/* The parent of a fork keeps the CPU (as Linux does by default): it usually
 * goes on to wait for the child, which then runs with its parent asleep —
 * and ps, run from a shell, shows that shell waiting (S), not runnable. */
void sched_wake_new(struct task *t)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	t->state = TASK_RUNNABLE;
	run_queue_add(t);
	spin_unlock_irqrestore(&rq_lock, flags);
}

static struct task *sched_pick_next(void)
{
	struct task *next = sched_fair_pick(&busy_groups, &vtime);
	return next ? next : idle_task;
}

/* Charge the running task's group for the time since the last charge (its
 * share, its cpu_max budget); the idle task's time is nobody's. */
static void sched_charge_current(void)
{
	uint64_t now = sched_clock_ns_locked();
	uint64_t delta_ns = now - charged_until_ns;
	charged_until_ns = now;
	if (current == idle_task || !current)
		return;
	struct sched_group *g = task_group(current);
	sched_fair_charge(g, current, delta_ns);
	if (sched_bandwidth_charge(g, now, delta_ns))
		need_resched = true; /* its budget is gone: off the CPU */
}

static void sched_check_stack(struct task *t)
{
	/* The canary at the bottom of every kernel stack (kernel/task.c). */
	if (t->kstack && *(uint32_t *)t->kstack != 0x57ac6e11u)
		panic("kernel stack overflow in pid %d (%s)", t->pid, t->name);
}

/* Where the task being switched out waits: runnable ones at the back of the
 * run queue, timed sleepers on the sleep list, other sleepers nowhere (their
 * wait queue knows them).  Called with rq_lock. */
static void sched_put_prev(struct task *prev)
{
	list_del(&prev->run_node);
	if (prev == idle_task)
		return;
	if (prev->state == TASK_RUNNABLE)
		sched_fair_enqueue(&busy_groups, &vtime, task_group(prev), prev);
	else if (prev->state != TASK_ZOMBIE && prev->wake_at_jiffies)
		list_add_tail(&prev->run_node, &sleep_list);
}

static void sched_switch_to(struct task *prev, struct task *next, uint32_t *flags)
{
	sched_check_stack(prev);
	current = next;
	if (next->kstack)
		tss_set_kernel_stack((uintptr_t)next->kstack + TASK_KSTACK_SIZE);
	mm_activate(next->mm);
	tls_load(next);
	/* Eager FPU switching (arch/x86/fpu.c says why): the registers always
	 * hold the running user task's state. */
	if (prev->fpu)
		fpu_save(prev->fpu);
	if (next->fpu)
		fpu_restore(next->fpu);
	stats.nr_switches++;
	held_flags = *flags;
	context_switch(&prev->saved_esp, next->saved_esp);
	*flags = held_flags; /* back in prev, possibly much later */
}

void schedule(void)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	struct task *prev = current;
	sched_charge_current();
	sched_put_prev(prev); /* a runnable prev competes with the others */
	struct task *next = sched_pick_next();
	need_resched = false;
	next->time_slice_ticks = TIME_SLICE_TICKS;
	if (next != prev) {
		sched_switch_to(prev, next, &flags);
	} else if (prev->state != TASK_RUNNABLE) {
		/* The idle task itself waits (a self test, at boot) and nobody else
		 * can run: sleep until an interrupt.  sti;hlt is one step, so a
		 * wake-up cannot slip in between. */
		__atomic_store_n(&rq_lock.is_locked, 0, __ATOMIC_RELEASE);
		sti_hlt();
		if (!(flags & EFLAGS_IF))
			cli();
		return;
	}
	spin_unlock_irqrestore(&rq_lock, flags);
}

/* A new task's first instructions run here (switch.asm): the lock schedule()
 * took in the task that switched to us is released on its behalf. */
void sched_finish_switch(void)
{
	spin_unlock_irqrestore(&rq_lock, held_flags);
}

static void sched_wake_sleepers(uint64_t now)
{
	struct list_head *pos, *tmp;
	list_for_each_safe(pos, tmp, &sleep_list) {
		struct task *t = list_entry(pos, struct task, run_node);
		if (t->wake_at_jiffies && t->wake_at_jiffies <= now) {
			t->state = TASK_RUNNABLE;
			t->wake_at_jiffies = 0;
			run_queue_add(t);
			need_resched = true;
		}
	}
}

/* Count the tick for whoever it interrupted: the idle task's ticks are idle
 * time, everyone else's are theirs, in user or system time by the mode the
 * interrupt came from (sampling, as Linux does without precise accounting;
 * the groups' CPU time itself is measured, and these samples only split it). */
static void sched_account_tick(bool is_user)
{
	if (current == idle_task) {
		stats.nr_idle_ticks++;
		return;
	}
	struct sched_group *g = task_group(current);
	current->nr_ticks++;
	if (is_user) {
		current->nr_user_ticks++;
		g->nr_user_ticks++;
		stats.nr_user_ticks++;
	} else {
		g->nr_system_ticks++;
		stats.nr_system_ticks++;
	}
}

void sched_tick(bool is_user)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	sched_clock_tick();
	sched_charge_current(); /* also moves charged_until_ns to now, idle or not */
	if (current) {
		sched_account_tick(is_user);
		bool is_slice_over = current == idle_task || --current->time_slice_ticks == 0;
		if (is_slice_over && sched_fair_has_runnable(&busy_groups))
			need_resched = true;
	}
	if (sched_bandwidth_tick(&bandwidth_groups, charged_until_ns, &vtime))
		need_resched = true; /* a throttled group may run again */
	sched_wake_sleepers(jiffies_read());
	spin_unlock_irqrestore(&rq_lock, flags);
}

void sched_get_stats(struct sched_stats *out)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	*out = stats;
	spin_unlock_irqrestore(&rq_lock, flags);
}

bool sched_need_resched(void)
{
	return need_resched;
}

/* sched_yield(2): behind the other tasks of its container, then switch. */
void sched_yield_current(void)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	if (current != idle_task)
		sched_fair_yield(task_group(current), current);
	spin_unlock_irqrestore(&rq_lock, flags);
	schedule();
}

void sched_yield_if_needed(void)
{
	if (need_resched)
		schedule();
}

/* Sleep until the tick count reaches wake_at.  Whoever wakes us (the tick, or
 * a signal for an interruptible sleep) makes us runnable; we look again. */
static int sleep_until(uint64_t wake_at, enum task_state state)
{
	for (;;) {
		uint32_t flags = spin_lock_irqsave(&rq_lock);
		if (jiffies_read() >= wake_at) {
			current->wake_at_jiffies = 0;
			spin_unlock_irqrestore(&rq_lock, flags);
			return 0;
		}
		current->state = state;
		current->wake_at_jiffies = wake_at;
		if (state == TASK_SLEEPING && signal_is_pending()) {
			current->state = TASK_RUNNABLE;
			current->wake_at_jiffies = 0;
			spin_unlock_irqrestore(&rq_lock, flags);
			return -EINTR;
		}
		spin_unlock_irqrestore(&rq_lock, flags);
		schedule();
	}
}

/* wait_event_timeout()'s deadline (include/corral/wait.h).  Only while the
 * task is still marked sleeping: a wake-up that already came (an interrupt
 * between the test of the condition and here) must not leave a stale
 * deadline.  sched_put_prev() then puts the task on sleep_list, and whoever
 * wakes it first, the event or the tick, clears the deadline. */
void sched_arm_timeout(uint64_t wake_at_jiffies)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	if (current->state == TASK_SLEEPING || current->state == TASK_UNINTERRUPTIBLE)
		current->wake_at_jiffies = wake_at_jiffies;
	spin_unlock_irqrestore(&rq_lock, flags);
}

void sleep_ticks(uint64_t ticks)
{
	sleep_until(jiffies_read() + (ticks ? ticks : 1), TASK_UNINTERRUPTIBLE);
}

int sleep_ticks_interruptible(uint64_t ticks)
{
	return sleep_until(jiffies_read() + (ticks ? ticks : 1), TASK_SLEEPING);
}

/* ---- groups: the CPU controller's settings (include/corral/sched_group.h) ---- */

void sched_group_init(struct sched_group *g)
{
	*g = (struct sched_group){.weight = SCHED_WEIGHT_DEFAULT,
				  .stride = SCHED_STRIDE1 / SCHED_WEIGHT_DEFAULT,
				  .period_ns = SCHED_PERIOD_DEFAULT_US * 1000ull};
	list_init(&g->queue);
	list_init(&g->busy_node);
	list_init(&g->bandwidth_node);
}

void sched_set_root_group(struct sched_group *g)
{
	root_group = g;
}

void sched_group_remove(struct sched_group *g)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	assert(list_is_empty(&g->queue));
	list_del(&g->busy_node);
	list_del(&g->bandwidth_node);
	spin_unlock_irqrestore(&rq_lock, flags);
}

void sched_group_set_weight(struct sched_group *g, uint32_t weight)
{
	assert(weight >= SCHED_WEIGHT_MIN && weight <= SCHED_WEIGHT_MAX);
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	sched_charge_current(); /* the time so far at the old weight */
	g->weight = weight;
	g->stride = SCHED_STRIDE1 / weight;
	spin_unlock_irqrestore(&rq_lock, flags);
}

void sched_group_set_max(struct sched_group *g, uint32_t quota_us, uint32_t period_us)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	sched_charge_current();
	sched_bandwidth_set(g, &bandwidth_groups, charged_until_ns, quota_us * 1000ull,
			    period_us * 1000ull);
	need_resched = true; /* a group let go may run at once */
	spin_unlock_irqrestore(&rq_lock, flags);
}

/* user = usage × user_ticks / all ticks, without overflowing 64 bits. */
static uint64_t sched_split_usage(uint64_t usage, uint64_t part_ticks, uint64_t all_ticks)
{
	return usage / all_ticks * part_ticks + usage % all_ticks * part_ticks / all_ticks;
}

void sched_group_get_stat(struct sched_group *g, struct sched_group_stat *out)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	sched_charge_current(); /* the running task's time up to now */
	uint64_t usage_us = g->usage_ns / 1000;
	uint64_t ticks = g->nr_user_ticks + g->nr_system_ticks;
	uint64_t throttled_ns = g->throttled_ns;
	if (g->is_throttled)
		throttled_ns += charged_until_ns - g->throttled_at_ns;
	*out = (struct sched_group_stat){
	    .weight = g->weight,
	    .quota_us = (uint32_t)(g->quota_ns / 1000),
	    .period_us = (uint32_t)(g->period_ns / 1000),
	    .usage_usec = usage_us,
	    .user_usec = ticks ? sched_split_usage(usage_us, g->nr_user_ticks, ticks) : 0,
	    .nr_throttled = g->nr_throttled,
	    .throttled_usec = throttled_ns / 1000,
	};
	out->system_usec = usage_us - out->user_usec; /* no ticks yet: all system */
	spin_unlock_irqrestore(&rq_lock, flags);
}

void sched_task_set_group(struct task *t, struct sched_group *g)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	if (t == current)
		sched_charge_current(); /* its time so far goes to the old group */
	bool was_queued = t->is_queued;
	if (was_queued)
		sched_fair_dequeue(task_group(t), t);
	t->sched_group = g;
	t->sched_pass = task_group(t)->task_vtime; /* a pass from another group means nothing here */
	if (was_queued)
		sched_fair_enqueue(&busy_groups, &vtime, task_group(t), t);
	spin_unlock_irqrestore(&rq_lock, flags);
}
