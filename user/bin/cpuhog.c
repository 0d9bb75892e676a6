/*
 * cpuhog.c — a workload that uses the CPU:
 *
 *     cpuhog [-n TASKS] SECONDS
 *
 * Spins in user mode until SECONDS of wall-clock time have passed (SECONDS
 * may have a fraction: 0.5), then prints how much CPU it got:
 *
 *     cpuhog: 1 task, 10.00 s: 2.51 s of CPU (25% of one CPU)
 *
 * With -n, TASKS processes spin side by side (the first is cpuhog itself)
 * and the line sums their CPU time: one busy container with several tasks.
 * The share is what the scheduler gave it while others ran: run two at once
 * and each gets about half.  CPU time comes from times(2), in ticks of 10 ms;
 * the clock is looked at every few million instructions, so the spinning is
 * nearly all user time.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <usage.h>

#define SPINS_PER_LOOK 200000 /* loop turns between two looks at the clock */
#define TASKS_MAX 64

static const char usage[] =
    "usage: cpuhog [-n TASKS] SECONDS\n"
    "  spin on the CPU until SECONDS (e.g. 10 or 0.5) of wall-clock time have\n"
    "  passed, then print the CPU time it got; -n: TASKS processes spinning\n";

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* SECONDS, with up to three decimals, as milliseconds (integers only). */
static long long parse_seconds(const char *s)
{
	char *end;
	long long ms = strtol(s, &end, 10) * 1000;
	if (end == s && *end != '.')
		usage_error("invalid number of seconds: '%s'", s);
	if (*end == '.') {
		long scale = 100;
		for (end++; *end >= '0' && *end <= '9'; end++, scale /= 10)
			ms += (*end - '0') * scale;
	}
	if (*end || ms < 0 || ms > 1000LL * 86400 * 365)
		usage_error("invalid number of seconds: '%s'", s);
	return ms;
}

static void spin_until(long long deadline_ms)
{
	volatile unsigned sink = 0;
	while (now_ms() < deadline_ms)
		for (unsigned i = 0; i < SPINS_PER_LOOK; i++)
			sink += i;
}

int main(int argc, char **argv)
{
	int c;
	long tasks = 1;
	while ((c = usage_getopt(argc, argv, "n:", usage)) != -1)
		tasks = usage_number(optarg, 1, TASKS_MAX, "number of tasks");
	if (optind == argc)
		usage_error("missing SECONDS");
	if (argc - optind > 1)
		usage_error("unexpected operand '%s'", argv[optind + 1]);
	long long ms = parse_seconds(argv[optind]);
	long long start = now_ms(), deadline = start + ms;
	for (long i = 1; i < tasks; i++) {
		pid_t pid = fork();
		if (pid < 0)
			err(1, "fork");
		if (pid == 0) {
			spin_until(deadline);
			_exit(0);
		}
	}
	spin_until(deadline);
	while (wait(NULL) > 0)
		;
	long long took = now_ms() - start;
	struct tms t;
	times(&t);
	long long cpu_ms = (long long)(t.tms_utime + t.tms_stime + t.tms_cutime + t.tms_cstime) *
			   (1000 / CLK_TCK);
	long long share = took ? cpu_ms * 100 / took : 0;
	printf("cpuhog: %ld task%s, %lld.%02lld s: %lld.%02lld s of CPU (%lld%% of one CPU)\n",
	       tasks, tasks == 1 ? "" : "s", took / 1000, took % 1000 / 10, cpu_ms / 1000,
	       cpu_ms % 1000 / 10, share);
	return 0;
}
