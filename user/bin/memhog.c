/*
 * memhog.c — a workload that uses anonymous memory, and checks it kept it:
 *
 *     memhog PAGES [-r SECONDS [-p MS]] [-w] [-f]
 *
 * Maps PAGES * 4 KiB of anonymous memory and writes a pattern into every page
 * (its page number and the round, in several words spread over the page), so
 * each page is faulted in, charged to the caller's container, and different
 * from every other.  -r keeps reading every page back, checking it, and
 * writing the next round's pattern, round after round, until SECONDS seconds
 * have passed (at least one full round): a working set that stays hot, and a
 * check that whatever reclaim did (swap out, swap in) lost nothing.  -p MS
 * pauses MS milliseconds between rounds: a service that is used now and then,
 * whose pages the LRU sees grow cold between uses.  -f forks
 * once the memory is written: parent and child share it copy-on-write, each
 * checks every page, writes its own pattern and checks again.  -w then waits,
 * holding the memory, until killed.  A page that reads back wrong prints
 * "memhog: page N reads back wrong" and memhog exits 1.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <usage.h>

#define PAGE 4096
#define WORDS_PER_PAGE (PAGE / sizeof(unsigned))
#define STRIDE 97 /* words between two pattern words: every cache line of the page */

static const char usage[] =
    "usage: memhog PAGES [-r SECONDS [-p MS]] [-w] [-f]\n"
    "  write a pattern into PAGES pages of anonymous memory;\n"
    "  -r SECONDS: keep checking and rewriting all of them for SECONDS seconds;\n"
    "  -p MS: pause MS milliseconds between those rounds;\n"
    "  -f: fork; parent and child each check, rewrite and check again;\n"
    "  -w: wait, holding the memory, until killed\n";

/* Milliseconds since start (integers only: no FPU state for the kernel to keep). */
static long long ms_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - start->tv_sec) * 1000 +
	       (now.tv_nsec - start->tv_nsec) / 1000000;
}

static unsigned pattern_word(long page, unsigned round, unsigned i)
{
	return (unsigned)page * 2654435761u ^ round * 40503u ^ i;
}

static void write_page(unsigned *words, long page, unsigned round)
{
	for (unsigned i = 0; i < WORDS_PER_PAGE; i += STRIDE)
		words[i] = pattern_word(page, round, i);
	words[WORDS_PER_PAGE - 1] = (unsigned)page;
}

static void check_page(const unsigned *words, long page, unsigned round)
{
	int is_right = words[WORDS_PER_PAGE - 1] == (unsigned)page;
	for (unsigned i = 0; i < WORDS_PER_PAGE && is_right; i += STRIDE)
		is_right = words[i] == pattern_word(page, round, i);
	if (!is_right) {
		printf("memhog: page %ld reads back wrong\n", page);
		fflush(stdout);
		exit(1);
	}
}

static void write_all(char *mem, long pages, unsigned round)
{
	for (long i = 0; i < pages; i++)
		write_page((unsigned *)(mem + i * PAGE), i, round);
}

static void check_all(char *mem, long pages, unsigned round)
{
	for (long i = 0; i < pages; i++)
		check_page((unsigned *)(mem + i * PAGE), i, round);
}

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
	nanosleep(&ts, NULL);
}

/* Round after round: check each page, then write the next round into it. */
static unsigned keep_busy(char *mem, long pages, long seconds, long pause)
{
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	unsigned round = 0;
	do {
		for (long i = 0; i < pages; i++) {
			unsigned *words = (unsigned *)(mem + i * PAGE);
			check_page(words, i, round);
			write_page(words, i, round + 1);
		}
		round++;
		if (pause && ms_since(&start) < (long long)seconds * 1000)
			pause_ms(pause);
	} while (ms_since(&start) < (long long)seconds * 1000);
	return round;
}

/* Both sides of a fork check the shared pages, write their own, check again. */
static void fork_and_check(char *mem, long pages)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		err(1, "fork");
	unsigned mine = pid == 0 ? 1000 : 2000;
	check_all(mem, pages, 0);
	write_all(mem, pages, mine);
	check_all(mem, pages, mine);
	if (pid == 0)
		exit(0);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		errx(1, "the forked child failed (status %#x)", status);
	printf("memhog: parent and child checked %ld shared pages\n", pages);
	write_all(mem, pages, 0); /* round 0 again, for -r */
}

int main(int argc, char **argv)
{
	long pages = -1, seconds = 0, pause_between = 0;
	int wait_forever = 0, do_fork = 0;
	int c;
	while ((c = usage_getopt(argc, argv, "r:p:wf", usage)) != -1) {
		if (c == 'r')
			seconds = usage_number(optarg, 0, 1L << 30, "number of seconds");
		else if (c == 'p')
			pause_between = usage_number(optarg, 0, 1L << 30, "number of milliseconds");
		else if (c == 'w')
			wait_forever = 1;
		else
			do_fork = 1;
	}
	if (optind == argc)
		usage_error("missing PAGES");
	if (argc - optind > 1)
		usage_error("extra operand '%s'", argv[optind + 1]);
	pages = usage_number(argv[optind], 0, (1L << 20) - 1, "number of pages");
	char *mem = mmap(NULL, (size_t)pages * PAGE + (pages == 0), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		err(1, "mmap %ld pages", pages);
	write_all(mem, pages, 0);
	printf("memhog: touched %ld pages (%ld KiB)\n", pages, pages * (PAGE / 1024));
	fflush(stdout);
	if (do_fork)
		fork_and_check(mem, pages);
	if (seconds > 0) {
		unsigned rounds = keep_busy(mem, pages, seconds, pause_between);
		printf("memhog: checked and rewrote %ld pages %u times in %ld s\n", pages, rounds,
		       seconds);
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
