/*
 * sched.c — the scheduler: round robin over runnable tasks, on one CPU.
 *
 * Runnable tasks other than the running one wait on the run queue in FIFO
 * order.  schedule() puts the current task back (if it is still runnable) and
 * switches to the first one waiting, or to the idle task (pid 0, the boot
 * context) when nobody is.  The timer tick takes one tick from the running
 * task's slice; when the slice is gone the task is switched out the next time
 * it returns to user mode.  The kernel itself is not preemptive: a task in the
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
static LIST_HEAD(run_queue);   /* struct task.run_node */
static LIST_HEAD(sleep_list);  /* timed sleepers, struct task.run_node */
static bool need_resched;
static uint32_t held_flags;    /* saved interrupt state across a switch */
static struct sched_stats stats; /* where the ticks went, and the switches (/proc/stat) */

void sched_init(struct task *boot_task)
{
	idle_task = boot_task;
	current = boot_task;
}

static void run_queue_add(struct task *t)
{
	list_del(&t->run_node); /* off the sleep list, if it was there */
	if (t != current && t != idle_task)
		list_add_tail(&t->run_node, &run_queue);
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
	if (list_is_empty(&run_queue))
		return idle_task;
	struct task *next = list_first_entry(&run_queue, struct task, run_node);
	list_del(&next->run_node);
	return next;
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
		list_add_tail(&prev->run_node, &run_queue);
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
	sched_put_prev(prev);
	struct task *next = sched_pick_next();
	if (next == idle_task && prev->state == TASK_RUNNABLE && prev != idle_task) {
		list_del(&prev->run_node); /* nobody else wants the CPU: keep it */
		next = prev;
	}
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

/* Charge the tick to whoever it interrupted: the idle task's ticks are idle
 * time, everyone else's are theirs, in user or system time by the mode the
 * interrupt came from (sampling, as Linux does without precise accounting). */
static void sched_account_tick(bool is_user)
{
	if (current == idle_task) {
		stats.nr_idle_ticks++;
		return;
	}
	current->nr_ticks++;
	if (is_user) {
		current->nr_user_ticks++;
		stats.nr_user_ticks++;
	} else {
		stats.nr_system_ticks++;
	}
}

void sched_tick(bool is_user)
{
	uint32_t flags = spin_lock_irqsave(&rq_lock);
	if (current) {
		sched_account_tick(is_user);
		bool is_slice_over = current == idle_task || --current->time_slice_ticks == 0;
		if (is_slice_over && !list_is_empty(&run_queue))
			need_resched = true;
	}
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
