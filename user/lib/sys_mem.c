/*
 * sys_mem.c — the program break and memory mappings.
 *
 * Linux's brk(2) never fails with an errno: it returns the new break, or the old
 * one when it could not move it, so "did it move as far as asked" is the test.
 * mmap goes through mmap2, whose offset is counted in 4 KiB pages.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static uintptr_t current_brk;

int brk(void *addr)
{
	uintptr_t got = (uintptr_t)__sc1(__NR_brk, addr);
	current_brk = got;
	if (got < (uintptr_t)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *sbrk(long increment)
{
	if (current_brk == 0)
		current_brk = (uintptr_t)__sc1(__NR_brk, 0);
	uintptr_t old = current_brk;
	if (increment == 0)
		return (void *)old;
	if ((increment > 0 && old + (uintptr_t)increment < old) ||
	    (increment < 0 && (uintptr_t)-increment > old)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (brk((void *)(old + (uintptr_t)increment)) < 0)
		return (void *)-1;
	return (void *)old;
}

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
	if (offset & 4095) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	long ret = syscall6(__NR_mmap2, addr, length, prot, flags, fd, offset / 4096);
	return ret == -1 ? MAP_FAILED : (void *)ret;
}

int munmap(void *addr, size_t length)
{
	return (int)syscall2(__NR_munmap, addr, length);
}

int mprotect(void *addr, size_t length, int prot)
{
	return (int)syscall3(__NR_mprotect, addr, length, prot);
}

int msync(void *addr, size_t length, int flags)
{
	return (int)syscall3(__NR_msync, addr, length, flags);
}

int mlock(const void *addr, size_t length)
{
	return (int)syscall2(__NR_mlock, addr, length);
}

int mlock2(const void *addr, size_t length, unsigned flags)
{
	return (int)syscall3(__NR_mlock2, addr, length, flags);
}

int munlock(const void *addr, size_t length)
{
	return (int)syscall2(__NR_munlock, addr, length);
}

int mlockall(int flags)
{
	return (int)syscall1(__NR_mlockall, flags);
}

int munlockall(void)
{
	return (int)syscall0(__NR_munlockall);
}
