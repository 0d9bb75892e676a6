/*
 * futex_test.c — self tests of kernel/futex.c: the futex key (file and
 * offset for shared file mappings, else address space and address), the
 * exit-time clear and wake of clear_child_tid, the robust-list walk at exit
 * (owner died, its limit, bad pointers) and FUTEX_WAKE's count.  glibc's
 * pthread_join, fork and robust mutexes stand on these; a wrong key or a
 * lost wake shows up in user space only as a program that hangs.
 *
 * How: address spaces are made here (mm_create, vma_insert, pages faulted
 * in beforehand, so no copy faults) and borrowed, by setting current->mm
 * and loading it, by whoever must reach them: the test task to write and
 * read futex words, kernel threads to sleep in FUTEX_WAIT (sleeper_start)
 * or to die holding futexes.  A sleeper gives its address space back
 * before it exits; a thread that exits with one frees it, as a process
 * does.  Whether a sleeper was woken is read from its own return value
 * (0: woken; -EINTR: it had to be kicked with a signal because nobody woke
 * it, so a lost wake fails the test instead of hanging it), and no test
 * waits for time to pass: "let the others run" is schedule() until no
 * thread of the test is runnable.
 *
 * futex_key_of() is exposed in include/corral/futex.h for these tests, the
 * way rtc_decode or fail_alloc's dice are; the rest is reached through the
 * public entry points (sys_futex, futex_wake, futex_exit_release).  The
 * robust-list constants below are Linux's (include/uapi/linux/futex.h),
 * written here rather than shared, as the ABI the kernel must follow.
 *
 * Read kernel/futex.c first; usertests' clonetid checks the same from user
 * space.
 */
#include <corral/futex.h>
#include <corral/ktest.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/uaccess.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/signal.h>

#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define ROBUST_LIST_LIMIT 2048

#define PG PAGE_SIZE
#define A 0x20000000u /* where the test's mappings go */
#define B 0x30000000u
#define NR_PAGES 8 /* of the anonymous area at A */

/* ---- borrowed address spaces ----------------------------------------------- */

/* Anonymous memory at A, present and writable (no copy may fault). */
static struct mm *mm_with_anon_area(void)
{
	struct mm *mm = mm_create();
	if (mm && (vma_insert(mm, A, A + NR_PAGES * PG, VM_READ | VM_WRITE) ||
		   fault_in_range(mm, A, NR_PAGES * PG, true))) {
		mm_destroy(mm);
		return NULL;
	}
	return mm;
}

/* One page of inode mapped shared at start, present. */
static struct mm *mm_with_shared_file(struct inode *inode, uintptr_t start)
{
	struct mm *mm = mm_create();
	uint32_t flags = VM_READ | VM_WRITE | VM_SHARED;
	if (mm && (vma_insert_file(mm, start, start + PG, flags, inode, 0) ||
		   fault_in_range(mm, start, PG, true))) {
		mm_destroy(mm);
		return NULL;
	}
	return mm;
}

static struct mm *borrowed_from; /* the test task's own mm while it borrows one */

static void mm_borrow(struct mm *mm)
{
	borrowed_from = current->mm;
	current->mm = mm;
	mm_activate(mm);
}

static void mm_give_back(void)
{
	current->mm = borrowed_from;
	mm_activate(borrowed_from);
}

/* Read and write a futex word of a borrowed mm; ~0 when it cannot be read. */
static uint32_t word_get(uintptr_t uaddr)
{
	uint32_t w;
	return copy_from_user(&w, (const void *)uaddr, sizeof(w)) ? ~0u : w;
}

static int word_set(uintptr_t uaddr, uint32_t w)
{
	return copy_to_user((void *)uaddr, &w, sizeof(w));
}

/* ---- sleepers: kernel threads in FUTEX_WAIT --------------------------------- */

