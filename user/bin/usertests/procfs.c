/*
 * procfs.c — what programs written for Linux read about themselves and the
 * machine: the links /proc/self/exe and /proc/self/fd/N (readlink(2)),
 * /proc/self/stat parsed as busybox and procps parse it (52 fields split at
 * the last ')'), sysinfo(2), and syslog(2) (klogctl): its sizes, READ_ALL's
 * "<level>" lines, and its errors.
 *
 * Linux is the reference: every test passes there too, allowing for a host
 * whose dmesg_restrict keeps the log from users (EPERM).  Next: the formats
 * themselves are checked in the kernel (fs/procfs_test.c).
 */
#include "usertests.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BAD_PTR ((void *)0xc0000000u) /* the kernel's half on Corral, unmapped on Linux */
#define STAT_FIELDS 52
#define SYSLOG_READ_ALL 3
#define SYSLOG_CLEAR 5
#define SYSLOG_SIZE_BUFFER 10

/* Linux i386's struct sysinfo. */
struct ut_sysinfo {
	long uptime;
	unsigned long loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	unsigned short procs, pad;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit;
	char reserved[8];
};

static void expect_link(const char *path, const char *want)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf));
	if (n != (ssize_t)strlen(want) || memcmp(buf, want, (size_t)n) != 0)
		ut_fail("readlink(%s) gave %ld \"%.*s\", wanted \"%s\"", path, (long)n,
			n > 0 ? (int)n : 0, buf, want);
}

/* /proc/self/exe names the program: the same file as the link leads to. */
static void test_procfs_exe(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	UT_CHECK(n > 1 && buf[0] == '/');
	buf[n] = '\0';
	struct stat by_name, by_link;
	UT_CHECK_OK(stat(buf, &by_name));
	UT_CHECK_OK(stat("/proc/self/exe", &by_link));
	UT_CHECK(by_name.st_ino == by_link.st_ino && by_name.st_dev == by_link.st_dev);
	struct stat st;
	UT_CHECK_OK(lstat("/proc/self/exe", &st));
	UT_CHECK(S_ISLNK(st.st_mode));
	char cwd[PATH_MAX];
	UT_CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	expect_link("/proc/self/cwd", cwd);
}

/* Each descriptor's link: the absolute path it was opened by, a pipe's name. */
static void test_procfs_fd_links(void)
{
	char cwd[PATH_MAX], want[PATH_MAX + 8], link[64];
	UT_CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	ut_write_file("f", "x", 1);
	int fd = open("./f", O_RDONLY);
	UT_CHECK_OK(fd);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	snprintf(want, sizeof(want), "%s/f", cwd);
	expect_link(link, want);
	close(fd);
	UT_CHECK_ERRNO(readlink(link, want, sizeof(want)), ENOENT);
	int fds[2];
	ut_pipe(fds);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fds[0]);
	char buf[64];
	ssize_t n = readlink(link, buf, sizeof(buf) - 1);
	UT_CHECK(n > 6);
	buf[n] = '\0';
	UT_CHECK(strncmp(buf, "pipe:[", 6) == 0 && buf[n - 1] == ']');
	struct stat st;
	UT_CHECK_OK(stat("/proc/self/fd", &st));
	UT_CHECK(S_ISDIR(st.st_mode));
}

/* Split /proc/self/stat as busybox does: the name between the first '(' and
 * the last ')', then the other fields by position. */
static void test_procfs_self_stat(void)
{
	char text[1024];
	int fd = open("/proc/self/stat", O_RDONLY);
	UT_CHECK_OK(fd);
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	UT_CHECK(n > 0 && text[n - 1] == '\n');
	text[n] = '\0';
	char *open_paren = strchr(text, '('), *close_paren = strrchr(text, ')');
	UT_CHECK(open_paren && close_paren && close_paren > open_paren);
	UT_CHECK(atoi(text) == getpid());
	int nr_fields = 2; /* pid and (comm) */
	for (char *p = close_paren + 1; *p; p++)
		if (*p != ' ' && *p != '\n' && (p[-1] == ' '))
			nr_fields++;
	if (nr_fields != STAT_FIELDS)
		ut_fail("/proc/self/stat has %d fields: %s", nr_fields, text);
	char state = close_paren[2], *end;
	long ppid = strtol(close_paren + 3, &end, 10);
	long pgrp = strtol(end, NULL, 10);
	UT_CHECK(state == 'R'); /* reading it, so running */
	UT_CHECK(ppid == getppid());
	UT_CHECK(pgrp == getpgrp());
	UT_CHECK(strncmp(open_paren + 1, "usertests)", 10) == 0);
}

