/*
 * exec.c — execve: storms of fork+exec+wait, argv and envp arriving intact,
 * the errors for files that are missing or not programs, close-on-exec, and
 * what happens to signal dispositions across exec.
 *
 * The tests exec this very program (ut_self) as "usertests -x MODE ARGS...";
 * ut_exec_child() below is that other side: it checks what it inherited and
 * says so through its exit status (0 = as expected).  Next: mem.c.
 */
#include "usertests.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXECSTORM_ROUNDS 50
#define ARGS_LONG_LEN 2000 /* one argument of this many bytes */
#define ARGS_NUMBERED 32   /* "arg0" .. "arg31" */
#define ARGS_MAX (8 + ARGS_NUMBERED)

static char *const args_env[] = {"UT_ENV=value=with=equals", "UT_EMPTY=", NULL};

/* The argument vector execargs passes after "-x args": both sides build it. */
static int args_build(char **argv)
{
	static char long_arg[ARGS_LONG_LEN + 1];
	static char numbered[ARGS_NUMBERED][8];
	for (int i = 0; i < ARGS_LONG_LEN; i++)
		long_arg[i] = (char)('a' + i % 26);
	int n = 0;
	argv[n++] = "hello world";
	argv[n++] = "";
	argv[n++] = "tab\there\nnewline";
	argv[n++] = long_arg;
	for (int i = 0; i < ARGS_NUMBERED; i++) {
		snprintf(numbered[i], sizeof(numbered[i]), "arg%d", i);
		argv[n++] = numbered[i];
	}
	argv[n] = NULL;
	return n;
}

/* Exit 0 if argv and the environment are exactly what execargs passed. */
static int child_check_args(int argc, char **argv)
{
	char *want[ARGS_MAX];
	int n = args_build(want);
	if (argc != n || argv[argc] != NULL)
		return 1;
	for (int i = 0; i < n; i++)
		if (strcmp(argv[i], want[i]) != 0)
			return 10 + i;
	int nenv = 0;
	while (environ[nenv])
		nenv++;
	if (nenv != 2)
		return 2;
	const char *v = getenv("UT_ENV"), *e = getenv("UT_EMPTY");
	if (!v || strcmp(v, "value=with=equals") != 0 || !e || *e)
		return 3;
	return 0;
}

/* Exit 0 if fds A and B were closed by exec and C is open at offset 3. */
static int child_check_cloexec(int argc, char **argv)
{
	if (argc != 3)
		return 1;
	int a = atoi(argv[0]), b = atoi(argv[1]), c = atoi(argv[2]);
	errno = 0;
	if (fcntl(a, F_GETFD) != -1 || errno != EBADF)
		return 2;
	if (fcntl(b, F_GETFD) != -1 || errno != EBADF)
		return 3;
	if (fcntl(c, F_GETFD) != 0 || lseek(c, 0, SEEK_CUR) != 3)
		return 4;
	return 0;
}

/* Exit 0 if SIGUSR1 is still ignored, SIGUSR2's handler became SIG_DFL, and
 * SIGTERM is still blocked. */
static int child_check_signals(void)
{
	struct sigaction sa;
	sigset_t mask;
	if (sigaction(SIGUSR1, NULL, &sa) < 0 || sa.sa_handler != SIG_IGN)
		return 1;
	if (sigaction(SIGUSR2, NULL, &sa) < 0 || sa.sa_handler != SIG_DFL)
		return 2;
	if (sigprocmask(SIG_BLOCK, NULL, &mask) < 0 || !sigismember(&mask, SIGTERM))
		return 3;
	return 0;
}

int ut_exec_child(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[0], "exit") == 0)
		return atoi(argv[1]);
	if (argc >= 2 && strcmp(argv[0], "pid") == 0) {
		pid_t me = getpid();
		return write(atoi(argv[1]), &me, sizeof(me)) == sizeof(me) ? 0 : 1;
	}
	if (argc >= 1 && strcmp(argv[0], "args") == 0)
		return child_check_args(argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "cloexec") == 0)
		return child_check_cloexec(argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "signals") == 0)
		return child_check_signals();
	if (argc >= 1 && strcmp(argv[0], "fpu") == 0)
		return ut_fpu_check_default();
	if (argc >= 1 && strcmp(argv[0], "cred") == 0)
		return ut_cred_exec_check(argc - 1, argv + 1);
	fprintf(stderr, "usertests -x: unknown mode\n");
	return 127;
}

/* Fork and exec "usertests -x ARGS..." with the given environment. */
static pid_t exec_self(char **args, char *const envp[])
{
	char *argv[ARGS_MAX + 4];
	int n = 0;
	argv[n++] = (char *)ut_self;
	argv[n++] = "-x";
	while (*args)
		argv[n++] = *args++;
	argv[n] = NULL;
	pid_t pid = ut_fork();
	if (pid == 0) {
		execve(ut_self, argv, envp);
		ut_fail("execve(%s): %s", ut_self, ut_errno_name(errno));
	}
	return pid;
}