struct sleeper {
	struct mm *mm;
	uintptr_t uaddr;
	uint32_t val;
	volatile bool is_waiting; /* about to call futex(FUTEX_WAIT) */
	volatile long result;	  /* what it returned: 0 when woken */
	struct task *task;	  /* ours until reaped */
	int pid;
};

static void thread_futex_wait(void *arg)
{
	struct sleeper *s = arg;
	current->mm = s->mm;
	mm_activate(s->mm);
	s->is_waiting = true;
	s->result = sys_futex((uint32_t *)s->uaddr, FUTEX_WAIT, s->val, NULL);
	current->mm = NULL; /* the test's to free, not ours */
	mm_activate(NULL);
}

static bool sleeper_start(struct sleeper *s, struct mm *mm, uintptr_t uaddr, uint32_t val)
{
	*s = (struct sleeper){.mm = mm, .uaddr = uaddr, .val = val, .result = 1};
	s->task = kthread_create("ktest-futex", thread_futex_wait, s);
	if (!s->task)
		return false;
	s->pid = s->task->pid;
	return true;
}

/* Let the sleepers run until none is runnable: each is then asleep in its
 * wait, or has returned from it (a zombie). */
static void sleepers_settle(struct sleeper *s, int n)
{
	for (;;) {
		bool is_busy = false;
		for (int i = 0; i < n; i++)
			is_busy |= s[i].task && s[i].task->state == TASK_RUNNABLE;
		if (!is_busy)
			return;
		schedule();
	}
}

static bool sleeper_is_asleep(const struct sleeper *s)
{
	return s->task && s->is_waiting && s->task->state == TASK_SLEEPING;
}

static bool sleeper_has_returned(const struct sleeper *s)
{
	return s->task && s->task->state == TASK_ZOMBIE;
}

/* Reap the sleepers, kicking any still asleep (nobody woke it: its result
 * becomes -EINTR); their results stay for the test to check. */
static void sleepers_reap(struct sleeper *s, int n)
{
	for (int i = 0; i < n; i++) {
		if (!s[i].task)
			continue;
		if (s[i].task->state != TASK_ZOMBIE)
			signal_send(s[i].task, SIGTERM);
		int status, got;
		task_wait(s[i].pid, &status, 0, &got);
		s[i].task = NULL;
	}
}

/* ---- (a) the key ------------------------------------------------------------ */

/* One file mapped shared in two address spaces, at different addresses and
 * file offsets: a word at the same place in the file has one key, the inode
 * and the offset.  A private mapping of the same file, anonymous memory and
 * unmapped addresses are keyed by address space and address. */
KTEST(futex_key_is_file_offset_when_shared)
{
	static char data[3 * PG];
	memset(data, 0, sizeof(data));
	struct file *file;
	KT_ASSERT(ctx, vfs_open("/tmp/futex_key", O_RDWR | O_CREAT | O_TRUNC, 0600, &file) == 0);
	KT_ASSERT(ctx, file_write(file, data, sizeof(data)) == (ssize_t)sizeof(data));
	struct inode *inode = file->inode;
	struct mm *one = mm_create(), *two = mm_create();
	KT_ASSERT(ctx, one && two);
	uint32_t shared = VM_READ | VM_WRITE | VM_SHARED;
	KT_EXPECT_EQ(ctx, vma_insert_file(one, A, A + 2 * PG, shared, inode, 0), 0);
	KT_EXPECT_EQ(ctx, vma_insert_file(two, B, B + 2 * PG, shared, inode, 1), 0);
	KT_EXPECT_EQ(ctx, vma_insert_file(two, A, A + PG, VM_READ | VM_WRITE, inode, 1), 0);
	KT_EXPECT_EQ(ctx, vma_insert(one, B, B + PG, VM_READ | VM_WRITE), 0);

	struct futex_key k1 = futex_key_of(one, A + PG + 8); /* file offset PG + 8 */
	struct futex_key k2 = futex_key_of(two, B + 8);	     /* the same place */
	KT_EXPECT(ctx, k1.object == inode && k2.object == inode);
	KT_EXPECT_EQ(ctx, k1.offset, PG + 8);
	KT_EXPECT_EQ(ctx, k2.offset, PG + 8);
	struct futex_key k3 = futex_key_of(two, B + PG + 12);
	KT_EXPECT(ctx, k3.object == inode);
	KT_EXPECT_EQ(ctx, k3.offset, 2 * PG + 12);

	struct futex_key private = futex_key_of(two, A + 8); /* MAP_PRIVATE of the file */
	KT_EXPECT(ctx, private.object == two);
	KT_EXPECT_EQ(ctx, private.offset, A + 8);
	struct futex_key anon_one = futex_key_of(one, B + 8);
	struct futex_key anon_two = futex_key_of(two, 0x40000000u + 8); /* unmapped */
	KT_EXPECT(ctx, anon_one.object == one);
	KT_EXPECT_EQ(ctx, anon_one.offset, B + 8);
	KT_EXPECT(ctx, anon_two.object == two);
	KT_EXPECT_EQ(ctx, anon_two.offset, 0x40000000u + 8);

	mm_destroy(one);
	mm_destroy(two);
	file_put(file);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/futex_key"), 0);
}

