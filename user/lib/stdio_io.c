/*
 * stdio_io.c — characters, lines and blocks in and out of a stream, on top of
 * the buffer managed by stdio.c.
 */
#include "stdio_impl.h"

#include <stdlib.h>
#include <string.h>

int fgetc(FILE *f)
{
	if (f->ungot != EOF) {
		int c = f->ungot;
		f->ungot = EOF;
		return c;
	}
	if (f->rpos == f->rlen && __stdio_fill(f) <= 0)
		return EOF;
	return (unsigned char)f->buf[f->rpos++];
}

int getc(FILE *f)
{
	return fgetc(f);
}

int getchar(void)
{
	return fgetc(stdin);
}

int ungetc(int c, FILE *f)
{
	if (c == EOF || f->ungot != EOF)
		return EOF;
	f->ungot = (unsigned char)c;
	f->flags &= ~FILE_EOF;
	return c;
}

char *fgets(char *buf, int size, FILE *f)
{
	int n = 0;
	while (n < size - 1) {
		int c = fgetc(f);
		if (c == EOF)
			break;
		buf[n++] = (char)c;
		if (c == '\n')
			break;
	}
	if (n == 0 || ferror(f))
		return NULL;
	buf[n] = '\0';
	return buf;
}

/* POSIX getline: the whole line, newline included, in a buffer that grows. */
ssize_t getline(char **line, size_t *cap, FILE *f)
{
	size_t n = 0;
	for (;;) {
		int c = fgetc(f);
		if (c == EOF && n == 0)
			return -1;
		if (n + 2 > *cap || !*line) {
			size_t bigger = *cap < 64 ? 128 : *cap * 2;
			char *grown = realloc(*line, bigger);
			if (!grown)
				return -1;
			*line = grown;
			*cap = bigger;
		}
		if (c == EOF)
			break;
		(*line)[n++] = (char)c;
		if (c == '\n')
			break;
	}
	(*line)[n] = '\0';
	return (ssize_t)n;
}

size_t fread(void *buf, size_t size, size_t count, FILE *f)
{
	size_t want = size * count, got = 0;
	char *p = buf;
	if (want && f->ungot != EOF) {
		p[got++] = (char)f->ungot;
		f->ungot = EOF;
	}
	while (got < want) {
		if (f->rpos == f->rlen && __stdio_fill(f) <= 0)
			break;
		size_t k = f->rlen - f->rpos;
		if (k > want - got)
			k = want - got;
		memcpy(p + got, f->buf + f->rpos, k);
		f->rpos += k;
		got += k;
	}
	return size ? got / size : 0;
}

int fputc(int c, FILE *f)
{
	char ch = (char)c;
	return __stdio_put(f, &ch, 1) == 1 ? (unsigned char)c : EOF;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fputs(const char *s, FILE *f)
{
	size_t n = strlen(s);
	return __stdio_put(f, s, n) == n ? 0 : EOF;
}

int puts(const char *s)
{
	if (fputs(s, stdout) == EOF)
		return EOF;
	return fputc('\n', stdout) == EOF ? EOF : 0;
}

size_t fwrite(const void *buf, size_t size, size_t count, FILE *f)
{
	size_t n = size * count;
	if (n == 0)
		return 0;
	return __stdio_put(f, buf, n) == n ? count : 0;
}
