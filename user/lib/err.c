/*
 * err.c — warn/warnx/err/errx: "PROG: message[: strerror(errno)]" on stderr,
 * built in one buffer and written with one write() so that the line arrives
 * whole even when several processes share the console.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *__progname = "";

static void report(const char *fmt, va_list ap, int with_errno)
{
	int saved = errno;
	char line[512];
	int n = snprintf(line, sizeof(line), "%s: ", __progname);
	if (fmt)
		n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (n > (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 1;
	if (with_errno)
		n += snprintf(line + n, sizeof(line) - (size_t)n, "%s%s", fmt ? ": " : "",
			      strerror(saved));
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	fflush(stdout); /* what the program printed before comes first */
	write(2, line, (size_t)n);
	errno = saved;
}

void vwarn(const char *fmt, va_list ap)
{
	report(fmt, ap, 1);
}

void vwarnx(const char *fmt, va_list ap)
{
	report(fmt, ap, 0);
}

void warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(fmt, ap, 1);
	va_end(ap);
}

void warnx(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(fmt, ap, 0);
	va_end(ap);
}

_Noreturn void err(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(fmt, ap, 1);
	va_end(ap);
	exit(status);
}

_Noreturn void errx(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(fmt, ap, 0);
	va_end(ap);
	exit(status);
}
