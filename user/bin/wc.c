/*
 * wc.c — count lines, words and bytes:  wc [-l] [-w] [-c] [FILE...]
 *
 * The selected counts (all three by default) come in the order lines, words,
 * bytes, then the file name, and a "total" line after several files.  Columns
 * are as wide as GNU wc makes them, so the output is the same as on Linux:
 * one count of one input is printed as it is; otherwise every count is padded
 * to the digits of the inputs' total size, or to 7 when an input is not a
 * regular file (a pipe, a terminal), whose size is not known in advance.
 */
#include <ctype.h>
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <usage.h>

struct counts {
	long long lines, words, bytes;
};

static int want_lines, want_words, want_bytes, width = 1;

static int count_fd(int fd, const char *name, struct counts *c)
{
	static char buf[8192];
	int in_word = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c->bytes += n;
		for (ssize_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)buf[i];
			if (ch == '\n')
				c->lines++;
			if (isspace(ch)) {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
	}
	if (n < 0) {
		warn("%s", name);
		return -1;
	}
	return 0;
}

static void print_counts(const struct counts *c, const char *name)
{
	const char *sep = "";
	if (want_lines) {
		printf("%*lld", width, c->lines);
		sep = " ";
	}
	if (want_words) {
		printf("%s%*lld", sep, width, c->words);
		sep = " ";
	}
	if (want_bytes)
		printf("%s%*lld", sep, width, c->bytes);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

/* GNU's column width: digits of the total size of the regular files, at least
 * 7 if any input is something else. */
static int column_width(char **files, int nfiles)
{
	long long total = 0;
	int minimum = 1, digits = 1;
	for (int i = 0; i < nfiles; i++) {
		struct stat st;
		int ok = files ? stat(files[i], &st) == 0 : fstat(0, &st) == 0;
		if (ok && S_ISREG(st.st_mode))
			total += st.st_size;
		else if (ok)
			minimum = 7;
	}
	for (; total >= 10; total /= 10)
		digits++;
	return digits > minimum ? digits : minimum;
}

static const char usage[] = "usage: wc [-l] [-w] [-c] [FILE...]\n";

int main(int argc, char **argv)
{
	int c, status = 0;
	while ((c = usage_getopt(argc, argv, "lwc", usage)) != -1) {
		if (c == 'l')
			want_lines = 1;
		else if (c == 'w')
			want_words = 1;
		else
			want_bytes = 1;
	}
	if (!want_lines && !want_words && !want_bytes)
		want_lines = want_words = want_bytes = 1;
	int nfiles = argc - optind;
	if (want_lines + want_words + want_bytes > 1 || nfiles > 1)
		width = column_width(nfiles ? argv + optind : NULL, nfiles ? nfiles : 1);
	if (nfiles == 0) {
		struct counts counts = {0, 0, 0};
		status = count_fd(0, "-", &counts) < 0;
		print_counts(&counts, NULL);
		return status;
	}
	struct counts total = {0, 0, 0};
	for (int i = optind; i < argc; i++) {
		struct counts counts = {0, 0, 0};
		int fd = strcmp(argv[i], "-") == 0 ? 0 : open(argv[i], O_RDONLY);
		if (fd < 0) {
			warn("%s", argv[i]);
			status = 1;
			continue;
		}
		if (count_fd(fd, argv[i], &counts) < 0)
			status = 1;
		if (fd > 0)
			close(fd);
		print_counts(&counts, argv[i]);
		total.lines += counts.lines;
		total.words += counts.words;
		total.bytes += counts.bytes;
	}
	if (nfiles > 1)
		print_counts(&total, "total");
	return status;
}