/* ---- (b) clear_child_tid at exit ----------------------------------------- */

struct exiting {
	struct mm *mm;
	uintptr_t tid_word;
};

/* Take the address space as its own and name the tid word, then exit:
 * task_exit clears the word, wakes a waiter and frees the address space. */
static void thread_exit_with_tid_word(void *arg)
{
	struct exiting *e = arg;
	current->mm = e->mm;
	mm_activate(e->mm);
	current->clear_child_tid = (int *)e->tid_word;
}

/* A thread's tid word in a file mapped shared, a sleeper on the same word in
 * another address space (at another address): the thread's exit zeroes the
 * word and wakes the sleeper, whose FUTEX_WAIT returns 0.  (The wake goes
 * through the exiting task's mm and address: only the file key joins them.) */
KTEST(futex_exit_clears_tid_word_and_wakes_waiter)
{
	static char data[PG];
	memset(data, 0, sizeof(data));
	struct file *file;
	KT_ASSERT(ctx, vfs_open("/tmp/futex_exit", O_RDWR | O_CREAT | O_TRUNC, 0600, &file) == 0);
	KT_ASSERT(ctx, file_write(file, data, sizeof(data)) == (ssize_t)sizeof(data));
	struct mm *waiter_mm = mm_with_shared_file(file->inode, A);
	struct mm *exit_mm = mm_with_shared_file(file->inode, B);
	KT_ASSERT(ctx, waiter_mm && exit_mm);
	mm_borrow(waiter_mm);
	KT_EXPECT_EQ(ctx, word_set(A + 64, 1234), 0);
	mm_give_back();

	static struct sleeper s;
	KT_ASSERT(ctx, sleeper_start(&s, waiter_mm, A + 64, 1234));
	sleepers_settle(&s, 1);
	KT_EXPECT(ctx, sleeper_is_asleep(&s));

	static struct exiting e;
	e = (struct exiting){.mm = exit_mm, .tid_word = B + 64};
	struct task *t = kthread_create("ktest-exit", thread_exit_with_tid_word, &e);
	KT_EXPECT(ctx, t != NULL);
	int status = -1, got = 0;
	if (t) /* exit_mm is freed by its exit */
		KT_EXPECT(ctx, task_wait(t->pid, &status, 0, &got) == 0 && status == 0);
	else
		mm_destroy(exit_mm);
	sleepers_settle(&s, 1);
	KT_EXPECT(ctx, sleeper_has_returned(&s));
	sleepers_reap(&s, 1);
	KT_EXPECT_EQ(ctx, s.result, 0);
	mm_borrow(waiter_mm);
	KT_EXPECT_EQ(ctx, word_get(A + 64), 0);
	mm_give_back();
	mm_destroy(waiter_mm);
	file_put(file);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/futex_exit"), 0);
}

