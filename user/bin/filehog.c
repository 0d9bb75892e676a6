/*
 * filehog.c — a workload that uses the page cache (the "backup job"):
 *
 *     filehog [-m] PATH PAGES [ROUNDS]
 *
 * Writes PAGES * 4 KiB to PATH (each page filled with a pattern of its own
 * number), then reads the whole file back once a second, ROUNDS times (default:
 * until killed), checking every page.  A page that reads back wrong is an error.
 * -m reads through a mapping of the file (mmap, kept for the whole run) instead
 * of read(): a page the kernel took away in between comes back with a major
 * fault, counted in /proc/vmstat and the container's stat — the file-backed
 * "service" of make bench's isolation run.
 */
#include <err.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <usage.h>

#define PAGE 4096

static char page[PAGE], expected[PAGE];

/* Page n holds the 512 numbers n * 512 .. n * 512 + 511, as 8-byte hex lines. */
static void fill(char *buf, long n)
{
	char line[9];
	for (int i = 0; i < PAGE; i += 8) {
		snprintf(line, sizeof(line), "%07lx\n", (n * (PAGE / 8) + i / 8) & 0xfffffff);
		memcpy(buf + i, line, 8);
	}
}

static void write_file(const char *path, long pages)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		err(1, "%s", path);
	for (long i = 0; i < pages; i++) {
		fill(page, i);
		if (write(fd, page, PAGE) != PAGE)
			err(1, "%s", path);
	}
	if (close(fd) < 0)
		err(1, "%s", path);
}

static void read_file(const char *path, long pages)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		err(1, "%s", path);
	for (long i = 0; i < pages; i++) {
		ssize_t got = 0, n;
		while (got < PAGE && (n = read(fd, page + got, (size_t)(PAGE - got))) > 0)
			got += n;
		if (got < 0 || n < 0)
			err(1, "%s", path);
		fill(expected, i);
		if (got != PAGE || memcmp(page, expected, PAGE) != 0)
			errx(1, "%s: page %ld reads back wrong", path, i);
	}
	close(fd);
}

/* Check every page through the mapping; the pattern is the read path's. */
static void read_mapping(const char *path, const char *map, long pages)
{
	for (long i = 0; i < pages; i++) {
		fill(expected, i);
		if (memcmp(map + i * PAGE, expected, PAGE) != 0)
			errx(1, "%s: page %ld reads back wrong", path, i);
	}
}

static const char *map_file(const char *path, long pages)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		err(1, "%s", path);
	void *map = mmap(NULL, (size_t)pages * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		err(1, "mmap %s", path);
	close(fd);
	return map;
}

static const char usage[] = "usage: filehog [-m] PATH PAGES [ROUNDS]\n";

int main(int argc, char **argv)
{
	bool use_mmap = false;
	while (usage_getopt(argc, argv, "m", usage) != -1)
		use_mmap = true; /* -m */
	int nr_operands = argc - optind;
	if (nr_operands < 2)
		usage_error(nr_operands ? "missing PAGES" : "missing PATH and PAGES");
	if (nr_operands > 3)
		usage_error("extra operand '%s'", argv[optind + 3]);
	const char *path = argv[optind];
	long pages = usage_number(argv[optind + 1], 1, 1L << 20, "number of pages");
	long rounds = nr_operands > 2 ? usage_number(argv[optind + 2], 0, 1L << 30, "number of rounds")
				      : -1;
	write_file(path, pages);
	printf("filehog: wrote %ld pages to %s\n", pages, path);
	fflush(stdout);
	const char *map = use_mmap ? map_file(path, pages) : NULL;
	for (long r = 1; rounds < 0 || r <= rounds; r++) {
		if (map)
			read_mapping(path, map, pages);
		else
			read_file(path, pages);
		if (rounds < 0 || r < rounds)
			sleep(1);
	}
	printf("filehog: read %ld pages %ld times\n", pages, rounds);
	return 0;
}
