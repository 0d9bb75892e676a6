/*
 * poll.c — waiting for descriptors: poll on pipes with and without data, a
 * hang-up, a timeout that passes, POLLNVAL and skipped descriptors, a wait
 * woken by another process, select's three sets and its EBADF, the time
 * left that select writes back, ppoll and pselect with a signal mask that
 * lets a blocked signal in for the wait only, and bad pointers.
 * Next: clock.c.
 */
#include "usertests.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

static volatile int usr1_count;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_count++;
}

static short poll_now(int fd, short events)
{
	struct pollfd p = {fd, events, 0};
	int n = poll(&p, 1, 0);
	UT_CHECK_OK(n);
	UT_CHECK(n == (p.revents != 0));
	return p.revents;
}

static void test_pollpipe(void)
{
	int fds[2];
	ut_pipe(fds);
	UT_CHECK(poll_now(fds[0], POLLIN) == 0);
	UT_CHECK(poll_now(fds[1], POLLOUT) == POLLOUT);
	ut_write_all(fds[1], "ab", 2);
	UT_CHECK(poll_now(fds[0], POLLIN | POLLOUT) == POLLIN); /* a read end is never writable */
	struct pollfd both[2] = {{fds[0], POLLIN, 0}, {fds[1], POLLOUT, 0}};
	UT_CHECK(poll(both, 2, -1) == 2);
	UT_CHECK(both[0].revents == POLLIN && both[1].revents == POLLOUT);
	close(fds[1]);
	UT_CHECK(poll_now(fds[0], POLLIN) == (POLLIN | POLLHUP));
	char buf[4];
	UT_CHECK(read(fds[0], buf, sizeof(buf)) == 2);
	UT_CHECK(poll_now(fds[0], POLLIN) == POLLHUP); /* reported even when not asked for */
	UT_CHECK(poll_now(fds[0], 0) == POLLHUP);
	close(fds[0]);
	ut_pipe(fds);
	close(fds[0]);
	UT_CHECK(poll_now(fds[1], POLLOUT) == (POLLOUT | POLLERR));
	close(fds[1]);
}

static void test_polltimeout(void)
{
	int fds[2];
	ut_pipe(fds);
	struct pollfd p = {fds[0], POLLIN, 0};
	long start = ut_now_ms();
	UT_CHECK(poll(&p, 1, 50) == 0);
	UT_CHECK(p.revents == 0);
	UT_CHECK(ut_now_ms() - start >= 40);
	UT_CHECK(poll(NULL, 0, 20) == 0); /* a plain sleep */
	close(fds[0]);
	close(fds[1]);
}

static void test_pollnval(void)
{
	int fds[2];
	ut_pipe(fds);
	close(fds[1]);
	struct pollfd p[3] = {{fds[1], POLLIN, 0}, {-1, POLLIN, 7}, {fds[0], POLLIN, 0}};
	UT_CHECK(poll(p, 3, 1000) == 2);
	UT_CHECK(p[0].revents == POLLNVAL);
	UT_CHECK(p[1].revents == 0); /* negative: skipped */
	UT_CHECK(p[2].revents == POLLHUP);
	close(fds[0]);
}

/* A poll with no timeout wakes when another process writes. */
static void test_pollwake(void)
{
	int fds[2];
	ut_pipe(fds);
	pid_t pid = ut_fork();
	if (pid == 0) {
		ut_sleep_ms(50);
		ut_write_all(fds[1], "x", 1);
		_exit(0);
	}
	struct pollfd p = {fds[0], POLLIN, 0};
	UT_CHECK(poll(&p, 1, -1) == 1);
	UT_CHECK(p.revents == POLLIN);
	ut_expect_exit(pid, 0);
	close(fds[0]);
	close(fds[1]);
}

