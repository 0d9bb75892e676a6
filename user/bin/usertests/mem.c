/*
 * mem.c — the address space: copy-on-write after fork, the program break,
 * anonymous mappings (private and shared), munmap and mprotect turning
 * accesses into SIGSEGV, stack growth, and running out of memory.
 *
 * COW is checked in both directions and in both orders: a write on one side
 * after fork must never be seen on the other, whichever side writes first.
 * Arrays are filled with a pattern that differs per word and per "generation"
 * (seed), so a page shared or copied by mistake shows up as a mismatch.
 * Next: mmap.c.
 */
#include "usertests.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define COW_WORDS (256 * 1024)	     /* 1 MiB of unsigned: 256 pages of .bss */
#define MANY_BYTES (4 * 1024 * 1024) /* the "many pages" process: 1024 pages */
#define MANY_ROUNDS 8
#define STACK_FRAME_BYTES 1024
#define STACK_DEPTH 1024   /* 1024 frames of > 1 KiB: over 1 MiB of stack */
#define OOM_SLACK_PAGES 32 /* MemFree may differ by this much after a hog */

static unsigned cow_array[COW_WORDS];
static int cow_data_var = 7;

static void fill(unsigned *a, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		a[i] = (unsigned)i * 2654435761u + seed;
}

/* Check words [from, to) of an array filled by fill(a, ..., seed). */
static void expect_range(const unsigned *a, size_t from, size_t to, unsigned seed, const char *who)
{
	for (size_t i = from; i < to; i++)
		if (a[i] != (unsigned)i * 2654435761u + seed)
			ut_fail("%s: word %u (page %u) is 0x%x, wanted generation %u", who,
				(unsigned)i, (unsigned)(i * sizeof(*a) / UT_PAGE), a[i], seed);
}

static void expect_filled(const unsigned *a, size_t n, unsigned seed, const char *who)
{
	expect_range(a, 0, n, seed, who);
}

/* Parent and child each write the shared-at-fork array; neither sees the other. */
static void test_cow(void)
{
	int to_parent[2], to_child[2];
	ut_pipe(to_parent);
	ut_pipe(to_child);
	int stack_var = 8;
	fill(cow_array, COW_WORDS, 1);
	pid_t pid = ut_fork();
	char token = 'x';
	if (pid == 0) {
		expect_filled(cow_array, COW_WORDS, 1, "child, before writing");
		fill(cow_array, COW_WORDS, 2);
		cow_data_var = 70;
		stack_var = 80;
		ut_write_all(to_parent[1], &token, 1);
		ut_read_all(to_child[0], &token, 1);
		expect_filled(cow_array, COW_WORDS, 2, "child, after the parent wrote");
		_exit(cow_data_var == 70 && stack_var == 80 ? 0 : 1);
	}
	ut_read_all(to_parent[0], &token, 1);
	expect_filled(cow_array, COW_WORDS, 1, "parent, after the child wrote");
	UT_CHECK(cow_data_var == 7 && stack_var == 8);
	fill(cow_array, COW_WORDS, 3);
	ut_write_all(to_child[1], &token, 1);
	ut_expect_exit(pid, 0);
	expect_filled(cow_array, COW_WORDS, 3, "parent, at the end");
}

/* A 1024-page process forks again and again; children and grandchildren
 * write, the parent's memory stays as it was. */
