/*
 * tail.c — the last lines of files:  tail [-n N | -n +N | -N] [-f] [FILE...]
 *
 * Prints the last N lines (default 10) of each FILE or of standard input;
 * "-n +N" prints from line N on instead.  With several files each part is
 * headed "==> FILE <==", as GNU tail does.
 *
 * A regular file is read backwards from its end, a block at a time, until
 * N line ends are found, so a short tail of a long file is quick.  Anything
 * else (a pipe) is read to its end, keeping it all, then the tail is cut off.
 *
 * -f (follow) then keeps watching the regular files: every FOLLOW_POLL_MS it
 * reads what was appended since and prints it, until interrupted (^C).  A file
 * that shrinks was truncated: tail says so and follows it from its start.
 */
#include <err.h>
#include <fileio.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <usage.h>

#define FOLLOW_POLL_MS 200
#define BLOCK 4096

static const char usage[] =
    "usage: tail [-n N | -n +N | -N] [-f] [FILE...]   (the last N lines, 10 by default;\n"
    "       +N: from line N on; -f: then print what is appended, until ^C)\n";

struct source {
	const char *name; /* as printed in headers and messages */
	int fd;
	int is_followed;
};

static int nr_headed;		  /* > 1 file: each part gets a header */
static struct source *last_shown; /* the file whose text was printed last */

static void write_out(const void *p, size_t n)
{
	if (write_all(1, p, n) < 0)
		err(1, "write error");
}

static void header(struct source *s)
{
	if (nr_headed > 1 && last_shown != s) {
		printf("%s==> %s <==\n", last_shown ? "\n" : "", s->name);
		fflush(stdout);
	}
	last_shown = s;
}

/* Copy fd from where it is to its end; -1 after a read error (reported). */
static int copy_rest(struct source *s)
{
	static char buf[BLOCK];
	ssize_t n;
	while ((n = read(s->fd, buf, sizeof(buf))) > 0)
		write_out(buf, (size_t)n);
	if (n < 0)
		warn("%s", s->name);
	return n < 0 ? -1 : 0;
}

/* Scan buf (the bytes at offsets base.. of a text of `size` bytes) from its
 * end for line ends, counting them in *seen; the offset where the last
 * `lines` lines start once the lines-th is found, else -1.  The text's own
 * final newline is not counted: a last line without one is a line too. */
static off_t scan_back(const char *buf, size_t len, off_t base, off_t size, long *seen, long lines)
{
	for (size_t i = len; i-- > 0;)
		if (buf[i] == '\n' && base + (off_t)i != size - 1 && ++*seen == lines)
			return base + (off_t)i + 1;
	return -1;
}

