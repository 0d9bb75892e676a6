/*
 * badptr.c — system calls given pointers user space may not use: NULL, the
 * kernel's half (0xc0000000 and up on Corral), the last page, a wrapping
 * 0xffffffff, and a page that was mapped and is not any more.  Each call must
 * fail with EFAULT and the process (and the kernel) carry on.
 *
 * The calls go through syscall3() and friends, not the C library wrappers,
 * because some wrappers copy through a buffer of their own (stat) and the
 * point is what the kernel does with the pointer itself.
 *
 * dflag is the same idea for a register: system calls made with the direction
 * flag set (std) must work, because the kernel clears it on entry (its
 * memcpy and struct copies run upward).  The fuzzer found it: a signal frame
 * with DF set once sent the kernel copying backwards over its own memory.
 */
#include "usertests.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NR_BAD 6

/* The bad pointers; the last one is filled in by bad_pointers(). */
static uintptr_t bad[NR_BAD] = {0, 0xc0000000u, 0xc0100000u, 0xfffff000u, 0xffffffffu, 0};

/* A page that was mapped and is not: close to real data, yet unusable. */
static void *unmapped_page(void)
{
	void *p = mmap(NULL, UT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || munmap(p, UT_PAGE) < 0)
		ut_fail("mmap/munmap: %s", ut_errno_name(errno));
	return p;
}

static void bad_pointers(void)
{
	bad[NR_BAD - 1] = (uintptr_t)unmapped_page();
}

/* Fail unless the raw result is -EFAULT (what="name of the call"). */
static void expect_efault(long raw, const char *what, uintptr_t ptr)
{
	if (raw != -EFAULT)
		ut_fail("%s with pointer 0x%lx returned %ld, wanted -EFAULT (%d)", what,
			(unsigned long)ptr, raw, -EFAULT);
}

/* A failed read must leave the pipe's bytes for the next, good read. */
static void expect_pipe_keeps_data(uintptr_t ptr)
{
	int fds[2];
	ut_pipe(fds);
	ut_write_all(fds[1], "abc", 3);
	close(fds[1]); /* so that a lost "abc" reads as EOF instead of blocking */
	expect_efault(__sc3(__NR_read, fds[0], ptr, 10), "read(pipe)", ptr);
	char back[4];
	ssize_t n = read(fds[0], back, sizeof(back));
	if (n != 3 || memcmp(back, "abc", 3) != 0)
		ut_fail("read(pipe) into 0x%lx lost the data: the next read returned %d",
			(unsigned long)ptr, (int)n);
	close(fds[0]);
}

static void test_badread(void)
{
	bad_pointers();
	static char data[100];
	ut_write_file("f", data, sizeof(data));
	int fd = open("f", O_RDONLY);
	UT_CHECK_OK(fd);
	for (int i = 0; i < NR_BAD; i++) {
		UT_CHECK(lseek(fd, 0, SEEK_SET) == 0);
		expect_efault(__sc3(__NR_read, fd, bad[i], 10), "read(file)", bad[i]);
		expect_pipe_keeps_data(bad[i]);
	}
	char ok[10];
	UT_CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, ok, sizeof(ok)) == sizeof(ok));
	close(fd);
}

static void test_badwrite(void)
{
	bad_pointers();
	int fd = open("f", O_RDWR | O_CREAT, 0644);
	UT_CHECK_OK(fd);
	int fds[2];
	ut_pipe(fds);
	for (int i = 0; i < NR_BAD; i++) {
		expect_efault(__sc3(__NR_write, fd, bad[i], 10), "write(file)", bad[i]);
		expect_efault(__sc3(__NR_write, fds[1], bad[i], 10), "write(pipe)", bad[i]);
	}
	UT_CHECK(lseek(fd, 0, SEEK_END) == 0); /* nothing was written */
	ut_write_all(fd, "ok", 2);
	close(fd);
}

