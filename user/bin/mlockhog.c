/*
 * mlockhog.c — locked memory under pressure: do locked pages stay put?
 *
 *     mlockhog LOCKED OTHER [-n] [-w]
 *
 * Maps LOCKED pages of anonymous memory, writes a pattern into each and
 * mlocks them (-n: does not lock them, the control run); then maps OTHER
 * pages and writes them twice over, so that in a container whose hard
 * page_limit is below LOCKED + OTHER reclaim must swap pages out.  Then it
 * reads every LOCKED page back and counts the page faults that took (minor
 * and major: a page swapped out, even one still in the swap cache, faults):
 *
 *     mlockhog: LOCKED locked pages, F faults reading them back
 *
 * A locked page never leaves its mapping, so F is 0 with the lock; without
 * it, reclaim takes the older pages and F counts them.  A page that reads
 * back wrong prints "mlockhog: page N reads back wrong" and exits 1; a
 * refused mlock prints its error and exits 2.  -w then waits, holding the
 * memory (and the lock), until killed.
 */
#include <err.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include <usage.h>

#define PAGE 4096

static const char usage[] = "usage: mlockhog LOCKED OTHER [-n] [-w]\n"
			    "  lock LOCKED pages, write OTHER more twice, count the faults\n"
			    "  reading the locked ones back; -n: do not lock (the control);\n"
			    "  -w: wait, holding the memory, until killed\n";

static unsigned char *map_pages(long nr)
{
	if (nr == 0)
		return NULL;
	void *p = mmap(NULL, (size_t)nr * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	if (p == MAP_FAILED)
		err(2, "mmap of %ld pages", nr);
	return p;
}

static long faults_so_far(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt + ru.ru_majflt;
}

static void write_pages(unsigned char *p, long nr, unsigned round)
{
	for (long i = 0; i < nr; i++)
		for (unsigned off = 0; off < PAGE; off += 512)
			p[i * PAGE + off] = (unsigned char)(i * 7 + off / 512 + round);
}

/* Read every page back (one fault at most per page); 0 if all are right. */
static long check_pages(const unsigned char *p, long nr, unsigned round)
{
	for (long i = 0; i < nr; i++)
		for (unsigned off = 0; off < PAGE; off += 512)
			if (p[i * PAGE + off] != (unsigned char)(i * 7 + off / 512 + round))
				return i + 1;
	return 0;
}

int main(int argc, char **argv)
{
	bool do_lock = true, do_wait = false;
	int c;
	while ((c = usage_getopt(argc, argv, "nw", usage)) != -1)
		if (c == 'n')
			do_lock = false;
		else if (c == 'w')
			do_wait = true;
	if (argc - optind != 2)
		usage_error("LOCKED and OTHER are needed");
	long nr_locked = usage_number(argv[optind], 0, 500000, "number of locked pages");
	long nr_other = usage_number(argv[optind + 1], 0, 500000, "number of other pages");
	unsigned char *locked = map_pages(nr_locked), *other = map_pages(nr_other);
	write_pages(locked, nr_locked, 1);
	if (do_lock && nr_locked && mlock(locked, (size_t)nr_locked * PAGE) < 0) {
		fprintf(stderr, "mlockhog: mlock of %ld pages: %s\n", nr_locked, strerror(errno));
		return 2;
	}
	write_pages(other, nr_other, 1);
	write_pages(other, nr_other, 2); /* the first ones again, after the last: more pressure */
	long before = faults_so_far();
	long bad = check_pages(locked, nr_locked, 1);
	long nr_faults = faults_so_far() - before;
	if (bad) {
		printf("mlockhog: page %ld reads back wrong\n", bad - 1);
		return 1;
	}
	if (check_pages(other, nr_other, 2)) {
		printf("mlockhog: an unlocked page reads back wrong\n");
		return 1;
	}
	printf("mlockhog: %ld %s pages, %ld faults reading them back\n", nr_locked,
	       do_lock ? "locked" : "unlocked", nr_faults);
	fflush(stdout);
	while (do_wait)
		pause();
	return 0;
}
