/*
 * jobctl.c — usertests of job control as a program meets it: stop and
 * continue seen through waitpid (WUNTRACED, WCONTINUED), SIGCHLD for each,
 * terminal stop signals discarded in an orphaned process group, calls
 * interrupted by a stop starting again (a pipe read, a sleep, poll and
 * select that keep their deadline), setpgid's and setsid's errors, and times/getrusage/wait4's
 * accounting of a child's CPU time.
 *
 * Every test here runs without the console: the terminal's part (SIGTTIN,
 * tcsetpgrp) is tests/test_jobs.py's.
 */
#include "usertests.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* waitpid(pid, options) or fail; the status. */
static int wait_news(pid_t pid, int options)
{
	int status;
	pid_t got;
	do
		got = waitpid(pid, &status, options);
	while (got < 0 && errno == EINTR);
	if (got != pid)
		ut_fail("waitpid(%d, %#x) returned %d (%s)", (int)pid, options, (int)got,
			ut_errno_name(errno));
	return status;
}

static volatile int nr_sigchld;
static void on_sigchld(int sig)
{
	(void)sig;
	nr_sigchld++;
}

/* A child that stops itself is reported stopped, then continued, each once,
 * with a SIGCHLD each; SA_NOCLDSTOP silences those two SIGCHLDs. */
static void test_stopcont(void)
{
	for (int quiet = 0; quiet <= 1; quiet++) {
		struct sigaction sa = {0};
		sa.sa_handler = on_sigchld;
		sa.sa_flags = quiet ? SA_NOCLDSTOP : 0;
		UT_CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
		nr_sigchld = 0;
		int go[2];
		ut_pipe(go);
		pid_t pid = ut_fork();
		if (pid == 0) { /* stop, then wait for the go: the continue is seen first */
			char c;
			kill(getpid(), SIGSTOP);
			_exit(read(go[0], &c, 1) == 1 ? 6 : 7);
		}
		int st = wait_news(pid, WUNTRACED);
		UT_CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
		int none;
		UT_CHECK(waitpid(pid, &none, WUNTRACED | WNOHANG) == 0); /* reported once */
		UT_CHECK_OK(kill(pid, SIGCONT));
		st = wait_news(pid, WCONTINUED);
		UT_CHECK(WIFCONTINUED(st));
		ut_write_all(go[1], "g", 1);
		ut_expect_exit(pid, 6);
		close(go[0]);
		close(go[1]);
		int want = quiet ? 1 : 3; /* the exit always; stop and continue unless quiet */
		if (nr_sigchld != want)
			ut_fail("%d SIGCHLD with%s SA_NOCLDSTOP, wanted %d", nr_sigchld,
				quiet ? "" : "out", want);
	}
	signal(SIGCHLD, SIG_DFL);
}

/* POSIX: SIGTSTP, SIGTTIN, SIGTTOU do not stop an orphaned process group
 * (a new session's is one: its leader's parent is in another session);
 * SIGSTOP does. */
static void test_orphanstop(void)
{
	pid_t pid = ut_fork();
	if (pid == 0) {
		if (setsid() < 0)
			ut_fail("setsid: %s", ut_errno_name(errno));
		kill(getpid(), SIGTSTP);
		kill(getpid(), SIGTTIN);
		kill(getpid(), SIGTTOU);
		_exit(0);
	}
	int st = wait_news(pid, WUNTRACED);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		char what[64];
		ut_describe_status(st, what, sizeof(what));
		if (WIFSTOPPED(st)) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
		}
		ut_fail("the orphaned child %s, wanted exit 0", what);
	}
}

/* Wait until pid is gone (init reaps it); 0, or -1 after about 10 s. */
static int wait_gone(pid_t pid)
{
	for (int i = 0; i < 1000; i++) {
		if (kill(pid, 0) < 0 && errno == ESRCH)
			return 0;
		ut_sleep_ms(10);
	}
	return -1;
}

/* A middle process P leads a group of its own (its parent, the test, is in
 * another group of the session: the group is not orphaned) and has a child
 * C that stops.  C is in P's group (own = 1) or in a group of its own (0).
 * When P exits, C's group is orphaned with C stopped in it: the kernel sends
 * SIGHUP and SIGCONT, and C dies of the SIGHUP (POSIX). */
