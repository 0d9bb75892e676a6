/*
 * mmap.c — file mappings: a store through MAP_SHARED reaches the file (read()
 * sees it, and it outlives the mapping), one through MAP_PRIVATE does not, a
 * write() shows through a shared mapping, a fork shares a shared mapping,
 * the page past the end of the file is a bus error, and every bad request is
 * refused with Linux's errno.  Next: pipe.c.
 */
#include "usertests.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define FILE_PAGES 3

static unsigned char pattern_at(size_t i)
{
	return (unsigned char)(i * 31 + 7);
}

/* A file of FILE_PAGES pages of pattern, opened with flags. */
static int make_pattern_file(const char *path, int flags)
{
	static unsigned char data[FILE_PAGES * UT_PAGE];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = pattern_at(i);
	ut_write_file(path, data, sizeof(data));
	int fd = open(path, flags);
	if (fd < 0)
		ut_fail("open %s: %s", path, ut_errno_name(errno));
	return fd;
}

static unsigned char byte_of_file(int fd, off_t offset)
{
	unsigned char c = 0;
	if (lseek(fd, offset, SEEK_SET) != offset || read(fd, &c, 1) != 1)
		ut_fail("reading byte %ld of the file: %s", (long)offset, ut_errno_name(errno));
	return c;
}

static unsigned char *map_file(int fd, size_t pages, int prot, int flags)
{
	void *p = mmap(NULL, pages * UT_PAGE, prot, flags, fd, 0);
	if (p == MAP_FAILED)
		ut_fail("mmap of a file: %s", ut_errno_name(errno));
	return p;
}

static void test_mmapfileshared(void)
{
	int fd = make_pattern_file("f", O_RDWR);
	unsigned char *p = map_file(fd, FILE_PAGES, PROT_READ | PROT_WRITE, MAP_SHARED);
	for (size_t i = 0; i < FILE_PAGES * UT_PAGE; i += 997)
		UT_CHECK(p[i] == pattern_at(i));
	p[UT_PAGE + 5] = 'S';
	UT_CHECK(byte_of_file(fd, UT_PAGE + 5) == 'S'); /* read() sees the store */
	UT_CHECK(lseek(fd, 2 * UT_PAGE + 9, SEEK_SET) == 2 * UT_PAGE + 9);
	UT_CHECK(write(fd, "W", 1) == 1);
	UT_CHECK(p[2 * UT_PAGE + 9] == 'W'); /* the mapping sees write() */
	pid_t pid = ut_fork();
	if (pid == 0) {
		p[7] = 'C'; /* the child's store, through the shared mapping */
		_exit(0);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK(p[7] == 'C');
	UT_CHECK_OK(msync(p, FILE_PAGES * UT_PAGE, MS_SYNC));
	UT_CHECK_OK(munmap(p, FILE_PAGES * UT_PAGE));
	close(fd);
	fd = open("f", O_RDONLY);
	UT_CHECK(fd >= 0);
	UT_CHECK(byte_of_file(fd, UT_PAGE + 5) == 'S' && byte_of_file(fd, 7) == 'C');
	close(fd);
}

static void test_mmapfileprivate(void)
{
	int fd = make_pattern_file("f", O_RDONLY);
	unsigned char *p = map_file(fd, FILE_PAGES, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	UT_CHECK(p[UT_PAGE] == pattern_at(UT_PAGE));
	p[UT_PAGE] = 'P';
	UT_CHECK(p[UT_PAGE] == 'P');
	UT_CHECK(byte_of_file(fd, UT_PAGE) == pattern_at(UT_PAGE)); /* the file is untouched */
	pid_t pid = ut_fork();
	if (pid == 0) {
		p[UT_PAGE] = 'c'; /* the child's copy */
		_exit(p[UT_PAGE] == 'c' ? 0 : 1);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK(p[UT_PAGE] == 'P');
	UT_CHECK_OK(munmap(p, FILE_PAGES * UT_PAGE));
	close(fd);
}

static void touch_past_end(void *arg)
{
	volatile unsigned char *p = arg;
	(void)p[UT_PAGE]; /* the page after the file's last one */
}

static void test_mmapfileend(void)
{
	ut_write_file("small", "tiny", 4);
	int fd = open("small", O_RDONLY);
	UT_CHECK(fd >= 0);
	unsigned char *p = map_file(fd, 2, PROT_READ, MAP_PRIVATE);
	UT_CHECK(p[0] == 't' && p[3] == 'y' && p[4] == 0 && p[UT_PAGE - 1] == 0);
	ut_expect_crash(touch_past_end, p, SIGBUS, "a read past the end of a mapped file");
	UT_CHECK_OK(munmap(p, 2 * UT_PAGE));
	close(fd);
}

static void test_mmapfileerrors(void)
{
	int rdonly = make_pattern_file("f", O_RDONLY);
	int wronly = open("f", O_WRONLY);
	int dir = open(".", O_RDONLY);
	int null = open("/dev/null", O_RDWR);
	UT_CHECK(wronly >= 0 && dir >= 0 && null >= 0);
	const int rw = PROT_READ | PROT_WRITE;
	UT_CHECK_ERRNO(mmap(NULL, UT_PAGE, PROT_READ, MAP_SHARED, wronly, 0), EACCES);
	UT_CHECK_ERRNO(mmap(NULL, UT_PAGE, rw, MAP_SHARED, rdonly, 0), EACCES);
	UT_CHECK_ERRNO(mmap(NULL, UT_PAGE, PROT_READ, MAP_SHARED, dir, 0), ENODEV);
	UT_CHECK_ERRNO(mmap(NULL, UT_PAGE, PROT_READ, MAP_SHARED, null, 0), ENODEV);
	UT_CHECK_ERRNO(mmap(NULL, UT_PAGE, PROT_READ, MAP_SHARED, 99, 0), EBADF);
	UT_CHECK_ERRNO(mmap(NULL, UT_PAGE, PROT_READ, MAP_SHARED, -1, 0), EBADF);
	UT_CHECK_ERRNO(mmap(NULL, 0, PROT_READ, MAP_SHARED, rdonly, 0), EINVAL);
	void *p = mmap(NULL, UT_PAGE, rw, MAP_PRIVATE, rdonly, 0); /* private: fine */
	UT_CHECK(p != MAP_FAILED);
	UT_CHECK_OK(munmap(p, UT_PAGE));
	UT_CHECK_ERRNO(msync((void *)0x1001, UT_PAGE, MS_SYNC), EINVAL);
	close(rdonly), close(wronly), close(dir), close(null);
}

const struct ut_test ut_mmap_tests[] = {
    {"mmapfileshared", test_mmapfileshared},
    {"mmapfileprivate", test_mmapfileprivate},
    {"mmapfileend", test_mmapfileend},
    {"mmapfileerrors", test_mmapfileerrors},
    {NULL, NULL},
};
