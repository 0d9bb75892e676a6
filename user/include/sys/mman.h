/*
 * sys/mman.h — memory mappings (mmap2 underneath: offsets in pages).
 */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <sys/types.h>
#include <uapi/mman.h>

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t length);
int mprotect(void *addr, size_t length, int prot);
int msync(void *addr, size_t length, int flags);
int mlock(const void *addr, size_t length);
int mlock2(const void *addr, size_t length, unsigned flags);
int munlock(const void *addr, size_t length);
int mlockall(int flags);
int munlockall(void);

#endif
