/*
 * od.c — dump bytes in hex:  od [-A d|o|x|n] [-t x1] [-j SKIP] [-N COUNT] [-v] [FILE]
 *
 * The one output type is GNU od's -t x1: sixteen bytes a line, each as two
 * hex digits, after the offset in the radix -A names (octal by default, as
 * GNU; -A n prints none), and a last line with the offset of the end.  A run
 * of identical lines prints as one line and a "*", unless -v.  GNU od's
 * default type is -t o2; here it is x1, the only one there is.
 *
 *     $ od -A d -t x1 -j 1080 -N 2 /dev/hda
 *     0001080 53 ef
 *     0001082
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

#define USAGE "usage: od [-A d|o|x|n] [-t x1] [-j SKIP] [-N COUNT] [-v] [FILE]\n"
#define LINE 16

static char radix = 'o';
static int show_all;

static unsigned long parse_count(const char *s)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(s, &end, 0);
	if (errno || *s < '0' || *s > '9' || *end)
		usage_error("invalid number '%s'", s);
	return n;
}

static void print_offset(unsigned long offset)
{
	if (radix == 'd')
		printf("%07lu", offset);
	else if (radix == 'o')
		printf("%07lo", offset);
	else if (radix == 'x')
		printf("%06lx", offset);
}

static void print_line(unsigned long offset, const unsigned char *bytes, size_t n)
{
	print_offset(offset);
	for (size_t i = 0; i < n; i++)
		printf(" %02x", bytes[i]);
	putchar('\n');
}

/* Skip `skip` bytes: seek where the file allows it, else read them away. */
static void skip_input(int fd, unsigned long skip)
{
	unsigned char scratch[512];
	if (!skip || lseek(fd, (off_t)skip, SEEK_CUR) >= 0)
		return;
	while (skip > 0) {
		ssize_t n = read(fd, scratch, skip < sizeof(scratch) ? skip : sizeof(scratch));
		if (n <= 0)
			break;
		skip -= (unsigned long)n;
	}
}

/* Fill a line of up to want bytes (reads may come back short); bytes got. */
static size_t read_line(int fd, unsigned char *buf, size_t want, const char *name)
{
	size_t got = 0;
	while (got < want) {
		ssize_t n = read(fd, buf + got, want - got);
		if (n < 0)
			err(1, "%s", name);
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return got;
}

static void dump(int fd, const char *name, unsigned long offset, unsigned long limit,
		 int has_limit)
{
	unsigned char line[LINE], prev[LINE];
	int has_prev = 0, is_starred = 0;
	for (;;) {
		size_t want = LINE;
		if (has_limit && limit < want)
			want = limit;
		size_t n = want ? read_line(fd, line, want, name) : 0;
		if (n == 0)
			break;
		if (!show_all && has_prev && n == LINE && memcmp(line, prev, LINE) == 0) {
			if (!is_starred)
				puts("*");
			is_starred = 1;
		} else {
			print_line(offset, line, n);
			is_starred = 0;
		}
		memcpy(prev, line, n);
		has_prev = n == LINE;
		offset += n;
		limit -= has_limit ? n : 0;
	}
	if (radix != 'n') {
		print_offset(offset);
		putchar('\n');
	}
}

int main(int argc, char **argv)
{
	unsigned long skip = 0, limit = 0;
	int has_limit = 0, c;
	while ((c = usage_getopt(argc, argv, "A:t:j:N:v", USAGE)) != -1) {
		if (c == 'A' && strlen(optarg) == 1 && strchr("doxn", optarg[0]))
			radix = optarg[0];
		else if (c == 'A')
			usage_error("invalid output address radix '%s'", optarg);
		else if (c == 't' && strcmp(optarg, "x1") != 0)
			usage_error("unsupported type '%s' (only x1)", optarg);
		else if (c == 'j')
			skip = parse_count(optarg);
		else if (c == 'N')
			limit = parse_count(optarg), has_limit = 1;
		else if (c == 'v')
			show_all = 1;
	}
	if (argc - optind > 1)
		usage_error("extra operand '%s'", argv[optind + 1]);
	const char *name = optind < argc ? argv[optind] : "-";
	int fd = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY);
	if (fd < 0)
		err(1, "%s", name);
	skip_input(fd, skip);
	dump(fd, name, skip, limit, has_limit);
	return 0;
}
