/*
 * param.c — the $ expansions: parameters ($x ${x} $1 $? $$ $! $# $0 $@ $*),
 * the ${x-y} ${x:-y} ${x=y} ${x:=y} ${x+y} ${x:+y} ${x?y} ${x:?y} ${#x} forms,
 * arithmetic $((...)) and command substitution $(...) and `...`.
 *
 * Each writes its result into the expander's marked string (expand.c): quoted
 * when the $ was inside double quotes, splittable (M_SPLIT) otherwise.
 */
#include "expand.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The ')' or '}' matching the bracket at open, skipping quoted text. */
static const char *match_close(const char *open)
{
	char o = *open, c = o == '(' ? ')' : '}';
	int depth = 0;
	for (const char *p = open; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '\'') {
			const char *q = strchr(p + 1, '\'');
			if (!q)
				return NULL;
			p = q;
		} else if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				return NULL;
		} else if (*p == o) {
			depth++;
		} else if (*p == c && --depth == 0) {
			return p;
		}
	}
	return NULL;
}

/* ---- command substitution ------------------------------------------------- */

/* Runs text in a subshell and returns what it wrote to stdout, without the
 * trailing newlines.  $? becomes its status. */
static char *command_output(const char *text)
{
	int fds[2];
	if (pipe(fds) < 0) {
		sh_error("pipe: %s", strerror(errno));
		return xstrdup("");
	}
	if (sh_fork_begin() < 0) {
		close(fds[0]);
		close(fds[1]);
		return xstrdup("");
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		if (fds[1] != 1) {
			dup2(fds[1], 1);
			close(fds[1]);
		}
		shell.in_child = 1;
		shell.interactive = 0;
		sh_child_signals(0);
		exit(run_string(text));
	}
	sh_fork_parent();
	if (pid < 0) {
		sh_error("fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		sh_fork_end();
		return xstrdup("");
	}
	close(fds[1]);
	struct strbuf out = {NULL, 0, 0};
	char buf[512];
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		sb_add(&out, buf, (size_t)n);
	}
	close(fds[0]);
	shell.last_status = shell.subst_status = wait_foreground(pid);
	sh_fork_end();
	shell.subst_count++;
	while (out.len > 0 && out.s[out.len - 1] == '\n')
		out.s[--out.len] = '\0';
	return sb_finish(&out);
}

static void add_command_output(struct expander *ex, const char *text, size_t len, int dq)
{
	char *cmd = xstrndup(text, len);
	char *out = command_output(cmd);
	m_adds(&ex->m, out, dq ? M_QUOTED : M_SPLIT);
	free(out);
	free(cmd);
}

/* `...`: backslash keeps its meaning only before $ ` and \. */
const char *expand_backquote(struct expander *ex, const char *p, int dq)
{
	struct strbuf cmd = {NULL, 0, 0};
	for (p++; *p && *p != '`'; p++) {
		if (*p == '\\' && p[1] && strchr("$`\\", p[1]))
			p++;
		sb_addc(&cmd, *p);
	}
	char *text = sb_finish(&cmd);
	add_command_output(ex, text, strlen(text), dq);
	free(text);
	return *p ? p + 1 : p;
}

/* ---- arithmetic ----------------------------------------------------------- */

static void add_arithmetic(struct expander *ex, const char *expr, size_t len, int dq)
{
	struct expander inner;
	memset(&inner, 0, sizeof(inner));
	char *raw = xstrndup(expr, len);
	expand_text(&inner, raw, 1); /* $x and $(..) inside, as between quotes */
	free(raw);
	struct strbuf text = {NULL, 0, 0};
	for (size_t i = 0; i < inner.m.len; i++)
		if (!(inner.m.f[i] & (M_MARK | M_BREAK)))
			sb_addc(&text, inner.m.c[i]);
	free(inner.m.c);
	free(inner.m.f);
	char *s = sb_finish(&text);
	long long value;
	if (inner.error || arith_eval(s, &value) < 0) {
		ex->error = 1;
	} else {
		char num[24];
		snprintf(num, sizeof(num), "%lld", value);
		m_adds(&ex->m, num, dq ? M_QUOTED : M_SPLIT);
	}
	free(s);
}

/* ---- parameters ------------------------------------------------------------ */

/* The value of a special or positional parameter or a variable (NULL: unset).
 * buf holds numbers. */
static const char *param_value(const char *name, char *buf, size_t size)
{
	if (isdigit((unsigned char)name[0])) {
		int i = atoi(name);
		if (i == 0)
			return shell.name;
		return i <= shell.nparams ? shell.params[i - 1] : NULL;
	}
	if (name[1] == '\0') {
		switch (name[0]) {
		case '?':
			snprintf(buf, size, "%d", shell.last_status);
			return buf;
		case '$':
			snprintf(buf, size, "%d", (int)shell.pid);
			return buf;
		case '#':
			snprintf(buf, size, "%d", shell.nparams);
			return buf;
		case '-':
			return shell.interactive ? "i" : "";
		case '!':
			if (!shell.last_bg)
				return NULL;
			snprintf(buf, size, "%d", (int)shell.last_bg);
			return buf;
		}
	}
	return var_get(name);
}

