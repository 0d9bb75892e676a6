/*
 * itimer.c — interval timers: alarm(2), setitimer(2), getitimer(2).
 *
 * Each task has three timers, as POSIX and Linux define them:
 *
 *     ITIMER_REAL     counts wall time           fires SIGALRM
 *     ITIMER_VIRTUAL  counts the task's user time          SIGVTALRM
 *     ITIMER_PROF     counts its user and system time      SIGPROF
 *
 * A timer has a value (how long until it fires; 0: off) and an interval
 * (loaded as the new value when it fires; 0: fire once).  Both are kept in
 * ticks (10 ms): times from user space are rounded up, so a timer never
 * fires early, and read back as what is left.
 *
 * The real timers of all tasks are on one list sorted by deadline (absolute
 * jiffies), so the timer interrupt looks at the head only.  The virtual and
 * profiling timers count down in the timer interrupt for the task it
 * interrupted, by the mode it came from — the same sampling that charges
 * user and system time (kernel/sched.c).
 *
 * Fork gives the child no timers; exec keeps them; exit disarms them.
 * alarm(n) is setitimer(ITIMER_REAL, n seconds, no interval).
 *
 * Locking: itimer_lock (interrupts off) guards real_timers and every task's
 * `itimers` and `itimer_node`: the timer interrupt reads and changes them.
 * Signals are sent with it held: itimer_lock → tasks_lock → rq_lock.
 */
#include <corral/list.h>
#include <corral/spinlock.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/uaccess.h>
#include <uapi/errno.h>
#include <uapi/signal.h>
#include <uapi/time.h>

#define USEC_PER_TICK (1000000 / HZ)
/* Longer values are cut to this (about 8 years): the sums below stay in range. */
#define ITIMER_TICKS_MAX ((uint64_t)HZ * 3600 * 24 * 365 * 8)

struct itimerval {
	struct timeval it_interval;
	struct timeval it_value;
};

static struct spinlock itimer_lock = SPINLOCK_INIT("itimer");
static struct list_head real_timers = LIST_HEAD_INIT(real_timers); /* by deadline */

static const int itimer_signal[ITIMER_COUNT] = {SIGALRM, SIGVTALRM, SIGPROF};

/* ---- ticks and timevals ---------------------------------------------------- */

/* Ticks for a valid timeval, rounded up: 0 only for a zero time. */
static uint64_t ticks_from_timeval(const struct timeval *tv)
{
	uint64_t usec = (uint64_t)tv->tv_sec * 1000000u + (uint64_t)tv->tv_usec;
	uint64_t ticks = (usec + USEC_PER_TICK - 1) / USEC_PER_TICK;
	return ticks < ITIMER_TICKS_MAX ? ticks : ITIMER_TICKS_MAX;
}

static struct timeval timeval_from_ticks(uint64_t ticks)
{
	return (struct timeval){(long)(ticks / HZ), (long)(ticks % HZ) * USEC_PER_TICK};
}

