/*
 * spinlock.h — the locking primitive for data touched by interrupt handlers.
 *
 * Corral runs on one CPU, but every shared structure still names its lock so the
 * rules are visible and SMP can come later.  A spinlock here both spins (an atomic
 * exchange, for the day there are two CPUs) and disables interrupts on the local
 * CPU, saving the previous state: take it with spin_lock_irqsave() and give it back
 * with spin_unlock_irqrestore() in the reverse order.  Taking a lock you already
 * hold is a bug that would deadlock; on one CPU it is detected and panics.
 * Sleeping mutexes arrive with the scheduler (issue 3).  Lock order: docs/locking.md.
 */
#ifndef CORRAL_SPINLOCK_H
#define CORRAL_SPINLOCK_H

#include <corral/types.h>
#include <corral/x86.h>

struct spinlock {
	volatile uint32_t is_locked;
	const char *name; /* for the deadlock report */
};

#define SPINLOCK_INIT(lockname) { 0, lockname }

void spinlock_report_recursion(struct spinlock *lock) __noreturn;

static inline uint32_t spin_lock_irqsave(struct spinlock *lock)
{
	uint32_t flags = read_eflags();
	cli();
	while (__atomic_exchange_n(&lock->is_locked, 1, __ATOMIC_ACQUIRE)) {
		/* One CPU and interrupts off: nobody else can release it. */
		spinlock_report_recursion(lock);
	}
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *lock, uint32_t flags)
{
	__atomic_store_n(&lock->is_locked, 0, __ATOMIC_RELEASE);
	if (flags & EFLAGS_IF)
		sti();
}

static inline bool spin_is_locked(const struct spinlock *lock)
{
	return lock->is_locked != 0;
}

#endif