/* $@ and $*: one field per parameter ("$@", and unquoted), or one field with
 * the parameters joined by spaces ("$*"). */
static void add_all_params(struct expander *ex, char which, int dq)
{
	if (dq && which == '@' && shell.nparams == 0 && ex->m.len == ex->dquote_mark + 1 &&
	    (ex->m.f[ex->dquote_mark] & M_MARK))
		ex->m.len--; /* "$@" with no parameters is no field at all, not "" */
	for (int i = 0; i < shell.nparams; i++) {
		if (i > 0) {
			if (dq && which == '*')
				m_add(&ex->m, ' ', M_QUOTED);
			else
				m_add(&ex->m, 0, M_BREAK);
		}
		if (dq)
			m_add(&ex->m, 0, M_MARK | M_QUOTED);
		m_adds(&ex->m, shell.params[i], dq ? M_QUOTED : M_SPLIT);
	}
}

static void add_param(struct expander *ex, const char *name, int dq)
{
	if ((name[0] == '@' || name[0] == '*') && !name[1]) {
		add_all_params(ex, name[0], dq);
		return;
	}
	char buf[24];
	const char *value = param_value(name, buf, sizeof(buf));
	if (value)
		m_adds(&ex->m, value, dq ? M_QUOTED : M_SPLIT);
}

/* ${...}: body is the text between the braces. */
static void add_braced(struct expander *ex, const char *body, int dq)
{
	if (body[0] == '#' && body[1]) { /* ${#name}: the length of the value */
		char buf[24], num[24];
		const char *value = param_value(body + 1, buf, sizeof(buf));
		snprintf(num, sizeof(num), "%zu", value ? strlen(value) : (size_t)0);
		m_adds(&ex->m, num, dq ? M_QUOTED : M_SPLIT);
		return;
	}
	size_t n = 0;
	if (isdigit((unsigned char)body[0]))
		n = strspn(body, "0123456789");
	else if (body[0] && strchr("?$#!@*-", body[0]))
		n = 1;
	else
		while (isalnum((unsigned char)body[n]) || body[n] == '_')
			n++;
	char *name = xstrndup(body, n);
	const char *op = body + n;
	int colon = *op == ':';
	op += colon;
	if (n == 0 || (*op && !strchr("-=+?", *op)) || (colon && !*op)) {
		sh_error("${%s}: bad substitution", body);
		ex->error = 1;
		free(name);
		return;
	}
	char buf[24];
	const char *value = param_value(name, buf, sizeof(buf));
	int is_set = value && (!colon || *value);
	const char *word = *op ? op + 1 : "";
	if (!*op || (*op == '-' && is_set) || (*op == '=' && is_set) || (*op == '?' && is_set)) {
		add_param(ex, name, dq);
	} else if (*op == '+') {
		if (is_set)
			expand_text(ex, word, dq);
	} else if (*op == '-') {
		expand_text(ex, word, dq);
	} else if (*op == '=') {
		char *v = expand_single(word);
		if (v && var_valid_name(name, strlen(name))) {
			var_set(name, v);
			m_adds(&ex->m, v, dq ? M_QUOTED : M_SPLIT);
		}
		ex->error |= !v;
		free(v);
	} else { /* ? */
		char *msg = *word ? expand_single(word) : NULL;
		sh_error("%s: %s", name, msg ? msg : "parameter not set");
		free(msg);
		ex->error = 1;
	}
	free(name);
}

/* p points at '$'; returns where the expansion ends. */
const char *expand_dollar(struct expander *ex, const char *p, int dq)
{
	const char *q = p + 1;
	if (*q == '(') {
		const char *end;
		if (q[1] == '(' && (end = match_close(q + 1)) && end[1] == ')') {
			add_arithmetic(ex, q + 2, (size_t)(end - q - 2), dq);
			return end + 2;
		}
		end = match_close(q);
		if (!end) {
			m_add(&ex->m, '$', dq ? M_QUOTED : 0);
			return q;
		}
		add_command_output(ex, q + 1, (size_t)(end - q - 1), dq);
		return end + 1;
	}
	if (*q == '{') {
		const char *end = match_close(q);
		if (!end) {
			sh_error("bad substitution");
			ex->error = 1;
			return q + strlen(q);
		}
		char *body = xstrndup(q + 1, (size_t)(end - q - 1));
		add_braced(ex, body, dq);
		free(body);
		return end + 1;
	}
	if (*q && (strchr("?$!#@*-", *q) || isdigit((unsigned char)*q))) {
		char name[2] = {*q, '\0'};
		add_param(ex, name, dq);
		return q + 1;
	}
	if (isalpha((unsigned char)*q) || *q == '_') {
		size_t n = 0;
		while (isalnum((unsigned char)q[n]) || q[n] == '_')
			n++;
		char *name = xstrndup(q, n);
		add_param(ex, name, dq);
		free(name);
		return q + n;
	}
	m_add(&ex->m, '$', dq ? M_QUOTED : 0); /* a lone $ is itself */
	return q;
}
