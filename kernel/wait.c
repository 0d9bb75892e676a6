/*
 * wait.c — wait queues and sleeping mutexes (include/corral/wait.h).
 *
 * wait_prepare() puts the current task on the queue and marks it sleeping;
 * the caller then tests its condition and calls schedule() only if it does
 * not hold yet.  wake_up() makes every waiter runnable; each re-tests its own
 * condition (several may wait for the same pipe).  Waiters stay queued until
 * wait_finish(), so a wake_up never misses one that is between two checks.
 */
#include <corral/panic.h>
#include <corral/task.h>
#include <corral/wait.h>
#include <corral/x86.h>

void wait_queue_init(struct wait_queue *wq)
{
	wq->lock = (struct spinlock)SPINLOCK_INIT("waitq");
	list_init(&wq->waiters);
}

void wait_prepare(struct wait_queue *wq, struct wait_entry *entry, bool is_interruptible)
{
	uint32_t flags = spin_lock_irqsave(&wq->lock);
	if (!entry->node.next) { /* first time round the caller's loop */
		entry->task = current;
		list_init(&entry->node);
		list_add_tail(&entry->node, &wq->waiters);
	}
	current->state = is_interruptible ? TASK_SLEEPING : TASK_UNINTERRUPTIBLE;
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wait_finish(struct wait_queue *wq, struct wait_entry *entry)
{
	uint32_t flags = spin_lock_irqsave(&wq->lock);
	current->state = TASK_RUNNABLE;
	list_del(&entry->node);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wait_queue_add(struct wait_queue *wq, struct wait_entry *entry)
{
	uint32_t flags = spin_lock_irqsave(&wq->lock);
	entry->task = current;
	list_add_tail(&entry->node, &wq->waiters);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wait_queue_remove(struct wait_queue *wq, struct wait_entry *entry)
{
	uint32_t flags = spin_lock_irqsave(&wq->lock);
	list_del(&entry->node);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* Interrupts off around the store: a wake-up from a handler sets the state
 * under the run-queue lock, and must not land in the middle of ours. */
void wait_mark_sleeping(void)
{
	uint32_t flags = read_eflags();
	cli();
	current->state = TASK_SLEEPING;
	if (flags & EFLAGS_IF)
		sti();
}

void wait_mark_running(void)
{
	uint32_t flags = read_eflags();
	cli();
	current->state = TASK_RUNNABLE;
	if (flags & EFLAGS_IF)
		sti();
}

void wake_up(struct wait_queue *wq)
{
	uint32_t flags = spin_lock_irqsave(&wq->lock);
	struct list_head *pos;
	list_for_each(pos, &wq->waiters)
		sched_wake(list_entry(pos, struct wait_entry, node)->task);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void mutex_init(struct mutex *m, const char *name)
{
	m->owner = NULL;
	wait_queue_init(&m->waiters);
	m->name = name;
}

void mutex_lock(struct mutex *m)
{
	if (m->owner == current)
		panic("mutex %s: locked twice by pid %d", m->name, current->pid);
	wait_event(&m->waiters, m->owner == NULL);
	m->owner = current;
}

bool mutex_trylock(struct mutex *m)
{
	if (m->owner)
		return false;
	m->owner = current;
	return true;
}

void mutex_unlock(struct mutex *m)
{
	if (m->owner != current)
		panic("mutex %s: unlocked by pid %d, not its owner", m->name, current->pid);
	m->owner = NULL;
	wake_up(&m->waiters);
}

bool mutex_is_held(const struct mutex *m)
{
	return m->owner == current;
}
