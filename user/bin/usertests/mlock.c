/*
 * mlock.c — locked memory: mlock locks whole pages (the range rounded out)
 * and faults them in, VmLck counts them, munlock and munmap let them go, a
 * fork's child does not inherit them, MAP_LOCKED and mlockall(MCL_FUTURE)
 * lock new mappings, and every bad request gets Linux's errno (a range not
 * fully mapped: ENOMEM, changing nothing on Corral).  The container limit
 * (mlock_limit) is tested in tests/test_mlock.py.  Next: pipe.c.
 */
#include "usertests.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A field of /proc/self/status ("VmLck", "VmRSS") in kB. */
static long status_kb(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		ut_fail("open /proc/self/status: %s", ut_errno_name(errno));
	char line[256];
	size_t len = strlen(field);
	long kb = -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, len) == 0 && line[len] == ':')
			kb = strtol(line + len + 1, NULL, 10);
	fclose(f);
	if (kb < 0)
		ut_fail("no %s line in /proc/self/status", field);
	return kb;
}

static unsigned char *map_anon(size_t pages, int extra_flags)
{
	void *p = mmap(NULL, pages * UT_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0);
	if (p == MAP_FAILED)
		ut_fail("mmap of %zu pages: %s", pages, ut_errno_name(errno));
	return p;
}

/* The host may refuse an unprivileged lock (RLIMIT_MEMLOCK): not our test. */
static void lock_or_skip(int ret)
{
	if (ret == 0)
		return;
	if (ut_on_linux && (errno == EPERM || errno == ENOMEM || errno == EAGAIN))
		ut_skip("the host's RLIMIT_MEMLOCK refuses the lock");
	ut_fail("mlock: %s", ut_errno_name(errno));
}

static void test_mlockbasic(void)
{
	unsigned char *p = map_anon(8, 0);
	long locked = status_kb("VmLck"), rss = status_kb("VmRSS");
	/* 100 bytes in, two pages long: three pages are touched, three locked. */
	lock_or_skip(mlock(p + 100, 2 * UT_PAGE));
	UT_CHECK(status_kb("VmLck") == locked + 12);
	UT_CHECK(status_kb("VmRSS") >= rss + 12); /* faulted in by mlock */
	UT_CHECK(p[0] == 0 && p[2 * UT_PAGE + 1] == 0);
	UT_CHECK_OK(mlock(p, 3 * UT_PAGE)); /* again: nothing new */
	UT_CHECK(status_kb("VmLck") == locked + 12);
	UT_CHECK_OK(munlock(p + UT_PAGE, UT_PAGE)); /* the middle page: a split */
	UT_CHECK(status_kb("VmLck") == locked + 8);
	UT_CHECK_OK(munmap(p, UT_PAGE)); /* unmapping a locked page unlocks it */
	UT_CHECK(status_kb("VmLck") == locked + 4);
	UT_CHECK_OK(munlock(p + UT_PAGE, 7 * UT_PAGE));
	UT_CHECK(status_kb("VmLck") == locked);
	UT_CHECK_OK(mlock(p + UT_PAGE, 0)); /* nothing to do */
	UT_CHECK(status_kb("VmLck") == locked);
	UT_CHECK_OK(munmap(p + UT_PAGE, 7 * UT_PAGE));
}

static void test_mlockerrors(void)
{
	unsigned char *p = map_anon(4, 0);
	UT_CHECK_OK(munmap(p + 3 * UT_PAGE, UT_PAGE)); /* a hole after three pages */
	long locked = status_kb("VmLck");
	UT_CHECK_ERRNO(mlock(p + 3 * UT_PAGE, UT_PAGE), ENOMEM);
	UT_CHECK_ERRNO(mlock(p + UT_PAGE, 3 * UT_PAGE), ENOMEM); /* runs into the hole */
	if (!ut_on_linux) /* Linux may lock the mapped part before it finds the hole */
		UT_CHECK(status_kb("VmLck") == locked);
	UT_CHECK_ERRNO(munlock(p + 3 * UT_PAGE, UT_PAGE), ENOMEM);
	UT_CHECK_ERRNO(mlock((void *)0xc0000000u, UT_PAGE), ENOMEM); /* the kernel's */
	/* A range that wraps past 4 GiB: EINVAL (a 64-bit host's i386 emulation
	 * sees no wrap and no mapping there: ENOMEM). */
	errno = 0;
	UT_CHECK(mlock(p, (size_t)0 - UT_PAGE) == -1);
	UT_CHECK(errno == EINVAL || (ut_on_linux && errno == ENOMEM));
	UT_CHECK_ERRNO(mlock2(p, UT_PAGE, 2), EINVAL);
	UT_CHECK_ERRNO(mlockall(0), EINVAL);
	UT_CHECK_ERRNO(mlockall(8), EINVAL);
	UT_CHECK_ERRNO(mlockall(MCL_ONFAULT), EINVAL);
	if (!ut_on_linux)
		UT_CHECK(status_kb("VmLck") == locked);
	UT_CHECK_OK(munmap(p, 3 * UT_PAGE));
}