static struct ut_sysinfo sysinfo_now(void)
{
	struct ut_sysinfo si;
	memset(&si, 0xff, sizeof(si));
	UT_CHECK_OK(syscall1(__NR_sysinfo, &si));
	return si;
}

/* sysinfo agrees with /proc/uptime, counts memory in mem_unit, and refuses
 * a bad pointer. */
static void test_procfs_sysinfo(void)
{
	struct ut_sysinfo si = sysinfo_now();
	UT_CHECK(si.mem_unit >= 1);
	UT_CHECK(si.totalram > 0 && si.freeram > 0 && si.freeram <= si.totalram);
	UT_CHECK(si.freeswap <= si.totalswap);
	UT_CHECK(si.procs >= 2);
	UT_CHECK(si.uptime > 0);
	char text[128] = {0};
	int fd = open("/proc/uptime", O_RDONLY);
	UT_CHECK_OK(fd);
	UT_CHECK(read(fd, text, sizeof(text) - 1) > 0);
	close(fd);
	long proc_uptime = atol(text);
	UT_CHECK(si.uptime >= proc_uptime && si.uptime <= proc_uptime + 2);
	UT_CHECK_ERRNO(syscall1(__NR_sysinfo, BAD_PTR), EFAULT);
}

/* syslog's sizes, READ_ALL's "<N>" lines, its errors; a user may read the
 * log (dmesg_restrict = 0) but not clear it. */
static void test_procfs_syslog(void)
{
	long size = syscall3(__NR_syslog, SYSLOG_SIZE_BUFFER, NULL, 0);
	UT_CHECK(size >= 4096);
	char *buf = malloc((size_t)size);
	UT_CHECK(buf != NULL);
	errno = 0;
	long n = syscall3(__NR_syslog, SYSLOG_READ_ALL, buf, size);
	if (n < 0 && errno == EPERM && ut_on_linux)
		ut_skip("dmesg_restrict on this host");
	UT_CHECK(n > 0 && n <= size);
	UT_CHECK(buf[0] == '<' && buf[2] == '>' && buf[n - 1] == '\n');
	UT_CHECK(syscall3(__NR_syslog, SYSLOG_READ_ALL, buf, 0) == 0);
	UT_CHECK_ERRNO(syscall3(__NR_syslog, SYSLOG_READ_ALL, buf, -1), EINVAL);
	UT_CHECK_ERRNO(syscall3(__NR_syslog, SYSLOG_READ_ALL, BAD_PTR, 100), EFAULT);
	int not_root = geteuid() != 0 ? EPERM : EINVAL; /* unknown actions are root's first */
	UT_CHECK_ERRNO(syscall3(__NR_syslog, 99, buf, size), not_root);
	free(buf);
	if (geteuid() != 0)
		return;
	pid_t pid = ut_fork();
	if (pid == 0) {
		if (setuid(1000) < 0)
			ut_fail("setuid: %s", ut_errno_name(errno));
		char small[64];
		UT_CHECK(syscall3(__NR_syslog, SYSLOG_READ_ALL, small, sizeof(small)) >= 0);
		UT_CHECK_ERRNO(syscall3(__NR_syslog, SYSLOG_CLEAR, NULL, 0), EPERM);
		_exit(0);
	}
	ut_expect_exit(pid, 0);
}

const struct ut_test ut_procfs_tests[] = {
    {"procfs_exe", test_procfs_exe},
    {"procfs_fd_links", test_procfs_fd_links},
    {"procfs_self_stat", test_procfs_self_stat},
    {"procfs_sysinfo", test_procfs_sysinfo},
    {"procfs_syslog", test_procfs_syslog},
    {NULL, NULL},
};