static void orphan_after_exit(int own)
{
	int report[2];
	ut_pipe(report);
	pid_t middle = ut_fork();
	if (middle == 0) {
		if (setpgid(0, 0) < 0)
			_exit(90);
		pid_t c = fork();
		if (c == 0) {
			if (!own && setpgid(0, 0) < 0)
				_exit(91);
			kill(getpid(), SIGSTOP);
			_exit(0); /* continued without a hang-up: wrong */
		}
		int st;
		if (c < 0 || waitpid(c, &st, WUNTRACED) != c || !WIFSTOPPED(st))
			_exit(92);
		write(report[1], &c, sizeof(c));
		_exit(0); /* orphans C's group */
	}
	ut_expect_exit(middle, 0);
	pid_t c;
	ut_read_all(report[0], &c, sizeof(c));
	if (wait_gone(c) < 0) {
		kill(c, SIGKILL);
		ut_fail("the stopped child %d of an exited %s was not hung up", (int)c,
			own ? "group leader" : "parent");
	}
	close(report[0]);
	close(report[1]);
}

static void test_orphanhup(void)
{
	orphan_after_exit(1);
	orphan_after_exit(0);
}

/* Stop, then continue, a child blocked in a call: the call goes on as if
 * nothing happened (no EINTR), and a sleep keeps its deadline. */
static void stop_and_continue(pid_t pid)
{
	UT_CHECK_OK(kill(pid, SIGSTOP));
	UT_CHECK(WIFSTOPPED(wait_news(pid, WUNTRACED)));
	UT_CHECK_OK(kill(pid, SIGCONT));
}

static void test_stoprestart(void)
{
	int ready[2], data[2];
	ut_pipe(ready);
	ut_pipe(data);
	pid_t pid = ut_fork();
	if (pid == 0) { /* a read on an empty pipe */
		char c;
		write(ready[1], "r", 1);
		ssize_t n = read(data[0], &c, 1);
		_exit(n == 1 && c == 'x' ? 0 : n < 0 && errno == EINTR ? 2 : 3);
	}
	char c;
	ut_read_all(ready[0], &c, 1);
	ut_sleep_ms(50); /* into its read (if not, it reads after the stop anyway) */
	stop_and_continue(pid);
	ut_write_all(data[1], "x", 1);
	ut_expect_exit(pid, 0);

	pid = ut_fork();
	if (pid == 0) { /* nanosleep 1 s: ends after 1 s, returns 0 */
		long start = ut_now_ms();
		struct timespec req = {1, 0};
		write(ready[1], "r", 1);
		int ret = nanosleep(&req, NULL);
		long took = ut_now_ms() - start;
		_exit(ret == 0 && took >= 990 ? 0 : ret ? 2 : 3);
	}
	ut_read_all(ready[0], &c, 1);
	ut_sleep_ms(50);
	stop_and_continue(pid);
	ut_expect_exit(pid, 0);
}

/* poll and select through a stop: no EINTR.  poll keeps its deadline, as
 * Linux's restart block does: a 1 s timeout that passes during a 1.2 s stop
 * ends at the continue (about 1.3 s in all), not 1 s after it (2.3 s).
 * select, like Linux's, wrote the time left into its timeval and waits that
 * much after the continue. */
static void test_stoppoll(void)
{
	int ready[2], never[2];
	ut_pipe(ready);
	ut_pipe(never);
	for (int use_select = 0; use_select <= 1; use_select++) {
		pid_t pid = ut_fork();
		if (pid == 0) {
			long start = ut_now_ms();
			write(ready[1], "r", 1);
			int ret;
			if (use_select) {
				fd_set set;
				FD_ZERO(&set);
				FD_SET(never[0], &set);
				struct timeval tv = {1, 0};
				ret = select(never[0] + 1, &set, NULL, NULL, &tv);
			} else {
				struct pollfd p = {never[0], POLLIN, 0};
				ret = poll(&p, 1, 1000);
			}
			long took = ut_now_ms() - start;
			if (ret != 0)
				_exit(2);
			_exit(took < 990 ? 3 : took >= 2000 && !use_select ? 4 : 0);
		}
		char c;
		ut_read_all(ready[0], &c, 1);
		ut_sleep_ms(100);
		UT_CHECK_OK(kill(pid, SIGSTOP));
		UT_CHECK(WIFSTOPPED(wait_news(pid, WUNTRACED)));
		ut_sleep_ms(1200);
		UT_CHECK_OK(kill(pid, SIGCONT));
		int st = ut_wait(pid);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			ut_fail("%s through a stop: status %#x (2: it failed, 3: it ended early, "
				"4: it waited its whole timeout again)", use_select ? "select" : "poll", st);
	}
}

