/*
 * sys/statfs.h — how full a filesystem is: statfs(2), fstatfs(2).  The
 * struct is the kernel's statfs64 (<uapi/statfs.h>, Linux i386 layout).
 */
#ifndef _SYS_STATFS_H
#define _SYS_STATFS_H

#include <uapi/statfs.h>

#define statfs statfs64
int statfs(const char *path, struct statfs64 *buf);
int fstatfs(int fd, struct statfs64 *buf);

#endif
