/*
 * sched_test.c — self tests of kernel threads, wait queues, timed sleeps,
 * mutexes and reaping (kernel/sched.c, kernel/wait.c, kernel/task.c).
 * They run in the boot task (pid 0), which is the parent of the threads they
 * make, so it can reap them with task_wait like any parent.
 */
#include <corral/ktest.h>
#include <corral/task.h>
#include <corral/time.h>
#include <uapi/wait.h>

struct handoff {
	struct wait_queue done;
	int value;
	struct mutex lock;
	int inside; /* threads inside the critical section right now */
	int max_inside;
};

static void thread_set_value(void *arg)
{
	struct handoff *h = arg;
	h->value = 42;
	wake_up(&h->done);
}

static int reap(int pid)
{
	int status = -1, got = 0;
	if (task_wait(pid, &status, 0, &got) || got != pid)
		return -1;
	return status;
}

KTEST(sched_kthread_runs_and_is_reaped)
{
	static struct handoff h;
	wait_queue_init(&h.done);
	h.value = 0;
	struct task *t = kthread_create("ktest-a", thread_set_value, &h);
	KT_ASSERT(ctx, t != NULL);
	int pid = t->pid;
	wait_event(&h.done, h.value == 42);
	KT_EXPECT_EQ(ctx, h.value, 42);
	KT_EXPECT_EQ(ctx, reap(pid), 0);
	KT_EXPECT(ctx, task_find(pid) == NULL);
}

KTEST(sched_sleep_waits_for_the_clock)
{
	uint64_t start = jiffies_read();
	sleep_ticks(3);
	KT_EXPECT(ctx, jiffies_read() - start >= 3);
}

static void thread_use_mutex(void *arg)
{
	struct handoff *h = arg;
	for (int i = 0; i < 3; i++) {
		mutex_lock(&h->lock);
		h->inside++;
		if (h->inside > h->max_inside)
			h->max_inside = h->inside;
		sleep_ticks(1); /* sleep while holding it: others must wait */
		h->inside--;
		h->value++;
		mutex_unlock(&h->lock);
	}
	wake_up(&h->done);
}

KTEST(sched_mutex_excludes_across_sleeps)
{
	static struct handoff h;
	wait_queue_init(&h.done);
	mutex_init(&h.lock, "ktest");
	h.value = h.inside = h.max_inside = 0;
	int pids[3];
	for (int i = 0; i < 3; i++) {
		struct task *t = kthread_create("ktest-m", thread_use_mutex, &h);
		KT_ASSERT(ctx, t != NULL);
		pids[i] = t->pid;
	}
	wait_event(&h.done, h.value == 9);
	KT_EXPECT_EQ(ctx, h.value, 9);
	KT_EXPECT_EQ(ctx, h.max_inside, 1);
	for (int i = 0; i < 3; i++)
		KT_EXPECT_EQ(ctx, reap(pids[i]), 0);
}

KTEST(sched_wait_without_children_is_echild)
{
	int status, pid;
	KT_EXPECT_EQ(ctx, task_wait(-1, &status, WNOHANG, &pid), -10 /* ECHILD */);
}
