/*
 * strtol.c — text to integers: strtoull does the work (sign, base prefix,
 * digits, overflow to ERANGE), the others clamp its result to their type.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

static int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return tolower(c) - 'a' + 10;
	return 99;
}

/* Parses an optional sign and digits; *negative says which sign was seen.  The
 * magnitude saturates at ULLONG_MAX with errno = ERANGE. */
static unsigned long long parse(const char *s, char **end, int base, int *negative)
{
	const char *p = s;
	while (isspace((unsigned char)*p))
		p++;
	*negative = 0;
	if (*p == '+' || *p == '-')
		*negative = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    isxdigit((unsigned char)p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	unsigned long long value = 0;
	int any = 0, overflow = 0;
	for (; digit_value((unsigned char)*p) < base; p++, any = 1) {
		unsigned long long next = value * (unsigned)base + (unsigned)digit_value(*p);
		if (value > (ULLONG_MAX - (unsigned)digit_value(*p)) / (unsigned)base)
			overflow = 1;
		value = next;
	}
	if (end)
		*end = (char *)(any ? p : s);
	if (overflow) {
		errno = ERANGE;
		return ULLONG_MAX;
	}
	return value;
}

unsigned long long strtoull(const char *restrict s, char **restrict end, int base)
{
	int negative;
	unsigned long long v = parse(s, end, base, &negative);
	return negative ? -v : v;
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
	int negative;
	unsigned long long v = parse(s, end, base, &negative);
	if (!negative && v > (unsigned long long)LLONG_MAX) {
		errno = ERANGE;
		return LLONG_MAX;
	}
	if (negative && v > (unsigned long long)LLONG_MAX + 1) {
		errno = ERANGE;
		return LLONG_MIN;
	}
	return negative ? (long long)(0 - v) : (long long)v;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
	long long v = strtoll(s, end, base);
	if (v > LONG_MAX) {
		errno = ERANGE;
		return LONG_MAX;
	}
	if (v < LONG_MIN) {
		errno = ERANGE;
		return LONG_MIN;
	}
	return (long)v;
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	int negative;
	unsigned long long v = parse(s, end, base, &negative);
	if (v > ULONG_MAX) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return negative ? -(unsigned long)v : (unsigned long)v;
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

int abs(int n)
{
	return n < 0 ? -n : n;
}

long labs(long n)
{
	return n < 0 ? -n : n;
}