/* setpgid's and setsid's rules (POSIX). */
static void test_setpgid(void)
{
	UT_CHECK_ERRNO(setpgid(-1, 0), EINVAL);
	UT_CHECK_ERRNO(setpgid(0, -1), EINVAL);
	UT_CHECK_ERRNO(setpgid(1, 0), ESRCH); /* init is not our child */
	UT_CHECK_ERRNO(setpgid(0, 0x7ffffff0), EPERM); /* no such group */
	pid_t pid = ut_fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	UT_CHECK_OK(setpgid(pid, pid)); /* a child into a group of its own */
	UT_CHECK(getpgid(pid) == pid);
	UT_CHECK_OK(setpgid(pid, getpgrp())); /* and back into ours */
	UT_CHECK(getpgid(pid) == getpgrp());
	kill(pid, SIGKILL);
	ut_wait(pid);

	pid = ut_fork();
	if (pid == 0) {
		char *argv[] = {"sleep", "100", NULL};
		execve("/bin/sleep", argv, environ);
		_exit(127);
	}
	for (int i = 0; i < 500 && setpgid(pid, pid) == 0; i++)
		ut_sleep_ms(10); /* until it has exec'd */
	UT_CHECK_ERRNO(setpgid(pid, pid), EACCES);
	kill(pid, SIGKILL);
	ut_wait(pid);

	pid = ut_fork();
	if (pid == 0) {
		UT_CHECK_OK(setpgid(0, 0)); /* a group leader ... */
		UT_CHECK_ERRNO(setsid(), EPERM); /* ... cannot start a session */
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	pid = ut_fork();
	if (pid == 0) {
		pid_t sid = setsid();
		UT_CHECK(sid == getpid() && getsid(0) == sid && getpgrp() == sid);
		UT_CHECK_ERRNO(setpgid(0, 0), EPERM); /* a session leader stays put */
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK_ERRNO(getsid(0x7ffffff0), ESRCH);
	UT_CHECK_ERRNO(getpgid(0x7ffffff0), ESRCH);
}

/* A child that ran for at least 5 ticks of user time is charged for them
 * in its parent's wait4 rusage and getrusage(RUSAGE_CHILDREN) and times(). */
static void test_rusage(void)
{
	struct tms before, after;
	times(&before);
	pid_t pid = ut_fork();
	if (pid == 0) {
		/* Spin in user mode between looks: a loop of nothing but times()
		 * spends its time in the kernel, where the sampling tick finds it. */
		struct tms mine;
		volatile unsigned long spins;
		do {
			for (spins = 0; spins < 200000; spins++)
				continue;
			times(&mine);
		} while (mine.tms_utime < 5);
		_exit(0);
	}
	int status;
	struct rusage ru;
	UT_CHECK(wait4(pid, &status, 0, &ru) == pid && WIFEXITED(status));
	long ms = ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000;
	if (ms < 50)
		ut_fail("wait4's rusage: %ld ms of user time, wanted at least 50", ms);
	times(&after);
	UT_CHECK(after.tms_cutime - before.tms_cutime >= 5);
	struct rusage children;
	UT_CHECK_OK(getrusage(RUSAGE_CHILDREN, &children));
	UT_CHECK(children.ru_utime.tv_sec * 1000 + children.ru_utime.tv_usec / 1000 >= ms);
	UT_CHECK_OK(getrusage(RUSAGE_SELF, &ru));
	UT_CHECK(ru.ru_maxrss > 0);
	UT_CHECK_ERRNO(getrusage(5, &ru), EINVAL);
	UT_CHECK_ERRNO(getrusage(RUSAGE_SELF, (struct rusage *)8), EFAULT);
	UT_CHECK(times(NULL) > 0); /* ticks since boot */
}

const struct ut_test ut_jobctl_tests[] = {
    {"stopcont", test_stopcont},	 {"orphanstop", test_orphanstop},
    {"stoprestart", test_stoprestart}, {"setpgid", test_setpgid},
    {"rusage", test_rusage},	 {"orphanhup", test_orphanhup},
    {"stoppoll", test_stoppoll},
    {NULL, NULL},
};
