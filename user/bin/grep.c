/*
 * grep.c — print lines that match a pattern:
 *     grep [-v] [-c] [-n] [-i] [-o] PATTERN [FILE...]
 *
 * -o prints only the matching parts of lines, each on a line of its own.
 *
 * Patterns are a small part of POSIX basic regular expressions: ordinary
 * characters, '.' (any character), '[abc]' '[a-z]' '[^0-9]' (sets), 'x*' (any
 * number of x), '^' and '$' anchors, and '\' to take the next character
 * literally.  The matcher is the classic backtracking one: match_here tries the
 * pattern at one position (a star takes as many characters as it can).
 * Exit status: 0 if a line was selected, 1 if none, 2 on an error (as grep).
 * -h leaves out the file names before lines of several files and -H puts
 * them in for one, as GNU grep's; so only --help prints the usage.
 */
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: grep [-v] [-c] [-n] [-i] [-o] [-h | -H] PATTERN [FILE...]\n";

static int invert, count_only, line_numbers, ignore_case, only_matching;
static int with_names = -1; /* -h: 0, -H: 1, otherwise: with several files */

/* The length of one pattern atom: "x", ".", "\x" or "[...]". */
static int atom_len(const char *p)
{
	if (*p == '\\' && p[1])
		return 2;
	if (*p == '[') {
		const char *q = p + 1;
		q += *q == '^';
		q += *q == ']'; /* a ']' first is a member */
		while (*q && *q != ']')
			q++;
		if (*q)
			return (int)(q - p + 1);
	}
	return 1;
}

static int in_range(char lo, char hi, char c)
{
	if (lo <= c && c <= hi)
		return 1;
	if (!ignore_case)
		return 0;
	char other = islower((unsigned char)c) ? (char)toupper((unsigned char)c)
					       : (char)tolower((unsigned char)c);
	return lo <= other && other <= hi;
}

/* [set] at p (a whole atom): does c belong to it? */
static int set_matches(const char *p, char c)
{
	const char *q = p + 1, *end = p + atom_len(p) - 1;
	int negate = *q == '^', found = 0;
	q += negate;
	for (; q < end; q++) {
		char lo = *q, hi = *q;
		if (q[1] == '-' && q + 2 < end) {
			hi = q[2];
			q += 2;
		}
		if (in_range(lo, hi, c))
			found = 1;
	}
	return found != negate;
}

static int char_matches(const char *p, char c)
{
	if (*p == '.')
		return 1;
	if (*p == '[' && atom_len(p) > 1)
		return set_matches(p, c);
	if (*p == '\\' && p[1])
		p++;
	return in_range(*p, *p, c);
}

static const char *match_here(const char *p, const char *s);

/* x* at s: the longest run of x's after which the rest matches; returns where
 * the whole match ends, or NULL. */
static const char *match_star(const char *atom, const char *rest, const char *s)
{
	const char *t = s;
	while (*t && char_matches(atom, *t))
		t++;
	for (;; t--) {
		const char *end = match_here(rest, t);
		if (end || t == s)
			return end;
	}
}

/* Matches pattern p at the start of s; returns where the match ends, or NULL. */
static const char *match_here(const char *p, const char *s)
{
	for (;;) {
		if (*p == '\0')
			return s;
		int len = atom_len(p);
		if (p[len] == '*')
			return match_star(p, p + len + 1, s);
		if (p[0] == '$' && p[1] == '\0')
			return *s == '\0' ? s : NULL;
		if (*s == '\0' || !char_matches(p, *s))
			return NULL;
		p += len;
		s++;
	}
}

/* The leftmost match in line starting at or after from: sets *start and returns
 * its end, or NULL. */
static const char *find_match(const char *pattern, const char *line, const char *from,
			      const char **start)
{
	if (pattern[0] == '^') {
		*start = line;
		return from == line ? match_here(pattern + 1, line) : NULL;
	}
	for (const char *s = from;; s++) {
		const char *end = match_here(pattern, s);
		if (end) {
			*start = s;
			return end;
		}
		if (!*s)
			return NULL;
	}
}

static void print_prefix(const char *file, long number)
{
	if (file)
		printf("%s:", file);
	if (line_numbers)
		printf("%ld:", number);
}

/* -o: each non-empty match on its own line. */
static void print_matches(const char *pattern, const char *line, const char *file, long number)
{
	const char *from = line, *start, *end;
	while (*from && (end = find_match(pattern, line, from, &start))) {
		if (end > start) {
			print_prefix(file, number);
			printf("%.*s\n", (int)(end - start), start);
			from = end;
		} else {
			from = start + 1;
		}
	}
}

/* Returns the number of selected lines. */
static long grep_stream(const char *pattern, FILE *f, const char *prefix)
{
	char *line = NULL;
	size_t cap = 0;
	long selected = 0, number = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		number++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		const char *start;
		if ((find_match(pattern, line, line, &start) != NULL) == invert)
			continue;
		selected++;
		if (count_only || (only_matching && invert))
			continue;
		if (only_matching) {
			print_matches(pattern, line, prefix, number);
			continue;
		}
		print_prefix(prefix, number);
		printf("%s\n", line);
	}
	free(line);
	if (count_only) {
		if (prefix)
			printf("%s:", prefix);
		printf("%ld\n", selected);
	}
	return selected;
}

int main(int argc, char **argv)
{
	int c;
	while ((c = usage_getopt(argc, argv, "vcniohH", usage)) != -1) {
		if (c == 'v')
			invert = 1;
		else if (c == 'c')
			count_only = 1;
		else if (c == 'n')
			line_numbers = 1;
		else if (c == 'i')
			ignore_case = 1;
		else if (c == 'o')
			only_matching = 1;
		else
			with_names = c == 'H';
	}
	if (optind >= argc)
		usage_error("missing PATTERN");
	const char *pattern = argv[optind++];
	int nfiles = argc - optind, errors = 0;
	if (with_names < 0)
		with_names = nfiles > 1;
	long selected = 0;
	if (nfiles == 0)
		selected = grep_stream(pattern, stdin, NULL);
	for (int i = optind; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");
		if (!f) {
			warn("%s", argv[i]);
			errors = 1;
			continue;
		}
		selected += grep_stream(pattern, f, with_names ? argv[i] : NULL);
		fclose(f);
	}
	if (errors)
		return 2;
	return selected ? 0 : 1;
}
