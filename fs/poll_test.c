/*
 * poll_test.c — waiting for several files (fs/poll.c): a pipe's readiness
 * before and after a write and when an end closes, a deadline of now and a
 * short one, a wait on two queues woken through the second (and no entry
 * left on either afterwards), and the default mask of files without a poll op.
 */
#include <corral/ktest.h>
#include <corral/task.h>
#include <corral/time.h>
#include <uapi/poll.h>

#include "fs_test.h"

#define WANT_IN (POLLIN | POLLERR | POLLHUP)
#define WANT_OUT (POLLOUT | POLLERR | POLLHUP)

static int poll_one(struct file *file, unsigned events, uint64_t deadline, unsigned *revents)
{
	struct poll_file pf = {file, events, 0};
	int n = poll_files(&pf, 1, deadline);
	*revents = pf.revents;
	return n;
}

KTEST(poll_pipe_readable_after_a_write)
{
	struct file *r, *w;
	unsigned revents;
	KT_ASSERT(ctx, pipe_create(&r, &w) == 0);
	KT_EXPECT_EQ(ctx, poll_one(r, WANT_IN, jiffies_read(), &revents), 0);
	KT_EXPECT_EQ(ctx, revents, 0);
	KT_EXPECT_EQ(ctx, poll_one(w, WANT_OUT, jiffies_read(), &revents), 1);
	KT_EXPECT_EQ(ctx, revents, POLLOUT);
	KT_EXPECT_EQ(ctx, file_write(w, "x", 1), 1);
	KT_EXPECT_EQ(ctx, poll_one(r, WANT_IN, POLL_FOREVER, &revents), 1);
	KT_EXPECT_EQ(ctx, revents, POLLIN);
	KT_EXPECT_EQ(ctx, file_poll(r, NULL), POLLIN | POLLRDNORM);
	file_put(w);
	KT_EXPECT_EQ(ctx, poll_one(r, WANT_IN, POLL_FOREVER, &revents), 1);
	KT_EXPECT_EQ(ctx, revents, POLLIN | POLLHUP); /* data still there, and the hang-up */
	char c;
	KT_EXPECT_EQ(ctx, file_read(r, &c, 1), 1);
	KT_EXPECT_EQ(ctx, poll_one(r, WANT_IN, POLL_FOREVER, &revents), 1);
	KT_EXPECT_EQ(ctx, revents, POLLHUP);
	file_put(r);
}

KTEST(poll_pipe_write_end_error_without_reader)
{
	struct file *r, *w;
	unsigned revents;
	KT_ASSERT(ctx, pipe_create(&r, &w) == 0);
	file_put(r);
	KT_EXPECT_EQ(ctx, poll_one(w, WANT_OUT, jiffies_read(), &revents), 1);
	KT_EXPECT_EQ(ctx, revents, POLLOUT | POLLERR);
	file_put(w);
}

KTEST(poll_deadline_passes)
{
	struct file *r, *w;
	unsigned revents;
	KT_ASSERT(ctx, pipe_create(&r, &w) == 0);
	uint64_t start = jiffies_read();
	KT_EXPECT_EQ(ctx, poll_one(r, WANT_IN, start + 3, &revents), 0);
	KT_EXPECT(ctx, jiffies_read() >= start + 3);
	file_put(r);
	file_put(w);
}

/* A file whose readiness is a flag, signalled on one of two queues. */
static struct wait_queue test_q1 = WAIT_QUEUE_INIT(test_q1);
static struct wait_queue test_q2 = WAIT_QUEUE_INIT(test_q2);
static bool test_is_ready;

static unsigned test_poll(struct file *file, struct poll_table *pt)
{
	poll_wait(pt, &test_q1);
	poll_wait(pt, &test_q2);
	return test_is_ready ? POLLIN : 0;
}

static const struct file_operations test_fops = {.poll = test_poll};

static void thread_ready_through_q2(void *arg)
{
	sleep_ticks(2);
	test_is_ready = true;
	wake_up(&test_q2);
}

KTEST(poll_two_queues_woken_by_the_second)
{
	struct file file = {.fops = &test_fops};
	unsigned revents;
	test_is_ready = false;
	struct task *t = kthread_create("ktest-poll", thread_ready_through_q2, NULL);
	KT_ASSERT(ctx, t != NULL);
	int pid = t->pid, status, got;
	KT_EXPECT_EQ(ctx, poll_one(&file, WANT_IN, jiffies_read() + 10 * HZ, &revents), 1);
	KT_EXPECT_EQ(ctx, revents, POLLIN);
	KT_EXPECT(ctx, list_is_empty(&test_q1.waiters)); /* every entry came off */
	KT_EXPECT(ctx, list_is_empty(&test_q2.waiters));
	KT_EXPECT_EQ(ctx, task_wait(pid, &status, 0, &got), 0);
}

KTEST(poll_files_without_op_are_ready)
{
	static const struct file_operations no_poll_fops = {0};
	struct file file = {.fops = &no_poll_fops};
	unsigned revents;
	KT_EXPECT_EQ(ctx, file_poll(&file, NULL), POLL_DEFAULT_MASK);
	KT_EXPECT_EQ(ctx, poll_one(&file, WANT_IN | WANT_OUT, POLL_FOREVER, &revents), 1);
	KT_EXPECT_EQ(ctx, revents, POLLIN | POLLOUT);
	struct poll_file skipped = {NULL, WANT_IN, 0};
	KT_EXPECT_EQ(ctx, poll_files(&skipped, 1, jiffies_read()), 0);
}
