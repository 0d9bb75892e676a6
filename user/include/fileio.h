/*
 * fileio.h — two loops every program otherwise writes again (lib/fileio.c):
 * write all of a buffer, and read a small file (a /proc or /configfs one)
 * whole.
 */
#ifndef _FILEIO_H
#define _FILEIO_H

#include <stddef.h>

/* Write n bytes to fd, again after a short write or EINTR: 0, or -1 (errno). */
int write_all(int fd, const void *buf, size_t n);

/* The file's text into buf (at most size - 1 bytes), NUL-terminated: its
 * length, or -1 with errno from open or read. */
int read_file_text(const char *path, char *buf, size_t size);

#endif
