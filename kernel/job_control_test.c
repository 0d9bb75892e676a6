/*
 * job_control_test.c — self tests of kernel/job_control.c and the parts of
 * signal delivery and wait4 job control stands on: a stop and a continue
 * each reported once to the parent's wait (WUNTRACED, WCONTINUED), SIGCONT
 * and a stop signal cancelling each other while pending, SIGKILL ending a
 * stopped task, and a system call interrupted without a handler starting
 * again (through restart_syscall for a sleep or a poll).
 *
 * How: a kernel thread stops itself with job_stop_current(SIGSTOP) — what
 * signal_deliver does for a stop signal with its default action — and the
 * test task, its parent, waits and signals it as a shell would.  Kernel
 * threads are in no process group, so the orphaned-group rules (which need
 * user tasks) are left to the serial-console tests (tests/test_jobs.py).
 */
#include <corral/job_control.h>
#include <corral/ktest.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/trap.h>
#include <uapi/errno.h>
#include <uapi/signal.h>
#include <uapi/unistd.h>
#include <uapi/wait.h>

struct stopper {
	volatile int nr_stops; /* how many times it came back from a stop */
};

static void stop_twice_then_exit(void *arg)
{
	struct stopper *s = arg;
	job_stop_current(SIGSTOP);
	s->nr_stops++;
	job_stop_current(SIGSTOP);
	s->nr_stops++;
	task_exit(7 << 8);
}

static void stop_until_killed(void *arg)
{
	(void)arg;
	while (!signal_is_killed(current))
		job_stop_current(SIGSTOP);
	task_exit(SIGKILL);
}

/* Wait for child pid with options; returns the status or -1. */
static int wait_status(int pid, int options)
{
	int status = -1, got = 0;
	if (task_wait(pid, &status, options, &got) || got != pid)
		return -1;
	return status;
}

