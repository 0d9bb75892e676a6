/*
 * files.c — benchmarks of read() and write() through the page cache, and of
 * reads from the ext2 disk at /mnt.  All reads and writes are of 4 KiB at a
 * page boundary.
 *
 *   fileread       pages already in the cache (ramfs: a copy and nothing else)
 *   fileread_disk  pages dropped from the cache before each pass, so each
 *                  pass reads the file from the disk (a sample is a pass)
 *   filewrite      overwriting pages already in the cache (no disk I/O)
 *
 * Files are made in a scratch directory: /mnt when the ext2 disk is mounted
 * there and writable (the path with a disk behind the cache), else /tmp.
 * Next: memory.c.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define READ_FILE_PAGES 64 /* a 256 KiB file */
#define READ_PASSES 10
#define DISK_FILE_PAGES 128 /* 512 KiB: several read-ahead windows of 128 KiB */
#define DISK_PASSES 9
#define WRITE_FILE_PAGES 64
#define WRITE_PASSES 10
#define DROP_CACHES "/proc/sys/vm/drop_caches"

_Static_assert((READ_FILE_PAGES * READ_PASSES) <= BENCH_MAX_SAMPLES, "fileread's must fit");
_Static_assert((WRITE_FILE_PAGES * WRITE_PASSES) <= BENCH_MAX_SAMPLES, "filewrite's must fit");

/* Is a file system mounted on /mnt?  /proc/mounts says, one mount a line:
 * "DEVICE DIR TYPE ...". */
static bool mnt_is_mounted(void)
{
	FILE *f = fopen("/proc/mounts", "r");
	if (!f)
		return false;
	char line[256];
	bool is_mounted = false;
	while (!is_mounted && fgets(line, sizeof(line), f)) {
		char *dir = strchr(line, ' ');
		is_mounted = dir && strncmp(dir, " /mnt ", 6) == 0;
	}
	fclose(f);
	return is_mounted;
}

/* Create (empty) a file named for tag and this process in dir; its path goes
 * to path.  The descriptor is read-write, or -1 with errno. */
static int create_file(const char *dir, const char *tag, char *path, size_t size)
{
	snprintf(path, size, "%s/bench-%s.%d", dir, tag, (int)getpid());
	return open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
}

int bench_create_scratch(const char *tag, char *path, size_t size)
{
	if (mnt_is_mounted()) {
		int fd = create_file("/mnt", tag, path, size);
		if (fd >= 0)
			return fd;
	}
	int fd = create_file("/tmp", tag, path, size);
	if (fd < 0)
		err(1, "%s", path);
	return fd;
}

/* Write pages pages of bytes at fd's offset, each write's cycles to out (if
 * any): 0 or an errno value. */
static int write_pages(int fd, int pages, uint64_t *out)
{
	static char block[PAGE];
	memset(block, 'w', sizeof(block));
	for (int i = 0; i < pages; i++) {
		uint64_t start = rdtsc();
		ssize_t n = write(fd, block, sizeof(block));
		if (out)
			out[i] = rdtsc() - start;
		if (n != sizeof(block))
			return n < 0 ? errno : ENOSPC;
	}
	return 0;
}

int bench_fill_file(int fd, int pages)
{
	return write_pages(fd, pages, NULL);
}

/* Read pages pages from the start in 4 KiB reads; each read's cycles go to
 * out (if any). */
static void read_pass(int fd, int pages, uint64_t *out)
{
	static char block[PAGE];
	if (lseek(fd, 0, SEEK_SET) != 0)
		err(1, "lseek");
	for (int i = 0; i < pages; i++) {
		uint64_t start = rdtsc();
		if (read(fd, block, sizeof(block)) != sizeof(block))
			err(1, "read");
		if (out)
			out[i] = rdtsc() - start;
	}
}

void bench_fileread(void)
{
	char path[64];
	int fd = create_file("/tmp", "read", path, sizeof(path));
	if (fd < 0)
		err(1, "%s", path);
	int error = bench_fill_file(fd, READ_FILE_PAGES);
	if (error) {
		errno = error;
		err(1, "write %s", path);
	}
	read_pass(fd, READ_FILE_PAGES, NULL); /* code and buffer warm */
	for (int pass = 0; pass < READ_PASSES; pass++)
		read_pass(fd, READ_FILE_PAGES, bench_samples + pass * READ_FILE_PAGES);
	close(fd);
	unlink(path);
	int n = READ_FILE_PAGES * READ_PASSES;
	bench_report("fileread", bench_median(bench_samples, n), n);
}

/* The file for fileread_disk on /mnt, written and on the disk: its
 * descriptor, or -1 after saying why not. */
