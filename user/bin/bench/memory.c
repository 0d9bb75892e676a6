/*
 * memory.c — page-fault benchmarks: a first touch of anonymous memory.  Each
 * sample is the mean over a whole mapping touched once per page, since one
 * fault is too short to time alone.  Swap-in faults have a file of their own,
 * swapin.c, for the container they need.
 * Next: swapin.c.
 */
#include <err.h>
#include <sys/mman.h>

#include "bench.h"

#define FAULT_PAGES 1024 /* per run: 4 MiB */
#define FAULT_RUNS 8

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
