/*
 * string.c — memory and string functions for the kernel (the parts of the C
 * library a freestanding kernel must bring itself).  GCC emits calls to memcpy,
 * memset, memmove and memcmp on its own for struct copies, so these exist under
 * their standard names.
 */
#include <corral/string.h>
#include <stdint.h>
#include <uapi/errno.h>

/*
 * memset and memcpy move 32-bit words, eight to a loop turn, between byte-wise
 * edges.  Byte loops cost four guest instructions per byte; clearing or copying
 * a 4 KiB page is on every page fault, fork and COW break, and under QEMU's TCG
 * every guest instruction is several host ones, so the word loop is about ten
 * times faster there (rep stos/movs are no better under TCG: one iteration per
 * translated-block entry).  word_t may alias anything, like char.
 */
typedef uint32_t __attribute__((may_alias)) word_t;
#define WORD_MASK (sizeof(word_t) - 1)
#define BULK_MIN 32 /* below this, the byte loop is as good */

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	if (n >= BULK_MIN) {
		for (; (uintptr_t)d & WORD_MASK; n--)
			*d++ = (unsigned char)c;
		word_t w = 0x01010101u * (unsigned char)c;
		word_t *wd = (word_t *)d;
		for (; n >= 8 * sizeof(word_t); n -= 8 * sizeof(word_t), wd += 8) {
			wd[0] = w; wd[1] = w; wd[2] = w; wd[3] = w;
			wd[4] = w; wd[5] = w; wd[6] = w; wd[7] = w;
		}
		for (; n >= sizeof(word_t); n -= sizeof(word_t))
			*wd++ = w;
		d = (unsigned char *)wd;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (n >= BULK_MIN && (((uintptr_t)d ^ (uintptr_t)s) & WORD_MASK) == 0) {
		for (; (uintptr_t)d & WORD_MASK; n--)
			*d++ = *s++;
		word_t *wd = (word_t *)d;
		const word_t *ws = (const word_t *)s;
		for (; n >= 8 * sizeof(word_t); n -= 8 * sizeof(word_t), wd += 8, ws += 8) {
			wd[0] = ws[0]; wd[1] = ws[1]; wd[2] = ws[2]; wd[3] = ws[3];
			wd[4] = ws[4]; wd[5] = ws[5]; wd[6] = ws[6]; wd[7] = ws[7];
		}
		for (; n >= sizeof(word_t); n -= sizeof(word_t))
			*wd++ = *ws++;
		d = (unsigned char *)wd;
		s = (const unsigned char *)ws;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* Copy with truncation; the result is always NUL-terminated (when size > 0).
 * Returns strlen(src), so callers can detect truncation. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);
	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int str_to_u32(const char *s, uint32_t *out)
{
	unsigned base = 10;
	uint32_t value = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned d = (unsigned)digit_value(*s);
		if (d >= base)
			return -EINVAL;
		if (value > (UINT32_MAX - d) / base)
			return -ERANGE;
		value = value * base + d;
	}
	*out = value;
	return 0;
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);
	for (; *haystack; haystack++)
		if (strncmp(haystack, needle, n) == 0)
			return (char *)haystack;
	return n == 0 ? (char *)haystack : NULL;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}
