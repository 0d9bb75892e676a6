/*
 * futex.c — futex(2) WAIT and WAKE, and the thread-id words of clone and
 * set_tid_address that use them.
 *
 *     futex(uaddr, FUTEX_WAIT, val, timeout)  sleep while *uaddr == val (until
 *                                             a WAKE, a signal: EINTR, or the
 *                                             relative timeout: ETIMEDOUT);
 *                                             *uaddr != val at once: EAGAIN
 *     futex(uaddr, FUTEX_WAKE, n)             wake up to n sleepers on uaddr;
 *                                             returns how many
 *
 * A futex is known by its key, as on Linux: in a shared file mapping, the
 * file and the offset in it (so processes mapping one file meet there);
 * anywhere else, the address space and the address.  FUTEX_PRIVATE_FLAG is
 * accepted (it only allows the second kind, which we would pick anyway for
 * private memory); other operations are ENOSYS.
 * glibc needs these for fork: clone(CLONE_CHILD_CLEARTID) and set_tid_address
 * name a word that exit clears and wakes (futex_exit_release), which is how a
 * waiter learns that a task is gone.
 *
 * Sleepers are on one list, each with a `woken` flag, and all sleep on one
 * wait queue: WAKE marks up to n matching sleepers and wakes the queue, and
 * each sleeper looks at its own flag.  A sleeper is put on the list before
 * *uaddr is read, so a WAKE that comes after the read (a reader may sleep in
 * a page fault) is never lost: Linux's rule, in its simplest form.
 * Locking: futex_lock (interrupts off) over the list.
 *
 * Robust lists (set_robust_list, get_robust_list): below, with their own
 * comment.
 */
#include <corral/futex.h>
#include <corral/list.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/spinlock.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/uaccess.h>
#include <corral/wait.h>
#include <uapi/errno.h>

struct futex_waiter {
	struct list_head node;
	struct futex_key key;
	bool woken;
};

struct futex_key futex_key_of(struct mm *mm, uintptr_t uaddr)
{
	struct vma *v = mm ? vma_find(mm, uaddr) : NULL;
	if (v && v->file && (v->flags & VM_SHARED))
		return (struct futex_key){v->file, (uint64_t)v->file_pgoff * PAGE_SIZE +
							(uaddr - v->start)};
	return (struct futex_key){mm, uaddr};
}

static struct spinlock futex_lock = SPINLOCK_INIT("futex");
static LIST_HEAD(futex_waiters); /* under futex_lock */
static struct wait_queue futex_wq = WAIT_QUEUE_INIT(futex_wq);

int futex_wake(struct mm *mm, uintptr_t uaddr, int n)
{
	struct futex_key key = futex_key_of(mm, uaddr);
	int woken = 0;
	uint32_t flags = spin_lock_irqsave(&futex_lock);
	struct list_head *pos;
	list_for_each(pos, &futex_waiters) {
		struct futex_waiter *w = list_entry(pos, struct futex_waiter, node);
		if (woken >= n)
			break;
		if (w->key.object == key.object && w->key.offset == key.offset && !w->woken) {
			w->woken = true;
			woken++;
		}
	}
	spin_unlock_irqrestore(&futex_lock, flags);
	if (woken)
		wake_up(&futex_wq);
	return woken;
}

static bool futex_was_woken(struct futex_waiter *w)
{
	return __atomic_load_n(&w->woken, __ATOMIC_RELAXED);
}

/* Sleep until woken, a signal, or the deadline (0: none). */
static int futex_sleep(struct futex_waiter *w, uint64_t deadline)
{
	int err = 0;
	struct wait_entry entry = {0};
	for (;;) {
		wait_prepare(&futex_wq, &entry, true);
		if (futex_was_woken(w))
			break;
		if (signal_is_pending()) {
			err = -EINTR;
			break;
		}
		if (deadline && jiffies_read() >= deadline) {
			err = -ETIMEDOUT;
			break;
		}
		if (deadline)
			sched_arm_timeout(deadline);
		schedule();
	}
	wait_finish(&futex_wq, &entry);
	return err;
}

static int futex_wait(uintptr_t uaddr, uint32_t val, uint64_t deadline)
{
	if (uaddr % sizeof(uint32_t))
		return -EINVAL;
	struct futex_waiter w = {.key = futex_key_of(current->mm, uaddr)};
	uint32_t flags = spin_lock_irqsave(&futex_lock);
	list_add_tail(&w.node, &futex_waiters);
	spin_unlock_irqrestore(&futex_lock, flags);
	uint32_t now;
	int err = copy_from_user(&now, (const void *)uaddr, sizeof(now));
	if (!err && now != val)
		err = -EAGAIN;
	if (!err)
		err = futex_sleep(&w, deadline);
	flags = spin_lock_irqsave(&futex_lock);
	list_del(&w.node);
	spin_unlock_irqrestore(&futex_lock, flags);
	return futex_was_woken(&w) ? 0 : err;
}

/* A relative timeout as a jiffies deadline (rounded up: never early); 0 for
 * none. */
