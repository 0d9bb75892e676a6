/*
 * cred.c — what a process is besides its memory and files: supplementary
 * groups (setgroups/getgroups, both widths), its root directory (chroot)
 * and its nice value (getpriority/setpriority).
 *
 * Each is set in a forked child, so the runner keeps its own; each is checked
 * where it must hold: in the call's own answer, in permission checks, in
 * /proc, across fork, and across exec (ut_cred_exec_check, run as
 * "usertests -x cred NGROUPS NICE [chroot]").  The errors are checked
 * as root and as uid 1000.  Next: exec.c.
 */
#include "usertests.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BAD_PTR ((void *)0xc0000000u) /* the kernel's half on Corral, unmapped on Linux */
#define CORRAL_NGROUPS_MAX 32	      /* kernel's CRED_NGROUPS_MAX (Linux: 65536) */
#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2
#define NICE_BIAS 20 /* the raw getpriority returns 20 - nice */

static void need_root(void)
{
	if (geteuid() != 0)
		ut_skip("not running as root");
}

static int read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return (int)n;
}

/* The nth space-separated field of /proc/self/stat after the ")" (field 3 is the state). */
static long stat_field(int nth)
{
	char text[1024];
	UT_CHECK(read_text("/proc/self/stat", text, sizeof(text)) > 0);
	const char *p = strrchr(text, ')');
	UT_CHECK(p != NULL);
	p += 2;
	for (int field = 3; field < nth; field++) {
		p = strchr(p, ' ');
		UT_CHECK(p != NULL);
		p++;
	}
	return strtol(p, NULL, 10);
}

/* ---- supplementary groups ---- */

static void groups_check_list(const uint32_t *want, int n)
{
	uint32_t got[CORRAL_NGROUPS_MAX];
	UT_CHECK(syscall2(__NR_getgroups32, 0, NULL) == n);
	UT_CHECK(syscall2(__NR_getgroups32, CORRAL_NGROUPS_MAX, got) == n);
	for (int i = 0; i < n; i++)
		if (got[i] != want[i])
			ut_fail("getgroups32[%d] = %u, wanted %u", i, got[i], want[i]);
}

/* setgroups32 and getgroups32: the list comes back sorted; the size rules;
 * fork copies the list; /proc/self/status shows it. */
