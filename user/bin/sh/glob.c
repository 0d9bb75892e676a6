/*
 * glob.c — pathname expansion: a word with an unquoted * ? or [...] becomes
 * the sorted list of existing paths it matches (or stays as it is when none
 * does).  Patterns arrive with quoted characters escaped by a backslash
 * (expand.c), so "\*" is a literal star.
 *
 * The pattern is matched one path component at a time: a component without
 * glob characters is simply appended, one with them is matched against every
 * name in the directory reached so far.  A leading '.' must be matched
 * explicitly, as in every shell.
 */
#include "sh.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct matches {
	char **v;
	int count, cap;
};

/* [...] at *pp (just after '['): does c belong to the set?  Moves *pp past ']'. */
static int match_bracket(const char **pp, char c, int *ok)
{
	const char *p = *pp;
	int negate = *p == '!' || *p == '^', found = 0;
	p += negate;
	const char *first = p;
	while (*p && (*p != ']' || p == first)) {
		char lo = *p == '\\' && p[1] ? *++p : *p;
		char hi = lo;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			p += 2;
			hi = *p == '\\' && p[1] ? *++p : *p;
		}
		if (lo <= c && c <= hi)
			found = 1;
		p++;
	}
	*ok = *p == ']';
	*pp = *p ? p + 1 : p;
	return found != negate;
}

int fnmatch_simple(const char *pattern, const char *name)
{
	const char *p = pattern, *n = name;
	for (; *p; p++, n++) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			if (!*p)
				return 1;
			for (; *n; n++)
				if (fnmatch_simple(p, n))
					return 1;
			return 0;
		}
		if (!*n)
			return 0;
		if (*p == '?')
			continue;
		if (*p == '[') {
			const char *q = p + 1;
			int ok;
			int in = match_bracket(&q, *n, &ok);
			if (ok) {
				if (!in)
					return 0;
				p = q - 1;
				continue;
			}
		}
		if (*p == '\\' && p[1])
			p++;
		if (*p != *n)
			return 0;
	}
	return *n == '\0';
}

static int has_magic(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '*' || p[i] == '?' || p[i] == '[')
			return 1;
	}
	return 0;
}

static void add_match(struct matches *m, const char *path)
{
	if (m->count + 1 >= m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xrealloc(m->v, (size_t)m->cap * sizeof(char *));
	}
	m->v[m->count++] = xstrdup(path);
}

/* dir: the path so far (empty, or ending in '/'); rest: the pattern left. */
static void glob_walk(struct matches *m, const char *dir, const char *rest)
{
	const char *slash = strchr(rest, '/');
	size_t len = slash ? (size_t)(slash - rest) : strlen(rest);
	struct strbuf path = {NULL, 0, 0};
	if (!has_magic(rest, len)) {
		sb_adds(&path, dir);
		for (size_t i = 0; i < len; i++) /* unescape */
			if (rest[i] != '\\' || ++i < len)
				sb_addc(&path, rest[i]);
		struct stat st;
		if (slash) {
			sb_addc(&path, '/');
			glob_walk(m, path.s, slash + 1);
		} else if (lstat(path.s, &st) == 0) {
			add_match(m, path.s);
		}
		free(path.s);
		return;
	}
	char *component = xstrndup(rest, len);
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if ((e->d_name[0] == '.' && component[0] != '.') ||
		    !fnmatch_simple(component, e->d_name))
			continue;
		path.len = 0;
		sb_adds(&path, dir);
		sb_adds(&path, e->d_name);
		struct stat st;
		if (!slash)
			add_match(m, path.s);
		else if (stat(path.s, &st) == 0 && S_ISDIR(st.st_mode)) {
			sb_addc(&path, '/');
			glob_walk(m, path.s, slash + 1);
		}
	}
	if (d)
		closedir(d);
	free(component);
	free(path.s);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **glob_expand(const char *pattern, int *count)
{
	struct matches m = {NULL, 0, 0};
	if (pattern[0] == '/')
		glob_walk(&m, "/", pattern + 1);
	else
		glob_walk(&m, "", pattern);
	if (m.count == 0) {
		free(m.v);
		return NULL;
	}
	qsort(m.v, (size_t)m.count, sizeof(char *), by_string);
	m.v[m.count] = NULL;
	*count = m.count;
	return m.v;
}
