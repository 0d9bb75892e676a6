/*
 * bench.c — micro-benchmarks of the system-call layer, timed with rdtsc:
 *
 *     bench [NAME...]     run the named benchmarks, or all of them
 *     bench -h | --help   the usage line, and each name with what it times
 *
 * One line per result, the shape `make bench` parses:
 *
 *     bench NAME: N cycles/op (M ops)
 *
 * Method: each benchmark warms up first (the code and data it touches are
 * faulted in, caches and page cache filled), then takes many samples and
 * reports their median, which a stray timer interrupt or a preemption does
 * not move.  A sample is one operation when an operation is long (fork, a
 * pipe round trip, a 4 KiB read), or the mean of a batch when it is short
 * (getpid, a page fault).  rdtsc is not serialising; at these costs (hundreds
 * of cycles and more) that error is noise.
 */
#include <err.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define FORK_SAMPLES 200
#define EXEC_SAMPLES 100
#define EXEC_PATH "/bin/true"
#define PIPE_ROUNDS 2000
#define FAULT_PAGES 1024 /* per run: 4 MiB */
#define FAULT_RUNS 8
#define READ_FILE_PAGES 64 /* a 256 KiB file */
#define READ_PASSES 10
#define GETPID_BATCHES 100
#define GETPID_BATCH 100
#define MAX_SAMPLES                                                                                \
	(READ_FILE_PAGES * READ_PASSES > PIPE_ROUNDS ? READ_FILE_PAGES * READ_PASSES : PIPE_ROUNDS)

static uint64_t samples[MAX_SAMPLES];

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), compare_u64);
	return v[n / 2];
}

static void report(const char *name, uint64_t cycles_per_op, long ops)
{
	printf("bench %s: %llu cycles/op (%ld ops)\n", name, (unsigned long long)cycles_per_op,
	       ops);
	fflush(stdout);
}

static uint64_t time_fork_exit_wait(void)
{
	uint64_t start = rdtsc();
	pid_t pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0)
		_exit(0);
	if (waitpid(pid, NULL, 0) != pid)
		err(1, "waitpid");
	return rdtsc() - start;
}

static void bench_fork(void)
{
	fflush(stdout); /* children must not inherit unwritten output */
	for (int i = 0; i < 10; i++)
		time_fork_exit_wait();
	for (int i = 0; i < FORK_SAMPLES; i++)
		samples[i] = time_fork_exit_wait();
	report("fork", median(samples, FORK_SAMPLES), FORK_SAMPLES);
}

/* fork, and the child becomes EXEC_PATH: the whole life of a tiny program. */
static uint64_t time_fork_exec_wait(void)
{
	static char *const argv[] = {"true", NULL};
	static char *const envp[] = {NULL};
	int status;
	uint64_t start = rdtsc();
	pid_t pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		execve(EXEC_PATH, argv, envp);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		err(1, "waitpid");
	uint64_t cycles = rdtsc() - start;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		errx(1, "exec: %s failed (status %#x)", EXEC_PATH, status);
	return cycles;
}

static void bench_exec(void)
{
	fflush(stdout);
	for (int i = 0; i < 5; i++)
		time_fork_exec_wait(); /* EXEC_PATH's pages into the page cache */
	for (int i = 0; i < EXEC_SAMPLES; i++)
		samples[i] = time_fork_exec_wait();
	report("exec", median(samples, EXEC_SAMPLES), EXEC_SAMPLES);
}

/* One byte to the echoing child and back: two switches and four system calls. */
static uint64_t time_round_trip(int to_child, int from_child)
{
	char c = 'p';
	uint64_t start = rdtsc();
	if (write(to_child, &c, 1) != 1 || read(from_child, &c, 1) != 1)
		err(1, "pipe round trip");
	return rdtsc() - start;
}

static void bench_pipe(void)
{
	int down[2], up[2];
	if (pipe(down) < 0 || pipe(up) < 0)
		err(1, "pipe");
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		char c;
		close(down[1]);
		close(up[0]);
		while (read(down[0], &c, 1) == 1)
			if (write(up[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	for (int i = 0; i < 100; i++)
		time_round_trip(down[1], up[0]);
	for (int i = 0; i < PIPE_ROUNDS; i++)
		samples[i] = time_round_trip(down[1], up[0]);
	close(down[1]); /* the child reads EOF and exits */
	waitpid(pid, NULL, 0);
	close(up[0]);
	report("pipe", median(samples, PIPE_ROUNDS), PIPE_ROUNDS);
}

/* Map fresh anonymous memory and write one byte per page: one fault each. */
static uint64_t time_faults(void)
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

static void bench_pagefault(void)
{
	time_faults();
	for (int i = 0; i < FAULT_RUNS; i++)
		samples[i] = time_faults();
	report("pagefault", median(samples, FAULT_RUNS), (long)FAULT_PAGES * FAULT_RUNS);
}

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

static void bench_fileread(void)
{
	char path[64];
	snprintf(path, sizeof(path), "/tmp/bench.%d", (int)getpid());
	make_read_file(path);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		err(1, "%s", path);
	read_pass(fd, NULL); /* now every page is in the page cache */
	for (int pass = 0; pass < READ_PASSES; pass++)
		read_pass(fd, samples + pass * READ_FILE_PAGES);
	close(fd);
	unlink(path);
	int n = READ_FILE_PAGES * READ_PASSES;
	report("fileread", median(samples, n), n);
}

static void bench_getpid(void)
{
	for (int i = 0; i < 1000; i++)
		getpid();
	for (int b = 0; b < GETPID_BATCHES; b++) {
		uint64_t start = rdtsc();
		for (int i = 0; i < GETPID_BATCH; i++)
			getpid();
		samples[b] = (rdtsc() - start) / GETPID_BATCH;
	}
	report("getpid", median(samples, GETPID_BATCHES), (long)GETPID_BATCHES * GETPID_BATCH);
}

/* In the order `bench` runs them; "what" is one operation, for --help. */
static const struct benchmark {
	const char *name;
	void (*run)(void);
	const char *what;
} benchmarks[] = {
    {"fork", bench_fork, "fork + _exit + waitpid"},
    {"exec", bench_exec, "fork + execve(" EXEC_PATH ") + exit + waitpid"},
    {"pipe", bench_pipe, "one byte to a child and back through two pipes"},
    {"pagefault", bench_pagefault, "first write to a fresh anonymous page"},
    {"fileread", bench_fileread, "4 KiB read() from the page cache (ramfs, /tmp)"},
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

static void usage(FILE *f)
{
	fprintf(f, "usage: bench [NAME...]\n");
	for (int i = 0; i < NR_BENCHMARKS; i++)
		fprintf(f, "  %-13s %s\n", benchmarks[i].name, benchmarks[i].what);
}

int main(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!find_benchmark(argv[i])) {
			fprintf(stderr, "bench: no benchmark %s\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (argc == 1)
		for (int i = 0; i < NR_BENCHMARKS; i++)
			benchmarks[i].run();
	for (int i = 1; i < argc; i++)
		find_benchmark(argv[i])->run();
	return 0;
}
