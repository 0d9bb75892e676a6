/*
 * wait.h — sleeping until something happens: wait queues and sleeping mutexes.
 *
 * A wait queue is a list of tasks waiting for one condition ("the pipe has
 * data", "a child exited").  The waiter marks itself sleeping *before* testing
 * the condition, so a wake_up() that lands between the test and schedule()
 * just makes it runnable again and nothing is lost:
 *
 *     err = wait_event_interruptible(&pipe->readable, pipe->nr_bytes > 0);
 *     ...                                       (elsewhere) wake_up(&pipe->readable);
 *
 * The kernel is not preemptive: a task runs in the kernel until it sleeps,
 * returns to user mode or calls sched_yield_if_needed().  So data touched only
 * by tasks (never by interrupt handlers) needs no lock between two sleeps;
 * a mutex is for data that must stay consistent across a sleep (I/O).
 */
#ifndef CORRAL_WAIT_H
#define CORRAL_WAIT_H

#include <corral/list.h>
#include <corral/spinlock.h>
#include <corral/time.h>

struct task;

struct wait_queue {
	struct spinlock lock;
	struct list_head waiters; /* struct wait_entry.node; under lock */
};

struct wait_entry {
	struct task *task;
	struct list_head node;
};

#define WAIT_QUEUE_INIT(name) { SPINLOCK_INIT("waitq"), LIST_HEAD_INIT((name).waiters) }

void wait_queue_init(struct wait_queue *wq);
void wake_up(struct wait_queue *wq); /* wake every waiter; safe in interrupts */

/* An entry on a queue without changing the task's state: for a waiter on
 * several queues at once (fs/poll.c), which marks itself sleeping and calls
 * schedule() itself.  Every entry added must be removed before it goes. */
void wait_queue_add(struct wait_queue *wq, struct wait_entry *entry);
void wait_queue_remove(struct wait_queue *wq, struct wait_entry *entry);
/* ... and that waiter's state: sleeping before it looks, running when done. */
void wait_mark_sleeping(void); /* interruptible */
void wait_mark_running(void);

/* The pieces of wait_event*(); use the macros. */
void wait_prepare(struct wait_queue *wq, struct wait_entry *entry, bool is_interruptible);
void wait_finish(struct wait_queue *wq, struct wait_entry *entry);
bool signal_is_pending(void); /* kernel/signal.c */
void schedule(void);          /* kernel/sched.c */
/* For wait_event_timeout(): have the tick wake the current task at the given
 * jiffies count, unless something wakes it first (kernel/sched.c). */
void sched_arm_timeout(uint64_t wake_at_jiffies);

/* Sleep until cond holds; returns 0, or -EINTR when a signal arrived first. */
#define wait_event_interruptible(wq, cond)                                         \
	({                                                                         \
		int wait_err_ = 0;                                                 \
		struct wait_entry wait_entry_ = {0};                                 \
		for (;;) {                                                         \
			wait_prepare((wq), &wait_entry_, true);                    \
			if (cond)                                                  \
				break;                                             \
			if (signal_is_pending()) {                                 \
				wait_err_ = -4 /* EINTR */;                        \
				break;                                             \
			}                                                          \
			schedule();                                                \
		}                                                                  \
		wait_finish((wq), &wait_entry_);                                   \
		wait_err_;                                                         \
	})

/* Sleep until cond holds, deaf to signals (short kernel-internal waits). */
#define wait_event(wq, cond)                                                       \
	do {                                                                       \
		struct wait_entry wait_entry_ = {0};                                 \
		for (;;) {                                                         \
			wait_prepare((wq), &wait_entry_, false);                   \
			if (cond)                                                  \
				break;                                             \
			schedule();                                                \
		}                                                                  \
		wait_finish((wq), &wait_entry_);                                   \
	} while (0)

/* Sleep until cond holds or `ticks` timer ticks have passed, deaf to signals.
 * Evaluates to true when cond held, false on timeout (a device that never
 * answered: the disk driver's requests).  The deadline is armed only after
 * cond was found false, so a wake-up that comes first leaves nothing behind. */
#define wait_event_timeout(wq, cond, ticks)                                        \
	({                                                                         \
		bool wait_ok_ = false;                                             \
		struct wait_entry wait_entry_ = {0};                                 \
		uint64_t wait_deadline_ = jiffies_read() + (ticks);                \
		for (;;) {                                                         \
			wait_prepare((wq), &wait_entry_, false);                   \
			if (cond) {                                                \
				wait_ok_ = true;                                   \
				break;                                             \
			}                                                          \
			if (jiffies_read() >= wait_deadline_)                      \
				break;                                             \
			sched_arm_timeout(wait_deadline_);                         \
			schedule();                                                \
		}                                                                  \
		wait_finish((wq), &wait_entry_);                                   \
		wait_ok_;                                                          \
	})

/* A sleeping lock: held across sleeps, never taken in interrupt handlers. */
struct mutex {
	struct task *owner; /* NULL when free */
	struct wait_queue waiters;
	const char *name;
};

#define MUTEX_INIT(m, lockname) { NULL, WAIT_QUEUE_INIT((m).waiters), lockname }

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_trylock(struct mutex *m); /* true: now ours; never sleeps (reclaim) */
bool mutex_is_held(const struct mutex *m); /* by the current task */

#endif
