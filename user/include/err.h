/*
 * err.h — the BSD/glibc error reporters that give every utility the same
 * message shape, "PROG: WHAT: strerror(errno)":
 *
 *     warn("%s", path)       ls: /nope: No such file or directory
 *     warnx("bad mode %s", m) chmod: bad mode 9
 *     err(1, "%s", path)     ... and exit(1)
 *
 * PROG is the last part of argv[0] (__progname, set before main runs).
 */
#ifndef _ERR_H
#define _ERR_H

#include <stdarg.h>

extern const char *__progname;

void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void err(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void errx(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vwarn(const char *fmt, va_list ap);
void vwarnx(const char *fmt, va_list ap);

#endif