static int make_disk_file(char *path, size_t size)
{
	if (!mnt_is_mounted()) {
		bench_skip("fileread_disk", "/mnt is not mounted");
		return -1;
	}
	int fd = create_file("/mnt", "disk", path, size);
	if (fd < 0) {
		bench_skip("fileread_disk", "%s: %s", path, strerror(errno));
		return -1;
	}
	int error = bench_fill_file(fd, DISK_FILE_PAGES);
	if (!error && fsync(fd) < 0)
		error = errno;
	if (error) {
		bench_skip("fileread_disk", "writing %s: %s", path, strerror(error));
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

/* Drop every clean page of the page cache: after fsync, all of our file's. */
static void drop_caches(int drop_fd)
{
	if (write(drop_fd, "1", 1) != 1)
		err(1, "%s", DROP_CACHES);
}

/* The figure, if the passes did read the file from the disk: pgpgin (KiB
 * read from disks) grew by its size each pass.  If it did not, drop_caches
 * kept our pages and the figure would be fileread's. */
static void report_disk_reads(long disk_kib)
{
	long file_kib = DISK_FILE_PAGES * (PAGE / 1024);
	if (disk_kib < file_kib * (DISK_PASSES + 1)) {
		bench_skip("fileread_disk", "%ld KiB read from the disk, not %ld: still cached",
			   disk_kib, file_kib * (DISK_PASSES + 1));
		return;
	}
	bench_report("fileread_disk", bench_median(bench_samples, DISK_PASSES),
		     (long)DISK_FILE_PAGES * DISK_PASSES);
}

/*
 * What a 4 KiB read costs when the file is on the disk, not in memory: a
 * sample is one sequential pass over a 512 KiB file just dropped from the
 * page cache, its cycles divided by its 4 KiB reads; the result is the
 * median over the passes.  Not the median of single reads: read-ahead (a
 * window of 4 pages doubling to 32) makes them two kinds.  The read that
 * misses starts the next window and then waits for the disk (today for the
 * whole window: its own page is queued behind it); the reads after it find
 * their pages there and cost what fileread does.  Most reads are of the
 * second kind, so their median would be a page-cache hit; the mean over a
 * pass is the disk's cost per 4 KiB in a sequential stream, plus the read()
 * path.  The file's metadata (inode, indirect blocks) stays in
 * ext2's buffer cache, which drop_caches leaves alone: the disk reads are
 * file data.
 */
void bench_fileread_disk(void)
{
	int drop_fd = open(DROP_CACHES, O_WRONLY);
	if (drop_fd < 0) {
		bench_skip("fileread_disk", "%s: %s", DROP_CACHES, strerror(errno));
		return;
	}
	char path[64];
	int fd = make_disk_file(path, sizeof(path));
	if (fd < 0) {
		close(drop_fd);
		return;
	}
	long disk_kib = -bench_read_counter("/proc/vmstat", "pgpgin");
	for (int pass = -1; pass < DISK_PASSES; pass++) { /* pass -1 warms up */
		drop_caches(drop_fd);
		uint64_t start = rdtsc();
		read_pass(fd, DISK_FILE_PAGES, NULL);
		if (pass >= 0)
			bench_samples[pass] = (rdtsc() - start) / DISK_FILE_PAGES;
	}
	disk_kib += bench_read_counter("/proc/vmstat", "pgpgin");
	close(fd);
	close(drop_fd);
	unlink(path);
	report_disk_reads(disk_kib);
}

/*
 * What a 4 KiB write() costs into pages already in the page cache: the first
 * pass makes the file (allocating its pages, and its blocks on ext2) and is
 * not timed; the timed passes overwrite the same 256 KiB, each write a whole
 * page, so nothing is read and nothing allocated: the copy, ext2's block
 * lookup (prepare_write) and marking the page dirty.  Writing the dirty
 * pages back is not part of it: the flusher takes pages dirty for 30 s, and
 * bench removes the file long before.  On /tmp (no disk at /mnt) it is
 * ramfs's path: a copy into the page.
 */
void bench_filewrite(void)
{
	char path[64];
	int fd = bench_create_scratch("write", path, sizeof(path));
	int error = bench_fill_file(fd, WRITE_FILE_PAGES);
	for (int pass = 0; pass < WRITE_PASSES && !error; pass++) {
		if (lseek(fd, 0, SEEK_SET) != 0)
			err(1, "lseek");
		error = write_pages(fd, WRITE_FILE_PAGES, bench_samples + pass * WRITE_FILE_PAGES);
	}
	if (error) {
		errno = error;
		err(1, "write %s", path);
	}
	close(fd);
	unlink(path);
	int n = WRITE_FILE_PAGES * WRITE_PASSES;
	bench_report("filewrite", bench_median(bench_samples, n), n);
}
