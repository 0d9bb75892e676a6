/*
 * proc.c — processes: fork storms, how a child's end is encoded for wait,
 * orphans, process ids, user ids and who may signal whom.
 *
 * The status word a parent gets from wait4 is Linux's: exit code in bits 8-15,
 * or the killing signal in bits 0-6 (bit 7: a core was dumped, which the
 * macros ignore).  exitstatus checks both shapes; forkstorm checks that no
 * status is lost or given to the wrong pid under load.  Next: exec.c.
 */
#include "usertests.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#define FORKSTORM_CHILDREN 200
#define ORPHAN_CHILDREN 20

/* 200 children alive at once, each exiting with its own code: every pid is
 * reaped exactly once with the code its child chose. */
static void test_forkstorm(void)
{
	static pid_t pids[FORKSTORM_CHILDREN];
	static char reaped[FORKSTORM_CHILDREN];
	for (int i = 0; i < FORKSTORM_CHILDREN; i++) {
		pids[i] = ut_fork();
		if (pids[i] == 0)
			_exit(i);
	}
	for (int n = 0; n < FORKSTORM_CHILDREN; n++) {
		int status;
		pid_t pid = wait(&status);
		if (pid < 0)
			ut_fail("wait after %d of %d children: %s", n, FORKSTORM_CHILDREN,
				ut_errno_name(errno));
		int i = 0;
		while (i < FORKSTORM_CHILDREN && pids[i] != pid)
			i++;
		if (i == FORKSTORM_CHILDREN || reaped[i])
			ut_fail("wait returned pid %d: not a child, or reaped twice", (int)pid);
		reaped[i] = 1;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != i)
			ut_fail("child %d (pid %d): status 0x%x, wanted exit %d", i, (int)pid,
				status, i);
	}
	UT_CHECK_ERRNO(wait(NULL), ECHILD);
}

/* Sequential fork/wait, 200 times: a slot freed by wait is reusable at once. */
static void test_forkwait(void)
{
	for (int i = 0; i < FORKSTORM_CHILDREN; i++) {
		pid_t pid = ut_fork();
		if (pid == 0)
			_exit((i * 7) & 0xff);
		ut_expect_exit(pid, (i * 7) & 0xff);
	}
}

static void exit_with_segv(void *arg)
{
	(void)arg;
	/* cppcheck-suppress nullPointer */
	*(volatile int *)(uintptr_t)0 = 1;
}

/* WIFEXITED/WEXITSTATUS for exit codes, WIFSIGNALED/WTERMSIG for signals. */
static void test_exitstatus(void)
{
	static const int codes[] = {0, 1, 42, 127, 255, 256 + 7};
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid_t pid = ut_fork();
		if (pid == 0)
			_exit(codes[i]);
		int status = ut_wait(pid);
		UT_CHECK(WIFEXITED(status) && !WIFSIGNALED(status));
		UT_CHECK(WEXITSTATUS(status) == (codes[i] & 0xff));
	}
	pid_t pid = ut_fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	UT_CHECK_OK(kill(pid, SIGKILL));
	int status = ut_wait(pid);
	UT_CHECK(WIFSIGNALED(status) && !WIFEXITED(status) && WTERMSIG(status) == SIGKILL);
	ut_expect_crash(exit_with_segv, NULL, SIGSEGV, "write to NULL");
}

/* waitpid: a specific pid, WNOHANG while the child runs, ECHILD without one. */
static void test_wait(void)
{
	UT_CHECK_ERRNO(wait(NULL), ECHILD);
	int go[2];
	ut_pipe(go);
	pid_t slow = ut_fork();
	if (slow == 0) {
		char c;
		close(go[1]);
		_exit(read(go[0], &c, 1) == 0 ? 3 : 4); /* exits when the parent closes go */
	}
	close(go[0]);
	pid_t quick = ut_fork();
	if (quick == 0)
		_exit(5);
	ut_expect_exit(quick, 5);
	int status;
	UT_CHECK(waitpid(slow, &status, WNOHANG) == 0);
	UT_CHECK_ERRNO(waitpid(quick, &status, 0), ECHILD);
	close(go[1]);
	ut_expect_exit(slow, 3);
	UT_CHECK_ERRNO(waitpid(-1, &status, WNOHANG), ECHILD);
}

