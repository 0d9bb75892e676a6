/*
 * fifo.c — named pipes and mknod: a reader and a writer that block in open
 * until each other arrive, then talk; the O_NONBLOCK rules (a reader opens
 * at once, a lone writer gets ENXIO), O_RDWR, ESPIPE, EPIPE; a blocked open
 * cut short by a signal (EINTR); mknod's types and errors, as root and as
 * an ordinary user; a device node that reaches its driver; and the block-
 * device ioctls on /dev/hda (skipped without a disk).
 *
 * fifo(7) is the reference: every test passes on Linux too.  Next: file.c.
 */
#include "usertests.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define BAD_PTR ((void *)0xc0000000u) /* the kernel's half on Corral, unmapped on Linux */

static void expect_fifo(const char *path, mode_t perm)
{
	struct stat st;
	UT_CHECK_OK(stat(path, &st));
	UT_CHECK(S_ISFIFO(st.st_mode));
	UT_CHECK((st.st_mode & 07777) == perm);
	UT_CHECK(st.st_size == 0);
}

/* The reader opens first and blocks; the writer's open lets it through. */
static void test_fifo(void)
{
	umask(022);
	UT_CHECK_OK(mkfifo("f", 0666));
	expect_fifo("f", 0644);
	UT_CHECK_ERRNO(mkfifo("f", 0666), EEXIST);
	pid_t reader = ut_fork();
	if (reader == 0) {
		int fd = open("f", O_RDONLY); /* blocks until the writer below */
		if (fd < 0)
			ut_fail("open for reading: %s", ut_errno_name(errno));
		char buf[16] = {0};
		ut_read_all(fd, buf, 7);
		if (memcmp(buf, "through", 7) != 0)
			ut_fail("read \"%s\"", buf);
		if (read(fd, buf, sizeof(buf)) != 0) /* the writer closed: end of file */
			ut_fail("no end of file");
		_exit(0);
	}
	ut_sleep_ms(50); /* let the reader sleep in open */
	int fd = open("f", O_WRONLY); /* the reader is there (or comes): no wait */
	UT_CHECK(fd >= 0);
	ut_write_all(fd, "through", 7);
	close(fd);
	ut_expect_exit(reader, 0);
	UT_CHECK_OK(unlink("f"));
}

/* The writer opens first and blocks until a reader comes. */
static void test_fifowriterwaits(void)
{
	UT_CHECK_OK(mkfifo("f", 0600));
	pid_t writer = ut_fork();
	if (writer == 0) {
		int fd = open("f", O_WRONLY);
		if (fd < 0)
			ut_fail("open for writing: %s", ut_errno_name(errno));
		ut_write_all(fd, "x", 1);
		_exit(0);
	}
	ut_sleep_ms(50);
	int fd = open("f", O_RDONLY);
	UT_CHECK(fd >= 0);
	char c = 0;
	UT_CHECK(read(fd, &c, 1) == 1 && c == 'x');
	ut_expect_exit(writer, 0);
	UT_CHECK(read(fd, &c, 1) == 0);
	close(fd);
}