/* A path that runs off the end of a mapped page without its NUL. */
static const char *unterminated_path(void)
{
	char *p =
	    mmap(NULL, 2 * UT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || munmap(p + UT_PAGE, UT_PAGE) < 0)
		ut_fail("mmap/munmap: %s", ut_errno_name(errno));
	memset(p + UT_PAGE - 16, 'a', 16);
	return p + UT_PAGE - 16;
}

static void test_badpath(void)
{
	bad_pointers();
	ut_write_file("f", "x", 1);
	int fd = open("f", O_RDONLY);
	UT_CHECK_OK(fd);
	for (int i = 0; i < NR_BAD; i++) {
		uintptr_t p = bad[i];
		expect_efault(__sc3(__NR_open, p, O_RDONLY, 0), "open", p);
		expect_efault(__sc3(__NR_open, p, O_RDWR | O_CREAT, 0644), "open(O_CREAT)", p);
		expect_efault(__sc2(__NR_stat64, p, 0), "stat64(path)", p);
		expect_efault(__sc2(__NR_stat64, "f", p), "stat64(buffer)", p);
		expect_efault(__sc2(__NR_fstat64, fd, p), "fstat64", p);
		expect_efault(__sc1(__NR_unlink, p), "unlink", p);
		expect_efault(__sc2(__NR_mkdir, p, 0755), "mkdir", p);
		expect_efault(__sc1(__NR_chdir, p), "chdir", p);
		expect_efault(__sc2(__NR_rename, p, "g"), "rename(from)", p);
		expect_efault(__sc2(__NR_rename, "f", p), "rename(to)", p);
	}
	const char *runaway = unterminated_path();
	expect_efault(__sc3(__NR_open, runaway, O_RDONLY, 0), "open(unterminated)",
		      (uintptr_t)runaway);
	close(fd);
	struct stat64 st;
	memset(&st, 0, sizeof(st));
	UT_CHECK(__sc2(__NR_stat64, "f", &st) == 0 && st.st_size == 1); /* "f" is untouched */
}

/* execve with a bad path, argv, argv string or envp string.  It runs in a child:
 * should an exec wrongly succeed, the program it runs exits 77. */
static _Noreturn void badexec_child(void)
{
	for (int i = 0; i < NR_BAD; i++) {
		uintptr_t p = bad[i];
		char *argv[] = {(char *)ut_self, "-x", "exit", "77", (char *)p, NULL};
		char *good_argv[] = {(char *)ut_self, "-x", "exit", "77", NULL};
		char *envp[] = {"A=1", (char *)p, NULL};
		expect_efault(__sc3(__NR_execve, p, good_argv, environ), "execve(path)", p);
		if (p != 0) /* Linux takes a NULL argv as an empty one */
			expect_efault(__sc3(__NR_execve, ut_self, p, environ), "execve(argv)", p);
		if (p == 0) /* ... and a NULL in argv or envp ends it */
			continue;
		expect_efault(__sc3(__NR_execve, ut_self, argv, environ), "execve(argv[4])", p);
		expect_efault(__sc3(__NR_execve, ut_self, good_argv, envp), "execve(envp[1])", p);
	}
	_exit(0);
}

static void test_badexec(void)
{
	bad_pointers();
	pid_t pid = ut_fork();
	if (pid == 0)
		badexec_child();
	ut_expect_exit(pid, 0);
}

/* Memory the program may not touch is no better through a system call: the
 * kernel must not read a PROT_NONE page, nor write a read-only one, for it. */
