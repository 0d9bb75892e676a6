/*
 * files.c — benchmarks of read() through the page cache.  Each sample is
 * one 4 KiB read() at a page boundary.
 * Next: memory.c.
 */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define READ_FILE_PAGES 64 /* a 256 KiB file */
#define READ_PASSES 10

_Static_assert(READ_FILE_PAGES *READ_PASSES <= BENCH_MAX_SAMPLES, "fileread's samples must fit");

static void make_read_file(const char *path)
{
	static char block[PAGE];
	memset(block, 'r', sizeof(block));
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		err(1, "%s", path);
	for (int i = 0; i < READ_FILE_PAGES; i++)
		if (write(fd, block, sizeof(block)) != sizeof(block))
			err(1, "write %s", path);
	close(fd);
}

/* Read the whole file in 4 KiB reads; each read's cycles go to out (if any). */
static void read_pass(int fd, uint64_t *out)
{
	static char block[PAGE];
	if (lseek(fd, 0, SEEK_SET) != 0)
		err(1, "lseek");
	for (int i = 0; i < READ_FILE_PAGES; i++) {
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
	snprintf(path, sizeof(path), "/tmp/bench.%d", (int)getpid());
	make_read_file(path);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		err(1, "%s", path);
	read_pass(fd, NULL); /* now every page is in the page cache */
	for (int pass = 0; pass < READ_PASSES; pass++)
		read_pass(fd, bench_samples + pass * READ_FILE_PAGES);
	close(fd);
	unlink(path);
	int n = READ_FILE_PAGES * READ_PASSES;
	bench_report("fileread", bench_median(bench_samples, n), n);
}
