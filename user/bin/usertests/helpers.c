/*
 * helpers.c — what the tests share: ending a test (ut_fail, ut_skip), forking
 * and checking how a child ended, and small I/O helpers that fail the test
 * instead of returning errors, so that a test reads as the story it checks.
 *
 * Output discipline: every line is flushed at once, and ut_fork() flushes
 * before forking, so no process prints another's buffered text.
 */
#include "usertests.h"

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *ut_current_name = "?";
pid_t ut_current_pid;

static const char *const ut_errno_names[] = {
    [EPERM] = "EPERM",	   [ENOENT] = "ENOENT",
    [ESRCH] = "ESRCH",	   [EINTR] = "EINTR",
    [EIO] = "EIO",	   [E2BIG] = "E2BIG",
    [ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF",
    [ECHILD] = "ECHILD",   [EAGAIN] = "EAGAIN",
    [ENOMEM] = "ENOMEM",   [EACCES] = "EACCES",
    [EFAULT] = "EFAULT",   [EBUSY] = "EBUSY",
    [EEXIST] = "EEXIST",   [EXDEV] = "EXDEV",
    [ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR",
    [EINVAL] = "EINVAL",   [EMFILE] = "EMFILE",
    [ENOTTY] = "ENOTTY",   [EFBIG] = "EFBIG",
    [ENOSPC] = "ENOSPC",   [ESPIPE] = "ESPIPE",
    [EROFS] = "EROFS",	   [EPIPE] = "EPIPE",
    [ERANGE] = "ERANGE",   [ENAMETOOLONG] = "ENAMETOOLONG",
    [ENOSYS] = "ENOSYS",   [ENOTEMPTY] = "ENOTEMPTY",
    [EOPNOTSUPP] = "EOPNOTSUPP", [ETIMEDOUT] = "ETIMEDOUT",
};

const char *ut_errno_name(int err)
{
	size_t n = sizeof(ut_errno_names) / sizeof(ut_errno_names[0]);
	if (err > 0 && (size_t)err < n && ut_errno_names[err])
		return ut_errno_names[err];
	return err ? "?" : "no error";
}

_Noreturn void ut_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (getpid() == ut_current_pid)
		printf("test %s: FAILED (", ut_current_name);
	else
		printf("  %s: in child %d: (", ut_current_name, (int)getpid());
	vprintf(fmt, ap);
	printf(")\n");
	va_end(ap);
	fflush(stdout);
	_exit(UT_EXIT_FAILED);
}

_Noreturn void ut_skip(const char *why)
{
	printf("test %s: OK (skipped: %s)\n", ut_current_name, why);
	fflush(stdout);
	_exit(UT_EXIT_SKIPPED);
}

/* An informational line, indented under the test's verdict. */
void ut_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("  %s: ", ut_current_name);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

pid_t ut_fork(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		ut_fail("fork: %s", ut_errno_name(errno));
	return pid;
}

int ut_wait(pid_t pid)
{
	int status;
	pid_t got;
	while ((got = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (got < 0)
		ut_fail("waitpid(%d): %s", (int)pid, ut_errno_name(errno));
	if (got != pid)
		ut_fail("waitpid(%d) returned %d", (int)pid, (int)got);
	return status;
}

void ut_describe_status(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, size, "status 0x%x", status);
}

void ut_expect_exit(pid_t pid, int code)
{
	int status = ut_wait(pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code) {
		char how[80];
		ut_describe_status(status, how, sizeof(how));
		ut_fail("child %d %s, wanted exit status %d", (int)pid, how, code);
	}
}

void ut_signal_until_exit(pid_t pid, int sig, long ms, int code)
{
	int status;
	pid_t got;
	while ((got = waitpid(pid, &status, WNOHANG)) == 0) {
		kill(pid, sig);
		ut_sleep_ms(ms);
	}
	if (got != pid)
		ut_fail("waitpid(%d): %s", (int)pid, ut_errno_name(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code) {
		char how[80];
		ut_describe_status(status, how, sizeof(how));
		ut_fail("child %d %s, wanted exit status %d", (int)pid, how, code);
	}
}

void ut_catch_signal(int sig, void (*handler)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	UT_CHECK_OK(sigaction(sig, &sa, NULL));
}

void ut_expect_signal(pid_t pid, int sig)
{
	int status = ut_wait(pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != sig) {
		char how[80];
		ut_describe_status(status, how, sizeof(how));
		ut_fail("child %d %s, wanted death by signal %d (%s)", (int)pid, how, sig,
			strsignal(sig));
	}
}

void ut_expect_crash(void (*fn)(void *), void *arg, int sig, const char *what)
{
	pid_t pid = ut_fork();
	if (pid == 0) {
		fn(arg);
		_exit(0); /* survived: the parent reports it */
	}
	int status = ut_wait(pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != sig) {
		char how[80];
		ut_describe_status(status, how, sizeof(how));
		ut_fail("%s: child %s, wanted signal %d (%s)", what, how, sig, strsignal(sig));
	}
}

void ut_pipe(int fds[2])
{
	if (pipe(fds) < 0)
		ut_fail("pipe: %s", ut_errno_name(errno));
}

void ut_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t got = write(fd, p, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			ut_fail("write(%d, %u bytes): %s", fd, (unsigned)n,
				got < 0 ? ut_errno_name(errno) : "returned 0");
		p += got;
		n -= (size_t)got;
	}
}

void ut_read_all(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n > 0) {
		ssize_t got = read(fd, p, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			ut_fail("read(%d, %u bytes): %s", fd, (unsigned)n,
				got < 0 ? ut_errno_name(errno) : "early end of file");
		p += got;
		n -= (size_t)got;
	}
}

void ut_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

long ut_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void ut_write_file(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		ut_fail("open(%s) for writing: %s", path, ut_errno_name(errno));
	ut_write_all(fd, data, n);
	close(fd);
}