/* ---- (c) robust lists ------------------------------------------------------ */

/* Linux i386's struct robust_list_head; an entry is a next pointer, and its
 * futex word is futex_offset bytes from it. */
struct robust_head {
	uint32_t next;
	int32_t futex_offset;
	uint32_t op_pending;
};

#define HEAD A		 /* the list head, in the anonymous area */
#define ENTRIES (A + 64) /* entries of 8 bytes: next, then the futex word */
#define ENTRY(i) (ENTRIES + 8 * (uint32_t)(i))
#define WORD(i) (ENTRY(i) + 4)

/* The dying task: a kernel thread that, when let go, borrows the address
 * space, names its robust list and runs what exit runs (futex_exit_release;
 * not task_exit, which would free the address space the test still reads). */
struct dying {
	struct mm *mm;
	struct wait_queue go_wq;
	volatile bool may_go, is_done;
	struct task *task;
	int pid;
};

static void thread_die_with_robust_list(void *arg)
{
	struct dying *d = arg;
	wait_event(&d->go_wq, d->may_go);
	current->mm = d->mm;
	mm_activate(d->mm);
	current->robust_list = (void *)HEAD;
	futex_exit_release(current);
	current->mm = NULL;
	mm_activate(NULL);
	d->is_done = current->robust_list == NULL;
}

static bool dying_start(struct dying *d, struct mm *mm)
{
	*d = (struct dying){.mm = mm};
	wait_queue_init(&d->go_wq);
	d->task = kthread_create("ktest-robust", thread_die_with_robust_list, d);
	if (!d->task)
		return false;
	d->pid = d->task->pid;
	return true;
}

/* Let it walk its list; 0 when it did and exited normally. */
static int dying_finish(struct dying *d)
{
	d->may_go = true;
	wake_up(&d->go_wq);
	int status = -1, got = 0;
	if (task_wait(d->pid, &status, 0, &got) || got != d->pid || status != 0)
		return -1;
	return d->is_done ? 0 : -1;
}

static int robust_head_set(uint32_t first, uint32_t op_pending)
{
	struct robust_head h = {.next = first, .futex_offset = 4, .op_pending = op_pending};
	return copy_to_user((void *)HEAD, &h, sizeof(h));
}

/* Two held entries: the first futex word holds the dying task's tid with
 * waiters, the second another task's.  The first becomes OWNER_DIED |
 * WAITERS and its sleeper is woken; the second is left alone. */
KTEST(futex_robust_list_marks_owner_died)
{
	struct mm *mm = mm_with_anon_area();
	KT_ASSERT(ctx, mm != NULL);
	static struct dying d;
	KT_ASSERT(ctx, dying_start(&d, mm));
	uint32_t held = (uint32_t)d.pid | FUTEX_WAITERS, other = 4242u | FUTEX_WAITERS;
	mm_borrow(mm);
	KT_EXPECT_EQ(ctx, robust_head_set(ENTRY(0), 0), 0);
	KT_EXPECT_EQ(ctx, word_set(ENTRY(0), ENTRY(1)), 0);
	KT_EXPECT_EQ(ctx, word_set(WORD(0), held), 0);
	KT_EXPECT_EQ(ctx, word_set(ENTRY(1), HEAD), 0); /* back to the head: the end */
	KT_EXPECT_EQ(ctx, word_set(WORD(1), other), 0);
	mm_give_back();

	static struct sleeper s[2]; /* one on each word */
	KT_ASSERT(ctx, sleeper_start(&s[0], mm, WORD(0), held));
	KT_ASSERT(ctx, sleeper_start(&s[1], mm, WORD(1), other));
	sleepers_settle(s, 2);
	KT_EXPECT(ctx, sleeper_is_asleep(&s[0]) && sleeper_is_asleep(&s[1]));
	KT_EXPECT_EQ(ctx, dying_finish(&d), 0);
	sleepers_settle(s, 2);
	KT_EXPECT(ctx, sleeper_has_returned(&s[0]));
	KT_EXPECT(ctx, sleeper_is_asleep(&s[1]));
	sleepers_reap(s, 2);
	KT_EXPECT_EQ(ctx, s[0].result, 0);
	KT_EXPECT_EQ(ctx, s[1].result, -EINTR); /* kicked: nobody woke it */

	mm_borrow(mm);
	KT_EXPECT_EQ(ctx, word_get(WORD(0)), FUTEX_OWNER_DIED | FUTEX_WAITERS);
	KT_EXPECT_EQ(ctx, word_get(WORD(1)), other);
	KT_EXPECT_EQ(ctx, word_get(ENTRY(0)), ENTRY(1)); /* the list itself is not changed */
	mm_give_back();
	mm_destroy(mm);
}