static void test_badprot(void)
{
	char *p = mmap(NULL, 2 * UT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	UT_CHECK(p != MAP_FAILED);
	memcpy(p, "secret", 7);
	memcpy(p + UT_PAGE, "public", 7);
	UT_CHECK_OK(mprotect(p, UT_PAGE, PROT_NONE));
	UT_CHECK_OK(mprotect(p + UT_PAGE, UT_PAGE, PROT_READ));
	int fds[2];
	ut_pipe(fds);
	expect_efault(__sc3(__NR_write, fds[1], (uintptr_t)p, 7), "write(PROT_NONE)",
		      (uintptr_t)p);
	UT_CHECK(write(fds[1], p + UT_PAGE, 7) == 7); /* readable is fine */
	expect_efault(__sc3(__NR_read, fds[0], (uintptr_t)(p + UT_PAGE), 7),
		      "read into PROT_READ", (uintptr_t)(p + UT_PAGE));
	char back[7];
	ut_read_all(fds[0], back, 7); /* the failed read took nothing */
	UT_CHECK(memcmp(back, "public", 7) == 0);
	munmap(p, 2 * UT_PAGE);
}

/* Other calls that write results through a pointer or read arguments from one. */
static void test_badmisc(void)
{
	bad_pointers();
	int dirfd = open(".", O_RDONLY | O_DIRECTORY);
	UT_CHECK_OK(dirfd);
	for (int i = 0; i < NR_BAD; i++) {
		uintptr_t p = bad[i];
		expect_efault(__sc1(__NR_pipe, p), "pipe", p);
		expect_efault(__sc2(__NR_nanosleep, p, 0), "nanosleep", p);
		expect_efault(__sc2(__NR_getcwd, p, 100), "getcwd", p);
		expect_efault(__sc1(__NR_uname, p), "uname", p);
		expect_efault(__sc2(__NR_clock_gettime, CLOCK_MONOTONIC, p), "clock_gettime", p);
		expect_efault(__sc3(__NR_getdents64, dirfd, p, 4096), "getdents64", p);
		if (p == 0) /* below, NULL means "no such argument" */
			continue;
		expect_efault(__sc4(__NR_rt_sigaction, SIGUSR1, p, 0, 8), "rt_sigaction(act)", p);
		expect_efault(__sc4(__NR_rt_sigaction, SIGUSR1, 0, p, 8), "rt_sigaction(old)", p);
		expect_efault(__sc4(__NR_rt_sigprocmask, SIG_BLOCK, p, 0, 8), "rt_sigprocmask(set)",
			      p);
		expect_efault(__sc4(__NR_rt_sigprocmask, SIG_BLOCK, 0, p, 8), "rt_sigprocmask(old)",
			      p);
		pid_t pid = ut_fork();
		if (pid == 0)
			_exit(0);
		expect_efault(__sc4(__NR_wait4, pid, p, 0, 0), "wait4(status)", p);
		waitpid(pid, NULL, WNOHANG); /* in case the bad status left it a zombie */
	}
	close(dirfd);
}

/* One system call with DF set, cleared again before any C code runs. */
static long syscall_with_df_set(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("std\n\tint $0x80\n\tcld"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory", "cc");
	return ret;
}

static void test_dflag(void)
{
	static struct utsname want, got;
	UT_CHECK_OK(uname(&want));
	memset(&got, 0, sizeof(got));
	UT_CHECK(syscall_with_df_set(__NR_uname, (long)&got, 0, 0) == 0);
	UT_CHECK(memcmp(&want, &got, sizeof(got)) == 0);
	int fd = open("df", O_RDWR | O_CREAT | O_TRUNC, 0600);
	UT_CHECK(fd >= 0);
	UT_CHECK(syscall_with_df_set(__NR_write, fd, (long)"0123456789", 10) == 10);
	char buf[16] = "";
	UT_CHECK(lseek(fd, 0, SEEK_SET) == 0);
	UT_CHECK(syscall_with_df_set(__NR_read, fd, (long)buf, 10) == 10);
	UT_CHECK(memcmp(buf, "0123456789", 10) == 0);
	close(fd);
	fflush(stdout);
	long pid = syscall_with_df_set(__NR_fork, 0, 0, 0); /* copies the trap frame */
	if (pid == 0)
		_exit(0);
	UT_CHECK(pid > 0);
	ut_expect_exit((pid_t)pid, 0);
}

const struct ut_test ut_badptr_tests[] = {
    {"badread", test_badread}, {"badwrite", test_badwrite}, {"badpath", test_badpath},
    {"badexec", test_badexec}, {"badmisc", test_badmisc},   {"badprot", test_badprot},
    {"dflag", test_dflag},     {NULL, NULL},
};
