/*
 * dd.c — copy blocks:  dd [if=FILE] [of=FILE] [bs=N] [count=N] [skip=N] [seek=N]
 *                         [conv=notrunc] [iflag=fullblock,skip_bytes]
 *                         [oflag=seek_bytes] [status=none]
 *
 * As GNU dd: read blocks of bs bytes (default 512) from if (default stdin),
 * write each to of (default stdout), after skipping skip blocks of the input
 * and seeking seek blocks into the output; count limits the blocks read.  A
 * read that returns less than bs is a partial block ("+1" in the summary)
 * and counts against count like a full one, unless iflag=fullblock, which
 * keeps reading until the block is full.  (Corral's read returns at most one
 * page at a time, so bs above 4096 needs fullblock to mean what it says.)
 * An output that is a regular file is truncated at the seek point unless
 * conv=notrunc.  iflag=skip_bytes and oflag=seek_bytes count skip and seek
 * in bytes instead of blocks (to reach any byte of a disk).  Numbers take the suffixes b (512), K or k (1024), M, G, and
 * kB, MB, GB (powers of 1000).  The summary goes to stderr:
 *
 *     2048+0 records in
 *     2048+0 records out
 *     1048576 bytes (1.0 MB, 1.0 MiB) copied, 0.25 s, 4.1 MB/s
 *
 * Exit status: 0, 1 when the copy failed, 2 for a bad operand or an option
 * (dd has none but -h and --help: lib/usage.c's convention).
 */
#include <errno.h>
#include <fcntl.h>
#include <fileio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <usage.h>

#define USAGE                                                                              \
	"usage: dd [if=FILE] [of=FILE] [bs=N] [count=N] [skip=N] [seek=N] [conv=notrunc]\n" \
	"          [iflag=fullblock,skip_bytes] [oflag=seek_bytes] [status=none]\n"

struct dd_options {
	const char *in, *out;
	unsigned long long bs, count, skip, seek;
	int has_count, is_notrunc, is_fullblock, is_quiet, skip_is_bytes, seek_is_bytes;
};

struct dd_totals {
	unsigned long long full_in, partial_in, full_out, partial_out, bytes;
};

static unsigned long long suffix_factor(const char *s)
{
	static const struct {
		const char *name;
		unsigned long long factor;
	} suffixes[] = {
		{"", 1},	   {"c", 1},	       {"w", 2},
		{"b", 512},	   {"k", 1024},	       {"K", 1024},
		{"M", 1 << 20},	   {"G", 1 << 30},     {"kB", 1000},
		{"KB", 1000},	   {"MB", 1000000},    {"GB", 1000000000},
	};
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (strcmp(s, suffixes[i].name) == 0)
			return suffixes[i].factor;
	return 0;
}

static unsigned long long parse_number(const char *s)
{
	char *end;
	if (*s < '0' || *s > '9')
		usage_error("invalid number: '%s'", s);
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	unsigned long long factor = suffix_factor(end);
	if (errno || !factor || (n && factor > ~0ull / n))
		usage_error("invalid number: '%s'", s);
	return n * factor;
}

/* iflag=a,b / oflag=a: each word must be one this dd knows. */
static void parse_flags(struct dd_options *o, const char *value, int is_input)
{
	char word[32];
	for (const char *p = value; *p;) {
		size_t len = strcspn(p, ",");
		if (len >= sizeof(word))
			len = sizeof(word) - 1;
		memcpy(word, p, len);
		word[len] = '\0';
		if (is_input && strcmp(word, "fullblock") == 0)
			o->is_fullblock = 1;
		else if (is_input && strcmp(word, "skip_bytes") == 0)
			o->skip_is_bytes = 1;
		else if (!is_input && strcmp(word, "seek_bytes") == 0)
			o->seek_is_bytes = 1;
		else
			usage_error(is_input ? "invalid input flag: '%s'" : "invalid output flag: '%s'",
				    word);
		p += strcspn(p, ",");
		p += *p == ',';
	}
}

static void parse_operand(struct dd_options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq)
		usage_error("unrecognized operand '%s'", arg);
	size_t len = (size_t)(eq - arg);
	const char *value = eq + 1;
#define IS(name) (len == sizeof(name) - 1 && strncmp(arg, name, len) == 0)
	if (IS("if"))
		o->in = value;
	else if (IS("of"))
		o->out = value;
	else if (IS("bs"))
		o->bs = parse_number(value);
	else if (IS("count"))
		o->count = parse_number(value), o->has_count = 1;
	else if (IS("skip"))
		o->skip = parse_number(value);
	else if (IS("seek"))
		o->seek = parse_number(value);
	else if (IS("conv") && strcmp(value, "notrunc") == 0)
		o->is_notrunc = 1;
	else if (IS("iflag") || IS("oflag"))
		parse_flags(o, value, IS("iflag"));
	else if (IS("status") && strcmp(value, "none") == 0)
		o->is_quiet = 1;
	else
		usage_error("unrecognized operand '%s'", arg);
#undef IS
	if (o->bs == 0)
		usage_error("invalid number: '%s'", value);
}

