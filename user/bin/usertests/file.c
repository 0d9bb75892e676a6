/*
 * file.c — files and directories in /tmp: reading back what was written,
 * offsets (lseek, O_APPEND, dup and fork sharing one), O_TRUNC, O_EXCL,
 * unlink of an open file, rename, mkdir/rmdir, getdents64, stat, chdir and
 * getcwd, file times (utimensat and its elders), sendfile.  Each test starts in its own empty directory (main.c), so names
 * are plain and relative.
 *
 * An open file description (offset, flags) is shared by dup, dup2 and fork;
 * a name is only a way to it: unlink removes the name, not the open file.
 * Next: symlink.c.
 */
#include "usertests.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define FILEIO_BYTES 100000 /* 25 pages, not a whole number of them */
#define DIR_FILES 20

static int open_rw(const char *path, int extra_flags)
{
	int fd = open(path, O_RDWR | O_CREAT | extra_flags, 0644);
	if (fd < 0)
		ut_fail("open(%s): %s", path, ut_errno_name(errno));
	return fd;
}

static long long size_of(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		ut_fail("stat(%s): %s", path, ut_errno_name(errno));
	return st.st_size;
}

/* The whole content of path into buf (at most size bytes); its length. */
static size_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		ut_fail("open(%s): %s", path, ut_errno_name(errno));
	size_t got = 0;
	ssize_t n;
	while (got < size && (n = read(fd, buf + got, size - got)) > 0)
		got += (size_t)n;
	close(fd);
	return got;
}

static void expect_content(const char *path, const char *want, size_t len)
{
	char buf[256];
	size_t got = read_file(path, buf, sizeof(buf));
	if (got != len || memcmp(buf, want, len) != 0)
		ut_fail("%s holds %u bytes \"%.*s\", wanted \"%.*s\"", path, (unsigned)got,
			(int)got, buf, (int)len, want);
}

static void test_fileio(void)
{
	static char data[FILEIO_BYTES], back[FILEIO_BYTES];
	for (int i = 0; i < FILEIO_BYTES; i++)
		data[i] = (char)(i * 13 + i / 4096);
	int fd = open_rw("big", O_EXCL);
	for (size_t off = 0; off < FILEIO_BYTES; off += 777) {
		size_t n = FILEIO_BYTES - off < 777 ? FILEIO_BYTES - off : 777;
		UT_CHECK(write(fd, data + off, n) == (ssize_t)n);
	}
	UT_CHECK(close(fd) == 0);
	UT_CHECK(size_of("big") == FILEIO_BYTES);
	UT_CHECK(read_file("big", back, sizeof(back)) == FILEIO_BYTES);
	for (int i = 0; i < FILEIO_BYTES; i++)
		if (back[i] != data[i])
			ut_fail("byte %d read back wrong", i);
	UT_CHECK_ERRNO(close(fd), EBADF);
	UT_CHECK_ERRNO(read(fd, back, 1), EBADF);
}

static void test_lseek(void)
{
	char data[100], buf[16];
	for (int i = 0; i < 100; i++)
		data[i] = (char)i;
	int fd = open_rw("f", 0);
	ut_write_all(fd, data, sizeof(data));
	UT_CHECK(lseek(fd, 10, SEEK_SET) == 10);
	UT_CHECK(read(fd, buf, 5) == 5 && buf[0] == 10 && buf[4] == 14);
	UT_CHECK(lseek(fd, -5, SEEK_CUR) == 10);
	UT_CHECK(lseek(fd, 0, SEEK_CUR) == 10);
	UT_CHECK(lseek(fd, 0, SEEK_END) == 100);
	UT_CHECK(lseek(fd, -10, SEEK_END) == 90);
	UT_CHECK(read(fd, buf, 16) == 10 && buf[0] == 90 && buf[9] == 99);
	UT_CHECK(read(fd, buf, 16) == 0);
	UT_CHECK_ERRNO(lseek(fd, -1, SEEK_SET), EINVAL);
	UT_CHECK_ERRNO(lseek(fd, 0, 7), EINVAL);
	UT_CHECK(lseek(fd, 0, SEEK_CUR) == 100); /* failed seeks moved nothing */
	UT_CHECK(lseek(fd, 5000, SEEK_SET) == 5000);
	ut_write_all(fd, "z", 1);
	UT_CHECK(size_of("f") == 5001);
	UT_CHECK(lseek(fd, 4990, SEEK_SET) == 4990);
	UT_CHECK(read(fd, buf, 16) == 11 && buf[0] == 0 && buf[9] == 0 && buf[10] == 'z');
	UT_CHECK_ERRNO(lseek(-1, 0, SEEK_SET), EBADF);
	close(fd);
}

