/*
 * expand.c — from a raw word to the fields a command sees.
 *
 * POSIX's order: tilde, parameters ($x ${x:-y} $? $$ $! $# $@ $* $0..$9),
 * command substitution ($(...) and `...`) and arithmetic ($((...))), then
 * field splitting on IFS, pathname expansion (globs), and quote removal.
 *
 * The first steps write a *marked string*: each character carries flags that
 * say where it came from, because the later steps treat them differently:
 *
 *   M_QUOTED   inside quotes or escaped: never split, never a glob character
 *   M_SPLIT    produced by an unquoted expansion: IFS characters split here
 *   (neither)  literal text of the word: not split, but *?[ are globs
 *   M_MARK     no character: a quote was here, so the field exists even if
 *              empty ("" is one empty argument; an empty unquoted $x is none)
 *   M_BREAK    no character: a field ends here ("$@" gives one per parameter)
 *
 * Quote removal is free: quotes are never copied into the marked string.
 * Parameters and substitutions are in param.c, splitting and globbing below.
 */
#include "expand.h"

#include <stdlib.h>
#include <string.h>

void m_add(struct mstr *m, char c, unsigned char flags)
{
	if (m->len == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->c = xrealloc(m->c, m->cap);
		m->f = xrealloc(m->f, m->cap);
	}
	m->c[m->len] = c;
	m->f[m->len++] = flags;
}

void m_adds(struct mstr *m, const char *s, unsigned char flags)
{
	for (; *s; s++)
		m_add(m, *s, flags);
}

static void m_free(struct mstr *m)
{
	free(m->c);
	free(m->f);
	memset(m, 0, sizeof(*m));
}

/* The quoting and expansion pass over raw text (see the top of the file).
 * in_dquote: the text is already inside double quotes (${x:-"..."}, $((..))). */
void expand_text(struct expander *ex, const char *p, int in_dquote)
{
	int dq = in_dquote;
	const char *start = p;
	while (*p && !ex->error) {
		char c = *p;
		if (c == '\'' && !dq) {
			m_add(&ex->m, 0, M_MARK | M_QUOTED);
			for (p++; *p && *p != '\''; p++)
				m_add(&ex->m, *p, M_QUOTED);
			p += *p == '\'';
		} else if (c == '"') {
			dq = !dq;
			if (dq) {
				ex->dquote_mark = ex->m.len;
				m_add(&ex->m, 0, M_MARK | M_QUOTED);
			}
			p++;
		} else if (c == '\\') {
			if (p[1] && (!dq || strchr("$`\"\\", p[1]))) {
				m_add(&ex->m, p[1], M_QUOTED);
				p += 2;
			} else {
				m_add(&ex->m, '\\', M_QUOTED);
				p++;
			}
		} else if (c == '$') {
			p = expand_dollar(ex, p, dq);
		} else if (c == '`') {
			p = expand_backquote(ex, p, dq);
		} else if (c == '~' && p == start && !dq && (p[1] == '/' || !p[1])) {
			const char *home = var_get("HOME");
			m_adds(&ex->m, home ? home : "~", M_QUOTED);
			p++;
		} else {
			m_add(&ex->m, c, dq ? M_QUOTED : 0);
			p++;
		}
	}
}

/* ---- fields --------------------------------------------------------------- */

struct fields {
	char **v;
	int count, cap;
};

static void fields_add(struct fields *fl, char *s)
{
	if (fl->count + 2 > fl->cap) {
		fl->cap = fl->cap ? fl->cap * 2 : 8;
		fl->v = xrealloc(fl->v, (size_t)fl->cap * sizeof(char *));
	}
	fl->v[fl->count++] = s;
	fl->v[fl->count] = NULL;
}

static int is_glob_char(char c)
{
	return c == '*' || c == '?' || c == '[';
}

/* One finished field: glob it if it has an active glob character, else keep it. */
static void field_finish(struct fields *fl, struct mstr *field)
{
	int magic = 0;
	for (size_t i = 0; i < field->len; i++)
		if (!(field->f[i] & (M_QUOTED | M_MARK)) && is_glob_char(field->c[i]))
			magic = 1;
	struct strbuf text = {NULL, 0, 0}, pattern = {NULL, 0, 0};
	for (size_t i = 0; i < field->len; i++) {
		if (field->f[i] & M_MARK)
			continue;
		char c = field->c[i];
		sb_addc(&text, c);
		if (magic && ((field->f[i] & M_QUOTED) || c == '\\') &&
		    (is_glob_char(c) || c == '\\'))
			sb_addc(&pattern, '\\');
		if (magic)
			sb_addc(&pattern, c);
	}
	int count = 0;
	char **matches = magic ? glob_expand(pattern.s ? pattern.s : "", &count) : NULL;
	if (matches) {
		for (int i = 0; i < count; i++)
			fields_add(fl, matches[i]);
		free(matches);
		free(text.s);
	} else {
		fields_add(fl, sb_finish(&text));
	}
	free(pattern.s);
	field->len = 0;
}

/* Field splitting: IFS characters that came from unquoted expansions end a
 * field (runs of them count once); M_BREAK always does. */
static void split_fields(struct mstr *m, struct fields *fl)
{
	const char *ifs = var_get("IFS");
	if (!ifs)
		ifs = " \t\n";
	struct mstr field = {NULL, NULL, 0, 0};
	int exists = 0; /* the field has characters or a quote mark */
	for (size_t i = 0; i < m->len; i++) {
		char c = m->c[i];
		unsigned char f = m->f[i];
		if (f & M_BREAK) {
			if (exists)
				field_finish(fl, &field);
			exists = 0;
			continue;
		}
		if ((f & M_SPLIT) && c && strchr(ifs, c)) {
			if (exists)
				field_finish(fl, &field);
			exists = 0;
			continue;
		}
		m_add(&field, c, f);
		exists = 1;
	}
	if (exists)
		field_finish(fl, &field);
	m_free(&field);
}

char **expand_words(struct word *w, int *argc)
{
	struct fields fl = {NULL, 0, 0};
	fields_add(&fl, NULL); /* so that an empty result is still an array */
	fl.count = 0;
	for (; w; w = w->next) {
		struct expander ex;
		memset(&ex, 0, sizeof(ex));
		expand_text(&ex, w->text, 0);
		if (!ex.error)
			split_fields(&ex.m, &fl);
		m_free(&ex.m);
		if (ex.error) {
			free_argv(fl.v);
			return NULL;
		}
	}
	*argc = fl.count;
	return fl.v;
}

char *expand_single(const char *raw)
{
	struct expander ex;
	memset(&ex, 0, sizeof(ex));
	expand_text(&ex, raw, 0);
	struct strbuf sb = {NULL, 0, 0};
	for (size_t i = 0; i < ex.m.len; i++) {
		if (ex.m.f[i] & M_BREAK)
			sb_addc(&sb, ' ');
		else if (!(ex.m.f[i] & M_MARK))
			sb_addc(&sb, ex.m.c[i]);
	}
	m_free(&ex.m);
	if (ex.error) {
		free(sb.s);
		return NULL;
	}
	return sb_finish(&sb);
}

void free_argv(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}
