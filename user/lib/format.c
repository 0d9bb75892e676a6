/*
 * format.c — the printf engine: turns a format and its arguments into text and
 * hands the text, piece by piece, to a sink (a FILE, a buffer, a descriptor).
 *
 * Supported: %d %i %u %x %X %o %c %s %p %%, flags - 0 + space #, width and
 * precision (numbers or *), and the sizes hh h l ll z j t.  Every integer is
 * widened to 64 bits first; libgcc divides those.
 */
#include "format.h"

#include <stdint.h>
#include <string.h>

struct spec {
	int left, zero, plus, space, alt;
	int width;
	int precision; /* -1: none given */
	int size;      /* 'H' hh, 'h', 'l', 'L' ll (z, j, t map onto these) */
};

static void emit(struct sink *s, const char *text, size_t n)
{
	if (n) {
		s->put(s, text, n);
		s->count += (int)n;
	}
}

static void emit_repeat(struct sink *s, char c, int n)
{
	char chunk[32];
	memset(chunk, c, sizeof(chunk));
	while (n > 0) {
		int k = n < (int)sizeof(chunk) ? n : (int)sizeof(chunk);
		emit(s, chunk, (size_t)k);
		n -= k;
	}
}

/* Emits prefix + body, padded to the width; zeros go between them. */
static void emit_padded(struct sink *s, const struct spec *sp, const char *prefix, const char *body,
			int body_len, int zeros)
{
	int len = (int)strlen(prefix) + zeros + body_len;
	int pad = sp->width > len ? sp->width - len : 0;
	if (sp->zero && !sp->left && sp->precision < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!sp->left)
		emit_repeat(s, ' ', pad);
	emit(s, prefix, strlen(prefix));
	emit_repeat(s, '0', zeros);
	emit(s, body, (size_t)body_len);
	if (sp->left)
		emit_repeat(s, ' ', pad);
}

static void format_integer(struct sink *s, struct spec *sp, unsigned long long value, int negative,
			   int base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int len = 0;
	while (value) {
		buf[sizeof(buf) - 1 - len++] = digits[value % (unsigned)base];
		value /= (unsigned)base;
	}
	int had_digits = len > 0;
	if (!had_digits && sp->precision != 0) /* zero prints "0" unless precision is 0 */
		buf[sizeof(buf) - 1 - len++] = '0';
	int zeros = sp->precision > len ? sp->precision - len : 0;
	const char *prefix = "";
	if (negative)
		prefix = "-";
	else if (sp->plus)
		prefix = "+";
	else if (sp->space)
		prefix = " ";
	if (sp->alt && base == 16 && had_digits)
		prefix = upper ? "0X" : "0x";
	if (sp->alt && base == 8 && zeros == 0 && (len == 0 || buf[sizeof(buf) - len] != '0'))
		zeros = 1;
	emit_padded(s, sp, prefix, buf + sizeof(buf) - len, len, zeros);
}

static void format_string(struct sink *s, struct spec *sp, const char *str)
{
	if (!str)
		str = "(null)";
	int len = (int)(sp->precision >= 0 ? strnlen(str, (size_t)sp->precision) : strlen(str));
	sp->precision = -1;
	sp->zero = 0;
	emit_padded(s, sp, "", str, len, 0);
}

static long long signed_arg(va_list *ap, int size)
{
	switch (size) {
	case 'L':
		return va_arg(*ap, long long);
	case 'l':
		return va_arg(*ap, long);
	case 'h':
		return (short)va_arg(*ap, int);
	case 'H':
		return (signed char)va_arg(*ap, int);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long unsigned_arg(va_list *ap, int size)
{
	switch (size) {
	case 'L':
		return va_arg(*ap, unsigned long long);
	case 'l':
		return va_arg(*ap, unsigned long);
	case 'h':
		return (unsigned short)va_arg(*ap, unsigned int);
	case 'H':
		return (unsigned char)va_arg(*ap, unsigned int);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Reads flags, width, precision and size after a '%'; returns the conversion
 * character's position. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	sp->precision = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else if (*f == '+')
			sp->plus = 1;
		else if (*f == ' ')
			sp->space = 1;
		else if (*f == '#')
			sp->alt = 1;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = 1;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			if (sp->precision < 0)
				sp->precision = -1;
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->precision = sp->precision * 10 + (*f++ - '0');
	}
	if (f[0] == 'h' && f[1] == 'h')
		sp->size = 'H', f += 2;
	else if (f[0] == 'l' && f[1] == 'l')
		sp->size = 'L', f += 2;
	else if (*f == 'h')
		sp->size = 'h', f++;
	else if (*f == 'j')
		sp->size = 'L', f++;
	else if (*f == 'l' || *f == 'z' || *f == 't')
		sp->size = 'l', f++; /* size_t and ptrdiff_t are long-sized on i386 */
	return f;
}

static void format_one(struct sink *s, struct spec *sp, char conv, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		long long v = signed_arg(ap, sp->size);
		unsigned long long mag = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
		format_integer(s, sp, mag, v < 0, 10, 0);
		break;
	}
	case 'u':
		format_integer(s, sp, unsigned_arg(ap, sp->size), 0, 10, 0);
		break;
	case 'x':
	case 'X':
		format_integer(s, sp, unsigned_arg(ap, sp->size), 0, 16, conv == 'X');
		break;
	case 'o':
		format_integer(s, sp, unsigned_arg(ap, sp->size), 0, 8, 0);
		break;
	case 'p': {
		void *p = va_arg(*ap, void *);
		if (!p) {
			format_string(s, sp, "(nil)");
			break;
		}
		sp->alt = 1;
		format_integer(s, sp, (uintptr_t)p, 0, 16, 0);
		break;
	}
	case 'c': {
		char c = (char)va_arg(*ap, int);
		sp->precision = -1;
		sp->zero = 0;
		emit_padded(s, sp, "", &c, 1, 0);
		break;
	}
	case 's':
		format_string(s, sp, va_arg(*ap, const char *));
		break;
	case '%':
		emit(s, "%", 1);
		break;
	default: /* unknown: print it as written */
		emit(s, "%", 1);
		emit(s, &conv, 1);
		break;
	}
}

int format_to_sink(struct sink *s, const char *fmt, va_list ap)
{
	va_list args;
	va_copy(args, ap);
	while (*fmt) {
		const char *run = fmt;
		while (*fmt && *fmt != '%')
			fmt++;
		emit(s, run, (size_t)(fmt - run));
		if (!*fmt)
			break;
		struct spec sp;
		fmt = parse_spec(fmt + 1, &sp, &args);
		if (!*fmt)
			break;
		format_one(s, &sp, *fmt++, &args);
	}
	va_end(args);
	return s->count;
}