/* Children whose parent exited are adopted (their parent pid changes) and
 * their exits do not show up in this process's wait. */
static void orphan_report_adoption(int report, pid_t old_parent)
{
	long deadline = ut_now_ms() + 5000;
	while (getppid() == old_parent && ut_now_ms() < deadline)
		ut_sleep_ms(1);
	char verdict = getppid() != old_parent ? 'a' : 'n';
	write(report, &verdict, 1);
	_exit(0);
}

static void test_orphans(void)
{
	int report[2];
	ut_pipe(report);
	for (int i = 0; i < ORPHAN_CHILDREN; i++) {
		pid_t pid = ut_fork();
		if (pid == 0) {
			pid_t me = getpid();
			if (ut_fork() == 0) {
				close(report[0]);
				orphan_report_adoption(report[1], me);
			}
			_exit(0);
		}
		ut_expect_exit(pid, 0);
	}
	close(report[1]);
	char verdicts[ORPHAN_CHILDREN + 1];
	ssize_t got = 0, n;
	while (got <= ORPHAN_CHILDREN &&
	       (n = read(report[0], verdicts + got, sizeof(verdicts) - (size_t)got)) > 0)
		got += n;
	if (got != ORPHAN_CHILDREN)
		ut_fail("%d orphans reported, wanted %d", (int)got, ORPHAN_CHILDREN);
	for (int i = 0; i < ORPHAN_CHILDREN; i++)
		if (verdicts[i] != 'a')
			ut_fail("an orphan kept its dead parent as getppid() for 5 s");
	UT_CHECK_ERRNO(wait(NULL), ECHILD);
}

/* fork returns the child's pid to the parent; the child sees its parent's. */
static void test_getpid(void)
{
	pid_t me = getpid();
	UT_CHECK(me > 0 && getpid() == me);
	int fds[2];
	ut_pipe(fds);
	pid_t pid = ut_fork();
	if (pid == 0) {
		pid_t ids[2] = {getpid(), getppid()};
		write(fds[1], ids, sizeof(ids));
		_exit(0);
	}
	pid_t ids[2];
	ut_read_all(fds[0], ids, sizeof(ids));
	ut_expect_exit(pid, 0);
	if (ids[0] != pid || ids[1] != me)
		ut_fail("child saw getpid %d getppid %d; fork gave %d, parent is %d", (int)ids[0],
			(int)ids[1], (int)pid, (int)me);
	UT_CHECK(getpid() == me);
}

