/*
 * vsprintf.c — the string formatter behind printk and snprintf.
 *
 * A small printf: conversions d i u x X o p s c %, length modifiers l and ll
 * (long is 32 bits on i386, long long 64: its division comes from libgcc),
 * flags '-' and '0', a field width and a precision (for %s: at most N bytes).
 * Output is always NUL-terminated when size > 0; the return value is the length
 * the full output would have had, as in C.  Tests: kernel/printk_test.c.
 */
#include <corral/printk.h>
#include <corral/string.h>

struct fmt_out {
	char *buf;
	size_t size;
	size_t len; /* bytes the output would take, even past size */
};

struct fmt_spec {
	bool is_left_aligned;
	bool is_zero_padded;
	int width;
	int precision; /* -1 when absent */
	int length;    /* 0, 1 (l) or 2 (ll) */
};

static void out_char(struct fmt_out *out, char c)
{
	if (out->len + 1 < out->size)
		out->buf[out->len] = c;
	out->len++;
}

static void out_padding(struct fmt_out *out, char c, int count)
{
	while (count-- > 0)
		out_char(out, c);
}

/* Emit text of n bytes inside the field width. */
static void out_field(struct fmt_out *out, const struct fmt_spec *spec, const char *text,
		      int n)
{
	int pad = spec->width - n;
	if (!spec->is_left_aligned)
		out_padding(out, ' ', pad);
	for (int i = 0; i < n; i++)
		out_char(out, text[i]);
	if (spec->is_left_aligned)
		out_padding(out, ' ', pad);
}

static void out_number(struct fmt_out *out, const struct fmt_spec *spec, uint64_t value,
		       unsigned base, bool is_negative, bool is_upper)
{
	const char *digits = is_upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[value % base];
		value /= base;
	} while (value);

	int len = n + (is_negative ? 1 : 0);
	int pad = spec->width - len;
	if (spec->is_zero_padded && !spec->is_left_aligned) {
		if (is_negative)
			out_char(out, '-');
		out_padding(out, '0', pad);
	} else {
		if (!spec->is_left_aligned)
			out_padding(out, ' ', pad);
		if (is_negative)
			out_char(out, '-');
	}
	while (n)
		out_char(out, tmp[--n]);
	if (spec->is_left_aligned)
		out_padding(out, ' ', pad);
}

static uint64_t arg_unsigned(va_list *ap, int length)
{
	if (length == 2)
		return va_arg(*ap, unsigned long long);
	if (length == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static int64_t arg_signed(va_list *ap, int length)
{
	if (length == 2)
		return va_arg(*ap, long long);
	if (length == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

/* Parse flags, width, precision and length; returns the conversion character. */
static const char *parse_spec(const char *f, struct fmt_spec *spec, va_list *ap)
{
	*spec = (struct fmt_spec){.precision = -1};
	for (;; f++) {
		if (*f == '-')
			spec->is_left_aligned = true;
		else if (*f == '0')
			spec->is_zero_padded = true;
		else
			break;
	}
	if (*f == '*') {
		spec->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		spec->width = spec->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		spec->precision = 0;
		if (*f == '*') {
			spec->precision = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			spec->precision = spec->precision * 10 + (*f++ - '0');
	}
	while (*f == 'l') {
		spec->length++;
		f++;
	}
	if (*f == 'z') /* size_t is 32 bits here */
		f++;
	return f;
}

static void format_one(struct fmt_out *out, char conv, struct fmt_spec *spec, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		int64_t v = arg_signed(ap, spec->length);
		out_number(out, spec, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, false);
		break;
	}
	case 'u':
		out_number(out, spec, arg_unsigned(ap, spec->length), 10, false, false);
		break;
	case 'x':
	case 'X':
		out_number(out, spec, arg_unsigned(ap, spec->length), 16, false, conv == 'X');
		break;
	case 'o':
		out_number(out, spec, arg_unsigned(ap, spec->length), 8, false, false);
		break;
	case 'p':
		out_char(out, '0');
		out_char(out, 'x');
		spec->width = 8;
		spec->is_zero_padded = true;
		out_number(out, spec, (uintptr_t)va_arg(*ap, void *), 16, false, false);
		break;
	case 'c': {
		char c = (char)va_arg(*ap, int);
		out_field(out, spec, &c, 1);
		break;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		int n = spec->precision >= 0 ? (int)strnlen(s, (size_t)spec->precision)
					     : (int)strlen(s);
		out_field(out, spec, s, n);
		break;
	}
	case '%':
		out_char(out, '%');
		break;
	default: /* unknown: print it as written, so the mistake shows */
		out_char(out, '%');
		out_char(out, conv);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out out = {buf, size, 0};
	va_list args;
	va_copy(args, ap);

	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			out_char(&out, *f);
			continue;
		}
		struct fmt_spec spec;
		f = parse_spec(f + 1, &spec, &args);
		if (!*f)
			break;
		format_one(&out, *f, &spec, &args);
	}
	va_end(args);
	if (size)
		buf[out.len < size ? out.len : size - 1] = '\0';
	return (int)out.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