static void test_execstorm(void)
{
	for (int i = 0; i < EXECSTORM_ROUNDS; i++) {
		char code[8];
		snprintf(code, sizeof(code), "%d", i + 1);
		char *args[] = {"exit", code, NULL};
		ut_expect_exit(exec_self(args, environ), i + 1);
	}
	/* exec keeps the pid */
	int fds[2];
	ut_pipe(fds);
	char fd[8];
	snprintf(fd, sizeof(fd), "%d", fds[1]);
	char *args[] = {"pid", fd, NULL};
	pid_t pid = exec_self(args, environ), seen;
	ut_read_all(fds[0], &seen, sizeof(seen));
	ut_expect_exit(pid, 0);
	if (seen != pid)
		ut_fail("exec changed the pid from %d to %d", (int)pid, (int)seen);
}

static void test_execargs(void)
{
	char *args[ARGS_MAX + 2] = {"args"};
	args_build(args + 1);
	pid_t pid = exec_self(args, args_env);
	int status = ut_wait(pid);
	if (status != 0) {
		char how[80];
		ut_describe_status(status, how, sizeof(how));
		ut_fail("exec'd child %s (1: argc, 2: env count, 3: env values, 10+i: argv[i])",
			how);
	}
}

static void test_execmissing(void)
{
	char *argv[] = {"nope", NULL};
	UT_CHECK_ERRNO(execve("/nonexistent/program", argv, environ), ENOENT);
	UT_CHECK_ERRNO(execve("nope", argv, environ), ENOENT);
	UT_CHECK_ERRNO(execve("", argv, environ), ENOENT);
	UT_CHECK_ERRNO(execve(".", argv, environ), EACCES);
}

static void test_execnonelf(void)
{
	static const char text[] = "this is not an ELF file\n";
	static const char bad_elf[64] = {0x7f, 'E', 'L', 'F'}; /* magic, then zeros */
	char *argv[] = {"notelf", NULL};
	ut_write_file("notelf", text, sizeof(text) - 1);
	ut_write_file("badelf", bad_elf, sizeof(bad_elf));
	ut_write_file("noexec", text, sizeof(text) - 1);
	UT_CHECK_OK(chmod("notelf", 0755));
	UT_CHECK_OK(chmod("badelf", 0755));
	UT_CHECK_OK(chmod("noexec", 0644));
	UT_CHECK_ERRNO(execve("notelf", argv, environ), ENOEXEC);
	UT_CHECK_ERRNO(execve("badelf", argv, environ), ENOEXEC);
	UT_CHECK_ERRNO(execve("noexec", argv, environ), EACCES);
}

static void test_cloexec(void)
{
	int a = open("f", O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	UT_CHECK_OK(a);
	UT_CHECK(fcntl(a, F_GETFD) == FD_CLOEXEC);
	int b = open("f", O_RDWR);
	UT_CHECK_OK(b);
	UT_CHECK(fcntl(b, F_GETFD) == 0);
	UT_CHECK_OK(fcntl(b, F_SETFD, FD_CLOEXEC));
	UT_CHECK(fcntl(b, F_GETFD) == FD_CLOEXEC);
	int c = dup(a); /* dup'd descriptors start without the flag */
	UT_CHECK_OK(c);
	UT_CHECK(fcntl(c, F_GETFD) == 0);
	ut_write_all(c, "abc", 3);

	char fa[8], fb[8], fc[8];
	snprintf(fa, sizeof(fa), "%d", a);
	snprintf(fb, sizeof(fb), "%d", b);
	snprintf(fc, sizeof(fc), "%d", c);
	char *args[] = {"cloexec", fa, fb, fc, NULL};
	int status = ut_wait(exec_self(args, environ));
	if (status != 0)
		ut_fail("exec'd child: status 0x%x (2, 3: a close-on-exec fd survived; 4: the "
			"other fd was lost)",
			status);
	UT_CHECK(fcntl(a, F_GETFD) == FD_CLOEXEC); /* exec in the child changed nothing here */
}

static void ignore_signal(int sig)
{
	(void)sig;
}

/* exec resets caught signals to SIG_DFL and keeps ignored ones and the mask. */
static void test_execsignals(void)
{
	signal(SIGUSR1, SIG_IGN);
	signal(SIGUSR2, ignore_signal);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	UT_CHECK_OK(sigprocmask(SIG_BLOCK, &mask, NULL));
	char *args[] = {"signals", NULL};
	int status = ut_wait(exec_self(args, environ));
	if (status != 0)
		ut_fail("exec'd child: status 0x%x (1: SIG_IGN lost, 2: handler kept, 3: mask "
			"lost)",
			status);
}

const struct ut_test ut_exec_tests[] = {
    {"execstorm", test_execstorm},
    {"execargs", test_execargs},
    {"execmissing", test_execmissing},
    {"execnonelf", test_execnonelf},
    {"cloexec", test_cloexec},
    {"execsignals", test_execsignals},
    {NULL, NULL},
};
