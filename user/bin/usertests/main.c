/*
 * main.c — usertests: xv6-style tests of the system-call layer.
 *
 *     usertests            run every test
 *     usertests NAME...    run the named tests
 *     usertests -l         list the tests
 *
 * Each test runs in its own child, in a fresh directory /tmp/ut.PID, and is
 * killed if it runs longer than UT_TIMEOUT_SECONDS.  The runner prints one line
 * per test:
 *
 *     test NAME: OK
 *     test NAME: FAILED (reason)
 *
 * then "ALL TESTS PASSED" (exit 0) or "SOME TESTS FAILED" (exit 1).  The tests
 * run on a Linux host too, which is the reference for what they expect.
 *
 * The tests live in one file per area (proc.c, exec.c, mem.c, mmap.c, pipe.c, file.c,
 * symlink.c, signal.c, fpu.c, clock.c, badptr.c, procfs.c, poll.c, fifo.c, mlock.c); helpers.c has
 * what they share.  Start with proc.c.
 */
#include "usertests.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <usage.h>

#define UT_TIMEOUT_SECONDS 120 /* a hung test is killed after this */

const char *ut_self;
int ut_on_linux;

static const struct ut_test *const ut_tables[] = {
    ut_proc_tests, ut_exec_tests,   ut_mem_tests, ut_mmap_tests, ut_pipe_tests,
    ut_file_tests, ut_symlink_tests, ut_signal_tests, ut_fpu_tests, ut_clock_tests,
    ut_badptr_tests, ut_procfs_tests, ut_poll_tests, ut_cred_tests, ut_fifo_tests,
    ut_jobctl_tests, ut_mlock_tests,
};

#define NR_TABLES (sizeof(ut_tables) / sizeof(ut_tables[0]))

static const struct ut_test *ut_find(const char *name)
{
	for (size_t t = 0; t < NR_TABLES; t++)
		for (const struct ut_test *test = ut_tables[t]; test->name; test++)
			if (strcmp(test->name, name) == 0)
				return test;
	return NULL;
}

/* Remove what a test left in its directory (best effort: files and subfolders). */
static void ut_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	DIR *dir = opendir(path);
	if (dir) {
		struct dirent *d;
		char child[512];
		while ((d = readdir(dir)) != NULL) {
			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				continue;
			snprintf(child, sizeof(child), "%s/%s", path, d->d_name);
			ut_remove_tree(child);
		}
		closedir(dir);
	}
	rmdir(path);
}

static void ut_tmpdir_of(pid_t pid, char *buf, size_t size)
{
	snprintf(buf, size, "/tmp/ut.%d", (int)pid);
}

/* The test's own process: fresh directory, run, and report success. */
static _Noreturn void ut_run_child(const struct ut_test *test)
{
	char dir[64];
	ut_tmpdir_of(getpid(), dir, sizeof(dir));
	if (mkdir(dir, 0755) < 0 || chdir(dir) < 0)
		ut_fail("cannot make the test directory %s: %s", dir, strerror(errno));
	test->run();
	fflush(stdout);
	_exit(0);
}

/* Wait for the test's process, polling so that a hung test can be killed
 * (without relying on alarm()).  Returns 0 when it ended by itself, 1 when it
 * was killed for taking too long, -1 when waitpid failed. */
static int ut_wait_or_kill(pid_t pid, int *status)
{
	long deadline = ut_now_ms() + UT_TIMEOUT_SECONDS * 1000L, nap_ms = 1;
	for (;;) {
		pid_t got = waitpid(pid, status, WNOHANG);
		if (got == pid)
			return 0;
		if (got < 0 && errno != EINTR)
			return -1;
		if (ut_now_ms() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return 1;
		}
		ut_sleep_ms(nap_ms);
		nap_ms = nap_ms < 50 ? nap_ms * 2 : 50; /* quick tests stay quick */
	}
}

/* Run one test; returns 1 if it passed (or was skipped). */
static int ut_run(const struct ut_test *test)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		printf("test %s: FAILED (fork: %s)\n", test->name, strerror(errno));
		return 0;
	}
	if (pid == 0) {
		ut_current_name = test->name;
		ut_current_pid = getpid();
		ut_run_child(test);
	}
	int status;
	int how = ut_wait_or_kill(pid, &status);
	if (how < 0) {
		printf("test %s: FAILED (waitpid: %s)\n", test->name, strerror(errno));
		return 0;
	}
	if (how > 0) {
		printf("test %s: FAILED (timed out after %d s)\n", test->name, UT_TIMEOUT_SECONDS);
		fflush(stdout);
		return 0;
	}
	char dir[64];
	ut_tmpdir_of(pid, dir, sizeof(dir));
	ut_remove_tree(dir);

	int passed = WIFEXITED(status) &&
		     (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == UT_EXIT_SKIPPED);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		printf("test %s: OK\n", test->name);
	else if (!WIFEXITED(status) || (WEXITSTATUS(status) != UT_EXIT_FAILED &&
					WEXITSTATUS(status) != UT_EXIT_SKIPPED)) {
		/* The child died without saying why: say how it died. */
		char how[80];
		ut_describe_status(status, how, sizeof(how));
		printf("test %s: FAILED (%s)\n", test->name, how);
	}
	fflush(stdout);
	return passed;
}

/* argv[0] if it has a slash, else the first match on $PATH, else /bin/usertests. */
static const char *ut_find_self(const char *argv0)
{
	static char found[256];
	if (argv0[0] == '/')
		return argv0;
	if (strchr(argv0, '/')) { /* relative: tests run in another directory */
		char cwd[200];
		if (getcwd(cwd, sizeof(cwd)))
			snprintf(found, sizeof(found), "%s/%s", cwd, argv0);
		return found;
	}
	const char *path = getenv("PATH");
	while (path && *path) {
		size_t len = strcspn(path, ":");
		snprintf(found, sizeof(found), "%.*s/%s", (int)len, path, argv0);
		if (access(found, X_OK) == 0)
			return found;
		path += len + (path[len] == ':');
	}
	return "/bin/usertests";
}

static void ut_list(void)
{
	for (size_t t = 0; t < NR_TABLES; t++)
		for (const struct ut_test *test = ut_tables[t]; test->name; test++)
			printf("%s\n", test->name);
}

static const char usage[] = "usage: usertests [NAME...]   (every test, or the named ones)\n"
			    "       usertests -l          (list the tests)\n";

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "-x") == 0) /* the tests' own re-exec (exec.c) */
		return ut_exec_child(argc - 2, argv + 2);
	int do_list = 0;
	while (usage_getopt(argc, argv, "l", usage) != -1)
		do_list = 1; /* -l */
	if (do_list) {
		ut_list();
		return 0;
	}
	ut_self = ut_find_self(argc > 0 ? argv[0] : "usertests");
	struct utsname uts;
	ut_on_linux = uname(&uts) == 0 && strcmp(uts.sysname, "Linux") == 0;

	for (int i = optind; i < argc; i++)
		if (!ut_find(argv[i]))
			usage_error("no test named %s (usertests -l lists them)", argv[i]);
	int failed = 0;
	if (optind < argc) {
		for (int i = optind; i < argc; i++)
			failed += !ut_run(ut_find(argv[i]));
	} else {
		for (size_t t = 0; t < NR_TABLES; t++)
			for (const struct ut_test *test = ut_tables[t]; test->name; test++)
				failed += !ut_run(test);
	}
	printf(failed ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
	return failed ? 1 : 0;
}