static void test_groups(void)
{
	need_root();
	pid_t pid = ut_fork();
	if (pid == 0) {
		uint32_t set[3] = {300, 100, 200}, sorted[3] = {100, 200, 300}, got[4];
		UT_CHECK_OK(syscall2(__NR_setgroups32, 3, set));
		groups_check_list(sorted, 3);
		UT_CHECK_ERRNO(syscall2(__NR_getgroups32, 2, got), EINVAL);
		UT_CHECK_ERRNO(syscall2(__NR_getgroups32, -1, got), EINVAL);
		UT_CHECK_ERRNO(syscall2(__NR_getgroups32, 3, BAD_PTR), EFAULT);
		UT_CHECK_ERRNO(syscall2(__NR_setgroups32, 65537, set), EINVAL);
		UT_CHECK_ERRNO(syscall2(__NR_setgroups32, -1, set), EINVAL);
		UT_CHECK_ERRNO(syscall2(__NR_setgroups32, 2, BAD_PTR), EFAULT);
		uint32_t minus_one = (uint32_t)-1;
		UT_CHECK_ERRNO(syscall2(__NR_setgroups32, 1, &minus_one), EINVAL);
		if (!ut_on_linux) { /* Corral's fixed list; Linux takes 65536 */
			static uint32_t many[CORRAL_NGROUPS_MAX + 1];
			UT_CHECK_ERRNO(syscall2(__NR_setgroups32, CORRAL_NGROUPS_MAX + 1, many),
				       EINVAL);
			UT_CHECK_OK(syscall2(__NR_setgroups32, CORRAL_NGROUPS_MAX, many));
			UT_CHECK_OK(syscall2(__NR_setgroups32, 3, set));
		}
		groups_check_list(sorted, 3); /* the failed calls changed nothing */
		char status[1024];
		UT_CHECK(read_text("/proc/self/status", status, sizeof(status)) > 0);
		UT_CHECK(strstr(status, "\nGroups:\t100 200 300 \n") != NULL);
		pid_t child = ut_fork();
		if (child == 0) {
			groups_check_list(sorted, 3);
			_exit(0);
		}
		ut_expect_exit(child, 0);
		UT_CHECK_OK(syscall2(__NR_setgroups32, 0, NULL));
		UT_CHECK(syscall2(__NR_getgroups32, 0, NULL) == 0);
		UT_CHECK(syscall2(__NR_getgroups32, 3, BAD_PTR) == 0); /* nothing to copy */
		UT_CHECK(read_text("/proc/self/status", status, sizeof(status)) > 0);
		UT_CHECK(strstr(status, "\nGroups:\t \n") != NULL);
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK(syscall2(__NR_getgroups32, 0, NULL) == 0); /* the parent kept its own */
}

/* The old 16-bit calls (80, 81): 16-bit ids in and out; an id past 65535
 * reads back as the overflow gid 65534; 0xffff is -1 and refused. */
static void test_groups16(void)
{
	need_root();
	pid_t pid = ut_fork();
	if (pid == 0) {
		uint16_t set16[2] = {7, 5}, got16[4] = {0};
		UT_CHECK_OK(syscall2(__NR_setgroups, 2, set16));
		UT_CHECK(syscall2(__NR_getgroups, 0, NULL) == 2);
		UT_CHECK(syscall2(__NR_getgroups, 4, got16) == 2);
		UT_CHECK(got16[0] == 5 && got16[1] == 7 && got16[2] == 0);
		uint32_t wide[2] = {5, 70000};
		UT_CHECK_OK(syscall2(__NR_setgroups32, 2, wide));
		UT_CHECK(syscall2(__NR_getgroups, 2, got16) == 2);
		UT_CHECK(got16[0] == 5 && got16[1] == 65534);
		UT_CHECK_ERRNO(syscall2(__NR_getgroups, 1, got16), EINVAL);
		uint16_t none = 0xffff;
		UT_CHECK_ERRNO(syscall2(__NR_setgroups, 1, &none), EINVAL);
		UT_CHECK_ERRNO(syscall2(__NR_setgroups, 1, BAD_PTR), EFAULT);
		_exit(0);
	}
	ut_expect_exit(pid, 0);
}

/* A file only its group may read: uid 1000 reads it with the group among
 * its supplementary ones, and not without; it may not set groups itself. */
static void test_groupperm(void)
{
	need_root();
	ut_write_file("g", "group\n", 6);
	UT_CHECK_OK(chown("g", 0, 200));
	UT_CHECK_OK(chmod("g", 0040));
	for (int with_group = 0; with_group < 2; with_group++) {
		pid_t pid = ut_fork();
		if (pid == 0) {
			uint32_t groups[2] = {150, 200};
			UT_CHECK_OK(syscall2(__NR_setgroups32, with_group ? 2 : 0, groups));
			UT_CHECK_OK(setgid(1000));
			UT_CHECK_OK(setuid(1000));
			UT_CHECK_ERRNO(syscall2(__NR_setgroups32, 0, NULL), EPERM);
			UT_CHECK_ERRNO(syscall2(__NR_setgroups, 0, NULL), EPERM);
			UT_CHECK_ERRNO(open("g", O_WRONLY), EACCES);
			if (with_group) {
				int fd = open("g", O_RDONLY);
				UT_CHECK_OK(fd);
				close(fd);
			} else {
				UT_CHECK_ERRNO(open("g", O_RDONLY), EACCES);
			}
			_exit(0);
		}
		ut_expect_exit(pid, 0);
	}
}

/* ---- chroot ---- */

static void copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	UT_CHECK_OK(in);
	UT_CHECK_OK(out);
	char buf[4096];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ut_write_all(out, buf, (size_t)n);
	UT_CHECK(n == 0);
	close(in);
	close(out);
}

static void chroot_make_tree(void)
{
	UT_CHECK_OK(mkdir("root", 0755));
	UT_CHECK_OK(mkdir("root/sub", 0755));
	ut_write_file("root/marker", "in\n", 3);
	ut_write_file("outside", "out\n", 4);
}

/* Inside the new root: "/" is it, ".." at it stays, links and absolute paths
 * stay in; the cwd left outside still works, and getcwd says so. */