static void test_mlockfork(void)
{
	unsigned char *p = map_anon(4, 0);
	long locked = status_kb("VmLck");
	lock_or_skip(mlock(p, 4 * UT_PAGE));
	memset(p, 'L', 4 * UT_PAGE);
	pid_t pid = ut_fork();
	if (pid == 0) { /* locks are not inherited; the memory is */
		if (status_kb("VmLck") != 0 || p[3 * UT_PAGE] != 'L')
			_exit(1);
		p[0] = 'c'; /* the child's own copy */
		_exit(p[0] == 'c' ? 0 : 2);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK(status_kb("VmLck") == locked + 16);
	UT_CHECK(p[0] == 'L');
	UT_CHECK_OK(munmap(p, 4 * UT_PAGE));
	UT_CHECK(status_kb("VmLck") == locked);
}

static void test_mlockmaplocked(void)
{
	long locked = status_kb("VmLck"), rss = status_kb("VmRSS");
	void *q = mmap(NULL, 5 * UT_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	if (q == MAP_FAILED && ut_on_linux)
		ut_skip("the host's RLIMIT_MEMLOCK refuses MAP_LOCKED");
	UT_CHECK(q != MAP_FAILED);
	UT_CHECK(status_kb("VmLck") == locked + 20);
	UT_CHECK(status_kb("VmRSS") >= rss + 20); /* populated at once */
	UT_CHECK_OK(munmap(q, 5 * UT_PAGE));
	UT_CHECK(status_kb("VmLck") == locked);
}

static void test_mlockall(void)
{
	if (ut_on_linux && getuid() != 0)
		ut_skip("locks the whole address space: root only on the host");
	UT_CHECK(status_kb("VmLck") == 0);
	UT_CHECK_OK(mlockall(MCL_CURRENT));
	long all = status_kb("VmLck");
	UT_CHECK(all > 0);
	unsigned char *p = map_anon(2, 0); /* no MCL_FUTURE: not locked */
	UT_CHECK(status_kb("VmLck") == all);
	UT_CHECK_OK(munmap(p, 2 * UT_PAGE));
	UT_CHECK_OK(mlockall(MCL_CURRENT | MCL_FUTURE));
	p = map_anon(2, 0); /* locked as it comes */
	UT_CHECK(status_kb("VmLck") == all + 8);
	UT_CHECK_OK(munmap(p, 2 * UT_PAGE));
	long now = status_kb("VmLck");
	UT_CHECK_OK(mlockall(MCL_FUTURE)); /* what is locked stays locked */
	UT_CHECK(status_kb("VmLck") == now);
	p = map_anon(3, 0);
	UT_CHECK(status_kb("VmLck") == now + 12);
	UT_CHECK_OK(munlockall());
	UT_CHECK(status_kb("VmLck") == 0);
	UT_CHECK_OK(munmap(p, 3 * UT_PAGE));
	p = map_anon(1, 0); /* munlockall ended MCL_FUTURE too */
	UT_CHECK(status_kb("VmLck") == 0);
	UT_CHECK_OK(munmap(p, UT_PAGE));
}

const struct ut_test ut_mlock_tests[] = {
    {"mlockbasic", test_mlockbasic},
    {"mlockerrors", test_mlockerrors},
    {"mlockfork", test_mlockfork},
    {"mlockmaplocked", test_mlockmaplocked},
    {"mlockall", test_mlockall},
    {NULL, NULL},
};
