/*
 * complete.c — Tab: what the word before the cursor could become.
 *
 * The line up to the cursor is scanned the way the lexer would cut it into
 * words (blanks and the operators ; & | ( ) < > end a word; quotes and
 * backslashes do not).  The word the cursor is in (or the empty word after a
 * blank) is completed:
 *
 *   - in command position (the first word, or after ; & | ( or after if,
 *     then, while, do, ..., or after NAME=value) and without a "/": against
 *     the builtins and the executable files in $PATH's directories;
 *   - otherwise: against the files of its directory ("src/ma" looks in
 *     "src/" for names starting "ma"; hidden names only when the word's last
 *     part starts with "."), directories shown and completed with a "/".
 *
 * The matches' longest common prefix goes in at the cursor; a single match
 * also gets a "/" (a directory, to go on) or a space (anything else, to type
 * the next word).  Quotes, simply: the word is matched by its value (quotes
 * and backslashes removed), and what is inserted is quoted to fit where it
 * goes -- backslashes before special bytes outside quotes, inside an open
 * "..." only before " \ $ `, inside an open '...' as it is (a final space
 * closes the quote first).  $VAR and ~ in a word are not expanded.
 *
 * Read next: lineedit.c (Tab on the line, and the list on a second Tab).
 */
#include "lineedit.h"
#include "sh.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The word under completion. */
struct word_at {
	struct strbuf value; /* its text up to the cursor, quotes removed */
	bool is_command;     /* in command position */
	char quote;	     /* the quote still open at the cursor, or 0 */
};

/* A growing list of match names. */
struct name_list {
	char **names;
	size_t count, cap;
};

/* ---- the word at the cursor ------------------------------------------------------- */

static bool is_word_end(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || (c && strchr(";&|()<>", c));
}

/* After these words (and after NAME=value) a command comes next. */
static bool keeps_command_position(const char *word)
{
	static const char *const words[] = {"if", "then", "else", "elif", "while", "until",
					    "do", "!",	  "{",	  "time", "exec",  NULL};
	for (size_t i = 0; words[i]; i++)
		if (strcmp(word, words[i]) == 0)
			return true;
	return var_assignment_length(word) > 0;
}

/* One byte of the line inside a quote: the quote ends, or the byte is text.
 * Returns how many bytes were used. */
static size_t scan_quoted(struct word_at *w, const char *p, size_t left)
{
	if (*p == w->quote) {
		w->quote = 0;
		return 1;
	}
	if (w->quote == '"' && *p == '\\' && left > 1 && strchr("\"\\$`", p[1])) {
		sb_addc(&w->value, p[1]);
		return 2;
	}
	sb_addc(&w->value, *p);
	return 1;
}

/* One byte of a word outside quotes. */
static size_t scan_plain(struct word_at *w, const char *p, size_t left)
{
	if (*p == '\\') {
		if (left > 1)
			sb_addc(&w->value, p[1]);
		return left > 1 ? 2 : 1;
	}
	if (*p == '\'' || *p == '"')
		w->quote = *p;
	else
		sb_addc(&w->value, *p);
	return 1;
}

/* The value starts again: a new word. */
static void word_reset(struct word_at *w)
{
	w->value.len = 0;
	w->value.s[0] = '\0';
}

static void word_at_cursor(const char *line, size_t cursor, struct word_at *w)
{
	bool is_in_word = false, is_next_command = true, is_redirect_target = false;
	memset(w, 0, sizeof(*w));
	sb_adds(&w->value, ""); /* allocated, so always a string */
	for (size_t i = 0; i < cursor;) {
		const char *p = line + i;
		if (w->quote) {
			i += scan_quoted(w, p, cursor - i);
			continue;
		}
		if (is_word_end(*p)) {
			if (is_in_word && !is_redirect_target)
				is_next_command =
				    w->is_command && keeps_command_position(w->value.s);
			if (is_in_word)
				is_redirect_target = false;
			is_in_word = false;
			if (strchr(";&|(", *p))
				is_next_command = true;
			else if (*p == '<' || *p == '>')
				is_redirect_target = true;
			i++;
			continue;
		}
		if (!is_in_word) {
			is_in_word = true;
			word_reset(w);
			w->is_command = is_next_command && !is_redirect_target;
		}
		i += scan_plain(w, p, cursor - i);
	}
	if (!is_in_word) {
		word_reset(w);
		w->is_command = is_next_command && !is_redirect_target;
	}
}

/* ---- collecting matches --------------------------------------------------------- */

static void names_add(struct name_list *l, const char *name, bool is_dir)
{
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->names = xrealloc(l->names, l->cap * sizeof(char *));
	}
	size_t len = strlen(name);
	char *copy = xmalloc(len + 2);
	memcpy(copy, name, len);
	copy[len] = '/';
	copy[len + is_dir] = '\0';
	l->names[l->count++] = copy;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, each name once ($PATH may hold a program twice: /bin and /usr/bin). */
static void names_sort_unique(struct name_list *l)
{
	if (l->count == 0)
		return;
	qsort(l->names, l->count, sizeof(char *), compare_names);
	size_t kept = 1;
	for (size_t i = 1; i < l->count; i++) {
		if (strcmp(l->names[i], l->names[kept - 1]) == 0)
			free(l->names[i]);
		else
			l->names[kept++] = l->names[i];
	}
	l->count = kept;
}

