/*
 * swapin.c — the swapin benchmark: what a fault costs that reads its page
 * back from the swap device.
 *
 * Putting pages in swap on purpose, without starving the whole machine, is
 * what a container with a hard page limit does: a child in bench-swapin
 * (page_limit 64, hard) writes 512 anonymous pages, so the container
 * reclaims its own pages as the child goes and most of them end up on the
 * swap device.  Then, for each pass, the child lifts the limit (max), so
 * that the faults it times only read pages back and reclaim nothing, reads
 * one byte of each page, timing each touch, and sets the limit back, which
 * swaps the pages out again before the write returns.  Pages read back and
 * not written since still have their copy on the device (the swap cache),
 * so the later swap-outs write nothing; every pass reads from the disk.
 *
 *     parent                               child
 *     mkdir bench-swapin; hard, 64 pages
 *     fork ------------------------------> waits for "go"
 *     its pid > addtask; "go" -----------> mmap, write 512 pages
 *                                          a warm-up pass, then the timed ones
 *     reads the result <------------------ median, touches, swap-ins; _exit
 *     waitpid; rmdir bench-swapin
 *
 * The figure is the median of every timed touch.  Not every touch is a
 * swap-in (the pages still in memory, up to 64 a pass, are not), so the
 * child also takes the container's pswpin over the timed passes: if fewer
 * than half the touches read from swap, the median would not be a swap-in
 * and bench says skipped instead.  Needs root (configfs) and swap on.
 * Next: main.c.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define CONTAINER_DIR "/configfs/container/bench-swapin"
#define LIMIT_PAGES "64"
#define SWAPIN_PAGES 512 /* 2 MiB: eight times the limit */
#define SWAPIN_PASSES 3

_Static_assert((SWAPIN_PAGES * SWAPIN_PASSES) <= BENCH_MAX_SAMPLES, "swapin's must fit");

/* What the child sends back through a pipe. */
struct swapin_result {
	uint64_t cycles; /* the median of the timed touches */
	long nr_touches;
	long nr_swapins; /* the container's pswpin over the timed passes */
	char why[96];	 /* not empty: no figure, and why */
};

/* Write text to an attribute of the container: 0, or an errno value. */
static int container_write(const char *attr, const char *text)
{
	char path[96];
	snprintf(path, sizeof(path), CONTAINER_DIR "/%s", attr);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno;
	int error = write(fd, text, strlen(text)) < 0 ? errno : 0;
	close(fd);
	return error;
}

/* Does /proc/swaps list a device, on a line after its header? */
static bool swap_is_on(void)
{
	FILE *f = fopen("/proc/swaps", "r");
	if (!f)
		return false;
	char line[160];
	int nr_lines = 0;
	while (fgets(line, sizeof(line), f))
		nr_lines++;
	fclose(f);
	return nr_lines > 1;
}

/* A fresh, empty bench-swapin with its limits: 0, or -1 and why not. */
static int container_make(char *why, size_t size)
{
	rmdir(CONTAINER_DIR); /* one left by a bench killed midway: its tasks go to the root */
	if (mkdir(CONTAINER_DIR, 0755) < 0) {
		snprintf(why, size, "mkdir %s: %s", CONTAINER_DIR, strerror(errno));
		return -1;
	}
	int error = container_write("limit_mode", "hard");
	if (!error)
		error = container_write("page_limit", LIMIT_PAGES);
	if (error) {
		snprintf(why, size, "%s: %s", CONTAINER_DIR, strerror(error));
		rmdir(CONTAINER_DIR);
		return -1;
	}
	return 0;
}

/* In the child: bring every page back with the limit lifted, timing each
 * touch into out (if any), then swap them out again: 0, or an errno value. */
static int swapin_pass(volatile char *mem, uint64_t *out)
{
	int error = container_write("page_limit", "max");
	if (error)
		return error;
	for (int i = 0; i < SWAPIN_PAGES; i++) {
		uint64_t start = rdtsc();
		(void)mem[i * PAGE];
		if (out)
			out[i] = rdtsc() - start;
	}
	return container_write("page_limit", LIMIT_PAGES); /* back only once swapped */
}

/* In the child, inside the container: measure into r. */
static void swapin_measure(struct swapin_result *r)
{
	volatile char *mem = mmap(NULL, SWAPIN_PAGES * PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		snprintf(r->why, sizeof(r->why), "mmap: %s", strerror(errno));
		return;
	}
	for (int i = 0; i < SWAPIN_PAGES; i++)
		mem[i * PAGE] = (char)i;    /* past the limit the container swaps its oldest out */
	int error = swapin_pass(mem, NULL); /* warm-up */
	r->nr_swapins = -bench_read_counter(CONTAINER_DIR "/stat", "pswpin");
	for (int pass = 0; pass < SWAPIN_PASSES && !error; pass++)
		error = swapin_pass(mem, bench_samples + pass * SWAPIN_PAGES);
	r->nr_swapins += bench_read_counter(CONTAINER_DIR "/stat", "pswpin");
	if (error) {
		snprintf(r->why, sizeof(r->why), "page_limit: %s", strerror(error));
		return;
	}
	r->nr_touches = SWAPIN_PAGES * SWAPIN_PASSES;
	r->cycles = bench_median(bench_samples, (int)r->nr_touches);
}

static _Noreturn void swapin_child(int go_fd, int result_fd)
{
	char go;
	struct swapin_result r;
	memset(&r, 0, sizeof(r));
	if (read(go_fd, &go, 1) != 1)
		_exit(0); /* the parent could not move us in: nothing to measure */
	swapin_measure(&r);
	_exit(write(result_fd, &r, sizeof(r)) == sizeof(r) ? 0 : 1);
}

/* Fork the child, move it into the container and let it measure: r filled
 * in, or r->why says why not. */
static void swapin_run(struct swapin_result *r)
{
	int go, result;
	pid_t pid = bench_spawn(swapin_child, &go, &result);
	char pid_text[16];
	snprintf(pid_text, sizeof(pid_text), "%d", (int)pid);
	int error = container_write("addtask", pid_text);
	if (!error && write(go, "g", 1) != 1)
		err(1, "pipe");
	close(go); /* without "go" the child reads EOF and leaves */
	struct swapin_result got;
	ssize_t n = read(result, &got, sizeof(got));
	close(result);
	int status;
	if (waitpid(pid, &status, 0) != pid)
		err(1, "waitpid");
	if (error)
		snprintf(r->why, sizeof(r->why), "addtask: %s", strerror(error));
	else if (n != sizeof(got))
		snprintf(r->why, sizeof(r->why), "the measuring child died (wait status %#x)",
			 status);
	else
		*r = got;
}

void bench_swapin(void)
{
	if (geteuid() != 0) {
		bench_skip("swapin", "needs root, for %s", CONTAINER_DIR);
		return;
	}
	if (!swap_is_on()) {
		bench_skip("swapin", "no swap device in /proc/swaps");
		return;
	}
	struct swapin_result r;
	memset(&r, 0, sizeof(r));
	if (container_make(r.why, sizeof(r.why)) == 0) {
		swapin_run(&r);
		if (rmdir(CONTAINER_DIR) < 0)
			warn("rmdir %s", CONTAINER_DIR);
	}
	if (r.why[0])
		bench_skip("swapin", "%s", r.why);
	else if (r.nr_swapins * 2 < r.nr_touches)
		bench_skip("swapin", "only %ld of %ld touches read from swap", r.nr_swapins,
			   r.nr_touches);
	else
		bench_report("swapin", r.cycles, r.nr_touches);
}
