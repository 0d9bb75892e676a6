/*
 * signal.c — signals: a handler installed with sigaction runs and returns to
 * the code it interrupted (registers intact), sleeping and blocked system
 * calls are interrupted or restarted, blocked signals wait until unblocked,
 * and SIGCHLD's default is to be ignored.  sigreturn_old: a handler installed
 * without SA_SIGINFO gets Linux's old frame and returns through sigreturn
 * (119), as glibc's do.
 *
 * Handlers here only set flags and write to pipes (async-signal-safe).  A
 * test that signals a child first waits for the child to say it is ready, so
 * the signal never arrives before the handler is installed.  Next: fpu.c.
 */
#include "usertests.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ASYNC_SIGNALS 50

static volatile int handled_count, handled_sig, handler_saw_mask;
static int ack_fd = -1;

static void on_signal(int sig)
{
	sigset_t now;
	handled_sig = sig;
	handled_count++;
	sigprocmask(SIG_BLOCK, NULL, &now);
	handler_saw_mask = sigismember(&now, sig) && sigismember(&now, SIGUSR2);
	if (ack_fd >= 0)
		write(ack_fd, "k", 1);
}

static void install(int sig, void (*handler)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	if (sigaction(sig, &sa, NULL) < 0)
		ut_fail("sigaction(%d): %s", sig, ut_errno_name(errno));
}

static sigset_t current_mask(void)
{
	sigset_t mask;
	if (sigprocmask(SIG_BLOCK, NULL, &mask) < 0)
		ut_fail("sigprocmask: %s", ut_errno_name(errno));
	return mask;
}

/* raise() runs the handler with the signal and sa_mask blocked, then returns
 * here with the old mask back. */
static void test_sighandler(void)
{
	struct sigaction old;
	UT_CHECK_OK(sigaction(SIGUSR1, NULL, &old));
	UT_CHECK(old.sa_handler == SIG_DFL);
	install(SIGUSR1, on_signal, 0);
	volatile int local = 12345;
	UT_CHECK_OK(raise(SIGUSR1));
	UT_CHECK(handled_count == 1 && handled_sig == SIGUSR1 && local == 12345);
	UT_CHECK(handler_saw_mask);
	sigset_t mask = current_mask();
	UT_CHECK(!sigismember(&mask, SIGUSR1) && !sigismember(&mask, SIGUSR2));
	UT_CHECK_OK(sigaction(SIGUSR1, NULL, &old));
	UT_CHECK(old.sa_handler == on_signal);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	UT_CHECK_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL);
	UT_CHECK_ERRNO(sigaction(SIGSTOP, &sa, NULL), EINVAL);
	UT_CHECK_ERRNO(sigaction(0, &sa, NULL), EINVAL);
	UT_CHECK_ERRNO(sigaction(NSIG + 1, &sa, NULL), EINVAL);
}

/* Two ways to the same sums: a frame restored wrongly makes them differ. */
static int sums_agree(unsigned n)
{
	unsigned s = 0, sq = 0;
	for (unsigned k = 1; k <= n; k++) {
		s += k;
		sq += k * k;
	}
	return s == n * (n + 1) / 2 && sq == n * (n + 1) * (2 * n + 1) / 6;
}

/* Signals arrive at arbitrary points of a computing loop; it never notices. */
static void test_sigasync(void)
{
	int acks[2];
	ut_pipe(acks);
	pid_t pid = ut_fork();
	if (pid == 0) {
		ack_fd = acks[1];
		install(SIGUSR1, on_signal, 0);
		write(ack_fd, "r", 1);
		for (unsigned n = 0; handled_count < ASYNC_SIGNALS; n = (n + 1) % 1000)
			if (!sums_agree(n))
				_exit(2);
		_exit(0);
	}
	char c;
	ut_read_all(acks[0], &c, 1);
	for (int i = 0; i < ASYNC_SIGNALS; i++) {
		UT_CHECK_OK(kill(pid, SIGUSR1));
		ut_read_all(acks[0], &c, 1);
	}
	int status = ut_wait(pid);
	if (status != 0)
		ut_fail("computing child: status 0x%x (exit 2: a result changed under a signal)",
			status);
}

/* A child in nanosleep(100 s) is killed by SIGKILL, or woken with EINTR and
 * the time left by a handled signal. */
