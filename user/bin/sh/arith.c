/*
 * arith.c — $((expression)): integer arithmetic on 64-bit numbers, with C's
 * operators and precedence (lowest first):
 *
 *   = += -= *= /= %=   ?:   ||   &&   |   ^   &   == !=   < <= > >=   << >>
 *   + -   * / %   unary - + ! ~   ( )   numbers (10, 0x1f, 017)   variable names
 *
 * A variable's value is read as a number (unset or empty is 0).  Each level is
 * one function of a recursive-descent parser that evaluates as it parses;
 * "skip" suppresses errors (division by zero) in the branch && || ?: do not take.
 */
#include "sh.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arith {
	const char *expr; /* the whole expression, for error messages */
	const char *p;
	int failed;
};

/* "sh: arithmetic: 2 $ 3: syntax error at "$ 3"": what, and where it was found. */
static void arith_fail(struct arith *a, const char *what)
{
	if (!a->failed && *a->p)
		sh_error("arithmetic: %s: %s at \"%s\"", a->expr, what, a->p);
	else if (!a->failed)
		sh_error("arithmetic: %s: %s", a->expr, what);
	a->failed = 1;
}

static void skip_space(struct arith *a)
{
	while (isspace((unsigned char)*a->p))
		a->p++;
}

/* Consumes op if it comes next (and is not the start of a longer operator). */
static int accept(struct arith *a, const char *op)
{
	skip_space(a);
	size_t n = strlen(op);
	if (strncmp(a->p, op, n) != 0)
		return 0;
	char next = a->p[n];
	if (n == 1 && (next == op[0] || next == '=') && strchr("&|<>=*", op[0]))
		return 0; /* & is not &&, < is not <= or <<, = is not ==, * is not ** */
	if (n == 1 && op[0] == '!' && next == '=')
		return 0;
	a->p += n;
	return 1;
}

static long long parse_number(struct arith *a, const char *s, const char **end)
{
	char *stop;
	long long v = strtoll(s, &stop, 0);
	if (stop == s)
		arith_fail(a, "bad number");
	*end = stop;
	return v;
}

static long long expr_assign(struct arith *a, int skip);

static long long expr_primary(struct arith *a, int skip)
{
	skip_space(a);
	if (accept(a, "(")) {
		long long v = expr_assign(a, skip);
		if (!accept(a, ")"))
			arith_fail(a, "missing )");
		return v;
	}
	if (isdigit((unsigned char)*a->p))
		return parse_number(a, a->p, &a->p);
	if (isalpha((unsigned char)*a->p) || *a->p == '_') {
		const char *start = a->p;
		while (isalnum((unsigned char)*a->p) || *a->p == '_')
			a->p++;
		char *name = xstrndup(start, (size_t)(a->p - start));
		const char *value = var_get(name);
		free(name);
		if (!value || !*value)
			return 0;
		const char *end;
		long long v = parse_number(a, value, &end);
		if (*end)
			arith_fail(a, "bad number");
		return v;
	}
	arith_fail(a, *a->p ? "syntax error" : "missing operand");
	return 0;
}

static long long expr_unary(struct arith *a, int skip)
{
	if (accept(a, "-"))
		return -expr_unary(a, skip);
	if (accept(a, "+"))
		return expr_unary(a, skip);
	if (accept(a, "!"))
		return !expr_unary(a, skip);
	if (accept(a, "~"))
		return ~expr_unary(a, skip);
	return expr_primary(a, skip);
}

/* base ** exponent (bash's; right to left, above * and below unary minus). */
static long long expr_power(struct arith *a, int skip)
{
	long long base = expr_unary(a, skip);
	if (!accept(a, "**"))
		return base;
	long long exponent = expr_power(a, skip);
	if (exponent < 0) {
		if (!skip)
			arith_fail(a, "exponent less than 0");
		return 0;
	}
	unsigned long long b = (unsigned long long)base, r = 1; /* wraps, as bash's */
	for (unsigned long long e = (unsigned long long)exponent; e; e >>= 1, b *= b)
		if (e & 1)
			r *= b;
	return (long long)r;
}

static long long expr_mul(struct arith *a, int skip)
{
	long long v = expr_power(a, skip);
	for (;;) {
		int op = accept(a, "*") ? '*' : accept(a, "/") ? '/' : accept(a, "%") ? '%' : 0;
		if (!op)
			return v;
		long long r = expr_power(a, skip);
		if (op == '*') {
			v *= r;
		} else if (r == 0) {
			if (!skip)
				arith_fail(a, "division by zero");
			v = 0;
		} else {
			v = op == '/' ? v / r : v % r;
		}
	}
}

