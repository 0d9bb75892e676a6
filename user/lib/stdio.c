/*
 * stdio.c — streams: the three standard ones, fopen/fclose, the buffer that
 * sits between a program and read()/write(), flushing and seeking.  Character
 * and block I/O on top of this is in stdio_io.c, printf in stdio_print.c.
 */
#include "stdio_impl.h"

#include <errno.h>
#include <fileio.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static struct file standard_files[3] = {
    {.fd = 0, .flags = FILE_IN_USE | FILE_READ, .buffering = _IOFBF, .ungot = EOF},
    {.fd = 1, .flags = FILE_IN_USE | FILE_WRITE, .buffering = _IOFBF, .ungot = EOF},
    {.fd = 2, .flags = FILE_IN_USE | FILE_WRITE | FILE_MODE_SET, .buffering = _IONBF, .ungot = EOF},
};
static struct file open_files[FOPEN_MAX];

FILE *stdin = &standard_files[0];
FILE *stdout = &standard_files[1];
FILE *stderr = &standard_files[2];

/* stdout is line buffered on a terminal: a prompt without a newline still needs
 * fflush, but each finished line appears at once. */
static void stdio_decide_buffering(FILE *f)
{
	if (f->flags & FILE_MODE_SET)
		return;
	f->flags |= FILE_MODE_SET;
	if (f == stdout && isatty(f->fd))
		f->buffering = _IOLBF;
}

int __stdio_flush_write(FILE *f)
{
	if (f->wlen == 0)
		return 0;
	int ret = write_all(f->fd, f->buf, f->wlen);
	f->wlen = 0;
	if (ret < 0)
		f->flags |= FILE_ERROR;
	return ret;
}

/* Give back read-ahead: the file offset moves back to where the program is. */
static void stdio_drop_read_buffer(FILE *f)
{
	size_t unread = f->rlen - f->rpos + (f->ungot != EOF);
	if (unread)
		lseek(f->fd, -(off_t)unread, SEEK_CUR); /* fails harmlessly on pipes */
	f->rpos = f->rlen = 0;
	f->ungot = EOF;
}

/* Refills an empty read buffer; returns the bytes now available, 0 at end of
 * file, -1 on error. */
int __stdio_fill(FILE *f)
{
	stdio_decide_buffering(f);
	__stdio_flush_write(f);
	if (f == stdin && stdout->buffering == _IOLBF)
		fflush(stdout); /* the prompt must be visible before we wait for input */
	ssize_t n;
	do
		n = read(f->fd, f->buf, f->buffering == _IONBF ? 1 : sizeof(f->buf));
	while (n < 0 && errno == EINTR);
	f->rpos = 0;
	f->rlen = n > 0 ? (size_t)n : 0;
	if (n == 0)
		f->flags |= FILE_EOF;
	if (n < 0)
		f->flags |= FILE_ERROR;
	return (int)n;
}

/* Appends to the write buffer, writing it out when full, at newlines when line
 * buffered, and at once when unbuffered. */
size_t __stdio_put(FILE *f, const char *p, size_t n)
{
	stdio_decide_buffering(f);
	if (f->rlen || f->ungot != EOF)
		stdio_drop_read_buffer(f);
	if (f->buffering == _IONBF) {
		if (__stdio_flush_write(f) < 0 || write_all(f->fd, p, n) < 0) {
			f->flags |= FILE_ERROR;
			return 0;
		}
		return n;
	}
	size_t done = 0;
	while (done < n) {
		size_t room = sizeof(f->buf) - f->wlen;
		size_t k = n - done < room ? n - done : room;
		memcpy(f->buf + f->wlen, p + done, k);
		f->wlen += k;
		done += k;
		if (f->wlen == sizeof(f->buf) && __stdio_flush_write(f) < 0)
			return 0;
	}
	if (f->buffering == _IOLBF && memchr(p, '\n', n) && __stdio_flush_write(f) < 0)
		return 0;
	return n;
}

static int parse_mode(const char *mode, int *stream_flags)
{
	int plus = strchr(mode, '+') != NULL;
	switch (mode[0]) {
	case 'r':
		*stream_flags = plus ? FILE_READ | FILE_WRITE : FILE_READ;
		return plus ? O_RDWR : O_RDONLY;
	case 'w':
		*stream_flags = plus ? FILE_READ | FILE_WRITE : FILE_WRITE;
		return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
	case 'a':
		*stream_flags = (plus ? FILE_READ | FILE_WRITE : FILE_WRITE) | FILE_APPEND;
		return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
	default:
		errno = EINVAL;
		return -1;
	}
}

FILE *fdopen(int fd, const char *mode)
{
	int stream_flags;
	if (parse_mode(mode, &stream_flags) < 0)
		return NULL;
	for (int i = 0; i < FOPEN_MAX; i++) {
		FILE *f = &open_files[i];
		if (f->flags & FILE_IN_USE)
			continue;
		f->fd = fd;
		f->flags = FILE_IN_USE | stream_flags;
		f->buffering = _IOFBF;
		f->rpos = f->rlen = f->wlen = 0;
		f->ungot = EOF;
		return f;
	}
	errno = EMFILE;
	return NULL;
}

FILE *fopen(const char *path, const char *mode)
{
	int stream_flags;
	int oflags = parse_mode(mode, &stream_flags);
	if (oflags < 0)
		return NULL;
	int fd = open(path, oflags | O_CLOEXEC, 0666);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, mode);
	if (!f)
		close(fd);
	return f;
}

int fflush(FILE *f)
{
	if (!f) {
		int ret = 0;
		for (int i = 0; i < 3; i++)
			ret |= fflush(&standard_files[i]);
		for (int i = 0; i < FOPEN_MAX; i++)
			if (open_files[i].flags & FILE_IN_USE)
				ret |= fflush(&open_files[i]);
		return ret;
	}
	if (f->wlen)
		return __stdio_flush_write(f) < 0 ? EOF : 0;
	return 0;
}

int fclose(FILE *f)
{
	int ret = fflush(f);
	if (close(f->fd) < 0)
		ret = EOF;
	f->flags = 0;
	return ret;
}

int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
	(void)buf; /* the stream's own buffer is always used */
	(void)size;
	f->buffering = mode;
	f->flags |= FILE_MODE_SET;
	return 0;
}

int fseek(FILE *f, long offset, int whence)
{
	if (fflush(f) == EOF)
		return -1;
	if (whence == SEEK_CUR)
		offset -= (long)(f->rlen - f->rpos + (f->ungot != EOF));
	f->rpos = f->rlen = 0;
	f->ungot = EOF;
	f->flags &= ~FILE_EOF;
	return lseek(f->fd, offset, whence) < 0 ? -1 : 0;
}

long ftell(FILE *f)
{
	off_t pos = lseek(f->fd, 0, SEEK_CUR);
	if (pos < 0)
		return -1;
	return pos + (long)f->wlen - (long)(f->rlen - f->rpos) - (f->ungot != EOF);
}

void rewind(FILE *f)
{
	fseek(f, 0, SEEK_SET);
	f->flags &= ~FILE_ERROR;
}

int fileno(FILE *f)
{
	return f->fd;
}

int feof(FILE *f)
{
	return (f->flags & FILE_EOF) != 0;
}

int ferror(FILE *f)
{
	return (f->flags & FILE_ERROR) != 0;
}

void clearerr(FILE *f)
{
	f->flags &= ~(FILE_EOF | FILE_ERROR);
}