/* A list longer than ROBUST_LIST_LIMIT: the first LIMIT entries are handed
 * on, the one after is not looked at.  A list that loops (an entry that is
 * its own next) ends there too, with its futex handed on once. */
KTEST(futex_robust_list_walk_is_bounded)
{
	_Static_assert(ENTRIES + 8 * (ROBUST_LIST_LIMIT + 1) <= A + NR_PAGES * PG, "room");
	struct mm *mm = mm_with_anon_area();
	KT_ASSERT(ctx, mm != NULL);
	static struct dying d;
	KT_ASSERT(ctx, dying_start(&d, mm));
	uint32_t tid = (uint32_t)d.pid;
	mm_borrow(mm);
	KT_EXPECT_EQ(ctx, robust_head_set(ENTRY(0), 0), 0);
	for (int i = 0; i <= ROBUST_LIST_LIMIT; i++) {
		word_set(ENTRY(i), i < ROBUST_LIST_LIMIT ? ENTRY(i + 1) : HEAD);
		word_set(WORD(i), tid);
	}
	mm_give_back();
	KT_EXPECT_EQ(ctx, dying_finish(&d), 0);
	mm_borrow(mm);
	KT_EXPECT_EQ(ctx, word_get(WORD(0)), FUTEX_OWNER_DIED);
	KT_EXPECT_EQ(ctx, word_get(WORD(ROBUST_LIST_LIMIT - 1)), FUTEX_OWNER_DIED);
	KT_EXPECT_EQ(ctx, word_get(WORD(ROBUST_LIST_LIMIT)), tid);
	int nr_marked = 0;
	for (int i = 0; i <= ROBUST_LIST_LIMIT; i++)
		nr_marked += word_get(WORD(i)) == FUTEX_OWNER_DIED;
	KT_EXPECT_EQ(ctx, nr_marked, ROBUST_LIST_LIMIT);
	mm_give_back();

	KT_ASSERT(ctx, dying_start(&d, mm));
	mm_borrow(mm);
	KT_EXPECT_EQ(ctx, robust_head_set(ENTRY(0), 0), 0);
	word_set(ENTRY(0), ENTRY(0) | 1); /* itself (bit 0: a PI futex, the same here) */
	word_set(WORD(0), (uint32_t)d.pid | FUTEX_WAITERS);
	mm_give_back();
	KT_EXPECT_EQ(ctx, dying_finish(&d), 0); /* it came back */
	mm_borrow(mm);
	KT_EXPECT_EQ(ctx, word_get(WORD(0)), FUTEX_OWNER_DIED | FUTEX_WAITERS);
	mm_give_back();
	mm_destroy(mm);
}

/* A next pointer that leads nowhere (unmapped, or into the kernel) ends the
 * walk: the entries before it are handed on, the task carries on (dying
 * normally), and op_pending, an entry the task was just taking, is still
 * handed on after the walk. */