/* Root may become uid 1000; uid 1000 may not become root again. */
static void test_setuid(void)
{
	if (getuid() != 0)
		ut_skip("not running as root");
	pid_t pid = ut_fork();
	if (pid == 0) {
		UT_CHECK_OK(setgid(1000));
		UT_CHECK_OK(setuid(1000));
		UT_CHECK(getuid() == 1000 && geteuid() == 1000);
		UT_CHECK(getgid() == 1000 && getegid() == 1000);
		UT_CHECK_ERRNO(setuid(0), EPERM);
		UT_CHECK_ERRNO(setgid(0), EPERM);
		UT_CHECK(getuid() == 1000 && geteuid() == 1000);
		UT_CHECK_OK(setuid(1000)); /* to one's own uid is always allowed */
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK(getuid() == 0); /* the parent is unaffected */
	/* The runner has no supplementary groups: an empty list, whatever the size
	 * (cred.c sets some). */
	uint32_t groups[4];
	UT_CHECK(syscall2(__NR_getgroups32, 0, NULL) == 0);
	UT_CHECK(syscall2(__NR_getgroups32, 4, groups) == 0);
	UT_CHECK_ERRNO(syscall2(__NR_getgroups32, -1, groups), EINVAL);
}

/* A non-root process cannot signal a root one, but may signal its own. */
static void test_killperm(void)
{
	if (getuid() != 0)
		ut_skip("not running as root");
	pid_t victim = ut_fork();
	if (victim == 0) {
		for (;;)
			pause();
	}
	pid_t pid = ut_fork();
	if (pid == 0) {
		UT_CHECK_OK(setuid(1000));
		UT_CHECK_ERRNO(kill(victim, SIGTERM), EPERM);
		UT_CHECK_ERRNO(kill(victim, 0), EPERM);
		UT_CHECK_ERRNO(kill(1, SIGKILL), EPERM);
		pid_t own = ut_fork();
		if (own == 0) {
			for (;;)
				pause();
		}
		UT_CHECK_OK(kill(own, SIGTERM));
		ut_expect_signal(own, SIGTERM);
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK_OK(kill(victim, 0)); /* still alive */
	UT_CHECK_OK(kill(victim, SIGKILL));
	ut_expect_signal(victim, SIGKILL);
	UT_CHECK_ERRNO(kill(victim, 0), ESRCH); /* reaped: the pid is gone */
}

/* Linux's struct user_desc, for set_thread_area and get_thread_area. */
struct tls_desc {
	unsigned int entry_number, base_addr, limit;
	unsigned int seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1,
		seg_not_present : 1, useable : 1;
};

static uint32_t tls_words[2] = {0x11111111, 0x22222222};

static uint32_t gs_word0(void)
{
	uint32_t v;
	__asm__ volatile("movl %%gs:0, %0" : "=r"(v));
	return v;
}

static void set_gs(uint16_t sel)
{
	__asm__ volatile("movw %0, %%gs" : : "r"(sel));
}

static int set_tls(unsigned entry, void *base)
{
	struct tls_desc d = {.entry_number = entry, .base_addr = (uint32_t)(uintptr_t)base,
			     .limit = 0xfffff, .seg_32bit = 1, .limit_in_pages = 1, .useable = 1};
	long r = syscall1(__NR_set_thread_area, &d);
	return r < 0 ? (int)r : (int)d.entry_number;
}

/* Thread-local storage as glibc sets it up: a slot (entry -1: any free one),
 * %gs on it; the slot is the task's own across switches, a forked child starts
 * with the parent's and may change its own; and the errors. */
static void test_tls(void)
{
	int entry = set_tls((unsigned)-1, &tls_words[0]);
	UT_CHECK(entry >= 6 && entry <= 8);
	set_gs((uint16_t)(entry << 3 | 3));
	UT_CHECK(gs_word0() == 0x11111111);
	pid_t pid = ut_fork();
	if (pid == 0) {
		if (gs_word0() != 0x11111111)
			_exit(1);
		if (set_tls((unsigned)entry, &tls_words[1]) != entry || gs_word0() != 0x22222222)
			_exit(2);
		sleep(0); /* a switch or two: the child's slot comes back with it */
		_exit(gs_word0() == 0x22222222 ? 0 : 3);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK(gs_word0() == 0x11111111); /* ours again after the child ran */
	struct tls_desc got = {.entry_number = (unsigned)entry};
	UT_CHECK_OK(syscall1(__NR_get_thread_area, &got));
	UT_CHECK(got.base_addr == (uint32_t)(uintptr_t)&tls_words[0] && got.seg_32bit &&
		 got.limit == 0xfffff && !got.seg_not_present);
	UT_CHECK_ERRNO(set_tls(5, &tls_words[0]), EINVAL);
	struct tls_desc code = {.entry_number = (unsigned)entry, .seg_32bit = 1, .contents = 2};
	UT_CHECK_ERRNO(syscall1(__NR_set_thread_area, &code), EINVAL);
	UT_CHECK_ERRNO(syscall1(__NR_set_thread_area, (void *)8), EFAULT);
	UT_CHECK(set_tls((unsigned)-1, &tls_words[1]) >= 6); /* the other two slots */
	UT_CHECK(set_tls((unsigned)-1, &tls_words[1]) >= 6);
	UT_CHECK_ERRNO(set_tls((unsigned)-1, &tls_words[1]), ESRCH);
	set_gs(0);
	for (unsigned e = 6; e <= 8; e++) { /* empty them again */
		struct tls_desc empty = {.entry_number = e, .read_exec_only = 1, .seg_not_present = 1};
		UT_CHECK_OK(syscall1(__NR_set_thread_area, &empty));
	}
	UT_CHECK(set_tls((unsigned)-1, &tls_words[0]) == 6);
}

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_PARENT_SETTID 0x00100000

/* glibc's fork: clone(CHILD_SETTID | CHILD_CLEARTID | SIGCHLD) with the tid
 * word in memory both see (a shared file mapping here, so the parent sees
 * what the kernel does to the child's word): the child finds its tid there
 * when it starts, and at its exit the kernel clears the word and wakes a
 * FUTEX_WAIT on it.  Also the futex errors. */
static void test_clonetid(void)
{
	int fd = open("tidword", O_RDWR | O_CREAT | O_TRUNC, 0600);
	UT_CHECK(fd >= 0 && ftruncate(fd, UT_PAGE) == 0);
	volatile int *word = mmap(NULL, UT_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	UT_CHECK(word != MAP_FAILED);
	int parent_tid = 0;
	long pid = syscall5(__NR_clone, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID |
					 CLONE_PARENT_SETTID | SIGCHLD,
			    0, &parent_tid, 0, (long)word);
	if (pid == 0) {
		if (*word != getpid())
			_exit(1);
		struct timespec pause = {0, 200 * 1000 * 1000};
		nanosleep(&pause, NULL); /* the parent is asleep in FUTEX_WAIT by now */
		_exit(0);
	}
	UT_CHECK(pid > 0 && parent_tid == pid);
	int v;
	while ((v = *word) != 0) /* as a joining thread waits */
		if (syscall4(__NR_futex, word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, v, NULL) < 0 &&
		    errno != EAGAIN && errno != EINTR)
			break;
	UT_CHECK(*word == 0);
	ut_expect_exit((pid_t)pid, 0);
	/* The errors. */
	int cell = 5;
	UT_CHECK_ERRNO(syscall4(__NR_futex, &cell, FUTEX_WAIT, 4, NULL), EAGAIN);
	struct timespec soon = {0, 20 * 1000 * 1000};
	UT_CHECK_ERRNO(syscall4(__NR_futex, &cell, FUTEX_WAIT, 5, &soon), ETIMEDOUT);
	struct timespec bad = {0, 1000000000};
	UT_CHECK_ERRNO(syscall4(__NR_futex, &cell, FUTEX_WAIT, 5, &bad), EINVAL);
	UT_CHECK(syscall3(__NR_futex, &cell, FUTEX_WAKE, 1) == 0); /* nobody waits */
	UT_CHECK_ERRNO(syscall4(__NR_futex, (void *)8, FUTEX_WAIT, 0, NULL), EFAULT);
	UT_CHECK_ERRNO(syscall3(__NR_futex, &cell, 99, 1), ENOSYS);
	UT_CHECK_ERRNO(syscall5(__NR_clone, 0x00000100 | SIGCHLD, 0, 0, 0, 0), ENOSYS); /* CLONE_VM */
	UT_CHECK(syscall1(__NR_set_tid_address, &cell) == getpid());
	UT_CHECK_OK(syscall1(__NR_set_tid_address, NULL) == getpid() ? 0 : -1);
	munmap((void *)word, UT_PAGE);
	close(fd);
	unlink("tidword");
}

/* Limits and machine facts: getrlimit/ugetrlimit/prlimit64 give the kernel's
 * fixed limits, sched_getaffinity one CPU, getrandom bytes that differ. */
static void test_limits(void)
{
	unsigned long lim[2];
	UT_CHECK_OK(syscall2(__NR_ugetrlimit, 7 /* RLIMIT_NOFILE */, lim));
	UT_CHECK(lim[0] == 64 && lim[1] == 64);
	UT_CHECK_OK(syscall2(__NR_getrlimit, 3 /* RLIMIT_STACK */, lim));
	UT_CHECK(lim[0] == 8u << 20);
	UT_CHECK_OK(syscall2(__NR_ugetrlimit, 9 /* RLIMIT_AS */, lim));
	UT_CHECK(lim[0] == ~0ul && lim[1] == ~0ul);
	UT_CHECK_ERRNO(syscall2(__NR_ugetrlimit, 99, lim), EINVAL);
	UT_CHECK_ERRNO(syscall2(__NR_ugetrlimit, 7, (void *)8), EFAULT);
	unsigned long long lim64[2];
	UT_CHECK_OK(syscall4(__NR_prlimit64, 0, 7, NULL, lim64));
	UT_CHECK(lim64[0] == 64 && lim64[1] == 64);
	UT_CHECK_ERRNO(syscall4(__NR_prlimit64, 0, 7, lim64, NULL), EPERM);
	unsigned long mask = 0;
	UT_CHECK(syscall3(__NR_sched_getaffinity, 0, sizeof(mask), &mask) == sizeof(mask));
	UT_CHECK(mask == 1);
	UT_CHECK_ERRNO(syscall3(__NR_sched_getaffinity, 0, 2, &mask), EINVAL);
	unsigned char a[100], b[100];
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	UT_CHECK(syscall3(__NR_getrandom, a, sizeof(a), 0) == sizeof(a));
	UT_CHECK(syscall3(__NR_getrandom, b, sizeof(b), 1 /* GRND_NONBLOCK */) == sizeof(b));
	UT_CHECK(memcmp(a, b, sizeof(a)) != 0);
	int zeros = 0;
	for (unsigned i = 0; i < sizeof(a); i++)
		zeros += a[i] == 0;
	UT_CHECK(zeros < 10);
	UT_CHECK_ERRNO(syscall3(__NR_getrandom, a, sizeof(a), 8), EINVAL);
	UT_CHECK_ERRNO(syscall3(__NR_getrandom, (void *)8, 16, 0), EFAULT);
}

/* set_robust_list: a child that exits holding a "mutex" (its tid in a
 * futex word on its robust list) leaves the word marked FUTEX_OWNER_DIED,
 * the waiters bit kept, in memory the parent shares; get_robust_list gives
 * the head back; a wrong size is EINVAL. */
static void test_robustlist(void)
{
	int fd = open("robust", O_RDWR | O_CREAT | O_TRUNC, 0600);
	UT_CHECK(fd >= 0 && ftruncate(fd, UT_PAGE) == 0);
	volatile uint32_t *shared = mmap(NULL, UT_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	UT_CHECK(shared != MAP_FAILED);
	pid_t pid = ut_fork();
	if (pid == 0) {
		/* head: {next, futex_offset, op_pending}; one entry whose word is 8 on */
		static uint32_t head[3], entry[3];
		head[0] = (uint32_t)(uintptr_t)entry;
		head[1] = (uint32_t)((uintptr_t)shared - (uintptr_t)entry);
		entry[0] = (uint32_t)(uintptr_t)head;
		*shared = (uint32_t)getpid() | 0x80000000u; /* held, with waiters */
		shared[1] = 12345;                          /* somebody else's: untouched */
		if (syscall2(__NR_set_robust_list, head, 8) != -1 || errno != EINVAL)
			_exit(2);
		if (syscall2(__NR_set_robust_list, head, sizeof(head)) != 0)
			_exit(3);
		void *got = NULL;
		size_t len = 0;
		if (syscall3(__NR_get_robust_list, 0, &got, &len) != 0 || got != head || len != 12)
			_exit(4);
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK(*shared == (0x80000000u | 0x40000000u));
	UT_CHECK(shared[1] == 12345);
	UT_CHECK_ERRNO(syscall3(__NR_get_robust_list, 999999, NULL, NULL), ESRCH);
	void *got;
	UT_CHECK_ERRNO(syscall3(__NR_get_robust_list, 0, &got, (void *)8), EFAULT);
	munmap((void *)shared, UT_PAGE);
	close(fd);
}

const struct ut_test ut_proc_tests[] = {
    {"forkstorm", test_forkstorm}, {"forkwait", test_forkwait}, {"exitstatus", test_exitstatus},
    {"wait", test_wait},	   {"orphans", test_orphans},	{"getpid", test_getpid},
    {"setuid", test_setuid},	   {"killperm", test_killperm}, {"tls", test_tls},
    {"clonetid", test_clonetid},   {"limits", test_limits},     {"robustlist", test_robustlist},
    {NULL, NULL},
};
