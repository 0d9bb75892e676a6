/*
 * sys_fs.c — the file namespace: directories, names, owners, modes, mounts, swap.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <unistd.h>

int chdir(const char *path)
{
	return (int)syscall1(__NR_chdir, path);
}

/* The system call returns the length written (NUL included), not a pointer. */
char *getcwd(char *buf, size_t size)
{
	if (syscall2(__NR_getcwd, buf, size) < 0)
		return NULL;
	return buf;
}

int mkdir(const char *path, mode_t mode)
{
	return (int)syscall2(__NR_mkdir, path, mode);
}

int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	if (dev != (unsigned)dev) { /* as glibc: the system call takes 32 bits */
		errno = EINVAL;
		return -1;
	}
	return (int)syscall4(__NR_mknodat, dirfd, path, mode, (unsigned)dev);
}

int mknod(const char *path, mode_t mode, dev_t dev)
{
	return mknodat(AT_FDCWD, path, mode, dev);
}

int mkfifo(const char *path, mode_t mode)
{
	return mknod(path, S_IFIFO | (mode & 07777), 0);
}

int rmdir(const char *path)
{
	return (int)syscall1(__NR_rmdir, path);
}

int unlink(const char *path)
{
	return (int)syscall1(__NR_unlink, path);
}

int remove(const char *path)
{
	int ret = unlink(path);
	return ret == 0 ? 0 : rmdir(path);
}

int link(const char *from, const char *to)
{
	return (int)syscall2(__NR_link, from, to);
}

int rename(const char *from, const char *to)
{
	return (int)syscall2(__NR_rename, from, to);
}

int symlink(const char *target, const char *path)
{
	return (int)syscall2(__NR_symlink, target, path);
}

/* The link's text, not NUL-terminated, cut to size: the return value is its length. */
ssize_t readlink(const char *path, char *buf, size_t size)
{
	return (ssize_t)syscall3(__NR_readlink, path, buf, size);
}

int chmod(const char *path, mode_t mode)
{
	return (int)syscall2(__NR_chmod, path, mode);
}

int fchmod(int fd, mode_t mode)
{
	return (int)syscall2(__NR_fchmod, fd, mode);
}

/* chown32: 32-bit ids; (uid_t)-1 leaves that id unchanged. */
int chown(const char *path, uid_t uid, gid_t gid)
{
	return (int)syscall3(__NR_chown32, path, uid, gid);
}

/* lchown32: a symbolic link's own owner, where chown changes its target's. */
int lchown(const char *path, uid_t uid, gid_t gid)
{
	return (int)syscall3(__NR_lchown32, path, uid, gid);
}

mode_t umask(mode_t mask)
{
	return (mode_t)__sc1(__NR_umask, mask); /* cannot fail */
}

void sync(void)
{
	__sc0(__NR_sync);
}

int mount(const char *source, const char *target, const char *fstype, unsigned long flags,
	  const void *data)
{
	return (int)syscall5(__NR_mount, source, target, fstype, flags, data);
}

int umount2(const char *target, int flags)
{
	return (int)syscall2(__NR_umount2, target, flags);
}

int umount(const char *target)
{
	return umount2(target, 0);
}

int swapon(const char *path, int flags)
{
	return (int)syscall2(__NR_swapon, path, flags);
}

int swapoff(const char *path)
{
	return (int)syscall1(__NR_swapoff, path);
}

int statfs(const char *path, struct statfs64 *buf)
{
	return (int)syscall3(__NR_statfs64, path, sizeof(*buf), buf);
}

int fstatfs(int fd, struct statfs64 *buf)
{
	return (int)syscall3(__NR_fstatfs64, fd, sizeof(*buf), buf);
}
