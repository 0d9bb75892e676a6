/*
 * symlink.c — symbolic links: symlink, readlink (cut short, no NUL, EINVAL),
 * lstat against stat, following in the middle and at the end of a path,
 * relative targets from the link's directory, ".." after a link, ELOOP for
 * loops and for 41 links, dangling links, open with O_NOFOLLOW, O_CREAT and
 * O_EXCL, unlink/rename/link/rmdir acting on the link itself, lchown, the
 * *at() calls (symlinkat, readlinkat, fstatat64, fchownat) and bad pointers.
 *
 * A link is a name whose inode holds a path.  The kernel walks that path in
 * the link's place (fs/namei.c); the calls that act on names (unlink, rename,
 * link, lstat, readlink) stop at the link.  Linux is the reference: every
 * test passes there too.  Next: signal.c.
 */
#include "usertests.h"

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BAD_PTR ((void *)0xc0000000u) /* the kernel's half on Corral, unmapped on Linux */
#define NR_LINKS_MAX 40		     /* Linux's MAXSYMLINKS */

static void make_file(const char *path, const char *text)
{
	ut_write_file(path, text, strlen(text));
}

static void expect_readlink(const char *path, const char *want)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf));
	if (n != (ssize_t)strlen(want) || memcmp(buf, want, (size_t)n) != 0)
		ut_fail("readlink(%s) gave %ld \"%.*s\", wanted \"%s\"", path, (long)n,
			n > 0 ? (int)n : 0, buf, want);
}

static mode_t lstat_type(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		ut_fail("lstat(%s): %s", path, ut_errno_name(errno));
	return st.st_mode & S_IFMT;
}

static ino_t inode_of(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		ut_fail("stat(%s): %s", path, ut_errno_name(errno));
	return st.st_ino;
}

static void expect_content(const char *path, const char *want)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		ut_fail("open(%s): %s", path, ut_errno_name(errno));
	ssize_t n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n != (ssize_t)strlen(want) || memcmp(buf, want, (size_t)n) != 0)
		ut_fail("%s holds \"%.*s\", wanted \"%s\"", path, n > 0 ? (int)n : 0, buf, want);
}

/* lstat sees the link (size: its text's length), stat and open its target. */
static void test_symlink(void)
{
	make_file("target", "hello");
	UT_CHECK_OK(symlink("target", "l"));
	expect_readlink("l", "target");
	struct stat st, lst;
	UT_CHECK_OK(stat("l", &st));
	UT_CHECK_OK(lstat("l", &lst));
	UT_CHECK(S_ISREG(st.st_mode) && st.st_size == 5);
	UT_CHECK(S_ISLNK(lst.st_mode) && lst.st_size == 6);
	UT_CHECK((lst.st_mode & 0777) == 0777);
	UT_CHECK(st.st_ino == inode_of("target") && lst.st_ino != st.st_ino);
	expect_content("l", "hello");
	int fd = open("l", O_WRONLY | O_APPEND);
	UT_CHECK(fd >= 0 && write(fd, "!", 1) == 1);
	close(fd);
	expect_content("target", "hello!"); /* writes through the link reach the target */
	UT_CHECK_OK(unlink("l"));
	UT_CHECK_ERRNO(lstat("l", &lst), ENOENT);
	expect_content("target", "hello!"); /* unlink took the link, not the target */
}