KTEST(futex_robust_list_bad_pointer_ends_walk)
{
	static const uint32_t bad[] = {0x50000000u, 0xc0100000u, 0xfffffff8u};
	struct mm *mm = mm_with_anon_area();
	KT_ASSERT(ctx, mm != NULL);
	static struct dying d;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		KT_ASSERT(ctx, dying_start(&d, mm));
		uint32_t tid = (uint32_t)d.pid;
		mm_borrow(mm);
		KT_EXPECT_EQ(ctx, robust_head_set(ENTRY(0), ENTRY(2)), 0);
		word_set(ENTRY(0), bad[i]);
		word_set(WORD(0), tid);
		word_set(ENTRY(1), HEAD); /* not in the list: must stay untouched */
		word_set(WORD(1), tid);
		word_set(ENTRY(2), 0); /* op_pending, not linked */
		word_set(WORD(2), tid);
		mm_give_back();
		KT_EXPECT_EQ(ctx, dying_finish(&d), 0);
		mm_borrow(mm);
		KT_EXPECT_EQ(ctx, word_get(WORD(0)), FUTEX_OWNER_DIED);
		KT_EXPECT_EQ(ctx, word_get(WORD(1)), tid);
		KT_EXPECT_EQ(ctx, word_get(WORD(2)), FUTEX_OWNER_DIED);
		mm_give_back();
	}
	mm_destroy(mm);
}

/* ---- (d) FUTEX_WAKE's count ------------------------------------------------- */

/* Three sleepers on one word and one on the next word: FUTEX_WAKE with n = 2
 * wakes two of the three and says 2; then n = 5 finds the one left; n = 0
 * wakes nobody; the other word's sleeper is woken only by its own word. */
KTEST(futex_wake_wakes_at_most_n)
{
	struct mm *mm = mm_with_anon_area();
	KT_ASSERT(ctx, mm != NULL);
	uintptr_t word = A + 256;
	mm_borrow(mm);
	KT_EXPECT_EQ(ctx, word_set(word, 7), 0);
	KT_EXPECT_EQ(ctx, word_set(word + 4, 7), 0);
	mm_give_back();
	static struct sleeper s[4];
	for (int i = 0; i < 4; i++)
		KT_ASSERT(ctx, sleeper_start(&s[i], mm, i < 3 ? word : word + 4, 7));
	sleepers_settle(s, 4);
	for (int i = 0; i < 4; i++)
		KT_EXPECT(ctx, sleeper_is_asleep(&s[i]));

	mm_borrow(mm);
	KT_EXPECT_EQ(ctx, sys_futex((uint32_t *)word, FUTEX_WAKE, 2, NULL), 2);
	mm_give_back();
	sleepers_settle(s, 4);
	int nr_returned = 0;
	for (int i = 0; i < 3; i++)
		nr_returned += sleeper_has_returned(&s[i]);
	KT_EXPECT_EQ(ctx, nr_returned, 2);
	KT_EXPECT(ctx, sleeper_is_asleep(&s[3]));

	mm_borrow(mm);
	KT_EXPECT_EQ(ctx, sys_futex((uint32_t *)word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 5, NULL), 1);
	KT_EXPECT_EQ(ctx, sys_futex((uint32_t *)(word + 4), FUTEX_WAKE, 0, NULL), 0);
	mm_give_back();
	sleepers_settle(s, 4);
	for (int i = 0; i < 3; i++)
		KT_EXPECT(ctx, sleeper_has_returned(&s[i]));
	KT_EXPECT(ctx, sleeper_is_asleep(&s[3]));
	mm_borrow(mm);
	KT_EXPECT_EQ(ctx, sys_futex((uint32_t *)(word + 4), FUTEX_WAKE, 1, NULL), 1);
	mm_give_back();
	sleepers_settle(s, 4);
	sleepers_reap(s, 4);
	for (int i = 0; i < 4; i++)
		KT_EXPECT_EQ(ctx, s[i].result, 0);
	mm_destroy(mm);
}
