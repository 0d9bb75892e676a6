/*
 * strftime.c — a struct tm as text, in the C locale (English names, US
 * formats), with the conversions of POSIX and the ones GNU date users know:
 *
 *   %Y 2026   %m 12   %d 02   %e " 2"   %H 14   %M 20   %S 05   %j 336
 *   %a Wed    %A Wednesday    %b %h Dec   %B December   %p PM   %P pm
 *   %y 26     %C 20   %I 02   %k "14"   %l " 2"   %u 1-7   %w 0-6   %U %W weeks
 *   %s seconds since 1970     %z +0000   %Z UTC    %n %t %%
 *   %c "%a %b %e %H:%M:%S %Y"   %D %x "%m/%d/%y"   %F "%Y-%m-%d"
 *   %T %X "%H:%M:%S"   %R "%H:%M"   %r "%I:%M:%S %p"
 *
 * GNU's flags after the %: "-" no padding (%-d: 2), "_" pad with spaces, "0"
 * pad with zeros, "^" upper case.  An unknown conversion is copied as it is.
 *
 * Output goes through struct out, which counts every character even when the
 * buffer is full, so one comparison at the end says whether it all fitted
 * (strftime returns 0 if not, as the standard says).
 */
#include <ctype.h>
#include <string.h>
#include <time.h>

struct out {
	char *buf;
	size_t size; /* of buf */
	size_t len;  /* characters produced, even those that did not fit */
};

struct conversion {
	char flag; /* '-', '_', '0', '^' or 0 */
	char spec; /* the letter */
};

