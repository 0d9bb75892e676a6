/*
 * wc.c — count lines, words and bytes:  wc [-l] [-w] [-c] [FILE...]
 *
 * Output is POSIX's plain form: the selected counts (all three by default, in
 * the order lines, words, bytes) separated by single spaces, then the file
 * name if one was given, and a "total" line after several files.
 */
#include <ctype.h>
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

struct counts {
	long long lines, words, bytes;
};

static int want_lines, want_words, want_bytes;

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
		printf("%lld", c->lines);
		sep = " ";
	}
	if (want_words) {
		printf("%s%lld", sep, c->words);
		sep = " ";
	}
	if (want_bytes)
		printf("%s%lld", sep, c->bytes);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

int main(int argc, char **argv)
{
	int c, status = 0;
	while ((c = getopt(argc, argv, "lwc")) != -1) {
		if (c == 'l')
			want_lines = 1;
		else if (c == 'w')
			want_words = 1;
		else if (c == 'c')
			want_bytes = 1;
		else
			return 1;
	}
	if (!want_lines && !want_words && !want_bytes)
		want_lines = want_words = want_bytes = 1;
	if (optind == argc) {
		struct counts counts = {0, 0, 0};
		status = count_fd(0, "-", &counts) < 0;
		print_counts(&counts, NULL);
		return status;
	}
	struct counts total = {0, 0, 0};
	for (int i = optind; i < argc; i++) {
		struct counts counts = {0, 0, 0};
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0 || count_fd(fd, argv[i], &counts) < 0) {
			if (fd < 0)
				warn("%s", argv[i]);
			status = 1;
			if (fd >= 0)
				close(fd);
			continue;
		}
		close(fd);
		print_counts(&counts, argv[i]);
		total.lines += counts.lines;
		total.words += counts.words;
		total.bytes += counts.bytes;
	}
	if (argc - optind > 1)
		print_counts(&total, "total");
	return status;
}