static bool has_prefix(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}

/* dir + name, for stat. */
static char *path_join(const char *dir, const char *name)
{
	struct strbuf b = {NULL, 0, 0};
	sb_adds(&b, dir);
	if (b.len && b.s[b.len - 1] != '/')
		sb_addc(&b, '/');
	sb_adds(&b, name);
	return sb_finish(&b);
}

/* A directory entry's kind; symbolic links (and file systems that do not say)
 * are followed with stat. */
static bool entry_stat(const char *dir, const struct dirent *e, struct stat *st)
{
	if (e->d_type == DT_DIR) {
		st->st_mode = S_IFDIR;
		return true;
	}
	char *path = path_join(dir, e->d_name);
	bool is_ok = stat(path, st) == 0;
	free(path);
	return is_ok;
}

static bool is_dot_or_dotdot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* Entries of dir starting with prefix: every file (or, for commands, the
 * executable files only). */
static void add_dir_matches(struct name_list *l, const char *dir, const char *prefix,
			    bool is_programs_only)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (is_dot_or_dotdot(e->d_name) || !has_prefix(e->d_name, prefix))
			continue;
		if (e->d_name[0] == '.' && prefix[0] != '.')
			continue;
		struct stat st;
		if (!entry_stat(dir, e, &st))
			continue;
		bool is_dir = S_ISDIR(st.st_mode);
		if (is_programs_only && (is_dir || !(st.st_mode & 0111)))
			continue;
		names_add(l, e->d_name, is_dir && !is_programs_only);
	}
	closedir(d);
}

static void add_command_matches(struct name_list *l, const char *prefix)
{
	for (size_t i = 0; builtin_name(i); i++)
		if (has_prefix(builtin_name(i), prefix))
			names_add(l, builtin_name(i), false);
	const char *path = var_get("PATH");
	if (!path)
		return;
	for (;;) {
		size_t n = strcspn(path, ":");
		char *dir = n ? xstrndup(path, n) : xstrdup(".");
		add_dir_matches(l, dir, prefix, true);
		free(dir);
		if (!path[n])
			break;
		path += n + 1;
	}
}

/* "src/ma": the names in "src/" that start "ma".  *base_len: how much of the
 * word the names repeat ("ma"). */
static void add_path_matches(struct name_list *l, const char *word, size_t *base_len)
{
	const char *slash = strrchr(word, '/');
	const char *base = slash ? slash + 1 : word;
	char *dir = slash ? xstrndup(word, (size_t)(slash - word) + 1) : xstrdup(".");
	*base_len = strlen(base);
	add_dir_matches(l, dir, base, false);
	free(dir);
}

/* ---- what goes in ------------------------------------------------------------------ */

static size_t common_prefix_length(char **names, size_t count)
{
	size_t len = strlen(names[0]);
	for (size_t i = 1; i < count; i++) {
		size_t k = 0;
		while (k < len && names[i][k] == names[0][k])
			k++;
		len = k;
	}
	return len;
}

/* Text quoted to be typed where the word's quote state is. */
static void add_quoted(struct strbuf *b, const char *s, size_t n, char quote)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (quote == '\'' && c == '\'')
			sb_adds(b, "'\\''"); /* close, an escaped quote, open again */
		else if (quote == '"' && strchr("\"\\$`", c))
			sb_addc(b, '\\');
		else if (!quote && strchr(" \t\n'\"\\$`;&|<>()*?[#~!{}", c))
			sb_addc(b, '\\');
		if (!(quote == '\'' && c == '\''))
			sb_addc(b, c);
	}
}

static char *completion_text(char **names, size_t count, size_t typed, char quote)
{
	struct strbuf b = {NULL, 0, 0};
	size_t common = common_prefix_length(names, count);
	if (common > typed)
		add_quoted(&b, names[0] + typed, common - typed, quote);
	bool is_dir = names[0][strlen(names[0]) - 1] == '/';
	if (count == 1 && !is_dir) {
		if (quote)
			sb_addc(&b, quote);
		sb_addc(&b, ' ');
	}
	return sb_finish(&b);
}

void complete_at(const char *line, size_t cursor, struct completion *out)
{
	struct word_at w;
	struct name_list l = {NULL, 0, 0};
	size_t typed;
	word_at_cursor(line, cursor, &w);
	if (w.is_command && !strchr(w.value.s, '/')) {
		add_command_matches(&l, w.value.s);
		typed = strlen(w.value.s);
	} else {
		add_path_matches(&l, w.value.s, &typed);
	}
	names_sort_unique(&l);
	out->names = l.names;
	out->count = l.count;
	out->insert = l.count ? completion_text(l.names, l.count, typed, w.quote) : xstrdup("");
	free(w.value.s);
}

void completion_free(struct completion *c)
{
	for (size_t i = 0; i < c->count; i++)
		free(c->names[i]);
	free(c->names);
	free(c->insert);
	c->names = NULL;
	c->insert = NULL;
	c->count = 0;
}
