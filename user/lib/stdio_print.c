/*
 * stdio_print.c — the printf family and perror: each picks a sink (a stream, a
 * buffer, a descriptor) and lets the engine in format.c fill it.
 */
#include "format.h"
#include "stdio_impl.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

struct file_sink {
	struct sink sink;
	FILE *f;
};

static void put_file(struct sink *s, const char *text, size_t n)
{
	__stdio_put(((struct file_sink *)s)->f, text, n);
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	struct file_sink fs = {{put_file, 0}, f};
	/* Unbuffered streams (stderr) get the message in one write, not in pieces,
	 * so lines from several processes do not interleave mid-line. */
	if (f->buffering == _IONBF && (f->flags & FILE_MODE_SET)) {
		char line[512];
		va_list copy;
		va_copy(copy, ap);
		int n = vsnprintf(line, sizeof(line), fmt, copy);
		va_end(copy);
		if (n >= 0 && n < (int)sizeof(line))
			return __stdio_put(f, line, (size_t)n) == (size_t)n ? n : -1;
	}
	int n = format_to_sink(&fs.sink, fmt, ap);
	return ferror(f) ? -1 : n;
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

struct buffer_sink {
	struct sink sink;
	char *buf;
	size_t size, used; /* used < size, or size == 0 */
};

/* Keeps what fits (leaving room for the NUL); the count goes on regardless. */
static void put_buffer(struct sink *s, const char *text, size_t n)
{
	struct buffer_sink *b = (struct buffer_sink *)s;
	if (b->size == 0)
		return;
	size_t room = b->size - 1 - b->used;
	size_t k = n < room ? n : room;
	memcpy(b->buf + b->used, text, k);
	b->used += k;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer_sink b = {{put_buffer, 0}, buf, size, 0};
	int n = format_to_sink(&b.sink, fmt, ap);
	if (size)
		buf[b.used] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap)
{
	return vsnprintf(buf, (size_t)-1 / 2, fmt, ap);
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsprintf(buf, fmt, ap);
	va_end(ap);
	return n;
}

struct fd_sink {
	struct sink sink;
	int fd;
};

static void put_fd(struct sink *s, const char *text, size_t n)
{
	write(((struct fd_sink *)s)->fd, text, n);
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	char line[512];
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(line, sizeof(line), fmt, copy);
	va_end(copy);
	if (n >= 0 && n < (int)sizeof(line))
		return write(fd, line, (size_t)n) == n ? n : -1;
	struct fd_sink fs = {{put_fd, 0}, fd};
	return format_to_sink(&fs.sink, fmt, ap);
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

/* "what: strerror(errno)", in one write so it cannot be split. */
void perror(const char *what)
{
	const char *text = strerror(errno);
	if (what && *what)
		fprintf(stderr, "%s: %s\n", what, text);
	else
		fprintf(stderr, "%s\n", text);
}