static void chroot_check_inside(void)
{
	struct stat root, up;
	UT_CHECK_OK(stat("/", &root));
	UT_CHECK_OK(stat("/..", &up));
	UT_CHECK(root.st_ino == up.st_ino && root.st_dev == up.st_dev);
	UT_CHECK_OK(access("/marker", F_OK));
	UT_CHECK_OK(access("/sub/../../../marker", F_OK));
	UT_CHECK_ERRNO(access("/outside", F_OK), ENOENT);
	/* The cwd stayed outside, as Linux leaves it. */
	UT_CHECK_OK(access("outside", F_OK));
	char cwd[256];
	long n = syscall2(__NR_getcwd, cwd, sizeof(cwd));
	UT_CHECK(n > 0 && strncmp(cwd, "(unreachable)/", 14) == 0);
	UT_CHECK_OK(chdir("/sub"));
	UT_CHECK_OK(chdir("../.."));
	UT_CHECK(syscall2(__NR_getcwd, cwd, sizeof(cwd)) == 2 && strcmp(cwd, "/") == 0);
	UT_CHECK_OK(symlink("/marker", "/sub/abs"));
	UT_CHECK_OK(access("/sub/abs", F_OK)); /* an absolute target starts at the new root */
}

static void test_chroot(void)
{
	need_root();
	chroot_make_tree();
	copy_file(ut_self, "root/ut");
	pid_t pid = ut_fork();
	if (pid == 0) {
		UT_CHECK_OK(syscall1(__NR_chroot, "root"));
		chroot_check_inside();
		pid_t child = ut_fork();
		if (child == 0) { /* fork copies the root */
			UT_CHECK_OK(access("/marker", F_OK));
			_exit(0);
		}
		ut_expect_exit(child, 0);
		/* exec keeps it: the program is found in the new root, and sees it */
		char *argv[] = {"ut", "-x", "cred", "0", "0", "chroot", NULL};
		execv("/ut", argv);
		ut_fail("execv /ut: %s", ut_errno_name(errno));
	}
	ut_expect_exit(pid, 0);
	UT_CHECK_ERRNO(access("/marker", F_OK), ENOENT); /* the parent's root is its own */
}

static void test_chrooterr(void)
{
	need_root();
	chroot_make_tree();
	UT_CHECK_OK(mkdir("nox", 0666));
	UT_CHECK_ERRNO(syscall1(__NR_chroot, "missing"), ENOENT);
	UT_CHECK_ERRNO(syscall1(__NR_chroot, "root/marker"), ENOTDIR);
	UT_CHECK_ERRNO(syscall1(__NR_chroot, ""), ENOENT);
	UT_CHECK_ERRNO(syscall1(__NR_chroot, BAD_PTR), EFAULT);
	pid_t pid = ut_fork();
	if (pid == 0) {
		UT_CHECK_OK(setuid(1000));
		UT_CHECK_ERRNO(syscall1(__NR_chroot, "root"), EPERM);
		UT_CHECK_ERRNO(syscall1(__NR_chroot, "/"), EPERM);
		/* Linux's order: the lookup and search permission come before EPERM. */
		UT_CHECK_ERRNO(syscall1(__NR_chroot, "missing"), ENOENT);
		UT_CHECK_ERRNO(syscall1(__NR_chroot, "nox"), EACCES);
		_exit(0);
	}
	ut_expect_exit(pid, 0);
}

/* ---- nice values ---- */

static long raw_getpriority(int which, int who)
{
	return syscall2(__NR_getpriority, which, who);
}

static void check_nice(int nice)
{
	UT_CHECK(raw_getpriority(PRIO_PROCESS, 0) == NICE_BIAS - nice);
	UT_CHECK(raw_getpriority(PRIO_PROCESS, getpid()) == NICE_BIAS - nice);
	UT_CHECK(stat_field(19) == nice);
	UT_CHECK(stat_field(18) == NICE_BIAS + nice);
}