static void test_append(void)
{
	ut_write_file("f", "hello", 5);
	int fd = open("f", O_WRONLY | O_APPEND);
	UT_CHECK_OK(fd);
	UT_CHECK(lseek(fd, 0, SEEK_SET) == 0);
	ut_write_all(fd, "XY", 2);
	UT_CHECK(lseek(fd, 0, SEEK_CUR) == 7);
	int other = open("f", O_WRONLY); /* a plain writer overwrites at its offset */
	ut_write_all(other, "J", 1);
	ut_write_all(fd, "Z", 1);
	close(other);
	close(fd);
	expect_content("f", "JelloXYZ", 8);
}

static void test_truncate(void)
{
	ut_write_file("f", "hello world", 11);
	int fd = open("f", O_WRONLY | O_TRUNC);
	UT_CHECK_OK(fd);
	UT_CHECK(size_of("f") == 0);
	ut_write_all(fd, "hi", 2);
	UT_CHECK(size_of("f") == 2);
	UT_CHECK_OK(ftruncate(fd, 10));
	expect_content("f", "hi\0\0\0\0\0\0\0\0", 10);
	UT_CHECK_OK(ftruncate(fd, 1));
	expect_content("f", "h", 1);
	close(fd);
}

static void test_openerrors(void)
{
	int fd = open("new", O_RDWR | O_CREAT | O_EXCL, 0644);
	UT_CHECK_OK(fd);
	close(fd);
	UT_CHECK_ERRNO(open("new", O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	UT_CHECK_ERRNO(open("missing", O_RDONLY), ENOENT);
	UT_CHECK_ERRNO(open("new/x", O_RDONLY), ENOTDIR);
	UT_CHECK_ERRNO(open(".", O_WRONLY), EISDIR);
	UT_CHECK_ERRNO(open("new", O_RDONLY | O_DIRECTORY), ENOTDIR);
	UT_CHECK_ERRNO(open("nodir/new", O_RDWR | O_CREAT, 0644), ENOENT);
	fd = open("new", O_RDONLY);
	UT_CHECK_OK(fd);
	UT_CHECK_ERRNO(write(fd, "x", 1), EBADF);
	close(fd);
}

/* An unlinked file lives on while it is open; its name is free at once. */
static void test_unlinkopen(void)
{
	int fd = open_rw("f", 0);
	ut_write_all(fd, "data", 4);
	UT_CHECK_OK(unlink("f"));
	struct stat st;
	UT_CHECK_ERRNO(stat("f", &st), ENOENT);
	UT_CHECK_ERRNO(unlink("f"), ENOENT);
	char buf[8];
	UT_CHECK(lseek(fd, 0, SEEK_SET) == 0);
	UT_CHECK(read(fd, buf, sizeof(buf)) == 4 && memcmp(buf, "data", 4) == 0);
	ut_write_all(fd, "more", 4);
	UT_CHECK_OK(fstat(fd, &st));
	UT_CHECK(st.st_size == 8 && st.st_nlink == 0);
	int again = open_rw("f", O_EXCL);
	UT_CHECK(read(again, buf, sizeof(buf)) == 0); /* a new, empty file */
	close(again);
	UT_CHECK(lseek(fd, 4, SEEK_SET) == 4);
	UT_CHECK(read(fd, buf, sizeof(buf)) == 4 && memcmp(buf, "more", 4) == 0);
	close(fd);
}

static void test_rename(void)
{
	struct stat st;
	ut_write_file("a", "first", 5);
	UT_CHECK_OK(rename("a", "b"));
	UT_CHECK_ERRNO(stat("a", &st), ENOENT);
	expect_content("b", "first", 5);
	ut_write_file("c", "second", 6);
	UT_CHECK_OK(rename("b", "c")); /* replaces c */
	expect_content("c", "first", 5);
	UT_CHECK_ERRNO(stat("b", &st), ENOENT);
	UT_CHECK_OK(rename("c", "c"));
	UT_CHECK_ERRNO(rename("nope", "d"), ENOENT);
	UT_CHECK_OK(mkdir("dir", 0755));
	UT_CHECK_OK(rename("c", "dir/c")); /* into another directory */
	expect_content("dir/c", "first", 5);
	UT_CHECK_OK(rename("dir", "dir2"));
	expect_content("dir2/c", "first", 5);
	UT_CHECK_ERRNO(rename("dir2", "dir2/sub"), EINVAL);
	ut_write_file("file", "x", 1);
	UT_CHECK_ERRNO(rename("file", "dir2"), EISDIR);
	UT_CHECK_ERRNO(rename("dir2", "file"), ENOTDIR);
}

static void test_mkdir(void)
{
	struct stat st;
	UT_CHECK_OK(mkdir("d", 0755));
	UT_CHECK_OK(stat("d", &st));
	UT_CHECK(S_ISDIR(st.st_mode));
	UT_CHECK_ERRNO(mkdir("d", 0755), EEXIST);
	ut_write_file("d/f", "x", 1);
	UT_CHECK_ERRNO(rmdir("d"), ENOTEMPTY);
	UT_CHECK_ERRNO(unlink("d"), EISDIR);
	UT_CHECK_ERRNO(rmdir("d/f"), ENOTDIR);
	UT_CHECK_ERRNO(mkdir("d/f/g", 0755), ENOTDIR);
	UT_CHECK_ERRNO(mkdir("nope/g", 0755), ENOENT);
	UT_CHECK_ERRNO(rmdir("."), EINVAL);
	UT_CHECK_OK(unlink("d/f"));
	UT_CHECK_OK(rmdir("d"));
	UT_CHECK_ERRNO(rmdir("d"), ENOENT);
	UT_CHECK_ERRNO(stat("d", &st), ENOENT);
}

struct seen_names {
	int count[DIR_FILES + 3]; /* file00..file19, sub, ".", ".." */
	int others;
};

/* Which slot of struct seen_names a directory entry counts in, or -1. */
static int seen_index(const char *name)
{
	if (strncmp(name, "file", 4) == 0 && strlen(name) == 6) {
		int num = (name[4] - '0') * 10 + (name[5] - '0');
		return num >= 0 && num < DIR_FILES ? num : -1;
	}
	if (strcmp(name, "sub") == 0)
		return DIR_FILES;
	if (strcmp(name, ".") == 0)
		return DIR_FILES + 1;
	if (strcmp(name, "..") == 0)
		return DIR_FILES + 2;
	return -1;
}

static void count_entry(const struct linux_dirent64 *d, struct seen_names *seen)
{
	int idx = seen_index(d->d_name);
	if (idx < 0) {
		seen->others++;
		return;
	}
	seen->count[idx]++;
	unsigned char want = idx < DIR_FILES ? DT_REG : DT_DIR;
	if (d->d_type != DT_UNKNOWN && d->d_type != want)
		ut_fail("%s has d_type %d, wanted %d", d->d_name, d->d_type, want);
}

/* Read the directory with getdents64 in small gulps, counting known names. */
static void list_dir(const char *path, struct seen_names *seen)
{
	memset(seen, 0, sizeof(*seen));
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	UT_CHECK_OK(fd);
	char buf[200] __attribute__((aligned(8))); /* a few entries per call */
	long n;
	while ((n = syscall3(__NR_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			if (d->d_reclen == 0 || d->d_reclen % 8 != 0 || off + d->d_reclen > n)
				ut_fail("entry at %ld has d_reclen %d", off, d->d_reclen);
			count_entry(d, seen);
			off += d->d_reclen;
		}
	}
	if (n < 0)
		ut_fail("getdents64: %s", ut_errno_name(errno));
	close(fd);
}

static void test_getdents(void)
{
	char name[16];
	for (int i = 0; i < DIR_FILES; i++) {
		snprintf(name, sizeof(name), "file%02d", i);
		ut_write_file(name, name, strlen(name));
	}
	UT_CHECK_OK(mkdir("sub", 0755));
	struct seen_names seen;
	list_dir(".", &seen);
	for (int i = 0; i < DIR_FILES + 3; i++)
		if (seen.count[i] != 1)
			ut_fail("entry %d listed %d times", i, seen.count[i]);
	UT_CHECK(seen.others == 0);
	UT_CHECK_OK(unlink("file05"));
	UT_CHECK_OK(rmdir("sub"));
	list_dir(".", &seen);
	UT_CHECK(seen.count[5] == 0 && seen.count[DIR_FILES] == 0 && seen.count[6] == 1);
	char buf[64] __attribute__((aligned(8)));
	int fd = open("file00", O_RDONLY);
	UT_CHECK_ERRNO(syscall3(__NR_getdents64, fd, buf, sizeof(buf)), ENOTDIR);
	close(fd);
	fd = open(".", O_RDONLY | O_DIRECTORY);
	UT_CHECK_ERRNO(syscall3(__NR_getdents64, fd, buf, 8), EINVAL); /* too small */
	close(fd);
}

static void test_stat(void)
{
	struct stat st, st2;
	int fd = open_rw("a", O_EXCL);
	UT_CHECK_OK(fstat(fd, &st));
	UT_CHECK(S_ISREG(st.st_mode) && (st.st_mode & 0777) == (0644 & ~umask(022)));
	UT_CHECK(st.st_size == 0 && st.st_nlink == 1);
	static char block[5000];
	ut_write_all(fd, block, sizeof(block));
	UT_CHECK_OK(fstat(fd, &st));
	UT_CHECK(st.st_size == 5000);
	UT_CHECK_OK(stat("a", &st2));
	UT_CHECK(st2.st_ino == st.st_ino && st2.st_dev == st.st_dev && st2.st_size == 5000);
	UT_CHECK_OK(link("a", "b"));
	UT_CHECK_OK(stat("b", &st2));
	UT_CHECK(st2.st_ino == st.st_ino && st2.st_nlink == 2);
	UT_CHECK_OK(unlink("a"));
	UT_CHECK_OK(fstat(fd, &st2));
	UT_CHECK(st2.st_nlink == 1);
	close(fd);
	UT_CHECK_OK(stat(".", &st));
	UT_CHECK(S_ISDIR(st.st_mode));
	UT_CHECK_ERRNO(stat("missing", &st), ENOENT);
	UT_CHECK_ERRNO(stat("b/x", &st), ENOTDIR);
	UT_CHECK_ERRNO(fstat(-1, &st), EBADF);
}

static void test_chdir(void)
{
	char want[64], cwd[128];
	snprintf(want, sizeof(want), "/tmp/ut.%d", (int)getpid());
	UT_CHECK(getcwd(cwd, sizeof(cwd)) == cwd && strcmp(cwd, want) == 0);
	UT_CHECK_OK(mkdir("sub", 0755));
	UT_CHECK_OK(chdir("sub"));
	strcat(want, "/sub");
	UT_CHECK(getcwd(cwd, sizeof(cwd)) == cwd && strcmp(cwd, want) == 0);
	ut_write_file("inner", "in", 2);
	expect_content("../sub/inner", "in", 2);
	UT_CHECK_OK(chdir(".."));
	expect_content("sub/inner", "in", 2);
	UT_CHECK_ERRNO(chdir("nope"), ENOENT);
	UT_CHECK_ERRNO(chdir("sub/inner"), ENOTDIR);
	UT_CHECK(getcwd(cwd, 5) == NULL && errno == ERANGE);
	UT_CHECK_OK(chdir("/"));
	UT_CHECK(getcwd(cwd, sizeof(cwd)) == cwd && strcmp(cwd, "/") == 0);
	UT_CHECK_OK(chdir(want));
	expect_content("inner", "in", 2);
}

/* dup, dup2 and fork share one offset; closing one descriptor keeps the rest. */
static void test_dup(void)
{
	int fd = open_rw("f", 0);
	int fd2 = dup(fd);
	UT_CHECK_OK(fd2);
	UT_CHECK(fd2 != fd);
	ut_write_all(fd, "abc", 3);
	UT_CHECK(lseek(fd2, 0, SEEK_CUR) == 3);
	ut_write_all(fd2, "de", 2);
	UT_CHECK(lseek(fd, 0, SEEK_CUR) == 5);
	UT_CHECK(dup2(fd, 20) == 20);
	UT_CHECK(lseek(20, 1, SEEK_SET) == 1 && lseek(fd, 0, SEEK_CUR) == 1);
	int other = open_rw("g", 0);
	UT_CHECK(dup2(fd, other) == other); /* closes g's descriptor first */
	struct stat a, b;
	UT_CHECK_OK(fstat(fd, &a));
	UT_CHECK_OK(fstat(other, &b));
	UT_CHECK(a.st_ino == b.st_ino);
	UT_CHECK(dup2(fd, fd) == fd);
	UT_CHECK_ERRNO(dup(999), EBADF);
	UT_CHECK_ERRNO(dup2(999, 5), EBADF);
	UT_CHECK_ERRNO(dup2(-1, 5), EBADF);
	/* dup3: dup2 with O_CLOEXEC, and the same descriptor twice is EINVAL. */
	UT_CHECK(syscall3(__NR_dup3, fd, 21, O_CLOEXEC) == 21);
	UT_CHECK(fcntl(21, F_GETFD) == FD_CLOEXEC);
	UT_CHECK(syscall3(__NR_dup3, fd, 21, 0) == 21);
	UT_CHECK(fcntl(21, F_GETFD) == 0);
	UT_CHECK_ERRNO(syscall3(__NR_dup3, fd, fd, 0), EINVAL);
	UT_CHECK_ERRNO(syscall3(__NR_dup3, fd, 22, 1), EINVAL);
	UT_CHECK_ERRNO(syscall3(__NR_dup3, 999, 22, 0), EBADF);
	close(21);
	UT_CHECK(lseek(fd, 0, SEEK_END) == 5);
	pid_t pid = ut_fork();
	if (pid == 0) {
		ut_write_all(fd2, "xyz", 3);
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK(lseek(fd, 0, SEEK_CUR) == 8); /* the child moved the shared offset */
	UT_CHECK_OK(close(fd));
	UT_CHECK(lseek(fd2, 0, SEEK_SET) == 0); /* the others still work */
	char buf[16];
	UT_CHECK(read(20, buf, sizeof(buf)) == 8 && memcmp(buf, "abcdexyz", 8) == 0);
	close(fd2);
	close(20);
	close(other);
}

/* utimensat and its elders: explicit times, UTIME_NOW, UTIME_OMIT, a NULL
 * path naming dirfd (futimens), utimes/utime; the errors; and the rule that
 * another user may set "now" on a file it can write but no explicit time. */
static void test_utimes(void)
{
	close(open_rw("t", 0));
	struct stat st;
	struct timespec ts[2] = {{1000000, 0}, {2000000, 999999999}};
	UT_CHECK_OK(syscall4(__NR_utimensat, AT_FDCWD, "t", ts, 0));
	UT_CHECK(stat("t", &st) == 0 && st.st_atime == 1000000 && st.st_mtime == 2000000);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1] = (struct timespec){3000000, 0};
	UT_CHECK_OK(syscall4(__NR_utimensat, AT_FDCWD, "t", ts, 0));
	UT_CHECK(stat("t", &st) == 0 && st.st_atime == 1000000 && st.st_mtime == 3000000);
	time_t before = time(NULL);
	ts[1].tv_nsec = UTIME_NOW;
	int fd = open("t", O_RDONLY);
	UT_CHECK_OK(syscall4(__NR_utimensat, fd, NULL, ts, 0)); /* futimens */
	UT_CHECK(fstat(fd, &st) == 0 && st.st_atime == 1000000 && st.st_mtime >= before);
	close(fd);
	struct timeval tv[2] = {{4000000, 500000}, {5000000, 0}};
	UT_CHECK_OK(syscall2(__NR_utimes, "t", tv));
	UT_CHECK(stat("t", &st) == 0 && st.st_atime == 4000000 && st.st_mtime == 5000000);
	long ub[2] = {6000000, 7000000};
	UT_CHECK_OK(syscall2(__NR_utime, "t", ub));
	UT_CHECK(stat("t", &st) == 0 && st.st_atime == 6000000 && st.st_mtime == 7000000);
	UT_CHECK_OK(syscall2(__NR_utime, "t", NULL));
	UT_CHECK(stat("t", &st) == 0 && st.st_mtime >= before);
	/* The errors. */
	ts[0] = (struct timespec){0, 1000000000};
	UT_CHECK_ERRNO(syscall4(__NR_utimensat, AT_FDCWD, "t", ts, 0), EINVAL);
	UT_CHECK_ERRNO(syscall4(__NR_utimensat, AT_FDCWD, "t", NULL, 0x8000), EINVAL);
	UT_CHECK_ERRNO(syscall4(__NR_utimensat, AT_FDCWD, "nope", NULL, 0), ENOENT);
	UT_CHECK_ERRNO(syscall4(__NR_utimensat, AT_FDCWD, "t", (void *)8, 0), EFAULT);
	UT_CHECK_ERRNO(syscall4(__NR_utimensat, AT_FDCWD, NULL, NULL, 0), EFAULT);
	UT_CHECK_ERRNO(syscall4(__NR_utimensat, 77, NULL, NULL, 0), EBADF);
	tv[0].tv_usec = 1000000;
	UT_CHECK_ERRNO(syscall2(__NR_utimes, "t", tv), EINVAL);
	/* Not the owner: "now" needs write permission, explicit times ownership. */
	UT_CHECK_OK(chmod("t", 0666));
	close(open_rw("ro", 0));
	UT_CHECK_OK(chmod("ro", 0644));
	pid_t pid = ut_fork();
	if (pid == 0) {
		struct timespec now[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
		struct timespec set[2] = {{1, 0}, {1, 0}};
		if (setuid(1000) != 0 || syscall4(__NR_utimensat, AT_FDCWD, "t", now, 0) != 0)
			_exit(1);
		if (syscall4(__NR_utimensat, AT_FDCWD, "t", set, 0) != -1 || errno != EPERM)
			_exit(2);
		if (syscall4(__NR_utimensat, AT_FDCWD, "ro", NULL, 0) != -1 || errno != EACCES)
			_exit(3);
		_exit(0);
	}
	ut_expect_exit(pid, 0);
}

/* sendfile64 and sendfile: from a file's current position (which moves) or
 * from an offset (which moves instead), into a pipe and a file; the errors. */
static void test_sendfile(void)
{
	int in = open_rw("src", O_TRUNC);
	char data[10000];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 26);
	UT_CHECK(write(in, data, sizeof(data)) == (ssize_t)sizeof(data));
	int out = open_rw("dst", O_TRUNC);
	UT_CHECK(lseek(in, 100, SEEK_SET) == 100);
	UT_CHECK(syscall4(__NR_sendfile64, out, in, NULL, 9000) == 9000);
	UT_CHECK(lseek(in, 0, SEEK_CUR) == 9100);
	long long off = 9500;
	UT_CHECK(syscall4(__NR_sendfile64, out, in, &off, 5000) == 500); /* to the end */
	UT_CHECK(off == 10000 && lseek(in, 0, SEEK_CUR) == 9100);
	long off32 = 0;
	UT_CHECK(syscall4(__NR_sendfile, out, in, &off32, 10) == 10 && off32 == 10);
	char back[9510];
	UT_CHECK(lseek(out, 0, SEEK_SET) == 0);
	for (size_t got = 0; got < sizeof(back);) { /* a read returns a page at most */
		ssize_t n = read(out, back + got, sizeof(back) - got);
		UT_CHECK(n > 0);
		got += (size_t)n;
	}
	UT_CHECK(memcmp(back, data + 100, 9000) == 0);
	UT_CHECK(memcmp(back + 9000, data + 9500, 500) == 0);
	UT_CHECK(memcmp(back + 9500, data, 10) == 0);
	int p[2];
	UT_CHECK_OK(pipe(p));
	off = 0;
	UT_CHECK(syscall4(__NR_sendfile64, p[1], in, &off, 26) == 26);
	UT_CHECK(read(p[0], back, sizeof(back)) == 26 && memcmp(back, data, 26) == 0);
	/* The errors. */
	UT_CHECK_ERRNO(syscall4(__NR_sendfile64, out, 77, NULL, 1), EBADF);
	UT_CHECK_ERRNO(syscall4(__NR_sendfile64, out, p[0], &off, 1), ESPIPE);
	off = -1;
	UT_CHECK_ERRNO(syscall4(__NR_sendfile64, out, in, &off, 1), EINVAL);
	UT_CHECK_ERRNO(syscall4(__NR_sendfile64, out, in, (void *)8, 1), EFAULT);
	int app = open("dst", O_WRONLY | O_APPEND);
	UT_CHECK_ERRNO(syscall4(__NR_sendfile64, app, in, NULL, 1), EINVAL);
	close(app);
	close(p[0]);
	close(p[1]);
	close(in);
	close(out);
}

const struct ut_test ut_file_tests[] = {
    {"fileio", test_fileio},
    {"lseek", test_lseek},
    {"append", test_append},
    {"truncate", test_truncate},
    {"openerrors", test_openerrors},
    {"unlinkopen", test_unlinkopen},
    {"rename", test_rename},
    {"mkdir", test_mkdir},
    {"getdents", test_getdents},
    {"stat", test_stat},
    {"chdir", test_chdir},
    {"dup", test_dup},
    {"utimes", test_utimes},
    {"sendfile", test_sendfile},
    {NULL, NULL},
};
