/*
 * test.c — test EXPR and [ EXPR ]: status 0 if EXPR is true, 1 if false, 2 on
 * an error (with a message).
 *
 *   -e -f -d -r -w -x -s -L -h -c -b -p FILE    file tests
 *   -z S, -n S, S                               string empty / not empty
 *   S1 = S2, S1 != S2                           strings
 *   N1 -eq -ne -lt -le -gt -ge N2               integers
 *   -t FD                                       FD is a terminal
 *   ! EXPR, EXPR -a EXPR, EXPR -o EXPR, ( EXPR )
 *
 * Parsed by recursive descent, -o lowest; at each primary a binary operator in
 * second position wins over a unary one in first (so "[ -n = x ]" compares).
 */
#include "sh.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct test {
	char **args;
	int pos, count;
	int error;
};

static const char *peek_arg(struct test *t, int ahead)
{
	return t->pos + ahead < t->count ? t->args[t->pos + ahead] : NULL;
}

static int test_fail(struct test *t, const char *what, const char *arg)
{
	if (!t->error) {
		if (arg)
			sh_error("test: %s: %s", arg, what);
		else
			sh_error("test: %s", what);
	}
	t->error = 1;
	return 0;
}

static int is_binary(const char *op)
{
	static const char *const ops[] = {"=",	 "==",	"!=",  "-eq", "-ne",
					  "-lt", "-le", "-gt", "-ge"};
	for (size_t i = 0; op && i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(op, ops[i]) == 0)
			return 1;
	return 0;
}

static int is_unary(const char *op)
{
	return op && op[0] == '-' && op[1] && !op[2] && strchr("efdrwxsLhcbpznt", op[1]);
}

static long long to_number(struct test *t, const char *s)
{
	char *end;
	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	long long v = strtoll(p, &end, 10);
	if (end == p || *end)
		test_fail(t, "bad number", s);
	return v;
}

static int binary(struct test *t, const char *a, const char *op, const char *b)
{
	if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
		return strcmp(a, b) == 0;
	if (strcmp(op, "!=") == 0)
		return strcmp(a, b) != 0;
	long long x = to_number(t, a), y = to_number(t, b);
	if (strcmp(op, "-eq") == 0)
		return x == y;
	if (strcmp(op, "-ne") == 0)
		return x != y;
	if (strcmp(op, "-lt") == 0)
		return x < y;
	if (strcmp(op, "-le") == 0)
		return x <= y;
	if (strcmp(op, "-gt") == 0)
		return x > y;
	return x >= y;
}

static int unary(struct test *t, char op, const char *arg)
{
	struct stat st;
	switch (op) {
	case 'z':
		return *arg == '\0';
	case 'n':
		return *arg != '\0';
	case 't':
		return isatty((int)to_number(t, arg));
	case 'r':
		return access(arg, R_OK) == 0;
	case 'w':
		return access(arg, W_OK) == 0;
	case 'x':
		return access(arg, X_OK) == 0;
	case 'L':
	case 'h':
		return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
	}
	if (stat(arg, &st) < 0)
		return 0;
	switch (op) {
	case 'f':
		return S_ISREG(st.st_mode);
	case 'd':
		return S_ISDIR(st.st_mode);
	case 'c':
		return S_ISCHR(st.st_mode);
	case 'b':
		return S_ISBLK(st.st_mode);
	case 'p':
		return S_ISFIFO(st.st_mode);
	case 's':
		return st.st_size > 0;
	default:
		return 1; /* e */
	}
}

static int expr_or(struct test *t);

static int primary(struct test *t)
{
	const char *a = peek_arg(t, 0);
	if (!a)
		return test_fail(t, "argument expected", NULL);
	if (strcmp(a, "(") == 0 && !is_binary(peek_arg(t, 1))) {
		t->pos++;
		int v = expr_or(t);
		const char *close = peek_arg(t, 0);
		if (!close || strcmp(close, ")") != 0)
			return test_fail(t, "missing )", NULL);
		t->pos++;
		return v;
	}
	if (is_binary(peek_arg(t, 1)) && peek_arg(t, 2)) {
		t->pos += 3;
		return binary(t, a, t->args[t->pos - 2], t->args[t->pos - 1]);
	}
	if (is_unary(a) && peek_arg(t, 1)) {
		t->pos += 2;
		return unary(t, a[1], t->args[t->pos - 1]);
	}
	t->pos++;
	return *a != '\0';
}

static int expr_not(struct test *t)
{
	const char *a = peek_arg(t, 0);
	if (a && strcmp(a, "!") == 0 && peek_arg(t, 1)) {
		t->pos++;
		return !expr_not(t);
	}
	return primary(t);
}

static int expr_and(struct test *t)
{
	int v = expr_not(t);
	while (peek_arg(t, 0) && strcmp(peek_arg(t, 0), "-a") == 0) {
		t->pos++;
		v = expr_not(t) && v;
	}
	return v;
}

static int expr_or(struct test *t)
{
	int v = expr_and(t);
	while (peek_arg(t, 0) && strcmp(peek_arg(t, 0), "-o") == 0) {
		t->pos++;
		v = expr_and(t) || v;
	}
	return v;
}

int builtin_test(int argc, char **argv)
{
	if (strcmp(argv[0], "[") == 0) {
		if (strcmp(argv[argc - 1], "]") != 0) {
			sh_error("[: missing ]");
			return 2;
		}
		argc--;
	}
	struct test t = {argv + 1, 0, argc - 1, 0};
	if (t.count == 0)
		return 1;
	int v = expr_or(&t);
	if (!t.error && t.pos < t.count)
		test_fail(&t, "unexpected argument", t.args[t.pos]);
	return t.error ? 2 : !v;
}