/* read() until len bytes came (a read may stop at a page's end). */
static int read_full(int fd, char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = read(fd, buf, len);
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Where the last `lines` lines of a regular file start: read backwards a
 * block at a time.  -1 if the file cannot be read so. */
static off_t tail_start(int fd, off_t size, long lines)
{
	static char buf[BLOCK];
	long seen = 0;
	for (off_t end = size; end > 0;) {
		off_t start = end > BLOCK ? end - BLOCK : 0;
		if (lseek(fd, start, SEEK_SET) != start ||
		    read_full(fd, buf, (size_t)(end - start)) < 0)
			return -1;
		off_t found = scan_back(buf, (size_t)(end - start), start, size, &seen, lines);
		if (found >= 0)
			return found;
		end = start;
	}
	return 0;
}

/* The last lines of something that cannot seek: all of it in memory first. */
static int tail_stream(struct source *s, long lines)
{
	size_t len = 0, cap = BLOCK;
	char *text = malloc(cap);
	ssize_t n;
	if (!text)
		err(1, "out of memory");
	while ((n = read(s->fd, text + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len < cap)
			continue;
		char *grown = realloc(text, cap *= 2);
		if (!grown)
			err(1, "out of memory"); /* exits: text goes with the process */
		text = grown;
	}
	if (n < 0)
		warn("%s", s->name);
	long seen = 0;
	off_t start = lines == 0 ? (off_t)len : scan_back(text, len, 0, (off_t)len, &seen, lines);
	if (start < 0)
		start = 0;
	write_out(text + start, len - (size_t)start);
	free(text);
	return n < 0 ? -1 : 0;
}

/* -n +N: skip N - 1 lines, then copy the rest. */
static int tail_from_line(struct source *s, long first)
{
	static char buf[BLOCK];
	long to_skip = first > 0 ? first - 1 : 0;
	ssize_t n;
	while (to_skip > 0 && (n = read(s->fd, buf, sizeof(buf))) > 0) {
		ssize_t i = 0;
		while (i < n && to_skip > 0)
			if (buf[i++] == '\n')
				to_skip--;
		write_out(buf + i, (size_t)(n - i));
	}
	return copy_rest(s);
}

static int tail_source(struct source *s, long lines, int from_start)
{
	struct stat st;
	header(s);
	if (from_start)
		return tail_from_line(s, lines);
	if (fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode)) {
		off_t start = lines == 0 ? st.st_size : tail_start(s->fd, st.st_size, lines);
		if (start >= 0 && lseek(s->fd, start, SEEK_SET) == start)
			return copy_rest(s);
	}
	return tail_stream(s, lines);
}

/* Sleep FOLLOW_POLL_MS, then print what each followed file gained. */
static _Noreturn void follow(struct source *sources, int count)
{
	struct timespec pause = {0, FOLLOW_POLL_MS * 1000000L};
	static char buf[BLOCK];
	for (;;) {
		nanosleep(&pause, NULL);
		for (int i = 0; i < count; i++) {
			struct source *s = &sources[i];
			struct stat st;
			if (!s->is_followed)
				continue;
			off_t at = lseek(s->fd, 0, SEEK_CUR);
			if (fstat(s->fd, &st) == 0 && st.st_size < at) {
				warnx("%s: file truncated", s->name);
				lseek(s->fd, 0, SEEK_SET);
			}
			ssize_t n;
			while ((n = read(s->fd, buf, sizeof(buf))) > 0) {
				header(s);
				write_out(buf, (size_t)n);
			}
		}
	}
}

/* "-5" as the first argument means "-n 5" (GNU's old form): rewrite it. */
static void old_form(int argc, char **argv)
{
	static char rewritten[32];
	const char *a = argc > 1 ? argv[1] : "";
	if (a[0] == '-' && a[1] >= '0' && a[1] <= '9' &&
	    strspn(a + 1, "0123456789") == strlen(a + 1) && strlen(a) < 24) {
		snprintf(rewritten, sizeof(rewritten), "-n%s", a + 1);
		argv[1] = rewritten;
	}
}

int main(int argc, char **argv)
{
	long lines = 10;
	int c, from_start = 0, do_follow = 0, status = 0;
	old_form(argc, argv);
	while ((c = usage_getopt(argc, argv, "n:f", usage)) != -1) {
		if (c == 'f') {
			do_follow = 1;
			continue;
		}
		from_start = optarg[0] == '+';
		lines = usage_number(optarg + from_start, 0, LONG_MAX, "number of lines");
	}
	static char *stdin_only[] = {"-"};
	char **names = optind < argc ? argv + optind : stdin_only;
	int count = optind < argc ? argc - optind : 1;
	struct source *sources = calloc((size_t)count, sizeof(*sources));
	if (!sources)
		err(1, "out of memory");
	nr_headed = count;
	for (int i = 0; i < count; i++) {
		struct source *s = &sources[i];
		int is_stdin = strcmp(names[i], "-") == 0;
		s->name = is_stdin ? "standard input" : names[i];
		s->fd = is_stdin ? 0 : open(names[i], O_RDONLY);
		if (s->fd < 0) {
			warn("%s", names[i]);
			status = 1;
			continue;
		}
		struct stat st;
		s->is_followed = do_follow && fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode);
		status |= tail_source(s, lines, from_start) < 0;
	}
	fflush(stdout);
	for (int i = 0; i < count && do_follow; i++)
		if (sources[i].is_followed)
			follow(sources, count);
	return status;
}
