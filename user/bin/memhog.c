/*
 * memhog.c — a workload that uses anonymous memory:
 *
 *     memhog PAGES [-r SECONDS] [-w]
 *
 * Maps PAGES * 4 KiB of anonymous memory and writes one byte in each page, so
 * each page is faulted in (and charged to the caller's container).  -r keeps
 * writing every page again, round after round, for SECONDS seconds: a working
 * set that stays hot.  -w waits after that, holding the memory, until killed.
 * Each step prints a line, so a test can follow it.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096

static void usage(void)
{
	errx(1, "usage: memhog PAGES [-r SECONDS] [-w]\n"
		"  touch PAGES pages of anonymous memory (by writing one byte in each);\n"
		"  -r SECONDS: keep re-touching all of them for SECONDS seconds;\n"
		"  -w: wait, holding the memory, until killed");
}

static long parse_count(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (!*s || *end || n < 0)
		usage();
	return n;
}

/* Milliseconds since start (integers only: no FPU state for the kernel to keep). */
static long long ms_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - start->tv_sec) * 1000 +
	       (now.tv_nsec - start->tv_nsec) / 1000000;
}

static void touch_all(volatile char *mem, long pages, int round)
{
	for (long i = 0; i < pages; i++)
		mem[i * PAGE] = (char)(i + round);
}

int main(int argc, char **argv)
{
	long pages = -1, seconds = 0;
	int wait_forever = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
			seconds = parse_count(argv[++i]);
		else if (strcmp(argv[i], "-w") == 0)
			wait_forever = 1;
		else if (pages < 0 && argv[i][0] != '-')
			pages = parse_count(argv[i]);
		else
			usage();
	}
	if (pages < 0)
		usage();
	char *mem = mmap(NULL, (size_t)pages * PAGE + (pages == 0), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		err(1, "mmap %ld pages", pages);
	touch_all(mem, pages, 0);
	printf("memhog: touched %ld pages (%ld KiB)\n", pages, pages * (PAGE / 1024));
	fflush(stdout);
	if (seconds > 0) {
		struct timespec start;
		clock_gettime(CLOCK_MONOTONIC, &start);
		int rounds = 0;
		while (ms_since(&start) < (long long)seconds * 1000)
			touch_all(mem, pages, ++rounds);
		printf("memhog: re-touched %ld pages %d times in %ld s\n", pages, rounds, seconds);
		fflush(stdout);
	}
	if (wait_forever) {
		printf("memhog: waiting\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	return 0;
}