static const char *const weekday_names[7] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};
static const char *const month_names[12] = {
    "January", "February", "March",	"April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/* A name, whole or its first n letters (n = 0: whole). */
static void out_name(struct out *o, const char *name, size_t n, char flag)
{
	for (size_t i = 0; name[i] && (n == 0 || i < n); i++)
		out_char(o, flag == '^' ? (char)toupper((unsigned char)name[i]) : name[i]);
}

/* A number in at least `width` columns, padded with `pad` unless a flag
 * says otherwise. */
static void out_number(struct out *o, long long value, int width, char pad, char flag)
{
	char digits[24];
	int n = 0;
	unsigned long long v =
	    value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (flag == '-')
		width = 0;
	else if (flag == '_' || flag == '0')
		pad = flag == '_' ? ' ' : '0';
	if (value < 0) {
		out_char(o, '-');
		width--;
	}
	for (int i = n; i < width; i++)
		out_char(o, pad);
	while (n)
		out_char(o, digits[--n]);
}

static const char *weekday_name(const struct tm *tm)
{
	return tm->tm_wday >= 0 && tm->tm_wday < 7 ? weekday_names[tm->tm_wday] : "?";
}

static const char *month_name(const struct tm *tm)
{
	return tm->tm_mon >= 0 && tm->tm_mon < 12 ? month_names[tm->tm_mon] : "?";
}

static void out_format(struct out *o, const char *format, const struct tm *tm);

/* The conversions that are other formats put together. */
static const char *composite_format(char spec)
{
	switch (spec) {
	case 'c':
		return "%a %b %e %H:%M:%S %Y";
	case 'D':
	case 'x':
		return "%m/%d/%y";
	case 'F':
		return "%Y-%m-%d";
	case 'T':
	case 'X':
		return "%H:%M:%S";
	case 'R':
		return "%H:%M";
	case 'r':
		return "%I:%M:%S %p";
	}
	return NULL;
}

/* %z: the offset east of UTC as +hhmm. */
static void out_zone_offset(struct out *o, long gmtoff)
{
	out_char(o, gmtoff < 0 ? '-' : '+');
	long minutes = (gmtoff < 0 ? -gmtoff : gmtoff) / 60;
	out_number(o, minutes / 60 * 100 + minutes % 60, 4, '0', 0);
}

/* Conversions that print a name or a fixed text; returns 0 if spec is none. */
static int out_text(struct out *o, struct conversion c, const struct tm *tm)
{
	switch (c.spec) {
	case 'a':
		out_name(o, weekday_name(tm), 3, c.flag);
		return 1;
	case 'A':
		out_name(o, weekday_name(tm), 0, c.flag);
		return 1;
	case 'b':
	case 'h':
		out_name(o, month_name(tm), 3, c.flag);
		return 1;
	case 'B':
		out_name(o, month_name(tm), 0, c.flag);
		return 1;
	case 'p':
		out_name(o, tm->tm_hour < 12 ? "AM" : "PM", 0, c.flag);
		return 1;
	case 'P':
		out_name(o, tm->tm_hour < 12 ? "am" : "pm", 0, c.flag);
		return 1;
	case 'Z':
		out_name(o, tm->tm_zone ? tm->tm_zone : "UTC", 0, c.flag);
		return 1;
	case 'z':
		out_zone_offset(o, tm->tm_gmtoff);
		return 1;
	case 'n':
		out_char(o, '\n');
		return 1;
	case 't':
		out_char(o, '\t');
		return 1;
	case '%':
		out_char(o, '%');
		return 1;
	}
	return 0;
}

static long long seconds_since_epoch(const struct tm *tm)
{
	struct tm copy = *tm;
	return (long long)timegm(&copy) - tm->tm_gmtoff;
}

/* The numeric conversions: the narrowest they print, and what pads them to it. */
static const struct numeric_format {
	char spec;
	char width;
	char pad;
} numeric_formats[] = {
    {'Y', 1, '0'}, {'C', 2, '0'}, {'y', 2, '0'}, {'m', 2, '0'}, {'d', 2, '0'}, {'e', 2, ' '},
    {'j', 3, '0'}, {'H', 2, '0'}, {'k', 2, ' '}, {'I', 2, '0'}, {'l', 2, ' '}, {'M', 2, '0'},
    {'S', 2, '0'}, {'u', 1, '0'}, {'w', 1, '0'}, {'U', 2, '0'}, {'W', 2, '0'}, {'s', 1, '0'},
};

static long long numeric_value(char spec, const struct tm *tm)
{
	long long year = 1900LL + tm->tm_year;
	int hour12 = tm->tm_hour % 12 ? tm->tm_hour % 12 : 12;
	int monday_based_wday = (tm->tm_wday + 6) % 7;
	switch (spec) {
	case 'Y':
		return year;
	case 'C':
		return year / 100;
	case 'y':
		return (year % 100 + 100) % 100;
	case 'm':
		return tm->tm_mon + 1;
	case 'd':
	case 'e':
		return tm->tm_mday;
	case 'j':
		return tm->tm_yday + 1;
	case 'H':
	case 'k':
		return tm->tm_hour;
	case 'I':
	case 'l':
		return hour12;
	case 'M':
		return tm->tm_min;
	case 'S':
		return tm->tm_sec;
	case 'u':
		return monday_based_wday + 1;
	case 'w':
		return tm->tm_wday;
	case 'U': /* weeks starting on Sunday; days before the first are week 0 */
		return (tm->tm_yday + 7 - tm->tm_wday) / 7;
	case 'W': /* the same with Monday */
		return (tm->tm_yday + 7 - monday_based_wday) / 7;
	}
	return seconds_since_epoch(tm); /* 's' */
}

/* Conversions that print a number; returns 0 if spec is none. */
static int out_numeric(struct out *o, struct conversion c, const struct tm *tm)
{
	for (size_t i = 0; i < sizeof(numeric_formats) / sizeof(numeric_formats[0]); i++) {
		const struct numeric_format *f = &numeric_formats[i];
		if (f->spec == c.spec) {
			out_number(o, numeric_value(c.spec, tm), f->width, f->pad, c.flag);
			return 1;
		}
	}
	return 0;
}

/* One conversion, from just after its '%'; returns where the next text starts. */
static const char *out_conversion(struct out *o, const char *p, const struct tm *tm)
{
	struct conversion c = {0, 0};
	if (*p && strchr("-_0^#", *p))
		c.flag = *p++;
	if (*p == 'E' || *p == 'O') /* locale alternatives: the C locale has none */
		p++;
	c.spec = *p;
	const char *composite = composite_format(c.spec);
	if (composite)
		out_format(o, composite, tm);
	else if (!out_text(o, c, tm) && !out_numeric(o, c, tm)) {
		out_char(o, '%'); /* unknown, or a '%' at the very end: copied */
		if (c.spec)
			out_char(o, c.spec);
	}
	return c.spec ? p + 1 : p;
}

static void out_format(struct out *o, const char *format, const struct tm *tm)
{
	const char *p = format;
	while (*p) {
		if (*p == '%')
			p = out_conversion(o, p + 1, tm);
		else
			out_char(o, *p++);
	}
}

size_t strftime(char *restrict s, size_t max, const char *restrict format,
		const struct tm *restrict tm)
{
	struct out o = {s, max, 0};
	out_format(&o, format, tm);
	if (o.len >= max)
		return 0; /* did not fit, with its terminating NUL */
	s[o.len] = '\0';
	return o.len;
}