KTEST(job_stop_and_continue_are_each_reported_once)
{
	static struct stopper s;
	s.nr_stops = 0;
	struct task *t = kthread_create("ktest-stop", stop_twice_then_exit, &s);
	KT_ASSERT(ctx, t != NULL);
	int pid = t->pid;
	int status = wait_status(pid, WUNTRACED);
	KT_EXPECT(ctx, WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	KT_EXPECT_EQ(ctx, t->state, TASK_STOPPED);
	int none = -1, got = -1;
	KT_EXPECT_EQ(ctx, task_wait(pid, &none, WUNTRACED | WNOHANG, &got), 0);
	KT_EXPECT_EQ(ctx, got, 0); /* the stop was reported already */

	signal_send(t, SIGCONT);
	status = wait_status(pid, WCONTINUED);
	KT_EXPECT(ctx, WIFCONTINUED(status));
	status = wait_status(pid, WUNTRACED); /* its second stop */
	KT_EXPECT(ctx, WIFSTOPPED(status));
	KT_EXPECT_EQ(ctx, s.nr_stops, 1);

	signal_send(t, SIGCONT);
	status = wait_status(pid, 0); /* without WCONTINUED: only the exit */
	KT_EXPECT(ctx, WIFEXITED(status) && WEXITSTATUS(status) == 7);
	KT_EXPECT_EQ(ctx, s.nr_stops, 2);
}

KTEST(job_sigkill_ends_a_stopped_task)
{
	struct task *t = kthread_create("ktest-stop", stop_until_killed, NULL);
	KT_ASSERT(ctx, t != NULL);
	int pid = t->pid;
	KT_EXPECT(ctx, WIFSTOPPED(wait_status(pid, WUNTRACED)));
	signal_send(t, SIGKILL); /* no SIGCONT needed */
	int status = wait_status(pid, 0);
	KT_EXPECT(ctx, WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

KTEST(job_sigcont_and_stop_signals_cancel_while_pending)
{
	struct task *t = current;
	uint64_t saved_pending = t->signals_pending, saved_blocked = t->signals_blocked;
	t->signals_blocked = (1ull << (SIGCONT - 1)) | (1ull << (SIGTSTP - 1));
	signal_send(t, SIGTSTP);
	KT_EXPECT(ctx, t->signals_pending & (1ull << (SIGTSTP - 1)));
	signal_send(t, SIGCONT); /* drops the pending stop */
	KT_EXPECT(ctx, !(t->signals_pending & (1ull << (SIGTSTP - 1))));
	KT_EXPECT(ctx, t->signals_pending & (1ull << (SIGCONT - 1)));
	signal_send(t, SIGTSTP); /* drops the pending SIGCONT */
	KT_EXPECT(ctx, !(t->signals_pending & (1ull << (SIGCONT - 1))));
	t->signals_pending = saved_pending;
	t->signals_blocked = saved_blocked;
}

/* What signal_deliver does to a call that returned -EINTR when no handler
 * runs: nr and eip say whether it is started again, and how. */
static void deliver_after_eintr(int nr, struct trap_frame *f)
{
	*f = (struct trap_frame){0};
	f->eip = 0x10002;
	f->eax = (uint32_t)-EINTR;
	int saved_nr = current->syscall_nr;
	current->syscall_nr = nr;
	signal_deliver(f);
	current->syscall_nr = saved_nr;
}

static long resume_nothing(struct restart_block *rb)
{
	(void)rb;
	return 0;
}

KTEST(job_interrupted_call_starts_again_without_handler)
{
	struct trap_frame f;
	deliver_after_eintr(__NR_read, &f);
	KT_EXPECT_EQ(ctx, f.eax, __NR_read);
	KT_EXPECT_EQ(ctx, f.eip, 0x10000);

	current->restart.fn = NULL;
	deliver_after_eintr(__NR_nanosleep, &f); /* no restart block: EINTR */
	KT_EXPECT_EQ(ctx, (int32_t)f.eax, -EINTR);
	KT_EXPECT_EQ(ctx, f.eip, 0x10002);

	current->restart.fn = resume_nothing; /* an interrupted sleep: resumed */
	deliver_after_eintr(__NR_nanosleep, &f);
	KT_EXPECT_EQ(ctx, f.eax, __NR_restart_syscall);
	KT_EXPECT_EQ(ctx, f.eip, 0x10000);
	KT_EXPECT_EQ(ctx, sys_restart_syscall(), 0);
	KT_EXPECT(ctx, current->restart.fn == NULL);

	current->restart.fn = NULL;
	deliver_after_eintr(__NR_poll, &f); /* no deadline left behind: EINTR */
	KT_EXPECT_EQ(ctx, (int32_t)f.eax, -EINTR);
	current->restart.fn = resume_nothing; /* poll's deadline: resumed */
	deliver_after_eintr(__NR_poll, &f);
	KT_EXPECT_EQ(ctx, f.eax, __NR_restart_syscall);
	current->restart.fn = NULL;

	/* select wrote the time left into its timeout: it simply starts again */
	deliver_after_eintr(__NR__newselect, &f);
	KT_EXPECT_EQ(ctx, f.eax, __NR__newselect);
	KT_EXPECT_EQ(ctx, f.eip, 0x10000);

	/* sigreturn's eax is the interrupted code's own, maybe -EINTR too */
	deliver_after_eintr(__NR_rt_sigreturn, &f);
	KT_EXPECT_EQ(ctx, (int32_t)f.eax, -EINTR);
	KT_EXPECT_EQ(ctx, f.eip, 0x10002);

	f = (struct trap_frame){0};
	f.eip = 0x10002;
	f.eax = 0; /* a call that succeeded is left alone */
	current->syscall_nr = __NR_read;
	signal_deliver(&f);
	KT_EXPECT_EQ(ctx, f.eax, 0);
	KT_EXPECT_EQ(ctx, f.eip, 0x10002);
}

KTEST(job_restart_syscall_without_a_sleep_is_eintr)
{
	current->restart = (struct restart_block){0};
	KT_EXPECT_EQ(ctx, sys_restart_syscall(), -EINTR); /* nothing to resume */
}
