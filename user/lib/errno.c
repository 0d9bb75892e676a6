/*
 * errno.c — errno, and the step that sets it from a raw system-call result.
 *
 * The kernel returns -errno in eax; on i386 no valid result lies in
 * -4095..-1 (addresses that high are kernel space), so that range is an error.
 */
#include <errno.h>
#include <sys/syscall.h>

int errno;

long __syscall_ret(long raw)
{
	if ((unsigned long)raw > -4096UL) {
		errno = (int)-raw;
		return -1;
	}
	return raw;
}
