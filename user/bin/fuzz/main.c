/*
 * main.c — fuzz, the system-call fuzzer (issue 7, "Hardening"):
 *
 *     fuzz [-v] [-b BATCH] CALLS [SEED]
 *
 * Makes CALLS random system calls with random and hostile arguments, in
 * batches of FUZZ_BATCH_CALLS, each batch in a forked child that a watchdog
 * keeps an eye on (batch.c).  The same SEED (default 1) makes the same calls
 * again; -b BATCH runs only that batch of the run, for chasing a bug; -v
 * prints every call, before it is made, with its arguments and then its
 * result, so the last line before a panic names the culprit.
 *
 * The kernel is what is tested: the fuzzer only counts.  It ends with
 *
 *     fuzz: 20000 calls in 100 batches, seed 42: 87 children killed by signals, 3 by the watchdog
 *
 * and exits 0, or 1 if it could not clean up after itself (its scratch
 * directory /tmp/fuzz.PID, its container /configfs/container/fuzzPID).
 * Read next: fuzz.h, then batch.c, child.c, calls.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <usage.h>

#include "fuzz.h"

#define USAGE "usage: fuzz [-v] [-b BATCH] CALLS [SEED]\n"

static uint32_t parse_number(const char *s, const char *what)
{
	char *end;
	unsigned long long n = strtoull(s, &end, 10);
	if (!*s || *end || *s == '-' || n > 0xffffffffull)
		usage_error("%s", what);
	return (uint32_t)n;
}

static void parse_args(int argc, char **argv, struct fuzz_run *run)
{
	int c;
	run->seed = 1;
	run->only_batch = -1;
	while ((c = usage_getopt(argc, argv, "vb:", USAGE)) != -1) {
		if (c == 'v')
			run->verbose = 1;
		else
			run->only_batch = (long)parse_number(optarg, "bad batch number");
	}
	int nr_operands = argc - optind;
	if (nr_operands > 2)
		usage_error("%s", "too many arguments");
	if (nr_operands > 1)
		run->seed = parse_number(argv[optind + 1], "SEED must be a number");
	if (nr_operands > 0)
		run->calls = parse_number(argv[optind], "CALLS must be a positive number");
	if (nr_operands == 0 || run->calls == 0)
		usage_error("%s", "CALLS must be a positive number");
}

/* One line of every result the children got: "ok N", then "errno E: N" for
 * each errno seen.  Shows that the calls got past their first checks. */
static void print_results(const struct fuzz_shared *s)
{
	printf("fuzz: results: ok %u", s->nr_returns_ok);
	for (int e = 1; e <= FUZZ_MAX_ERRNO + 1; e++)
		if (s->nr_errors[e])
			printf(", %s%d: %u", e > FUZZ_MAX_ERRNO ? "errno >" : "errno ",
			       e > FUZZ_MAX_ERRNO ? FUZZ_MAX_ERRNO : e, s->nr_errors[e]);
	printf("; sigreturns that came back: %u\n", s->nr_sigreturns_landed);
}

static void print_summary(const struct fuzz_run *run)
{
	if (run->nr_signal_deaths) {
		printf("fuzz: deaths by signal:");
		for (int sig = 1; sig < 64; sig++)
			if (run->nr_deaths_by[sig])
				printf(" %d: %u", sig, run->nr_deaths_by[sig]);
		printf("\n");
	}
	print_results(run->shared);
	printf("fuzz: %u calls in %u batches, seed %u: %u children killed by signals, %u by the "
	       "watchdog\n",
	       run->nr_calls, run->nr_batches, run->seed, run->nr_signal_deaths,
	       run->nr_watchdog_kills);
}

/* The parent's own state: scratch directory, container name, shared page. */
static void setup_run(struct fuzz_run *run)
{
	run->is_root = geteuid() == 0;
	if (scratch_create(run->scratch, sizeof(run->scratch))) {
		fprintf(stderr, "fuzz: %s: %s\n", run->scratch, strerror(errno));
		exit(1);
	}
	scratch_container_name(run->container, sizeof(run->container), getpid());
	/* Just below the program's text: a child's random MAP_FIXED mappings
	 * that cover this page cover the text too, and end the child at once,
	 * instead of cutting it off from the watchdog while it runs on. */
	run->shared = mmap((void *)FUZZ_SHARED_ADDR, sizeof(struct fuzz_shared),
			   PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (run->shared == MAP_FAILED) {
		perror("fuzz: mmap");
		exit(1);
	}
	memset(run->shared, 0, sizeof(struct fuzz_shared));
	batch_catch_interrupt();
}

int main(int argc, char **argv)
{
	static struct fuzz_run run;
	parse_args(argc, argv, &run);
	uint32_t nr_batches = (run.calls + FUZZ_BATCH_CALLS - 1) / FUZZ_BATCH_CALLS;
	if (run.only_batch >= (long)nr_batches)
		usage_error("%s", "-b: no such batch in this run");
	setup_run(&run);
	for (uint32_t b = 0; b < nr_batches && !batch_was_interrupted(); b++)
		if (run.only_batch < 0 || (uint32_t)run.only_batch == b)
			batch_run(&run, b);
	if (scratch_container_remove(run.container))
		run.nr_cleanup_failures++;
	if (scratch_remove(run.scratch)) {
		fprintf(stderr, "fuzz: cannot remove %s\n", run.scratch);
		run.nr_cleanup_failures++;
	}
	print_summary(&run);
	if (batch_was_interrupted())
		return 130;
	return run.nr_cleanup_failures || run.nr_setup_failures ? 1 : 0;
}
