/*
 * sys_file.c — file descriptors: open, read, write, close, seek, dup, pipe,
 * fcntl, ioctl, access.  One system call each; the kernel does the work.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return (int)syscall3(__NR_open, path, flags | O_LARGEFILE, mode);
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

ssize_t read(int fd, void *buf, size_t n)
{
	return (ssize_t)syscall3(__NR_read, fd, buf, n);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	return (ssize_t)syscall3(__NR_write, fd, buf, n);
}

int close(int fd)
{
	return (int)syscall1(__NR_close, fd);
}

off_t lseek(int fd, off_t offset, int whence)
{
	return (off_t)syscall3(__NR_lseek, fd, offset, whence);
}

int dup(int fd)
{
	return (int)syscall1(__NR_dup, fd);
}

int dup2(int fd, int to)
{
	return (int)syscall2(__NR_dup2, fd, to);
}

int pipe(int fds[2])
{
	return (int)syscall1(__NR_pipe, fds);
}

/* Every command this library uses takes an int (or nothing) as its argument. */
int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	return (int)syscall3(__NR_fcntl64, fd, cmd, arg);
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	return (int)syscall3(__NR_ioctl, fd, request, arg);
}

/* A terminal answers TCGETS with its termios (36 bytes on Linux); anything else
 * fails with ENOTTY. */
int isatty(int fd)
{
	unsigned char termios[64];
	return ioctl(fd, TCGETS, termios) == 0;
}

int access(const char *path, int mode)
{
	return (int)syscall2(__NR_access, path, mode);
}

int fsync(int fd)
{
	return (int)syscall1(__NR_fsync, fd);
}

int ftruncate(int fd, off_t length)
{
	/* ftruncate64 takes the length as two 32-bit halves (low first). */
	long long len = length;
	return (int)syscall3(__NR_ftruncate64, fd, (long)(len & 0xffffffff), (long)(len >> 32));
}
