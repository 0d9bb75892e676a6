/*
 * vars.c — shell variables: a list of NAME=value pairs, each either local to
 * the shell or exported (passed in the environment of every command it runs).
 *
 * The shell starts with its environment imported, all exported.  PS1 and PS2
 * are read by input.c, PATH by exec.c, HOME and PWD by cd, IFS by expand.c.
 */
#include "sh.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct var {
	char *name;
	char *value;
	int exported;
	struct var *next;
};

static struct var *vars;

static struct var *var_find(const char *name, size_t len)
{
	for (struct var *v = vars; v; v = v->next)
		if (strlen(v->name) == len && strncmp(v->name, name, len) == 0)
			return v;
	return NULL;
}

int var_valid_name(const char *s, size_t len)
{
	if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < len; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return 1;
}

/* NAME=... as the raw word of an assignment: the '=' must come before any quote. */
int var_assignment_length(const char *raw)
{
	const char *eq = strchr(raw, '=');
	if (!eq || !var_valid_name(raw, (size_t)(eq - raw)))
		return 0;
	return (int)(eq - raw);
}

const char *var_get(const char *name)
{
	struct var *v = var_find(name, strlen(name));
	return v ? v->value : NULL;
}

static struct var *var_lookup_or_add(const char *name)
{
	struct var *v = var_find(name, strlen(name));
	if (!v) {
		v = xmalloc(sizeof(*v));
		v->name = xstrdup(name);
		v->value = NULL;
		v->exported = 0;
		v->next = vars;
		vars = v;
	}
	return v;
}

void var_set(const char *name, const char *value)
{
	struct var *v = var_lookup_or_add(name);
	char *copy = xstrdup(value);
	free(v->value);
	v->value = copy;
}

void var_export(const char *name, const char *value)
{
	struct var *v = var_lookup_or_add(name);
	if (value) {
		char *copy = xstrdup(value);
		free(v->value);
		v->value = copy;
	}
	v->exported = 1;
}

void var_unset(const char *name)
{
	for (struct var **link = &vars; *link; link = &(*link)->next) {
		struct var *v = *link;
		if (strcmp(v->name, name) == 0) {
			*link = v->next;
			free(v->name);
			free(v->value);
			free(v);
			return;
		}
	}
}

void var_import(char **envp)
{
	for (; envp && *envp; envp++) {
		char *eq = strchr(*envp, '=');
		if (!eq || !var_valid_name(*envp, (size_t)(eq - *envp)))
			continue;
		char *name = xstrndup(*envp, (size_t)(eq - *envp));
		var_export(name, eq + 1);
		free(name);
	}
}

/* The environment for a command: every exported variable with a value, except
 * those that an entry of extra ("NAME=value", from VAR=x cmd) replaces. */
char **var_environ(char **extra)
{
	int n = 0, nextra = 0;
	for (struct var *v = vars; v; v = v->next)
		n++;
	while (extra && extra[nextra])
		nextra++;
	char **env = xmalloc((size_t)(n + nextra + 1) * sizeof(char *));
	int k = 0;
	for (struct var *v = vars; v; v = v->next) {
		if (!v->exported || !v->value)
			continue;
		int replaced = 0;
		for (int i = 0; i < nextra; i++)
			if (strncmp(extra[i], v->name, strlen(v->name)) == 0 &&
			    extra[i][strlen(v->name)] == '=')
				replaced = 1;
		if (replaced)
			continue;
		size_t len = strlen(v->name) + strlen(v->value) + 2;
		env[k] = xmalloc(len);
		snprintf(env[k++], len, "%s=%s", v->name, v->value);
	}
	for (int i = 0; i < nextra; i++)
		env[k++] = extra[i];
	env[k] = NULL;
	return env;
}

static void print_quoted(const char *s)
{
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	putchar('\'');
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(struct var *const *)a)->name, (*(struct var *const *)b)->name);
}

/* export (exported_only) and set: every variable, sorted, in a form that can
 * be read back. */
void var_print(int exported_only)
{
	int n = 0;
	for (struct var *v = vars; v; v = v->next)
		n++;
	struct var **sorted = xmalloc((size_t)(n ? n : 1) * sizeof(*sorted));
	n = 0;
	for (struct var *v = vars; v; v = v->next)
		sorted[n++] = v;
	qsort(sorted, (size_t)n, sizeof(*sorted), by_name);
	for (int i = 0; i < n; i++) {
		struct var *v = sorted[i];
		if (exported_only && !v->exported)
			continue;
		printf("%s%s", exported_only ? "export " : "", v->name);
		if (v->value) {
			putchar('=');
			print_quoted(v->value);
		}
		putchar('\n');
	}
	free(sorted);
}