static void test_selectsets(void)
{
	int fds[2];
	ut_pipe(fds);
	fd_set rd, wr;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(fds[0], &rd);
	FD_SET(fds[1], &wr);
	struct timeval tv = {0, 0};
	UT_CHECK(select(fds[1] + 1, &rd, &wr, NULL, &tv) == 1);
	UT_CHECK(!FD_ISSET(fds[0], &rd) && FD_ISSET(fds[1], &wr));
	ut_write_all(fds[1], "x", 1);
	FD_SET(fds[0], &rd);
	UT_CHECK(select(fds[1] + 1, &rd, &wr, NULL, NULL) == 2);
	UT_CHECK(FD_ISSET(fds[0], &rd) && FD_ISSET(fds[1], &wr));
	char c;
	UT_CHECK(read(fds[0], &c, 1) == 1);
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	tv.tv_sec = 0;
	tv.tv_usec = 50000;
	UT_CHECK(select(fds[0] + 1, &rd, NULL, NULL, &tv) == 0);
	UT_CHECK(!FD_ISSET(fds[0], &rd));
	UT_CHECK(tv.tv_sec == 0 && tv.tv_usec == 0); /* Linux writes the time left back */
	close(fds[0]);
	close(fds[1]);
}

static void test_selectebadf(void)
{
	int fds[2];
	ut_pipe(fds);
	close(fds[1]);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(fds[1], &rd);
	struct timeval tv = {0, 0};
	UT_CHECK_ERRNO(select(fds[1] + 1, &rd, NULL, NULL, &tv), EBADF);
	UT_CHECK_ERRNO(select(-1, NULL, NULL, NULL, &tv), EINVAL);
	tv.tv_usec = -1;
	UT_CHECK_ERRNO(select(0, NULL, NULL, NULL, &tv), EINVAL);
	close(fds[0]);
}

/* A signal blocked outside the wait gets in during it, and only then. */
static void test_ppollmask(void)
{
	ut_catch_signal(SIGUSR1, on_usr1);
	sigset_t blocked, open, now;
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGUSR1);
	sigemptyset(&open);
	UT_CHECK_OK(sigprocmask(SIG_BLOCK, &blocked, NULL));
	UT_CHECK_OK(kill(getpid(), SIGUSR1));
	UT_CHECK(usr1_count == 0);
	struct timespec ts = {5, 0}, brief = {0, 20000000};
	UT_CHECK(ppoll(NULL, 0, &brief, &blocked) == 0);
	UT_CHECK(usr1_count == 0); /* still blocked under a mask that blocks it */
	UT_CHECK_ERRNO(ppoll(NULL, 0, &ts, &open), EINTR);
	UT_CHECK(usr1_count == 1);
	UT_CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &now));
	UT_CHECK(sigismember(&now, SIGUSR1)); /* the caller's mask is back */
	UT_CHECK_OK(kill(getpid(), SIGUSR1));
	UT_CHECK_ERRNO(pselect(0, NULL, NULL, NULL, &ts, &open), EINTR);
	UT_CHECK(usr1_count == 2);
	UT_CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &now));
	UT_CHECK(sigismember(&now, SIGUSR1));
}

static void test_pollbadptr(void)
{
	UT_CHECK_ERRNO(poll((struct pollfd *)1, 1, 0), EFAULT);
	UT_CHECK_ERRNO(poll((struct pollfd *)0xc0000000u, 1, 0), EFAULT);
	fd_set *bad = (fd_set *)0xc0000000u;
	struct timeval tv = {0, 0};
	UT_CHECK_ERRNO(select(1, bad, NULL, NULL, &tv), EFAULT);
	UT_CHECK_ERRNO(select(0, NULL, NULL, NULL, (struct timeval *)1), EFAULT);
	struct pollfd p = {0, POLLIN, 0};
	if (!ut_on_linux) /* a host's RLIMIT_NOFILE may be far above 64 */
		UT_CHECK_ERRNO(poll(&p, 100000, 0), EINVAL);
}

const struct ut_test ut_poll_tests[] = {
    {"pollpipe", test_pollpipe},     {"polltimeout", test_polltimeout},
    {"pollnval", test_pollnval},     {"pollwake", test_pollwake},
    {"selectsets", test_selectsets}, {"selectebadf", test_selectebadf},
    {"ppollmask", test_ppollmask},   {"pollbadptr", test_pollbadptr},
    {NULL, NULL},
};
