/*
 * memory.c — page-fault benchmarks that need no disk I/O: a first write to
 * anonymous memory (a zeroed page), and a first read of a file mapping whose
 * pages are in the page cache (the cache page mapped, read-only).  Each
 * sample is the mean over a whole fresh mapping touched once per page, since
 * one fault is too short to time alone.  Swap-in faults have a file of their
 * own, swapin.c, for the container they need.
 * Next: swapin.c.
 */
#include <err.h>
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"

#define FAULT_PAGES 1024 /* per run: 4 MiB */
#define FAULT_RUNS 8
#define MMAP_FILE_PAGES 256 /* 1 MiB */
#define MMAP_RUNS 16

/* Map fresh anonymous memory and write one byte per page: one fault each. */
static uint64_t time_anon_faults(void)
{
	volatile char *mem = mmap(NULL, FAULT_PAGES * PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		err(1, "mmap");
	uint64_t start = rdtsc();
	for (int i = 0; i < FAULT_PAGES; i++)
		mem[i * PAGE] = 1;
	uint64_t cycles = rdtsc() - start;
	if (munmap((void *)mem, FAULT_PAGES * PAGE) < 0)
		err(1, "munmap");
	return cycles / FAULT_PAGES;
}

void bench_pagefault(void)
{
	time_anon_faults();
	for (int i = 0; i < FAULT_RUNS; i++)
		bench_samples[i] = time_anon_faults();
	bench_report("pagefault", bench_median(bench_samples, FAULT_RUNS),
		     (long)FAULT_PAGES * FAULT_RUNS);
}

/* Map the file afresh and read one byte per page: one fault each, each
 * finding its page in the cache. */
static uint64_t time_file_faults(int fd)
{
	volatile char *mem = mmap(NULL, MMAP_FILE_PAGES * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	if (mem == MAP_FAILED)
		err(1, "mmap");
	uint64_t start = rdtsc();
	for (int i = 0; i < MMAP_FILE_PAGES; i++)
		(void)mem[i * PAGE];
	uint64_t cycles = rdtsc() - start;
	if (munmap((void *)mem, MMAP_FILE_PAGES * PAGE) < 0)
		err(1, "munmap");
	return cycles / MMAP_FILE_PAGES;
}

/* The file is on /mnt when the disk is there (ext2's pages, which a disk
 * backs), else on /tmp; writing it leaves every page in the cache, and
 * munmap leaves them there for the next run. */
void bench_mmapfault(void)
{
	char path[64];
	int fd = bench_create_scratch("mmap", path, sizeof(path));
	int error = bench_fill_file(fd, MMAP_FILE_PAGES);
	if (error) {
		errno = error;
		err(1, "write %s", path);
	}
	time_file_faults(fd);
	for (int i = 0; i < MMAP_RUNS; i++)
		bench_samples[i] = time_file_faults(fd);
	close(fd);
	unlink(path);
	bench_report("mmapfault", bench_median(bench_samples, MMAP_RUNS),
		     (long)MMAP_FILE_PAGES * MMAP_RUNS);
}
