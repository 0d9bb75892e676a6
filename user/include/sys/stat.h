/*
 * sys/stat.h — file status.  The kernel fills a struct stat64 (<uapi/stat.h>,
 * Linux i386 layout); lib/stat.c copies it into the friendlier struct stat
 * below, whose field names are the POSIX ones.
 */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <sys/types.h>
#include <uapi/stat.h>

struct stat {
	dev_t st_dev;
	ino_t st_ino;
	mode_t st_mode;
	nlink_t st_nlink;
	uid_t st_uid;
	gid_t st_gid;
	dev_t st_rdev;
	long long st_size;
	blksize_t st_blksize;
	blkcnt_t st_blocks; /* 512-byte units */
	time_t st_atime;
	time_t st_mtime;
	time_t st_ctime;
};

int stat(const char *path, struct stat *st);
int lstat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);
int mkdir(const char *path, mode_t mode);
/* dev as <sys/sysmacros.h>'s makedev makes it; the kernel takes the low 32 bits. */
int mknod(const char *path, mode_t mode, dev_t dev);
int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev);
int mkfifo(const char *path, mode_t mode);
int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
mode_t umask(mode_t mask);

#endif
