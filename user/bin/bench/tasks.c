/*
 * tasks.c — benchmarks of process life and of the system-call path: fork,
 * exec, a pipe round trip between two tasks, a sched_yield ping-pong (the
 * scheduler's cost per switch), getpid.  Each forking one
 * flushes stdout first, so no child inherits unwritten output.
 * Next: files.c.
 */
#include <err.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define FORK_SAMPLES 200
#define EXEC_SAMPLES 100
#define EXEC_PATH "/bin/true"
#define PIPE_ROUNDS 2000
#define YIELD_ROUNDS 2000
#define GETPID_BATCHES 100
#define GETPID_BATCH 100

_Static_assert(PIPE_ROUNDS <= BENCH_MAX_SAMPLES, "pipe's samples must fit");
_Static_assert(YIELD_ROUNDS <= BENCH_MAX_SAMPLES, "yield's samples must fit");

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

void bench_fork(void)
{
	fflush(stdout);
	for (int i = 0; i < 10; i++)
		time_fork_exit_wait();
	for (int i = 0; i < FORK_SAMPLES; i++)
		bench_samples[i] = time_fork_exit_wait();
	bench_report("fork", bench_median(bench_samples, FORK_SAMPLES), FORK_SAMPLES);
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

void bench_exec(void)
{
	fflush(stdout);
	for (int i = 0; i < 5; i++)
		time_fork_exec_wait(); /* EXEC_PATH's pages into the page cache */
	for (int i = 0; i < EXEC_SAMPLES; i++)
		bench_samples[i] = time_fork_exec_wait();
	bench_report("exec", bench_median(bench_samples, EXEC_SAMPLES), EXEC_SAMPLES);
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

static void echo_bytes(int in, int out)
{
	char c;
	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			_exit(1);
	_exit(0);
}

void bench_pipe(void)
{
	int to_child, from_child;
	pid_t pid = bench_spawn(echo_bytes, &to_child, &from_child);
	for (int i = 0; i < 100; i++)
		time_round_trip(to_child, from_child);
	for (int i = 0; i < PIPE_ROUNDS; i++)
		bench_samples[i] = time_round_trip(to_child, from_child);
	close(to_child); /* the child reads EOF and exits */
	waitpid(pid, NULL, 0);
	close(from_child);
	bench_report("pipe", bench_median(bench_samples, PIPE_ROUNDS), PIPE_ROUNDS);
}

static void yield_forever(void)
{
	for (;;)
		sched_yield();
}

/* Two tasks that only yield: each sched_yield of ours switches to the child,
 * whose sched_yield switches back — two switches and two system calls, so
 * (yield - 2 × getpid) / 2 is what the scheduler costs per switch. */
void bench_yield(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0)
		yield_forever();
	for (int i = 0; i < 100; i++)
		sched_yield();
	for (int i = 0; i < YIELD_ROUNDS; i++) {
		uint64_t start = rdtsc();
		sched_yield();
		bench_samples[i] = rdtsc() - start;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	bench_report("yield", bench_median(bench_samples, YIELD_ROUNDS), YIELD_ROUNDS);
}

void bench_getpid(void)
{
	for (int i = 0; i < 1000; i++)
		getpid();
	for (int b = 0; b < GETPID_BATCHES; b++) {
		uint64_t start = rdtsc();
		for (int i = 0; i < GETPID_BATCH; i++)
			getpid();
		bench_samples[b] = (rdtsc() - start) / GETPID_BATCH;
	}
	bench_report("getpid", bench_median(bench_samples, GETPID_BATCHES),
		     (long)GETPID_BATCHES * GETPID_BATCH);
}