static void test_sigsleep(void)
{
	int ready[2];
	ut_pipe(ready);
	for (int handled = 0; handled <= 1; handled++) {
		pid_t pid = ut_fork();
		if (pid == 0) {
			if (handled)
				install(SIGUSR1, on_signal, 0);
			write(ready[1], "r", 1);
			struct timespec req = {100, 0}, rem = {0, 0};
			int ret = nanosleep(&req, &rem);
			if (ret != -1 || errno != EINTR)
				_exit(2);
			_exit(handled_count == 1 && rem.tv_sec > 90 ? 0 : 3);
		}
		char c;
		ut_read_all(ready[0], &c, 1);
		ut_sleep_ms(100); /* let the child reach nanosleep */
		long start = ut_now_ms();
		UT_CHECK_OK(kill(pid, handled ? SIGUSR1 : SIGKILL));
		if (handled)
			ut_expect_exit(pid, 0);
		else
			ut_expect_signal(pid, SIGKILL);
		if (ut_now_ms() - start > 5000)
			ut_fail("the sleeping child took %ld ms to go", ut_now_ms() - start);
	}
}

/* A read blocked on a pipe: restarted after a SA_RESTART handler, EINTR without. */
static void test_sigrestart(void)
{
	for (int restart = 0; restart <= 1; restart++) {
		int data[2], ready[2];
		ut_pipe(data);
		ut_pipe(ready);
		pid_t pid = ut_fork();
		if (pid == 0) {
			char c = 0;
			install(SIGUSR1, on_signal, restart ? SA_RESTART : 0);
			write(ready[1], "r", 1);
			ssize_t n = read(data[0], &c, 1);
			if (restart)
				_exit(n == 1 && c == 'x' && handled_count == 1 ? 0 : 2);
			_exit(n == -1 && errno == EINTR && handled_count == 1 ? 0 : 3);
		}
		char c;
		ut_read_all(ready[0], &c, 1);
		ut_sleep_ms(100); /* let the child block in read */
		UT_CHECK_OK(kill(pid, SIGUSR1));
		ut_sleep_ms(100);
		ut_write_all(data[1], "x", 1);
		ut_expect_exit(pid, 0);
		close(data[0]);
		close(data[1]);
		close(ready[0]);
		close(ready[1]);
	}
}

static void test_sigblock(void)
{
	install(SIGUSR1, on_signal, 0);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	UT_CHECK_OK(sigprocmask(SIG_BLOCK, &block, &old));
	UT_CHECK(!sigismember(&old, SIGUSR1));
	raise(SIGUSR1);
	raise(SIGUSR1); /* a standard signal is pending once, however often sent */
	UT_CHECK(handled_count == 0);
	UT_CHECK_OK(sigprocmask(SIG_UNBLOCK, &block, NULL));
	UT_CHECK(handled_count == 1);

	/* sent by another process while blocked */
	UT_CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));
	handled_count = 0;
	pid_t pid = ut_fork();
	if (pid == 0) {
		UT_CHECK_OK(kill(getppid(), SIGUSR1));
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	ut_sleep_ms(50);
	UT_CHECK(handled_count == 0);
	UT_CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
	UT_CHECK(handled_count == 1);

	/* SIGKILL and SIGSTOP cannot be blocked */
	sigset_t all, now;
	sigfillset(&all);
	UT_CHECK_OK(sigprocmask(SIG_SETMASK, &all, NULL));
	now = current_mask();
	UT_CHECK(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP));
	UT_CHECK(sigismember(&now, SIGTERM));
	pid = ut_fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	UT_CHECK_OK(kill(pid, SIGKILL));
	ut_expect_signal(pid, SIGKILL);
	UT_CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
}

static void raise_usr1(void *arg)
{
	(void)arg;
	raise(SIGUSR1);
}

static void test_sigignore(void)
{
	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1); /* nothing happens */
	signal(SIGUSR1, SIG_DFL);
	ut_expect_crash(raise_usr1, NULL, SIGUSR1, "SIGUSR1 with the default action");
}

/* SIGCHLD's default action is to ignore it; a handler for it runs. */
static void test_sigchld(void)
{
	signal(SIGCHLD, SIG_DFL);
	pid_t pid = ut_fork();
	if (pid == 0)
		_exit(3);
	ut_sleep_ms(50); /* the child is a zombie now, and SIGCHLD has been sent */
	ut_expect_exit(pid, 3);

	install(SIGCHLD, on_signal, SA_RESTART);
	pid = ut_fork();
	if (pid == 0)
		_exit(4);
	ut_expect_exit(pid, 4);
	for (int i = 0; i < 100 && handled_count == 0; i++)
		ut_sleep_ms(10);
	UT_CHECK(handled_count == 1 && handled_sig == SIGCHLD);
}

