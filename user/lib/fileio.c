/*
 * fileio.c — write_all and read_file_text (fileio.h): the loops around
 * write(2) and read(2) that stdio, the utilities and top share.
 */
#include <errno.h>
#include <fcntl.h>
#include <fileio.h>
#include <unistd.h>

int write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t done = write(fd, p, n);
		if (done < 0 && errno == EINTR)
			continue;
		if (done <= 0)
			return -1;
		p += done;
		n -= (size_t)done;
	}
	return 0;
}

int read_file_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	ssize_t n = 0;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	int saved = errno;
	close(fd);
	buf[len] = '\0';
	if (n < 0) {
		errno = saved;
		return -1;
	}
	return (int)len;
}