static int futex_deadline(const struct timespec *uts, uint64_t *deadline)
{
	*deadline = 0;
	if (!uts)
		return 0;
	int64_t ns;
	int err = timespec32_from_user(uts, &ns);
	if (err)
		return err;
	*deadline = jiffies_read() + ((uint64_t)ns + TIME_NS_PER_TICK - 1) / TIME_NS_PER_TICK + 1;
	return 0;
}

long sys_futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *utimeout)
{
	switch (op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)) {
	case FUTEX_WAIT: {
		uint64_t deadline;
		int err = futex_deadline(utimeout, &deadline);
		return err ? err : futex_wait((uintptr_t)uaddr, val, deadline);
	}
	case FUTEX_WAKE:
		if (!user_range_is_ok(uaddr, sizeof(*uaddr), false))
			return -EFAULT;
		return futex_wake(current->mm, (uintptr_t)uaddr, (int)MIN(val, (uint32_t)INT32_MAX));
	default:
		return -ENOSYS;
	}
}

/* ---- robust futex lists (set_robust_list(2)) ------------------------------
 *
 * A robust mutex's owner keeps the mutexes it holds on a list in its own
 * memory and tells the kernel where the head is.  When it exits holding one,
 * the kernel marks the futex word FUTEX_OWNER_DIED and wakes a waiter, so a
 * process sharing the mutex is told instead of waiting forever.  The list is
 * user memory, read word by word with faults allowed: a bad entry ends the
 * walk, and at most ROBUST_LIST_LIMIT entries are looked at (a loop in the
 * list must not keep the kernel busy).
 */
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu
#define ROBUST_LIST_LIMIT 2048

struct robust_list_head {   /* Linux i386, 12 bytes */
	uint32_t next;          /* first entry (an entry's first word is its next) */
	int32_t futex_offset;   /* from an entry to its futex word */
	uint32_t op_pending;    /* an entry being taken or released right now */
};

/* One held futex of the dying task t: hand it on as "owner died". */
static void robust_futex_release(struct task *t, uint32_t entry, int32_t offset)
{
	uint32_t *uaddr = (uint32_t *)(uintptr_t)(entry + (uint32_t)offset);
	uint32_t word;
	if (copy_from_user(&word, uaddr, sizeof(word)) || (word & FUTEX_TID_MASK) != (uint32_t)t->pid)
		return;
	uint32_t died = (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	if (copy_to_user(uaddr, &died, sizeof(died)) == 0 && (word & FUTEX_WAITERS))
		futex_wake(t->mm, (uintptr_t)uaddr, 1);
}

static void robust_list_release(struct task *t)
{
	uint32_t head_addr = (uint32_t)(uintptr_t)t->robust_list;
	struct robust_list_head head;
	t->robust_list = NULL;
	if (!head_addr || copy_from_user(&head, (const void *)(uintptr_t)head_addr, sizeof(head)))
		return;
	uint32_t entry = head.next & ~1u; /* bit 0 marks a PI futex; the same here */
	for (int n = 0; entry != head_addr && n < ROBUST_LIST_LIMIT; n++) {
		uint32_t next;
		if (copy_from_user(&next, (const void *)(uintptr_t)entry, sizeof(next)))
			break;
		if (entry != (head.op_pending & ~1u))
			robust_futex_release(t, entry, head.futex_offset);
		entry = next & ~1u;
	}
	if (head.op_pending)
		robust_futex_release(t, head.op_pending & ~1u, head.futex_offset);
}

long sys_set_robust_list(void *uhead, size_t len)
{
	if (len != sizeof(struct robust_list_head))
		return -EINVAL;
	current->robust_list = uhead;
	return 0;
}

/* Another task's list only for its owner or root (Linux asks ptrace's rule). */
long sys_get_robust_list(int pid, void **uhead_ptr, size_t *ulen)
{
	struct task *t = pid ? task_find(pid) : current;
	if (!t)
		return -ESRCH;
	if (t != current && current->cred.euid != 0 && current->cred.euid != t->cred.uid)
		return -EPERM;
	size_t len = sizeof(struct robust_list_head);
	if (copy_to_user(ulen, &len, sizeof(len)) ||
	    copy_to_user(uhead_ptr, &t->robust_list, sizeof(t->robust_list)))
		return -EFAULT;
	return 0;
}

void futex_exit_release(struct task *t)
{
	if (!t->mm)
		return;
	robust_list_release(t);
	int *uaddr = t->clear_child_tid;
	if (!uaddr)
		return;
	t->clear_child_tid = NULL;
	int zero = 0;
	if (copy_to_user(uaddr, &zero, sizeof(zero)) == 0)
		futex_wake(t->mm, (uintptr_t)uaddr, 1);
}

void futex_fork_child_start(void)
{
	int *uaddr = current->set_child_tid;
	if (!uaddr)
		return;
	current->set_child_tid = NULL;
	int tid = current->pid;
	(void)copy_to_user(uaddr, &tid, sizeof(tid)); /* a bad address: ignored, as Linux */
}

long sys_set_tid_address(int *uptr)
{
	current->clear_child_tid = uptr;
	return current->pid;
}