static bool timeval_is_valid(const struct timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

/* ---- the real timers' list (under itimer_lock) ----------------------------- */

static void real_timer_disarm(struct task *t)
{
	if (t->itimers[ITIMER_REAL].value) {
		list_del(&t->itimer_node);
		t->itimers[ITIMER_REAL].value = 0;
	}
}

/* Arm t's real timer to fire at the deadline (absolute jiffies, not 0). */
static void real_timer_arm(struct task *t, uint64_t deadline)
{
	real_timer_disarm(t);
	t->itimers[ITIMER_REAL].value = deadline;
	struct list_head *pos;
	list_for_each(pos, &real_timers) {
		struct task *other = list_entry(pos, struct task, itimer_node);
		if (other->itimers[ITIMER_REAL].value > deadline)
			break;
	}
	list_add_tail(&t->itimer_node, pos); /* before the first later one */
}

/* ---- the timer interrupt ----------------------------------------------------- */

static void itimer_count_down(struct task *t, int which)
{
	struct itimer *it = &t->itimers[which];
	if (!it->value || --it->value)
		return;
	it->value = it->interval;
	signal_send(t, itimer_signal[which]);
}

void itimer_tick(struct task *interrupted, bool is_user)
{
	uint64_t now = jiffies_read();
	uint32_t flags = spin_lock_irqsave(&itimer_lock);
	while (!list_is_empty(&real_timers)) {
		struct task *t = list_entry(real_timers.next, struct task, itimer_node);
		if (t->itimers[ITIMER_REAL].value > now)
			break;
		uint64_t interval = t->itimers[ITIMER_REAL].interval;
		real_timer_disarm(t);
		if (interval)
			real_timer_arm(t, now + interval);
		signal_send(t, SIGALRM);
	}
	if (interrupted && interrupted->mm) { /* user tasks only: kernel threads have none */
		if (is_user)
			itimer_count_down(interrupted, ITIMER_VIRTUAL);
		itimer_count_down(interrupted, ITIMER_PROF);
	}
	spin_unlock_irqrestore(&itimer_lock, flags);
}

void itimer_exit(struct task *t)
{
	uint32_t flags = spin_lock_irqsave(&itimer_lock);
	real_timer_disarm(t);
	t->itimers[ITIMER_VIRTUAL].value = t->itimers[ITIMER_PROF].value = 0;
	spin_unlock_irqrestore(&itimer_lock, flags);
}

/* ---- the system calls ---------------------------------------------------------- */

/* What is left of current's timer `which` (under itimer_lock). */
static struct itimerval itimer_read(int which, uint64_t now)
{
	const struct itimer *it = &current->itimers[which];
	uint64_t left = it->value;
	if (which == ITIMER_REAL && left)
		left = left > now ? left - now : 1; /* due this tick: say so, not "off" */
	return (struct itimerval){timeval_from_ticks(it->interval), timeval_from_ticks(left)};
}

/* Set current's timer `which`; *old gets what was left of the previous one. */
static void itimer_set(int which, const struct itimerval *new, struct itimerval *old)
{
	uint64_t now = jiffies_read();
	uint64_t value = ticks_from_timeval(&new->it_value);
	uint32_t flags = spin_lock_irqsave(&itimer_lock);
	*old = itimer_read(which, now);
	current->itimers[which].interval = value ? ticks_from_timeval(&new->it_interval) : 0;
	if (which == ITIMER_REAL) {
		real_timer_disarm(current);
		if (value) /* +1: the tick now running has partly gone already */
			real_timer_arm(current, now + value + 1);
	} else {
		current->itimers[which].value = value;
	}
	spin_unlock_irqrestore(&itimer_lock, flags);
}

long sys_getitimer(int which, void *uvalue)
{
	if (which < 0 || which >= ITIMER_COUNT)
		return -EINVAL;
	uint64_t now = jiffies_read();
	uint32_t flags = spin_lock_irqsave(&itimer_lock);
	struct itimerval v = itimer_read(which, now);
	spin_unlock_irqrestore(&itimer_lock, flags);
	return copy_to_user(uvalue, &v, sizeof(v));
}

/* A NULL new value disarms, as Linux (which warns about it) does. */
long sys_setitimer(int which, const void *unew, void *uold)
{
	struct itimerval new = {0}, old;
	if (which < 0 || which >= ITIMER_COUNT)
		return -EINVAL;
	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if (!timeval_is_valid(&new.it_value) || !timeval_is_valid(&new.it_interval))
		return -EINVAL;
	if (uold && !user_range_is_ok(uold, sizeof(old), true))
		return -EFAULT;
	itimer_set(which, &new, &old);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* The seconds left of the previous alarm, rounded to the nearest, but never 0
 * for an alarm still pending (POSIX: 0 means there was none). */
long sys_alarm(uint32_t seconds)
{
	struct itimerval new = {{0, 0}, {(long)MIN(seconds, (uint32_t)INT32_MAX), 0}}, old;
	itimer_set(ITIMER_REAL, &new, &old);
	long left = old.it_value.tv_sec + (old.it_value.tv_usec >= 500000);
	return left || !old.it_value.tv_usec ? left : 1;
}