/* With SIGCHLD set to SIG_IGN, children leave no zombie: wait finds none. */
static void test_sigchldign(void)
{
	signal(SIGCHLD, SIG_IGN);
	pid_t pid = ut_fork();
	if (pid == 0)
		_exit(0);
	int status;
	UT_CHECK_ERRNO(waitpid(pid, &status, 0), ECHILD);
	signal(SIGCHLD, SIG_DFL);
}

/* glibc's restorer for handlers without SA_SIGINFO: drop the signal number
 * the handler left on the stack, then sigreturn (119). */
void old_restorer(void);
__asm__(".text\n"
	"old_restorer:\n"
	"	popl %eax\n"
	"	movl $119, %eax\n"
	"	int $0x80\n");

static volatile int old_handler_sig;

static void old_handler(int sig)
{
	old_handler_sig = sig;
}

/* The old frame: the handler runs, and sigreturn brings back the registers
 * (kill's result, 0, is in eax again) and both halves of the mask (SIGUSR2
 * in the low word, signal 40 in extramask).  Once with our restorer, once
 * with the kernel's code on the stack (no SA_RESTORER). */
static void test_sigreturn_old(void)
{
	for (int with_restorer = 1; with_restorer >= 0; with_restorer--) {
		struct k_sigaction act;
		memset(&act, 0, sizeof(act));
		act.handler = old_handler;
		act.flags = with_restorer ? SA_RESTORER : 0;
		act.restorer = with_restorer ? old_restorer : NULL;
		UT_CHECK_OK(syscall4(__NR_rt_sigaction, SIGUSR1, &act, NULL, 8));
		sigset_t blocked = (1ull << (SIGUSR2 - 1)) | (1ull << (40 - 1)), before, after;
		UT_CHECK_OK(syscall4(__NR_rt_sigprocmask, SIG_SETMASK, &blocked, &before, 8));
		old_handler_sig = 0;
		UT_CHECK(kill(getpid(), SIGUSR1) == 0);
		UT_CHECK(old_handler_sig == SIGUSR1);
		UT_CHECK_OK(syscall4(__NR_rt_sigprocmask, SIG_SETMASK, &before, &after, 8));
		UT_CHECK(after == blocked);
	}
	signal(SIGUSR1, SIG_DFL);
}

static volatile sigset_t suspend_handler_mask;

static void suspend_handler(int sig)
{
	(void)sig;
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	suspend_handler_mask = now;
}

/* rt_sigsuspend: with SIGUSR1 blocked, a child's SIGUSR1 stays pending until
 * sigsuspend waits with a mask that lets it in; the handler runs under that
 * mask (plus the signal itself), sigsuspend returns EINTR, and the task's own
 * mask is back afterwards.  Then the old sigsuspend (72), and the errors. */
static void test_sigsuspend(void)
{
	sigset_t usr1 = 1ull << (SIGUSR1 - 1), usr2 = 1ull << (SIGUSR2 - 1), before, after;
	ut_catch_signal(SIGUSR1, suspend_handler);
	UT_CHECK_OK(sigprocmask(SIG_SETMASK, &usr1, &before));
	for (int old_call = 0; old_call <= 1; old_call++) {
		pid_t pid = ut_fork();
		if (pid == 0) {
			kill(getppid(), SIGUSR1);
			_exit(0);
		}
		ut_expect_exit(pid, 0); /* the signal is pending now, blocked */
		suspend_handler_mask = 0;
		if (old_call)
			UT_CHECK_ERRNO(syscall3(__NR_sigsuspend, 0, 0, (unsigned long)usr2), EINTR);
		else
			UT_CHECK_ERRNO(syscall2(__NR_rt_sigsuspend, &usr2, 8), EINTR);
		UT_CHECK(suspend_handler_mask == (usr2 | usr1));
		UT_CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &after));
		UT_CHECK(after == usr1);
	}
	UT_CHECK_ERRNO(syscall2(__NR_rt_sigsuspend, &usr2, 4), EINVAL);
	UT_CHECK_ERRNO(syscall2(__NR_rt_sigsuspend, (void *)8, 8), EFAULT);
	UT_CHECK_OK(sigprocmask(SIG_SETMASK, &before, NULL));
	signal(SIGUSR1, SIG_DFL);
}

const struct ut_test ut_signal_tests[] = {
    {"sighandler", test_sighandler}, {"sigasync", test_sigasync},     {"sigsleep", test_sigsleep},
    {"sigrestart", test_sigrestart}, {"sigblock", test_sigblock},     {"sigignore", test_sigignore},
    {"sigchld", test_sigchld},	     {"sigchldign", test_sigchldign}, {"sigreturn_old", test_sigreturn_old},
    {"sigsuspend", test_sigsuspend},
    {NULL, NULL},
};
