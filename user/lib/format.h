/*
 * format.h — the printf engine's interface (lib/format.c), private to the
 * library: a sink receives the formatted text in pieces and counts it.
 */
#ifndef USER_LIB_FORMAT_H
#define USER_LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

struct sink {
	void (*put)(struct sink *s, const char *text, size_t n);
	int count; /* characters produced so far (what printf returns) */
};

int format_to_sink(struct sink *s, const char *fmt, va_list ap);

#endif