static void test_fifononblock(void)
{
	UT_CHECK_OK(mknod("f", S_IFIFO | 0600, 0));
	UT_CHECK_ERRNO(open("f", O_WRONLY | O_NONBLOCK), ENXIO); /* no reader */
	int r = open("f", O_RDONLY | O_NONBLOCK);
	UT_CHECK(r >= 0);
	char c;
	UT_CHECK(read(r, &c, 1) == 0); /* no writer: end of file, not EAGAIN */
	int w = open("f", O_WRONLY | O_NONBLOCK);
	UT_CHECK(w >= 0);
	UT_CHECK_ERRNO(read(r, &c, 1), EAGAIN);
	UT_CHECK_ERRNO(lseek(r, 0, SEEK_SET), ESPIPE);
	UT_CHECK_ERRNO(lseek(w, 0, SEEK_END), ESPIPE);
	UT_CHECK(write(w, "ab", 2) == 2);
	int rw = open("f", O_RDWR); /* at once, and the same pipe */
	UT_CHECK(rw >= 0);
	UT_CHECK(read(rw, &c, 1) == 1 && c == 'a');
	UT_CHECK(read(r, &c, 1) == 1 && c == 'b');
	close(rw);
	close(r);
	signal(SIGPIPE, SIG_IGN);
	UT_CHECK_ERRNO(write(w, "c", 1), EPIPE); /* no reader left */
	close(w);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* A child blocks in open (accmode, no partner) until SIGUSR1, which it
 * handles without SA_RESTART: open fails EINTR.  The parent signals until
 * the child is gone, so a signal that lands before the open cannot leave the
 * child asleep (alarm is not Corral's). */
static void expect_open_interrupted(int accmode)
{
	int ready[2];
	ut_pipe(ready);
	pid_t pid = ut_fork();
	if (pid == 0) {
		ut_catch_signal(SIGUSR1, on_usr1);
		ut_write_all(ready[1], "r", 1);
		UT_CHECK_ERRNO(open("f", accmode), EINTR);
		_exit(0);
	}
	char c;
	ut_read_all(ready[0], &c, 1);
	ut_signal_until_exit(pid, SIGUSR1, 20, 0);
	close(ready[0]);
	close(ready[1]);
}

static void test_fifointr(void)
{
	UT_CHECK_OK(mkfifo("f", 0600));
	expect_open_interrupted(O_RDONLY);
	expect_open_interrupted(O_WRONLY);
	/* Nothing was left behind: no reader counts, so a lone writer is refused. */
	UT_CHECK_ERRNO(open("f", O_WRONLY | O_NONBLOCK), ENXIO);
}

/* mknod as root: types, errors, and a device node that reaches its driver. */
static void test_mknod(void)
{
	umask(022);
	UT_CHECK_OK(mknod("reg", 0640, 0)); /* type 0: a regular file */
	struct stat st;
	UT_CHECK_OK(stat("reg", &st));
	UT_CHECK(S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0640 && st.st_size == 0);
	UT_CHECK_ERRNO(mknod("reg", S_IFIFO | 0644, 0), EEXIST);
	UT_CHECK_ERRNO(mknod("reg/x", S_IFIFO | 0644, 0), ENOTDIR);
	UT_CHECK_ERRNO(mknod("nodir/x", S_IFIFO | 0644, 0), ENOENT);
	UT_CHECK_ERRNO(mknod("d", S_IFDIR | 0755, 0), EPERM);
	UT_CHECK_ERRNO(mknod("bad", 0170000 | 0644, 0), EINVAL);
	UT_CHECK_ERRNO(mknod(BAD_PTR, S_IFIFO | 0644, 0), EFAULT);
	UT_CHECK_OK(mknod("null2", S_IFCHR | 0666, makedev(1, 3)));
	UT_CHECK_OK(stat("null2", &st));
	UT_CHECK(S_ISCHR(st.st_mode));
	UT_CHECK(major(st.st_rdev) == 1 && minor(st.st_rdev) == 3);
	int fd = open("null2", O_RDWR);
	UT_CHECK(fd >= 0);
	UT_CHECK(write(fd, "gone", 4) == 4);
	char c;
	UT_CHECK(read(fd, &c, 1) == 0);
	close(fd);
	UT_CHECK_OK(mknodat(AT_FDCWD, "fifo2", S_IFIFO | 0600, 0));
	UT_CHECK_OK(lstat("fifo2", &st));
	UT_CHECK(S_ISFIFO(st.st_mode));
}

/* mknod as an ordinary user: FIFOs yes, devices no, and the directory's rules. */
static void test_mknoduser(void)
{
	UT_CHECK_OK(mkdir("open", 0777));
	UT_CHECK_OK(chmod("open", 0777));
	pid_t pid = ut_fork();
	if (pid == 0) {
		if (setuid(1000) < 0)
			ut_fail("setuid: %s", ut_errno_name(errno));
		UT_CHECK_ERRNO(mknod("open/hda", S_IFBLK | 0600, makedev(3, 0)), EPERM);
		UT_CHECK_ERRNO(mknod("open/tty", S_IFCHR | 0600, makedev(5, 0)), EPERM);
		UT_CHECK_OK(mknod("open/f", S_IFIFO | 0600, 0));
		UT_CHECK_ERRNO(mknod("open/f", S_IFCHR | 0600, makedev(1, 3)), EEXIST);
		UT_CHECK_ERRNO(mknod("/ut_fifo_user", S_IFIFO | 0600, 0), EACCES);
		UT_CHECK_ERRNO(mknod("open/f2", 0170000, 0), EINVAL);
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	struct stat st;
	UT_CHECK_OK(stat("open/f", &st));
	UT_CHECK(S_ISFIFO(st.st_mode) && st.st_uid == 1000);
}

/* The block-device ioctls on the first disk, if there is one. */
static void test_blkioctl(void)
{
	int fd = open("/dev/hda", O_RDONLY);
	if (fd < 0)
		ut_skip("no /dev/hda");
	uint64_t size = 0;
	unsigned long nr_sectors = 0;
	int sector_size = 0, block_size = 0, is_ro = -1;
	UT_CHECK_OK(ioctl(fd, BLKGETSIZE64, &size));
	UT_CHECK_OK(ioctl(fd, BLKGETSIZE, &nr_sectors));
	UT_CHECK(size > 0 && size == (uint64_t)nr_sectors * 512);
	UT_CHECK(lseek(fd, 0, SEEK_END) == (off_t)size);
	UT_CHECK_OK(ioctl(fd, BLKSSZGET, &sector_size));
	UT_CHECK(sector_size == 512);
	UT_CHECK_OK(ioctl(fd, BLKBSZGET, &block_size));
	UT_CHECK(block_size >= 512 && block_size <= 4096 && (block_size & (block_size - 1)) == 0);
	UT_CHECK_OK(ioctl(fd, BLKROGET, &is_ro));
	UT_CHECK(is_ro == 0);
	UT_CHECK_OK(ioctl(fd, BLKFLSBUF, 0));
	UT_CHECK_ERRNO(ioctl(fd, BLKGETSIZE64, BAD_PTR), EFAULT);
	UT_CHECK_ERRNO(ioctl(fd, BLKSSZGET, NULL), EFAULT);
	UT_CHECK_ERRNO(ioctl(fd, 0x12ff, &size), ENOTTY);
	pid_t pid = ut_fork();
	if (pid == 0) { /* the open descriptor stays; the power to flush goes */
		if (setuid(1000) < 0)
			ut_fail("setuid: %s", ut_errno_name(errno));
		UT_CHECK_ERRNO(ioctl(fd, BLKFLSBUF, 0), EACCES);
		UT_CHECK_OK(ioctl(fd, BLKGETSIZE64, &size));
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	close(fd);
}

const struct ut_test ut_fifo_tests[] = {
    {"fifo", test_fifo},
    {"fifowriterwaits", test_fifowriterwaits},
    {"fifononblock", test_fifononblock},
    {"fifointr", test_fifointr},
    {"mknod", test_mknod},
    {"mknoduser", test_mknoduser},
    {"blkioctl", test_blkioctl},
    {NULL, NULL},
};