/* readlink adds no NUL, cuts to the buffer, and only reads links. */
static void test_readlink(void)
{
	make_file("file", "x");
	UT_CHECK_OK(symlink("a/long/enough/target", "l"));
	char buf[32];
	memset(buf, 'X', sizeof(buf));
	UT_CHECK(readlink("l", buf, sizeof(buf)) == 20);
	UT_CHECK(memcmp(buf, "a/long/enough/target", 20) == 0 && buf[20] == 'X');
	memset(buf, 'X', sizeof(buf));
	UT_CHECK(readlink("l", buf, 6) == 6);
	UT_CHECK(memcmp(buf, "a/longX", 7) == 0);
	UT_CHECK_ERRNO(readlink("l", buf, 0), EINVAL);
	UT_CHECK_ERRNO(syscall3(__NR_readlink, "l", buf, -1), EINVAL); /* bufsiz is an int */
	UT_CHECK_ERRNO(readlink("file", buf, sizeof(buf)), EINVAL);
	UT_CHECK_ERRNO(readlink(".", buf, sizeof(buf)), EINVAL);
	UT_CHECK_ERRNO(readlink("missing", buf, sizeof(buf)), ENOENT);
	UT_CHECK_ERRNO(readlink("file/x", buf, sizeof(buf)), ENOTDIR);
	UT_CHECK_ERRNO(readlink("l", BAD_PTR, sizeof(buf)), EFAULT);
	UT_CHECK_ERRNO(readlink(BAD_PTR, buf, sizeof(buf)), EFAULT);
	UT_CHECK_ERRNO(readlink("", buf, sizeof(buf)), ENOENT);
}

static void test_symlinkerrors(void)
{
	make_file("file", "x");
	UT_CHECK_OK(mkdir("d", 0755));
	UT_CHECK_OK(symlink("nowhere", "dangling"));
	UT_CHECK_ERRNO(symlink("x", "dangling"), EEXIST); /* a dangling link still exists */
	UT_CHECK_ERRNO(symlink("x", "file"), EEXIST);
	UT_CHECK_ERRNO(symlink("x", "d"), EEXIST);
	UT_CHECK_ERRNO(symlink("x", "missing/l"), ENOENT);
	UT_CHECK_ERRNO(symlink("x", "file/l"), ENOTDIR);
	UT_CHECK_ERRNO(symlink("x", "new/"), ENOENT);
	UT_CHECK_ERRNO(symlink("", "empty"), ENOENT);
	UT_CHECK_ERRNO(symlink(BAD_PTR, "l"), EFAULT);
	UT_CHECK_ERRNO(symlink("x", BAD_PTR), EFAULT);
	UT_CHECK_ERRNO(mkdir("dangling", 0755), EEXIST);
	UT_CHECK_ERRNO(rmdir("dangling"), ENOTDIR);
	static char too_long[PATH_MAX + 16];
	memset(too_long, 'a', sizeof(too_long) - 1);
	UT_CHECK_ERRNO(symlink(too_long, "l"), ENAMETOOLONG);
	struct stat st;
	UT_CHECK_ERRNO(lstat("l", &st), ENOENT); /* nothing was left behind */
}

/* Followed in the middle and at the end; relative from the link's directory. */
static void test_symlinkfollow(void)
{
	char cwd[PATH_MAX], abs_target[PATH_MAX + 8], where[PATH_MAX];
	UT_CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	UT_CHECK_OK(mkdir("d", 0755));
	UT_CHECK_OK(mkdir("d/e", 0755));
	make_file("d/f", "data");
	snprintf(abs_target, sizeof(abs_target), "%s/d", cwd);
	UT_CHECK_OK(symlink("d", "rel"));
	UT_CHECK_OK(symlink(abs_target, "abs"));
	UT_CHECK_OK(symlink("d/e", "deep"));
	UT_CHECK_OK(symlink("../d/f", "d/back")); /* relative to d, not to the cwd */
	ino_t f = inode_of("d/f"), d = inode_of("d");
	UT_CHECK(inode_of("rel/f") == f && inode_of("abs/f") == f);
	UT_CHECK(inode_of("rel") == d && inode_of("d/back") == f && inode_of("abs/back") == f);
	UT_CHECK(inode_of("deep/..") == d); /* ".." from where the link led */
	UT_CHECK(inode_of("deep/../f") == f);
	UT_CHECK(lstat_type("rel") == S_IFLNK && lstat_type("rel/") == S_IFDIR);
	UT_CHECK_OK(chdir("deep"));
	UT_CHECK(getcwd(where, sizeof(where)) != NULL);
	char want[PATH_MAX + 8];
	snprintf(want, sizeof(want), "%s/d/e", cwd);
	if (strcmp(where, want) != 0) /* the real directory, not the link's name */
		ut_fail("getcwd after chdir(deep) is %s, wanted %s", where, want);
	UT_CHECK(inode_of("../back") == f);
	UT_CHECK_OK(chdir(cwd));
	UT_CHECK_OK(access("rel/f", R_OK));
	UT_CHECK_ERRNO(chdir("d/back"), ENOTDIR);
}

