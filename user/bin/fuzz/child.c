/*
 * child.c — one child of the fuzzer: set up a known state, then make calls
 * from c->call_index up to c->calls_end.
 *
 * The state at the start depends only on the batch (and, for a child that
 * carries on after one that died, on the call it starts at), so a replay
 * meets the same state:
 *
 *   - descriptors 0, 1 and 2 are /dev/null and nothing else is open (with
 *     -v, FUZZ_LOG_FD is the console, for the log lines only): the child
 *     must never hold the console, where it could eat the shell's input or
 *     take its ^C away;
 *   - a junk buffer of FUZZ_JUNK_PAGES pages of random bytes (never 0, so a
 *     string in it runs into the guard page after it), for buffers;
 *   - the cwd is the batch directory, where relative paths land;
 *   - default signal actions, nothing blocked, umask 022.
 */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "fuzz.h"

static void child_fail(const char *what)
{
	/* stderr is still the console here: say why, and end the batch. */
	__sc3(__NR_write, 2, what, strlen(what));
	__sc1(__NR_exit, 125);
	__builtin_unreachable();
}

static void child_setup_fds(struct fuzz_child *c)
{
	if (c->verbose && __sc2(__NR_dup2, 1, FUZZ_LOG_FD) != FUZZ_LOG_FD)
		child_fail("fuzz: cannot keep the console for -v\n");
	long null = __sc2(__NR_open, "/dev/null", O_RDWR);
	if (null < 0)
		child_fail("fuzz: cannot open /dev/null\n");
	for (int fd = 0; fd < 3; fd++)
		__sc2(__NR_dup2, null, fd);
	for (int fd = 3; fd < 64; fd++)
		if (fd != FUZZ_LOG_FD || !c->verbose)
			__sc1(__NR_close, fd);
	for (int i = 0; i < 8; i++)
		c->recent_fds[i] = -1;
}

/* The junk buffer's bytes come from their own stream, so that a child that
 * carries on after call N has the same junk in every run. */
static void child_setup_junk(struct fuzz_child *c)
{
	size_t size = (FUZZ_JUNK_PAGES + 1) * FUZZ_PAGE;
	char *junk = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (junk == MAP_FAILED || mprotect(junk + size - FUZZ_PAGE, FUZZ_PAGE, PROT_NONE))
		child_fail("fuzz: cannot map the junk buffer\n");
	struct fuzz_rng r;
	rng_seed(&r, c->seed ^ 0x6a756e6bu, c->batch * 65536u + c->call_index);
	for (size_t i = 0; i < size - FUZZ_PAGE; i += 4) {
		uint32_t w = rng_next(&r) | 0x01010101u; /* no zero bytes */
		memcpy(junk + i, &w, 4);
	}
	c->junk = junk;
}

static void child_setup_process(struct fuzz_child *c)
{
	uint32_t dfl[5] = {0, 0, 0, 0, 0};
	uint32_t none[2] = {0, 0};
	for (int sig = 1; sig <= 64; sig++)
		__sc4(__NR_rt_sigaction, sig, dfl, 0, 8);
	__sc4(__NR_rt_sigprocmask, SIG_SETMASK, none, 0, 8);
	__sc1(__NR_umask, 022);
	if (__sc1(__NR_chdir, c->batch_dir) < 0)
		child_fail("fuzz: cannot enter the batch directory\n"); /* batch_run remade it */
	c->self = (pid_t)__sc0(__NR_getpid);
	c->parent = (pid_t)__sc0(__NR_getppid);
	c->brk0 = (uintptr_t)__sc1(__NR_brk, 0);
	c->nr_forks = 0;
	memset(c->maps, 0, sizeof(c->maps));
	sigframe_init(c);
}

_Noreturn void child_run(struct fuzz_child *c)
{
	child_setup_junk(c);
	child_setup_process(c);
	child_setup_fds(c); /* last: until here, a failure can still be told on stderr */
	/* A forged sigreturn frame that lands well comes back here (sigframe.c):
	 * its call is over, go on with the next. */
	if (setjmp(c->resume)) {
		c->shared->nr_sigreturns_landed++;
		c->call_index++;
	}
	while (c->call_index < c->calls_end) {
		fuzz_one_call(c);
		c->call_index++;
		c->shared->next_index = c->call_index; /* for calls that were skipped */
		c->shared->next_rng = c->rng.state;
	}
	__sc1(__NR_exit, 0);
	__builtin_unreachable();
}