static long long expr_add(struct arith *a, int skip)
{
	long long v = expr_mul(a, skip);
	for (;;) {
		if (accept(a, "+"))
			v += expr_mul(a, skip);
		else if (accept(a, "-"))
			v -= expr_mul(a, skip);
		else
			return v;
	}
}

static long long expr_shift(struct arith *a, int skip)
{
	long long v = expr_add(a, skip);
	for (;;) {
		if (accept(a, "<<"))
			v <<= expr_add(a, skip) & 63;
		else if (accept(a, ">>"))
			v >>= expr_add(a, skip) & 63;
		else
			return v;
	}
}

static long long expr_compare(struct arith *a, int skip)
{
	long long v = expr_shift(a, skip);
	for (;;) {
		if (accept(a, "<="))
			v = v <= expr_shift(a, skip);
		else if (accept(a, ">="))
			v = v >= expr_shift(a, skip);
		else if (accept(a, "<"))
			v = v < expr_shift(a, skip);
		else if (accept(a, ">"))
			v = v > expr_shift(a, skip);
		else
			return v;
	}
}

static long long expr_equal(struct arith *a, int skip)
{
	long long v = expr_compare(a, skip);
	for (;;) {
		if (accept(a, "=="))
			v = v == expr_compare(a, skip);
		else if (accept(a, "!="))
			v = v != expr_compare(a, skip);
		else
			return v;
	}
}

static long long expr_bitand(struct arith *a, int skip)
{
	long long v = expr_equal(a, skip);
	while (accept(a, "&"))
		v &= expr_equal(a, skip);
	return v;
}

static long long expr_bitxor(struct arith *a, int skip)
{
	long long v = expr_bitand(a, skip);
	while (accept(a, "^"))
		v ^= expr_bitand(a, skip);
	return v;
}

static long long expr_bitor(struct arith *a, int skip)
{
	long long v = expr_bitxor(a, skip);
	while (accept(a, "|"))
		v |= expr_bitxor(a, skip);
	return v;
}

static long long expr_and(struct arith *a, int skip)
{
	long long v = expr_bitor(a, skip);
	while (accept(a, "&&")) {
		long long r = expr_bitor(a, skip || !v);
		v = v && r;
	}
	return v;
}

static long long expr_or(struct arith *a, int skip)
{
	long long v = expr_and(a, skip);
	while (accept(a, "||")) {
		long long r = expr_and(a, skip || v);
		v = v || r;
	}
	return v;
}

static long long expr_ternary(struct arith *a, int skip)
{
	long long cond = expr_or(a, skip);
	if (!accept(a, "?"))
		return cond;
	long long yes = expr_assign(a, skip || !cond);
	if (!accept(a, ":"))
		arith_fail(a, "missing :");
	long long no = expr_ternary(a, skip || cond);
	return cond ? yes : no;
}

/* NAME = expr and NAME op= expr: the lowest level; the variable is set (unless
 * skipped) and the value is the new one. */
static long long expr_assign(struct arith *a, int skip)
{
	skip_space(a);
	const char *start = a->p, *p = a->p;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	const char *op = p;
	while (isspace((unsigned char)*op))
		op++;
	int is_name = p > start && !isdigit((unsigned char)*start);
	char kind = 0;
	if (is_name && op[0] == '=' && op[1] != '=')
		kind = '=';
	else if (is_name && op[0] && strchr("+-*/%", op[0]) && op[1] == '=')
		kind = op[0];
	if (!kind)
		return expr_ternary(a, skip);
	char *name = xstrndup(start, (size_t)(p - start));
	a->p = op + (kind == '=' ? 1 : 2);
	long long old = kind == '=' ? 0 : expr_primary(&(struct arith){a->expr, start, 0}, skip);
	long long v = expr_assign(a, skip);
	if (kind == '+')
		v = old + v;
	else if (kind == '-')
		v = old - v;
	else if (kind == '*')
		v = old * v;
	else if (kind == '/' || kind == '%') {
		if (v == 0 && !skip)
			arith_fail(a, "division by zero");
		v = v == 0 ? 0 : kind == '/' ? old / v : old % v;
	}
	if (!skip && !a->failed) {
		char num[24];
		snprintf(num, sizeof(num), "%lld", v);
		var_set(name, num);
	}
	free(name);
	return v;
}

int arith_eval(const char *expr, long long *value)
{
	struct arith a = {expr, expr, 0};
	skip_space(&a);
	*value = *a.p ? expr_assign(&a, 0) : 0;
	skip_space(&a);
	if (*a.p && !a.failed)
		arith_fail(&a, "syntax error");
	return a.failed ? -1 : 0;
}