/* A loop, a chain of 41, a dangling link. */
static void test_symlinkloop(void)
{
	struct stat st;
	UT_CHECK_OK(symlink("b", "a"));
	UT_CHECK_OK(symlink("a", "b"));
	UT_CHECK_ERRNO(stat("a", &st), ELOOP);
	UT_CHECK_ERRNO(stat("a/x", &st), ELOOP);
	UT_CHECK_ERRNO(open("a", O_RDONLY), ELOOP);
	UT_CHECK_ERRNO(chdir("a"), ELOOP);
	UT_CHECK_OK(lstat("a", &st));
	UT_CHECK_OK(mkdir("d", 0755));
	/* c0 -> d, cN -> c(N-1): reaching d through cN takes N + 1 links. */
	char name[16], target[16];
	for (int i = 0; i <= NR_LINKS_MAX; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		snprintf(target, sizeof(target), "c%d", i - 1);
		UT_CHECK_OK(symlink(i ? target : "d", name));
	}
	snprintf(name, sizeof(name), "c%d", NR_LINKS_MAX - 1);
	UT_CHECK_OK(stat(name, &st)); /* 40 links */
	snprintf(name, sizeof(name), "c%d", NR_LINKS_MAX);
	UT_CHECK_ERRNO(stat(name, &st), ELOOP); /* 41 */
	UT_CHECK_OK(symlink("nowhere", "dangling"));
	UT_CHECK_ERRNO(stat("dangling", &st), ENOENT);
	UT_CHECK_ERRNO(stat("dangling/x", &st), ENOENT);
	UT_CHECK_ERRNO(open("dangling", O_RDONLY), ENOENT);
	UT_CHECK_OK(lstat("dangling", &st));
}

