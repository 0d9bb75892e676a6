/*
 * usertests.h — what every usertests file shares: the test table entry, the
 * helpers that end a test, and the checks that wrap fork/wait.
 *
 * A test is a function run in a child of the runner (main.c), inside a fresh
 * directory /tmp/ut.PID that it may fill as it likes.  It passes by returning;
 * it fails by calling ut_fail(), which prints the reason and exits.  Anything
 * else the child does that ends it (a signal, a stray exit) is reported by the
 * runner as a failure too, so a crash costs one test, not the run.
 *
 * Tests create further processes only through ut_fork(), which flushes stdout
 * first (a child must not print its parent's pending output again).
 */
#ifndef USERTESTS_H
#define USERTESTS_H

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>

#define UT_PAGE 4096

struct ut_test {
	const char *name;
	void (*run)(void);
};

/* The tables of each file, ended by {NULL, NULL}; main.c joins them. */
extern const struct ut_test ut_proc_tests[], ut_exec_tests[], ut_mem_tests[], ut_mmap_tests[], ut_pipe_tests[],
    ut_file_tests[], ut_symlink_tests[], ut_signal_tests[], ut_fpu_tests[], ut_clock_tests[],
    ut_badptr_tests[], ut_procfs_tests[], ut_poll_tests[], ut_cred_tests[], ut_fifo_tests[],
    ut_jobctl_tests[], ut_mlock_tests[];

extern const char *ut_self;	    /* a path that execs this program again */
extern int ut_on_linux;		    /* the host is the reference kernel: tolerate its accounting */
extern const char *ut_current_name; /* the test this process belongs to */
extern pid_t ut_current_pid;	    /* the test's own process (not one it forked) */

/* "usertests -x MODE ARGS...": what the exec tests run (exec.c). */
int ut_exec_child(int argc, char **argv);
int ut_fpu_check_default(void); /* "-x fpu": 0 if the FPU is as exec leaves it (fpu.c) */
int ut_cred_exec_check(int argc, char **argv); /* "-x cred": groups, nice, root (cred.c) */

/* Ending a test early.  In a process the test forked, ut_fail prints the reason
 * and exits UT_EXIT_FAILED, which the test's ut_expect_exit() then reports. */
_Noreturn void ut_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void ut_skip(const char *why);
void ut_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define UT_EXIT_FAILED 99
#define UT_EXIT_SKIPPED 98

/* Fail unless cond holds; the message names the condition and the line. */
#define UT_CHECK(cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			ut_fail("%s:%d: %s", __FILE__, __LINE__, #cond);                           \
	} while (0)

/* Fail unless call returns -1 with errno err. */
#define UT_CHECK_ERRNO(call, err)                                                                  \
	do {                                                                                       \
		errno = 0;                                                                         \
		long ut_ret_ = (long)(call);                                                       \
		if (ut_ret_ != -1 || errno != (err))                                               \
			ut_fail("%s:%d: %s returned %ld errno %d (%s), wanted %s", __FILE__,       \
				__LINE__, #call, ut_ret_, errno, ut_errno_name(errno), #err);      \
	} while (0)

/* Fail if call returns -1. */
#define UT_CHECK_OK(call)                                                                          \
	do {                                                                                       \
		if ((long)(call) == -1)                                                            \
			ut_fail("%s:%d: %s failed: errno %d (%s)", __FILE__, __LINE__, #call,      \
				errno, ut_errno_name(errno));                                      \
	} while (0)

const char *ut_errno_name(int err);

/* Processes. */
pid_t ut_fork(void);	/* fork or fail; stdout flushed first */
int ut_wait(pid_t pid); /* waitpid or fail; returns the status */
void ut_expect_exit(pid_t pid, int code);
void ut_expect_signal(pid_t pid, int sig);
/* Send sig to pid every ms until it exits, then expect exit status code: for a
 * child waiting in a call for a signal (one that lands before the call began
 * must not leave it asleep). */
void ut_signal_until_exit(pid_t pid, int sig, long ms, int code);
/* handler for sig, no SA_RESTART and an empty mask: a blocking call the signal
 * interrupts fails with EINTR. */
void ut_catch_signal(int sig, void (*handler)(int));
void ut_describe_status(int status, char *buf, size_t size);
/* Run fn in a child and expect the child to die of sig (what names it). */
void ut_expect_crash(void (*fn)(void *), void *arg, int sig, const char *what);

/* Small helpers for tests that talk to their children. */
void ut_pipe(int fds[2]);
void ut_write_all(int fd, const void *buf, size_t n);
void ut_read_all(int fd, void *buf, size_t n); /* fails on EOF before n bytes */
void ut_sleep_ms(long ms);
long ut_now_ms(void); /* CLOCK_MONOTONIC */
void ut_write_file(const char *path, const void *data, size_t n);

#endif