/* Root: set, clamp, read by process, group and user; fork inherits. */
static void test_priority(void)
{
	need_root();
	pid_t pid = ut_fork();
	if (pid == 0) {
		UT_CHECK_OK(setpgid(0, 0));
		check_nice(0);
		UT_CHECK_OK(syscall3(__NR_setpriority, PRIO_PROCESS, 0, 5));
		check_nice(5);
		UT_CHECK_OK(syscall3(__NR_setpriority, PRIO_PROCESS, 0, 100));
		check_nice(19);
		UT_CHECK_OK(syscall3(__NR_setpriority, PRIO_PROCESS, getpid(), -100));
		check_nice(-20);
		UT_CHECK_OK(syscall3(__NR_setpriority, PRIO_PGRP, 0, 3));
		check_nice(3);
		UT_CHECK(raw_getpriority(PRIO_PGRP, 0) == NICE_BIAS - 3);
		UT_CHECK(raw_getpriority(PRIO_PGRP, getpid()) == NICE_BIAS - 3);
		/* root's tasks: the lowest nice among them, this one's 3 included */
		UT_CHECK(raw_getpriority(PRIO_USER, 0) >= NICE_BIAS - 3);
		pid_t child = ut_fork();
		if (child == 0) {
			check_nice(3);
			_exit(0);
		}
		ut_expect_exit(child, 0);
		UT_CHECK_ERRNO(raw_getpriority(3, 0), EINVAL);
		UT_CHECK_ERRNO(raw_getpriority(-1, 0), EINVAL);
		UT_CHECK_ERRNO(syscall3(__NR_setpriority, 3, 0, 0), EINVAL);
		UT_CHECK_ERRNO(raw_getpriority(PRIO_PROCESS, 0x7ffffff0), ESRCH);
		UT_CHECK_ERRNO(raw_getpriority(PRIO_PROCESS, -5), ESRCH);
		UT_CHECK_ERRNO(raw_getpriority(PRIO_PGRP, 0x7ffffff0), ESRCH);
		UT_CHECK_ERRNO(syscall3(__NR_setpriority, PRIO_PROCESS, 0x7ffffff0, 0), ESRCH);
		UT_CHECK_ERRNO(raw_getpriority(PRIO_USER, 54321), ESRCH);
		/* exec keeps it (and the groups): checked by the program exec'd */
		uint32_t groups[2] = {41, 42};
		UT_CHECK_OK(syscall2(__NR_setgroups32, 2, groups));
		char *argv[] = {"usertests", "-x", "cred", "2", "3", NULL};
		execv(ut_self, argv);
		ut_fail("execv %s: %s", ut_self, ut_errno_name(errno));
	}
	ut_expect_exit(pid, 0);
}

/* A user may raise its own nice, not lower it (EACCES), and may not touch
 * another user's tasks (EPERM). */
static void test_priorityperm(void)
{
	need_root();
	unsigned long lim[2];
	UT_CHECK_OK(syscall2(__NR_ugetrlimit, 13 /* RLIMIT_NICE */, lim));
	if (!ut_on_linux) /* what makes lowering root's alone (a host may differ) */
		UT_CHECK(lim[0] == 0 && lim[1] == 0);
	pid_t root_task = getpid();
	pid_t pid = ut_fork();
	if (pid == 0) {
		UT_CHECK_OK(setuid(1000));
		UT_CHECK_OK(syscall3(__NR_setpriority, PRIO_PROCESS, 0, 5));
		check_nice(5);
		UT_CHECK_OK(syscall3(__NR_setpriority, PRIO_PROCESS, 0, 5)); /* not lower: fine */
		UT_CHECK_ERRNO(syscall3(__NR_setpriority, PRIO_PROCESS, 0, 4), EACCES);
		UT_CHECK_ERRNO(syscall3(__NR_setpriority, PRIO_PROCESS, 0, -20), EACCES);
		check_nice(5);
		UT_CHECK_ERRNO(syscall3(__NR_setpriority, PRIO_PROCESS, root_task, 10), EPERM);
		/* reading is anyone's */
		UT_CHECK(raw_getpriority(PRIO_PROCESS, root_task) > 0);
		UT_CHECK_OK(syscall3(__NR_setpriority, PRIO_USER, 0, 7)); /* uid 1000's: this one */
		check_nice(7);
		if (syscall1(__NR_getpgid, root_task) == getpgrp()) {
			/* A group of root's tasks and this one: the refusal is the
			 * result, and the tasks it may change are changed (Linux). */
			UT_CHECK_ERRNO(syscall3(__NR_setpriority, PRIO_PGRP, 0, 9), EPERM);
			check_nice(9);
		}
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK(raw_getpriority(PRIO_PROCESS, 0) == NICE_BIAS); /* untouched */
}

/* "usertests -x cred NGROUPS NICE [chroot]": exit 0 if exec kept that many
 * groups and that nice value, and with "chroot" test_chroot's root. */
int ut_cred_exec_check(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (syscall2(__NR_getgroups32, 0, NULL) != atoi(argv[0]))
		return 3;
	if (raw_getpriority(PRIO_PROCESS, 0) != NICE_BIAS - atoi(argv[1]))
		return 4;
	if (argc >= 3 && strcmp(argv[2], "chroot") == 0 && access("/marker", F_OK) != 0)
		return 5; /* /marker is at "/" only inside test_chroot's root */
	return 0;
}

const struct ut_test ut_cred_tests[] = {
    {"groups", test_groups},
    {"groups16", test_groups16},
    {"groupperm", test_groupperm},
    {"chroot", test_chroot},
    {"chrooterr", test_chrooterr},
    {"priority", test_priority},
    {"priorityperm", test_priorityperm},
    {NULL, NULL},
};