static void cowmany_child(unsigned *mem, size_t words)
{
	expect_filled(mem, words, 10, "child");
	fill(mem, words / 2, 11); /* the first half: private to this child now */
	pid_t pid = ut_fork();
	if (pid == 0) {
		expect_filled(mem, words / 2, 11, "grandchild");
		fill(mem, words, 12);
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	expect_filled(mem, words / 2, 11, "child, after its child wrote");
	expect_range(mem, words / 2, words, 10, "child, second half");
	_exit(0);
}

static void test_cowmany(void)
{
	unsigned *mem = malloc(MANY_BYTES);
	size_t words = MANY_BYTES / sizeof(unsigned);
	UT_CHECK(mem != NULL);
	fill(mem, words, 10);
	for (int round = 0; round < MANY_ROUNDS; round++) {
		pid_t pid = ut_fork();
		if (pid == 0)
			cowmany_child(mem, words);
		ut_expect_exit(pid, 0);
		expect_filled(mem, words, 10, "parent");
	}
}

static void touch_byte(void *addr)
{
	*(volatile char *)addr = 1;
}

static void read_byte(void *addr)
{
	(void)*(volatile char *)addr;
}

/* sbrk grows the break with zeroed memory, shrinks it, and a shrunk break
 * leaves nothing mapped behind it.  (No malloc between the calls: malloc
 * lives on the same break.) */
static void test_sbrk(void)
{
	const long grow = 1024 * 1024 + 123; /* not a whole number of pages */
	char *old = sbrk(0);
	char *p = sbrk(grow);
	UT_CHECK(p == old);
	UT_CHECK(sbrk(0) == old + grow);
	for (long i = 0; i < grow; i++)
		if (p[i] != 0)
			ut_fail("new break memory not zero at +%ld", i);
	memset(p, 0x5a, (size_t)grow);
	UT_CHECK(sbrk(-grow) == old + grow);
	UT_CHECK(sbrk(0) == old);
	p = sbrk(grow);
	UT_CHECK(p == old);
	char *first_fresh_page =
	    (char *)(((uintptr_t)old + UT_PAGE - 1) & ~(uintptr_t)(UT_PAGE - 1));
	for (char *q = first_fresh_page; q < old + grow; q++)
		if (*q != 0)
			ut_fail("regrown break memory not zero at +%ld", (long)(q - old));
	UT_CHECK(sbrk(-grow) == old + grow);
	ut_expect_crash(touch_byte, first_fresh_page, SIGSEGV, "write above the break");
	UT_CHECK_ERRNO(brk((void *)0xfffff000), ENOMEM); /* into the stack, or the kernel */
	UT_CHECK(sbrk(0) == old);
}

static char *map_anon(size_t pages, int flags)
{
	char *p = mmap(NULL, pages * UT_PAGE, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		ut_fail("mmap of %u anonymous pages: %s", (unsigned)pages, ut_errno_name(errno));
	if ((uintptr_t)p & (UT_PAGE - 1))
		ut_fail("mmap returned %p, not page aligned", (void *)p);
	return p;
}

static void test_mmapprivate(void)
{
	const size_t pages = 16, words = pages * UT_PAGE / sizeof(unsigned);
	unsigned *p = (unsigned *)map_anon(pages, MAP_PRIVATE);
	for (size_t i = 0; i < words; i++)
		if (p[i] != 0)
			ut_fail("fresh anonymous memory not zero at word %u", (unsigned)i);
	fill(p, words, 20);
	pid_t pid = ut_fork();
	if (pid == 0) {
		expect_filled(p, words, 20, "child");
		fill(p, words, 21);
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	expect_filled(p, words, 20, "parent, after the child wrote");
	UT_CHECK_OK(munmap(p, pages * UT_PAGE));
	UT_CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
		 errno == EINVAL);
	UT_CHECK(mmap(NULL, UT_PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
		 errno == EINVAL); /* neither MAP_SHARED nor MAP_PRIVATE */
}

/* MAP_SHARED|MAP_ANONYMOUS memory is the same pages in parent and child. */
static void test_mmapshared(void)
{
	const size_t pages = 4, words = pages * UT_PAGE / sizeof(unsigned);
	unsigned *p = (unsigned *)map_anon(pages, MAP_SHARED);
	fill(p, words, 30);
	int go[2];
	ut_pipe(go);
	pid_t pid = ut_fork();
	if (pid == 0) {
		char token;
		ut_read_all(go[0], &token, 1);
		expect_filled(p, words, 31, "child, after the parent wrote");
		fill(p, words, 32);
		_exit(0);
	}
	fill(p, words, 31);
	ut_write_all(go[1], "g", 1);
	ut_expect_exit(pid, 0);
	expect_filled(p, words, 32, "parent, after the child wrote");
	UT_CHECK_OK(munmap(p, pages * UT_PAGE));
}

static void test_munmap(void)
{
	char *p = map_anon(4, MAP_PRIVATE);
	for (int i = 0; i < 4; i++)
		p[i * UT_PAGE] = (char)('a' + i);
	UT_CHECK_OK(munmap(p + UT_PAGE, UT_PAGE));
	ut_expect_crash(read_byte, p + UT_PAGE, SIGSEGV, "read of an unmapped page");
	ut_expect_crash(touch_byte, p + UT_PAGE + 100, SIGSEGV, "write to an unmapped page");
	UT_CHECK(p[0] == 'a' && p[2 * UT_PAGE] == 'c' && p[3 * UT_PAGE] == 'd');
	UT_CHECK_OK(munmap(p + UT_PAGE, UT_PAGE)); /* unmapping a hole is not an error */
	UT_CHECK_ERRNO(munmap(p + 1, UT_PAGE), EINVAL);
	UT_CHECK_OK(munmap(p, 4 * UT_PAGE));
	ut_expect_crash(read_byte, p, SIGSEGV, "read after munmap of the whole range");
}

static void test_mprotect(void)
{
	char *p = map_anon(2, MAP_PRIVATE);
	p[0] = 'r';
	p[UT_PAGE] = 'w';
	UT_CHECK_OK(mprotect(p, UT_PAGE, PROT_READ));
	UT_CHECK(p[0] == 'r');
	ut_expect_crash(touch_byte, p, SIGSEGV, "write to a read-only page");
	p[UT_PAGE] = 'W'; /* the neighbour page keeps its protection */
	UT_CHECK_OK(mprotect(p, UT_PAGE, PROT_NONE));
	ut_expect_crash(read_byte, p, SIGSEGV, "read of a PROT_NONE page");
	UT_CHECK_OK(mprotect(p, UT_PAGE, PROT_READ | PROT_WRITE));
	UT_CHECK(p[0] == 'r'); /* the contents survived */
	p[0] = 'R';
	UT_CHECK(p[0] == 'R' && p[UT_PAGE] == 'W');
	UT_CHECK_ERRNO(mprotect(p + 1, UT_PAGE, PROT_READ), EINVAL);
	ut_expect_crash(touch_byte, (void *)(uintptr_t)test_mprotect, SIGSEGV,
			"write to the program's text");
	UT_CHECK_OK(munmap(p, 2 * UT_PAGE));
}

/* Each frame fills STACK_FRAME_BYTES, recurses, and checks its bytes survived. */
static __attribute__((noinline)) int stack_recurse(int depth)
{
	volatile char frame[STACK_FRAME_BYTES];
	for (int i = 0; i < STACK_FRAME_BYTES; i++)
		frame[i] = (char)(depth + i);
	int below = depth > 0 ? stack_recurse(depth - 1) : 0;
	for (int i = 0; i < STACK_FRAME_BYTES; i++)
		if (frame[i] != (char)(depth + i))
			return -1;
	return below < 0 ? -1 : below + 1;
}

static void test_stack(void)
{
	int got = stack_recurse(STACK_DEPTH - 1);
	if (got != STACK_DEPTH)
		ut_fail("recursion over ~1 MiB of stack returned %d, wanted %d", got, STACK_DEPTH);
}

static volatile int stack_never = -1; /* hides the endlessness from the compiler */

static __attribute__((noinline)) int stack_forever(int depth)
{
	volatile char frame[STACK_FRAME_BYTES];
	frame[0] = (char)depth;
	if (depth == stack_never)
		return 0;
	return stack_forever(depth + 1) + frame[0];
}

static void recurse_forever(void *arg)
{
	(void)arg;
	stack_forever(0);
}

static void test_stackoverflow(void)
{
	ut_expect_crash(recurse_forever, NULL, SIGSEGV, "unbounded recursion");
}

/* MemFree from /proc/meminfo in kB, or -1 if there is none. */
static long meminfo_free_kb(void)
{
	char text[2048];
	int fd = open("/proc/meminfo", O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	const char *line = strstr(text, "MemFree:");
	return line ? strtol(line + strlen("MemFree:"), NULL, 10) : -1;
}

/* Allocate and touch memory until malloc fails; one byte down the pipe per MiB. */
static _Noreturn void oom_hog(int report)
{
	static const size_t chunks[] = {1024 * 1024, 64 * 1024, UT_PAGE};
	size_t total = 0;
	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		char *p;
		while ((p = malloc(chunks[c])) != NULL) {
			for (size_t off = 0; off < chunks[c]; off += UT_PAGE)
				p[off] = 1;
			if ((total + chunks[c]) / (1024 * 1024) != total / (1024 * 1024))
				write(report, "m", 1);
			total += chunks[c];
		}
	}
	_exit(errno == ENOMEM ? 0 : 1);
}

static void test_oom(void)
{
	long before = meminfo_free_kb();
	int report[2];
	ut_pipe(report);
	pid_t pid = ut_fork();
	if (pid == 0) {
		close(report[0]);
		oom_hog(report[1]);
	}
	close(report[1]);
	long mib = 0;
	char buf[256];
	ssize_t n;
	while ((n = read(report[0], buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		mib += n > 0 ? n : 0;
	int status = ut_wait(pid);
	char how[80];
	ut_describe_status(status, how, sizeof(how));
	ut_note("the hog touched %ld MiB and %s", mib, how);
	if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) &&
	    !(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL))
		ut_fail("the hog %s: wanted ENOMEM (exit 0) or SIGKILL", how);

	long after = meminfo_free_kb();
	for (int tries = 0; tries < 20 && after >= 0 && after < before - OOM_SLACK_PAGES * 4;
	     tries++) {
		ut_sleep_ms(100); /* let deferred frees (reaping, swap) finish */
		after = meminfo_free_kb();
	}
	ut_note("MemFree before %ld kB, after %ld kB", before, after);
	if (before < 0 || after < 0)
		ut_skip("no /proc/meminfo");
	if (!ut_on_linux && after < before - OOM_SLACK_PAGES * 4)
		ut_fail("%ld kB fewer free after the hog died (more than %d pages)", before - after,
			OOM_SLACK_PAGES);
}

/* The host's setting, when the reference kernel runs the tests. */
static unsigned long linux_mmap_min_addr(void)
{
	char text[32] = "";
	int fd = open("/proc/sys/vm/mmap_min_addr", O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	return n > 0 ? strtoul(text, NULL, 10) : 0;
}

/* Nothing may be mapped below 64 KiB (Linux's mmap_min_addr), where a kernel
 * NULL dereference would land; a hint there is only a hint. */
static void test_mmaplow(void)
{
	const int prot = PROT_READ | PROT_WRITE, fixed = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
	if (ut_on_linux && (geteuid() == 0 || linux_mmap_min_addr() < 0x10000))
		ut_skip("on this Linux, mmap_min_addr is lower or root may go below it");
	UT_CHECK_ERRNO(mmap((void *)0x1000, UT_PAGE, prot, fixed, -1, 0), EPERM);
	UT_CHECK_ERRNO(mmap((void *)0xf000, 2 * UT_PAGE, prot, fixed, -1, 0), EPERM);
	UT_CHECK_ERRNO(mmap((void *)0x1001, UT_PAGE, prot, fixed, -1, 0), EINVAL);
	char *p = mmap((void *)0x10000, UT_PAGE, prot, fixed, -1, 0);
	UT_CHECK(p == (char *)0x10000);
	p[0] = 1;
	UT_CHECK_OK(munmap(p, UT_PAGE));
	char *hinted = mmap((void *)0x1000, UT_PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UT_CHECK(hinted != MAP_FAILED && (uintptr_t)hinted >= 0x10000);
	UT_CHECK_OK(munmap(hinted, UT_PAGE));
}

const struct ut_test ut_mem_tests[] = {
    {"cow", test_cow},
    {"cowmany", test_cowmany},
    {"sbrk", test_sbrk},
    {"mmapprivate", test_mmapprivate},
    {"mmapshared", test_mmapshared},
    {"munmap", test_munmap},
    {"mprotect", test_mprotect},
    {"stack", test_stack},
    {"stackoverflow", test_stackoverflow},
    {"oom", test_oom},
    {"mmaplow", test_mmaplow},
    {NULL, NULL},
};
