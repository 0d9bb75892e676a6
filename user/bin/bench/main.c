/*
 * main.c — bench, micro-benchmarks of the kernel timed with rdtsc:
 *
 *     bench [NAME...]     run the named benchmarks, or all of them, in order
 *     bench -h | --help   the usage line, and each name with what it times
 *
 * One line per result, the shape `make bench` parses:
 *
 *     bench NAME: N cycles/op (M ops)
 *
 * or `bench NAME: skipped (REASON)` when the machine cannot run it (no disk at
 * /mnt, no swap, not root): the runner then records no figure for NAME.
 *
 * Method: each benchmark warms up first (the code and data it touches are
 * faulted in, caches and page cache filled), then takes many samples and
 * reports their median, which a stray timer interrupt or a preemption does
 * not move.  A sample is one operation when an operation is long (fork, a
 * pipe round trip, a 4 KiB read, a swap-in), or the mean of a batch when it
 * is short (getpid, a page fault) or when its single operations differ by
 * design (reads from the disk with read-ahead: files.c says why).  Cycles
 * are the TSC's, which under QEMU's TCG follows the host's clock: only
 * ratios between runs on one host mean much.
 *
 * This file: the shared helpers and the table.  The benchmarks are in
 * tasks.c (fork, exec, pipe, yield, getpid), files.c (read and write through the
 * page cache and from the disk), memory.c (page faults) and swapin.c.
 */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

#include "bench.h"

uint64_t bench_samples[BENCH_MAX_SAMPLES];

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

uint64_t bench_median(uint64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), compare_u64);
	return v[n / 2];
}

/* Flushed at once: a benchmark may fork next, and a child must not inherit
 * unwritten output. */
pid_t bench_spawn(void (*child)(int in, int out), int *to_child, int *from_child)
{
	int down[2], up[2];
	if (pipe(down) < 0 || pipe(up) < 0)
		err(1, "pipe");
	fflush(stdout); /* the child must not inherit unwritten output */
	pid_t pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		close(down[1]);
		close(up[0]);
		child(down[0], up[1]);
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	*to_child = down[1];
	*from_child = up[0];
	return pid;
}

void bench_report(const char *name, uint64_t cycles_per_op, long ops)
{
	printf("bench %s: %llu cycles/op (%ld ops)\n", name, (unsigned long long)cycles_per_op,
	       ops);
	fflush(stdout);
}

void bench_skip(const char *name, const char *why_fmt, ...)
{
	va_list ap;
	va_start(ap, why_fmt);
	printf("bench %s: skipped (", name);
	vprintf(why_fmt, ap);
	printf(")\n");
	va_end(ap);
	fflush(stdout);
}

long bench_read_counter(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[128];
	size_t key_len = strlen(key);
	long value = -1;
	while (value < 0 && fgets(line, sizeof(line), f))
		if (strncmp(line, key, key_len) == 0 && line[key_len] == ' ')
			value = strtol(line + key_len + 1, NULL, 10);
	fclose(f);
	return value;
}

/* In the order `bench` runs them; "what" is one operation, for --help. */
static const struct benchmark {
	const char *name;
	void (*run)(void);
	const char *what;
} benchmarks[] = {
    {"fork", bench_fork, "fork + _exit + waitpid"},
    {"exec", bench_exec, "fork + execve(/bin/true) + exit + waitpid"},
    {"pipe", bench_pipe, "one byte to a child and back through two pipes"},
    {"yield", bench_yield, "sched_yield() to a yielding child and back: two switches"},
    {"pagefault", bench_pagefault, "first write to a fresh anonymous page"},
    {"mmapfault", bench_mmapfault, "first read of a file page mapped, from the page cache"},
    {"fileread", bench_fileread, "4 KiB read() from the page cache (ramfs, /tmp)"},
    {"fileread_disk", bench_fileread_disk,
     "4 KiB read() from the ext2 disk at /mnt, read-ahead on"},
    {"filewrite", bench_filewrite, "4 KiB write() over cached pages (/mnt, else /tmp)"},
    {"swapin", bench_swapin, "read fault on an anonymous page in swap (root, swap on)"},
    {"getpid", bench_getpid, "getpid(), the cheapest system call"},
};

#define NR_BENCHMARKS (int)(sizeof(benchmarks) / sizeof(benchmarks[0]))

static const struct benchmark *find_benchmark(const char *name)
{
	for (int i = 0; i < NR_BENCHMARKS; i++)
		if (strcmp(benchmarks[i].name, name) == 0)
			return &benchmarks[i];
	return NULL;
}

/* The usage line, then each benchmark's name and what it times. */
static const char *usage_text(void)
{
	static char text[2048];
	int n = snprintf(text, sizeof(text), "usage: bench [NAME...]\n");
	for (int i = 0; i < NR_BENCHMARKS && n < (int)sizeof(text); i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "  %-13s %s\n",
			      benchmarks[i].name, benchmarks[i].what);
	return text;
}

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage_text()) != -1)
		continue; /* no options but --help */
	for (int i = optind; i < argc; i++)
		if (!find_benchmark(argv[i]))
			usage_error("no benchmark %s", argv[i]);
	if (optind == argc)
		for (int i = 0; i < NR_BENCHMARKS; i++)
			benchmarks[i].run();
	for (int i = optind; i < argc; i++)
		find_benchmark(argv[i])->run();
	return 0;
}
