/*
 * stat.c — stat, lstat, fstat through the 64-bit calls (195, 196, 197): the
 * kernel fills a struct stat64 and the POSIX fields are copied out of it.
 */
#include <sys/stat.h>
#include <sys/syscall.h>

static void stat_from_kernel(struct stat *st, const struct stat64 *k)
{
	st->st_dev = k->st_dev;
	st->st_ino = k->st_ino;
	st->st_mode = k->st_mode;
	st->st_nlink = k->st_nlink;
	st->st_uid = k->st_uid;
	st->st_gid = k->st_gid;
	st->st_rdev = k->st_rdev;
	st->st_size = k->st_size;
	st->st_blksize = (blksize_t)k->st_blksize;
	st->st_blocks = (blkcnt_t)k->st_blocks;
	st->st_atime = (time_t)k->st_atime;
	st->st_mtime = (time_t)k->st_mtime;
	st->st_ctime = (time_t)k->st_ctime;
}

static int stat_call(int nr, long arg, struct stat *st)
{
	struct stat64 k;
	if (syscall2(nr, arg, &k) < 0)
		return -1;
	stat_from_kernel(st, &k);
	return 0;
}

int stat(const char *path, struct stat *st)
{
	return stat_call(__NR_stat64, (long)path, st);
}

int lstat(const char *path, struct stat *st)
{
	return stat_call(__NR_lstat64, (long)path, st);
}

int fstat(int fd, struct stat *st)
{
	return stat_call(__NR_fstat64, fd, st);
}
