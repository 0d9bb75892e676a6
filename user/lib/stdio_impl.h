/*
 * stdio_impl.h — what a FILE is, private to the library (lib/stdio*.c).
 *
 * One buffer per stream, used for reading or for writing, never both at once:
 *   reading: buf[rpos..rlen) is read from the file but not yet by the program;
 *   writing: buf[0..wlen) is written by the program but not yet to the file.
 * Switching direction first empties the buffer (flush, or seek back over the
 * unread bytes).
 */
#ifndef USER_LIB_STDIO_IMPL_H
#define USER_LIB_STDIO_IMPL_H

#include <stdio.h>

#define FILE_IN_USE 0x01
#define FILE_READ 0x02	/* opened for reading */
#define FILE_WRITE 0x04 /* opened for writing */
#define FILE_APPEND 0x08
#define FILE_EOF 0x10
#define FILE_ERROR 0x20
#define FILE_MODE_SET 0x40 /* buffering decided (stdout asks isatty on first use) */

struct file {
	int fd;
	int flags;
	int buffering; /* _IOFBF, _IOLBF, _IONBF */
	size_t rpos, rlen;
	size_t wlen;
	int ungot; /* a character pushed back by ungetc, or EOF */
	char buf[BUFSIZ];
};

int __stdio_flush_write(FILE *f);
int __stdio_fill(FILE *f);
size_t __stdio_put(FILE *f, const char *p, size_t n);

#endif
