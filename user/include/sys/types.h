/*
 * sys/types.h — the basic system types, sized as the Linux i386 ABI has them.
 */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <stddef.h>

typedef int ssize_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
typedef long off_t; /* 32-bit offsets: files beyond 2 GiB are out of scope */
typedef long time_t;
typedef int clockid_t;
typedef long clock_t; /* ticks of sysconf(_SC_CLK_TCK): 100 a second */
typedef unsigned long long dev_t;
typedef unsigned long long ino_t;
typedef unsigned int nlink_t;
typedef long blksize_t;
typedef long long blkcnt_t;

#endif