/* open: O_NOFOLLOW, O_CREAT through a dangling link, O_EXCL. */
static void test_symlinkopen(void)
{
	make_file("file", "x");
	UT_CHECK_OK(mkdir("d", 0755));
	UT_CHECK_OK(symlink("file", "l"));
	UT_CHECK_OK(symlink("d", "ld"));
	UT_CHECK_OK(symlink("d/made", "dangling"));
	UT_CHECK_ERRNO(open("l", O_RDONLY | O_NOFOLLOW), ELOOP);
	UT_CHECK_ERRNO(open("l", O_WRONLY | O_CREAT | O_NOFOLLOW, 0644), ELOOP);
	UT_CHECK_ERRNO(open("l", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	UT_CHECK_ERRNO(open("dangling", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	UT_CHECK_ERRNO(open("ld", O_WRONLY | O_CREAT, 0644), EISDIR);
	int fd = open("file", O_RDONLY | O_NOFOLLOW); /* not a link: fine */
	UT_CHECK(fd >= 0);
	close(fd);
	fd = open("ld/", O_RDONLY | O_NOFOLLOW); /* a '/' after the link follows it */
	UT_CHECK(fd >= 0);
	close(fd);
	fd = open("dangling", O_WRONLY | O_CREAT, 0644); /* makes what the link names */
	UT_CHECK(fd >= 0 && write(fd, "made", 4) == 4);
	close(fd);
	expect_content("d/made", "made");
	UT_CHECK(lstat_type("dangling") == S_IFLNK);
	fd = open("l", O_WRONLY | O_TRUNC);
	UT_CHECK(fd >= 0);
	close(fd);
	struct stat st;
	UT_CHECK_OK(stat("file", &st));
	UT_CHECK(st.st_size == 0); /* O_TRUNC reached the target */
}

/* The calls that act on names act on the link itself. */
static void test_symlinknames(void)
{
	make_file("file", "x");
	UT_CHECK_OK(mkdir("d", 0755));
	UT_CHECK_OK(symlink("file", "l"));
	UT_CHECK_OK(symlink("d", "ld"));
	UT_CHECK_OK(rename("l", "l2"));
	expect_readlink("l2", "file");
	UT_CHECK_OK(link("l2", "hard")); /* link(2) does not follow: a second name of the link */
	struct stat st;
	UT_CHECK_OK(lstat("hard", &st));
	UT_CHECK(S_ISLNK(st.st_mode) && st.st_nlink == 2);
	UT_CHECK_OK(unlink("hard"));
	UT_CHECK_OK(unlink("l2"));
	UT_CHECK_ERRNO(rmdir("ld"), ENOTDIR);
	UT_CHECK_ERRNO(rmdir("ld/"), ENOTDIR);
	UT_CHECK_ERRNO(unlink("ld/"), ENOTDIR);
	UT_CHECK_OK(unlink("ld"));
	UT_CHECK_OK(stat("d", &st)); /* still there */
	UT_CHECK_OK(stat("file", &st));
}

/* chown follows, lchown does not; as a user, only "no change" is allowed. */
static void test_lchown(void)
{
	make_file("file", "x");
	UT_CHECK_OK(symlink("file", "l"));
	UT_CHECK_OK(lchown("l", (uid_t)-1, (gid_t)-1));
	UT_CHECK_ERRNO(lchown("missing", (uid_t)-1, (gid_t)-1), ENOENT);
	UT_CHECK_ERRNO(lchown(BAD_PTR, (uid_t)-1, (gid_t)-1), EFAULT);
	if (geteuid() != 0)
		return;
	struct stat st, lst;
	UT_CHECK_OK(lchown("l", 1234, 1235));
	UT_CHECK_OK(lstat("l", &lst));
	UT_CHECK_OK(stat("l", &st));
	UT_CHECK(lst.st_uid == 1234 && lst.st_gid == 1235 && st.st_uid != 1234);
	UT_CHECK_OK(chown("l", 4321, (gid_t)-1));
	UT_CHECK_OK(stat("file", &st));
	UT_CHECK_OK(lstat("l", &lst));
	UT_CHECK(st.st_uid == 4321 && lst.st_uid == 1234);
}

/* symlinkat, readlinkat, fstatat64 and fchownat, by raw system call. */
static void test_symlinkat(void)
{
	UT_CHECK_OK(mkdir("d", 0755));
	make_file("d/file", "abc");
	int dirfd = open("d", O_RDONLY | O_DIRECTORY), filefd = open("d/file", O_RDONLY);
	UT_CHECK(dirfd >= 0 && filefd >= 0);
	UT_CHECK_OK(syscall3(__NR_symlinkat, "file", dirfd, "l"));
	char buf[16];
	UT_CHECK(syscall4(__NR_readlinkat, dirfd, "l", buf, sizeof(buf)) == 4);
	UT_CHECK(memcmp(buf, "file", 4) == 0);
	UT_CHECK_ERRNO(syscall4(__NR_readlinkat, filefd, "l", buf, sizeof(buf)), ENOTDIR);
	UT_CHECK_ERRNO(syscall4(__NR_readlinkat, 99, "l", buf, sizeof(buf)), EBADF);
	struct stat64 st;
	UT_CHECK_OK(syscall4(__NR_fstatat64, dirfd, "l", &st, 0));
	UT_CHECK(S_ISREG(st.st_mode) && st.st_size == 3);
	UT_CHECK_OK(syscall4(__NR_fstatat64, dirfd, "l", &st, AT_SYMLINK_NOFOLLOW));
	UT_CHECK(S_ISLNK(st.st_mode) && st.st_size == 4);
	UT_CHECK_OK(syscall4(__NR_fstatat64, filefd, "", &st, AT_EMPTY_PATH));
	UT_CHECK(S_ISREG(st.st_mode) && st.st_size == 3);
	UT_CHECK_ERRNO(syscall4(__NR_fstatat64, filefd, "", &st, 0), ENOENT);
	UT_CHECK_ERRNO(syscall4(__NR_fstatat64, dirfd, "l", &st, 0x4), EINVAL);
	UT_CHECK_ERRNO(syscall4(__NR_fstatat64, dirfd, "l", BAD_PTR, 0), EFAULT);
	UT_CHECK_OK(syscall4(__NR_fstatat64, AT_FDCWD, "d/l", &st, AT_SYMLINK_NOFOLLOW));
	UT_CHECK(S_ISLNK(st.st_mode));
	UT_CHECK_OK(syscall5(__NR_fchownat, dirfd, "l", -1, -1, AT_SYMLINK_NOFOLLOW));
	UT_CHECK_ERRNO(syscall5(__NR_fchownat, dirfd, "l", -1, -1, 0x4), EINVAL);
	close(filefd);
	close(dirfd);
}

/* statx, the call glibc's stat family uses: the stat64 fields, links followed
 * or not, a descriptor with AT_EMPTY_PATH, and its errors. */
static void test_statx(void)
{
	make_file("sx", "hello");
	UT_CHECK_OK(symlink("sx", "sxl"));
	struct statx stx;
	struct stat st;
	memset(&stx, 0xff, sizeof(stx));
	UT_CHECK_OK(syscall5(__NR_statx, AT_FDCWD, "sxl", 0, STATX_BASIC_STATS, &stx));
	UT_CHECK_OK(stat("sx", &st));
	UT_CHECK((stx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
	UT_CHECK(S_ISREG(stx.stx_mode) && stx.stx_size == 5 && stx.stx_nlink == 1);
	UT_CHECK(stx.stx_ino == st.st_ino && stx.stx_mode == st.st_mode);
	UT_CHECK(stx.stx_uid == st.st_uid && stx.stx_gid == st.st_gid);
	UT_CHECK(stx.stx_mtime.tv_sec == (long long)st.st_mtime && stx.stx_btime.tv_sec == 0);
	UT_CHECK(stx.__spare3[11] == 0); /* all 256 bytes written */
	UT_CHECK_OK(syscall5(__NR_statx, AT_FDCWD, "sxl", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS,
			     &stx));
	UT_CHECK(S_ISLNK(stx.stx_mode) && stx.stx_size == 2);
	int fd = open("sx", O_RDONLY);
	UT_CHECK(fd >= 0);
	UT_CHECK_OK(syscall5(__NR_statx, fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx));
	UT_CHECK(S_ISREG(stx.stx_mode) && stx.stx_size == 5);
	UT_CHECK_ERRNO(syscall5(__NR_statx, fd, "", 0, STATX_BASIC_STATS, &stx), ENOENT);
	UT_CHECK_ERRNO(syscall5(__NR_statx, AT_FDCWD, "sx", 0x4, STATX_BASIC_STATS, &stx), EINVAL);
	UT_CHECK_ERRNO(syscall5(__NR_statx, AT_FDCWD, "sx", AT_STATX_SYNC_TYPE, 0, &stx), EINVAL);
	UT_CHECK_ERRNO(syscall5(__NR_statx, AT_FDCWD, "sx", 0, STATX__RESERVED, &stx), EINVAL);
	UT_CHECK_ERRNO(syscall5(__NR_statx, AT_FDCWD, "sx", 0, STATX_BASIC_STATS, BAD_PTR), EFAULT);
	UT_CHECK_ERRNO(syscall5(__NR_statx, AT_FDCWD, "nope", 0, STATX_BASIC_STATS, &stx), ENOENT);
	close(fd);
}

const struct ut_test ut_symlink_tests[] = {
    {"symlink", test_symlink},
    {"readlink", test_readlink},
    {"symlinkerrors", test_symlinkerrors},
    {"symlinkfollow", test_symlinkfollow},
    {"symlinkloop", test_symlinkloop},
    {"symlinkopen", test_symlinkopen},
    {"symlinknames", test_symlinknames},
    {"lchown", test_lchown},
    {"symlinkat", test_symlinkat},
    {"statx", test_statx},
    {NULL, NULL},
};