static int open_or_die(const char *path, int flags)
{
	int fd = open(path, flags, 0666);
	if (fd < 0) {
		fprintf(stderr, "dd: failed to open '%s': %s\n", path, strerror(errno));
		exit(1);
	}
	return fd;
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	if (clock_gettime(CLOCK_MONOTONIC, &now) < 0)
		return -1;
	return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

/* "1.0 MB" style: one decimal below 10 of the unit, none above (as GNU). */
static void format_size(char *buf, size_t size, double value, const char *const *units,
			double step)
{
	int u = 0;
	while (value >= step && units[u + 1]) {
		value /= step;
		u++;
	}
	int tenths = (int)(value * 10 + 0.5);
	if (tenths < 100)
		snprintf(buf, size, "%d.%d %s", tenths / 10, tenths % 10, units[u]);
	else
		snprintf(buf, size, "%d %s", (int)(value + 0.5), units[u]);
}

static void print_summary(const struct dd_totals *t, const struct timespec *start)
{
	static const char *const si[] = {"B", "kB", "MB", "GB", NULL};
	static const char *const iec[] = {"B", "KiB", "MiB", "GiB", NULL};
	fprintf(stderr, "%llu+%llu records in\n%llu+%llu records out\n", t->full_in, t->partial_in,
		t->full_out, t->partial_out);
	double secs = seconds_since(start);
	char dec[32], bin[32], rate[32];
	format_size(dec, sizeof(dec), (double)t->bytes, si, 1000);
	format_size(bin, sizeof(bin), (double)t->bytes, iec, 1024);
	if (secs <= 0)
		secs = 0.001; /* a clock tick is 10 ms: less is "under one" */
	format_size(rate, sizeof(rate), (double)t->bytes / secs, si, 1000);
	int ms = (int)(secs * 1000 + 0.5);
	if (t->bytes >= 1000)
		fprintf(stderr, "%llu bytes (%s, %s) copied, %d.%03d s, %s/s\n", t->bytes, dec, bin,
			ms / 1000, ms % 1000, rate);
	else
		fprintf(stderr, "%llu bytes copied, %d.%03d s, %s/s\n", t->bytes, ms / 1000,
			ms % 1000, rate);
}

/* One input block: up to bs bytes (all of them with fullblock, short only at
 * the end); bytes read, or -1 with errno. */
static ssize_t read_block(int fd, char *buf, size_t bs, int is_fullblock)
{
	size_t done = 0;
	do {
		ssize_t n = read(fd, buf + done, bs - done);
		if (n < 0)
			return done ? (ssize_t)done : -1;
		if (n == 0)
			break;
		done += (size_t)n;
	} while (is_fullblock && done < bs);
	return (ssize_t)done;
}

static void skip_input(int fd, const struct dd_options *o, char *buf)
{
	unsigned long long bytes = o->skip_is_bytes ? o->skip : o->skip * o->bs;
	if (!bytes || lseek(fd, (off_t)bytes, SEEK_CUR) >= 0)
		return;
	while (bytes > 0) { /* a pipe: read and drop */
		ssize_t n = read_block(fd, buf, bytes < o->bs ? bytes : o->bs, 1);
		if (n <= 0)
			break;
		bytes -= (unsigned long long)n;
	}
}

static void position_output(int fd, const struct dd_options *o)
{
	off_t at = (off_t)(o->seek_is_bytes ? o->seek : o->seek * o->bs);
	struct stat st;
	if (o->seek && lseek(fd, at, SEEK_SET) < 0) {
		fprintf(stderr, "dd: cannot seek '%s': %s\n", o->out, strerror(errno));
		exit(1);
	}
	if (o->out && !o->is_notrunc && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		ftruncate(fd, at);
}

static int copy(int in, int out, const struct dd_options *o, char *buf, struct dd_totals *t)
{
	for (unsigned long long blocks = 0; !o->has_count || blocks < o->count; blocks++) {
		ssize_t n = read_block(in, buf, o->bs, o->is_fullblock);
		if (n < 0) {
			fprintf(stderr, "dd: error reading '%s': %s\n", o->in ? o->in : "standard input",
				strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		*((size_t)n == o->bs ? &t->full_in : &t->partial_in) += 1;
		if (write_all(out, buf, (size_t)n) < 0) {
			fprintf(stderr, "dd: error writing '%s': %s\n",
				o->out ? o->out : "standard output", strerror(errno));
			return 1;
		}
		*((size_t)n == o->bs ? &t->full_out : &t->partial_out) += 1;
		t->bytes += (unsigned long long)n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct dd_options o = {.bs = 512};
	usage_set(USAGE);
	for (int i = 1; i < argc; i++) {
		if (usage_is_help(argv[i]))
			usage_help();
		if (strcmp(argv[i], "--") == 0)
			continue; /* GNU dd skips it too: operands never start with '-' */
		if (argv[i][0] == '-')
			usage_error("invalid option '%s'", argv[i]);
		parse_operand(&o, argv[i]);
	}
	char *buf = malloc(o.bs);
	if (!buf) {
		fprintf(stderr, "dd: memory exhausted by bs=%llu\n", o.bs);
		return 1;
	}
	int in = o.in ? open_or_die(o.in, O_RDONLY) : 0;
	int out = o.out ? open_or_die(o.out, O_WRONLY | O_CREAT) : 1;
	skip_input(in, &o, buf);
	position_output(out, &o);
	struct dd_totals totals = {0};
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	int status = copy(in, out, &o, buf, &totals);
	if (!o.is_quiet)
		print_summary(&totals, &start);
	return status;
}
