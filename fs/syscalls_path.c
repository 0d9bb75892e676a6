/*
 * syscalls_path.c — the system calls that name files by path, and those that
 * read or change a file's attributes: open, stat, mkdir/mknod/rmdir/unlink/link/
 * rename, symlink/readlink, chdir/getcwd, chmod/chown, access, umask,
 * truncate, mount, statfs, and the file-time calls (utime, utimes, futimesat,
 * utimensat).
 *
 * Each copies its path(s) from user space into a kernel buffer of PATH_MAX
 * bytes (strncpy_from_user: EFAULT, or ENAMETOOLONG past PATH_MAX), calls
 * the VFS (fs/vfs_ops.c, fs/vfs_dir.c), and copies results back.  Whether a
 * symbolic link at the end of the path is followed is decided here, per call
 * as in Linux: stat, chown, chmod, truncate, chdir, access follow it; lstat,
 * lchown, readlink do not; the *at() calls take AT_SYMLINK_NOFOLLOW.  Policy
 * (permissions, types) lives in the VFS, not here; only what is about the
 * caller is decided here: mount needs root, access asks with the real ids.
 * Descriptor I/O: fs/syscalls_file.c.
 */
#include <corral/device.h>
#include <corral/kmalloc.h>
#include <corral/page.h>
#include <corral/string.h>
#include <corral/swap.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/uaccess.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/statfs.h>
#include <uapi/time.h>

_Static_assert(sizeof(struct stat64) == 96, "struct stat64 must match Linux i386");

/* A user path in a kmalloc'd buffer (the caller kfrees it). */
static int path_from_user(const char *upath, char **out)
{
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	int n = strncpy_from_user(path, upath, PATH_MAX);
	if (n < 0) {
		kfree(path);
		return n;
	}
	*out = path;
	return 0;
}

/* Call op with the kernel copy of one user path. */
static long with_path(const char *upath, int (*op)(const char *path))
{
	char *path;
	int err = path_from_user(upath, &path);
	if (err)
		return err;
	err = op(path);
	kfree(path);
	return err;
}

static long with_two_paths(const char *uold, const char *unew,
			   int (*op)(const char *old_path, const char *new_path))
{
	char *old_path, *new_path;
	int err = path_from_user(uold, &old_path);
	if (err)
		return err;
	err = path_from_user(unew, &new_path);
	if (!err) {
		err = op(old_path, new_path);
		kfree(new_path);
	}
	kfree(old_path);
	return err;
}

/* Where a *at() call's relative path starts: NULL (the cwd) for AT_FDCWD,
 * else dirfd's directory, referenced (the call may sleep; dirfd may be closed
 * meanwhile).  An absolute or empty path never looks at dirfd. */
static int dirfd_get_base(int dirfd, const char *path, struct inode **base)
{
	*base = NULL;
	if (dirfd == AT_FDCWD || path[0] == '/' || path[0] == '\0')
		return 0;
	struct file *dir = fd_get(dirfd);
	if (!dir)
		return -EBADF;
	if (!S_ISDIR(dir->inode->mode))
		return -ENOTDIR;
	*base = dir->inode;
	inode_get(*base);
	return 0;
}

/* A *at() call's path and base (the caller kfrees *path and puts *base). */
static int at_path_from_user(int dirfd, const char *upath, char **path, struct inode **base)
{
	int err = path_from_user(upath, path);
	if (err)
		return err;
	err = dirfd_get_base(dirfd, *path, base);
	if (err)
		kfree(*path);
	return err;
}

/* AT_EMPTY_PATH: dirfd itself (any open file), or the cwd; a reference. */
static int dirfd_get_inode(int dirfd, struct inode **out)
{
	struct file *file = dirfd == AT_FDCWD ? NULL : fd_get(dirfd);
	if (dirfd != AT_FDCWD && !file)
		return -EBADF;
	*out = file ? file->inode : current->cwd;
	inode_get(*out);
	return 0;
}

/* The inode a *at() call names: AT_SYMLINK_NOFOLLOW keeps a link at the end
 * of the path; AT_EMPTY_PATH lets "" name dirfd itself. */
static long lookup_user_at(int dirfd, const char *upath, int at_flags, struct inode **out)
{
	char *path;
	struct inode *base;
	int err = at_path_from_user(dirfd, upath, &path, &base);
	if (err)
		return err;
	if (!path[0] && (at_flags & AT_EMPTY_PATH))
		err = dirfd_get_inode(dirfd, out);
	else
		err = vfs_lookup_at(base, path, at_flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW,
				    out);
	inode_put(base);
	kfree(path);
	return err;
}

/* A path that follows a symbolic link at its end, as most calls do. */
static long lookup_user_path(const char *upath, struct inode **out)
{
	return lookup_user_at(AT_FDCWD, upath, 0, out);
}

static long open_at(int dirfd, const char *upath, int flags, int mode)
{
	char *path;
	struct inode *base;
	int err = at_path_from_user(dirfd, upath, &path, &base);
	if (err)
		return err;
	struct file *file;
	err = vfs_open_at(base, path, (uint32_t)flags, (uint32_t)mode, &file);
	inode_put(base);
	kfree(path);
	if (err)
		return err;
	int fd = fd_install(file, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(file);
	return fd;
}

long sys_open(const char *upath, int flags, int mode)
{
	return open_at(AT_FDCWD, upath, flags, mode);
}

long sys_openat(int dirfd, const char *upath, int flags, int mode)
{
	return open_at(dirfd, upath, flags, mode);
}

static long stat_to_user(struct inode *inode, void *ustat)
{
	struct stat64 st;
	memset(&st, 0, sizeof(st));
	st.st_dev = inode->sb->dev;
	st.__st_ino = inode->ino;
	st.st_ino = inode->ino;
	st.st_mode = inode->mode;
	st.st_nlink = inode->nlink;
	st.st_uid = inode->uid;
	st.st_gid = inode->gid;
	st.st_rdev = inode->rdev;
	st.st_size = (long long)inode->size;
	st.st_blksize = PAGE_SIZE;
	st.st_blocks = (unsigned long long)inode->nr_cache_pages * (PAGE_SIZE / 512);
	st.st_atime = inode->atime;
	st.st_mtime = inode->mtime;
	st.st_ctime = inode->ctime;
	return copy_to_user(ustat, &st, sizeof(st));
}

long sys_fstatat64(int dirfd, const char *upath, void *ustat, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	struct inode *inode;
	long err = lookup_user_at(dirfd, upath, flags, &inode);
	if (err)
		return err;
	err = stat_to_user(inode, ustat);
	inode_put(inode);
	return err;
}

/* statx: what stat64 gives, in statx's layout; stx_mask says so (the basic
 * stats, whatever was asked: Linux fills what it has, and no birth time). */
static long statx_to_user(struct inode *inode, void *ubuf)
{
	struct statx stx;
	memset(&stx, 0, sizeof(stx));
	stx.stx_mask = STATX_BASIC_STATS;
	stx.stx_blksize = PAGE_SIZE;
	stx.stx_nlink = inode->nlink;
	stx.stx_uid = inode->uid;
	stx.stx_gid = inode->gid;
	stx.stx_mode = (unsigned short)inode->mode;
	stx.stx_ino = inode->ino;
	stx.stx_size = inode->size;
	stx.stx_blocks = (unsigned long long)inode->nr_cache_pages * (PAGE_SIZE / 512);
	stx.stx_atime.tv_sec = inode->atime;
	stx.stx_mtime.tv_sec = inode->mtime;
	stx.stx_ctime.tv_sec = inode->ctime;
	stx.stx_rdev_major = DEV_MAJOR(inode->rdev);
	stx.stx_rdev_minor = DEV_MINOR(inode->rdev);
	stx.stx_dev_major = DEV_MAJOR(inode->sb->dev);
	stx.stx_dev_minor = DEV_MINOR(inode->sb->dev);
	return copy_to_user(ubuf, &stx, sizeof(stx));
}

long sys_statx(int dirfd, const char *upath, int flags, unsigned int mask, void *ubuf)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return -EINVAL;
	struct inode *inode;
	long err = lookup_user_at(dirfd, upath, flags & ~AT_STATX_SYNC_TYPE, &inode);
	if (err)
		return err;
	err = statx_to_user(inode, ubuf);
	inode_put(inode);
	return err;
}

long sys_stat64(const char *upath, void *ustat)
{
	return sys_fstatat64(AT_FDCWD, upath, ustat, 0);
}

long sys_lstat64(const char *upath, void *ustat)
{
	return sys_fstatat64(AT_FDCWD, upath, ustat, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat64(int fd, void *ustat)
{
	struct file *file = fd_get(fd);
	return file ? stat_to_user(file->inode, ustat) : -EBADF;
}

long sys_mkdir(const char *upath, int mode)
{
	char *path;
	int err = path_from_user(upath, &path);
	if (err)
		return err;
	err = vfs_mkdir(path, (uint32_t)mode);
	kfree(path);
	return err;
}

/* dev is Linux's i386 mknod argument: a 32-bit number in the new encoding
 * (major in bits 8-19, minor in 0-7 and 20-31), kept as it is in
 * inode->rdev, which stat reports. */
long sys_mknodat(int dirfd, const char *upath, int mode, uint32_t dev)
{
	char *path;
	struct inode *base;
	int err = at_path_from_user(dirfd, upath, &path, &base);
	if (err)
		return err;
	err = vfs_mknod_at(base, path, (uint32_t)mode, dev);
	inode_put(base);
	kfree(path);
	return err;
}

long sys_mknod(const char *upath, int mode, uint32_t dev)
{
	return sys_mknodat(AT_FDCWD, upath, mode, dev);
}

long sys_rmdir(const char *upath)
{
	return with_path(upath, vfs_rmdir);
}

long sys_unlink(const char *upath)
{
	return with_path(upath, vfs_unlink);
}

long sys_link(const char *uold, const char *unew)
{
	return with_two_paths(uold, unew, vfs_link);
}

long sys_rename(const char *uold, const char *unew)
{
	return with_two_paths(uold, unew, vfs_rename);
}

long sys_chdir(const char *upath)
{
	return with_path(upath, vfs_chdir);
}

long sys_chroot(const char *upath)
{
	return with_path(upath, vfs_chroot);
}

long sys_fchdir(int fd)
{
	struct file *file = fd_get(fd);
	if (!file)
		return -EBADF;
	struct inode *dir = file->inode;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	int err = inode_permission(dir, X_OK);
	if (err)
		return err;
	inode_get(dir);
	inode_put(current->cwd);
	current->cwd = dir;
	return 0;
}

long sys_getcwd(char *ubuf, size_t size)
{
	if (size == 0)
		return -ERANGE;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	long ret = vfs_getcwd(path, MIN(size, PATH_MAX));
	if (!ret) {
		size_t len = strlen(path) + 1;
		ret = copy_to_user(ubuf, path, len) ? -EFAULT : (long)len;
	}
	kfree(path);
	return ret;
}

long sys_chmod(const char *upath, int mode)
{
	struct inode *inode;
	long err = lookup_user_path(upath, &inode);
	if (err)
		return err;
	err = vfs_chmod(inode, (uint32_t)mode);
	inode_put(inode);
	return err;
}

long sys_fchmod(int fd, int mode)
{
	struct file *file = fd_get(fd);
	return file ? vfs_chmod(file->inode, (uint32_t)mode) : -EBADF;
}

long sys_fchownat(int dirfd, const char *upath, uint32_t uid, uint32_t gid, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct inode *inode;
	long err = lookup_user_at(dirfd, upath, flags, &inode);
	if (err)
		return err;
	err = vfs_chown(inode, uid, gid);
	inode_put(inode);
	return err;
}

long sys_chown32(const char *upath, uint32_t uid, uint32_t gid)
{
	return sys_fchownat(AT_FDCWD, upath, uid, gid, 0);
}

long sys_lchown32(const char *upath, uint32_t uid, uint32_t gid)
{
	return sys_fchownat(AT_FDCWD, upath, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown32(int fd, uint32_t uid, uint32_t gid)
{
	struct file *file = fd_get(fd);
	return file ? vfs_chown(file->inode, uid, gid) : -EBADF;
}

/* access() asks "could my real user do this?": the lookup and the check run
 * with the real ids in place of the effective ones, as in Linux. */
long sys_access(const char *upath, int mode)
{
	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	char *path;
	int err = path_from_user(upath, &path); /* may fault: before the ids change */
	if (err)
		return err;
	struct cred saved = current->cred;
	current->cred.euid = saved.uid;
	current->cred.egid = saved.gid;
	struct inode *inode;
	err = vfs_lookup(path, &inode);
	if (!err) {
		if (mode != F_OK)
			err = inode_permission(inode, mode);
		inode_put(inode);
	}
	current->cred.euid = saved.euid;
	current->cred.egid = saved.egid;
	kfree(path);
	return err;
}

long sys_umask(int mask)
{
	long old = (long)current->umask;
	current->umask = (uint32_t)mask & 0777;
	return old;
}

static long truncate_checked(struct inode *inode, uint64_t size)
{
	if ((int64_t)size < 0)
		return -EINVAL;
	if (S_ISDIR(inode->mode))
		return -EISDIR;
	int err = inode_permission(inode, W_OK);
	return err ? err : vfs_truncate(inode, size);
}

long sys_truncate64(const char *upath, uint32_t len_lo, uint32_t len_hi)
{
	struct inode *inode;
	long err = lookup_user_path(upath, &inode);
	if (err)
		return err;
	err = truncate_checked(inode, (uint64_t)len_hi << 32 | len_lo);
	inode_put(inode);
	return err;
}

long sys_ftruncate64(int fd, uint32_t len_lo, uint32_t len_hi)
{
	struct file *file = fd_get(fd);
	if (!file)
		return -EBADF;
	uint64_t size = (uint64_t)len_hi << 32 | len_lo;
	if ((file->flags & O_ACCMODE) == O_RDONLY || (int64_t)size < 0)
		return -EINVAL;
	return vfs_truncate(file->inode, size);
}

/* A short user string (device name, filesystem type) into buf. */
static int short_string_from_user(const char *ustr, char *buf, size_t size)
{
	int n = strncpy_from_user(buf, ustr, size);
	return n < 0 ? n : 0;
}

long sys_mount(const char *usource, const char *utarget, const char *utype, uint32_t flags,
	       const void *udata)
{
	if (current->cred.euid != 0)
		return -EPERM;
	if (!utype)
		return -EINVAL; /* remount and bind mounts are not supported */
	char source[64], type[32];
	int err = usource ? short_string_from_user(usource, source, sizeof(source)) : 0;
	if (!err)
		err = short_string_from_user(utype, type, sizeof(type));
	char *target = NULL;
	if (!err)
		err = path_from_user(utarget, &target);
	if (!err)
		err = vfs_mount(usource ? source : NULL, target, type, flags);
	kfree(target);
	return err;
}

long sys_umount2(const char *utarget, int flags)
{
	if (current->cred.euid != 0)
		return -EPERM;
	return with_path(utarget, vfs_umount);
}

/* swapon(2), swapoff(2): the device side of swap is mm/swapfile.c's. */
long sys_swapon(const char *upath, int flags)
{
	if (current->cred.euid != 0)
		return -EPERM;
	char *path;
	int err = path_from_user(upath, &path);
	if (err)
		return err;
	err = swap_on(path, flags);
	kfree(path);
	return err;
}

long sys_swapoff(const char *upath)
{
	if (current->cred.euid != 0)
		return -EPERM;
	return with_path(upath, swap_off);
}

long sys_symlinkat(const char *utarget, int dirfd, const char *upath)
{
	char *target, *path;
	struct inode *base;
	int err = path_from_user(utarget, &target);
	if (err)
		return err;
	err = at_path_from_user(dirfd, upath, &path, &base);
	if (!err) {
		err = vfs_symlink_at(base, target, path);
		inode_put(base);
		kfree(path);
	}
	kfree(target);
	return err;
}

long sys_symlink(const char *utarget, const char *upath)
{
	return sys_symlinkat(utarget, AT_FDCWD, upath);
}

/* readlink does not add a NUL, and a short buffer gets the target's start:
 * the return value says how much came. */
long sys_readlinkat(int dirfd, const char *upath, char *ubuf, int size)
{
	if (size <= 0)
		return -EINVAL;
	char *path;
	struct inode *base, *link;
	int err = at_path_from_user(dirfd, upath, &path, &base);
	if (err)
		return err;
	err = vfs_lookup_at(base, path, 0, &link);
	inode_put(base);
	if (!err) {
		/* The path's buffer takes the target now. */
		int n = vfs_readlink(link, path, MIN((size_t)size, PATH_MAX));
		inode_put(link);
		err = n < 0 ? n : copy_to_user(ubuf, path, (size_t)n) ? -EFAULT : n;
	}
	kfree(path);
	return err;
}

long sys_readlink(const char *upath, char *ubuf, int size)
{
	return sys_readlinkat(AT_FDCWD, upath, ubuf, size);
}

/* statfs64 and fstatfs64: the filesystem's statfs op, or zeros for one
 * without (ramfs, devfs, procfs have no blocks to count). */
static long statfs_to_user(struct inode *inode, size_t size, void *ubuf)
{
	if (size != sizeof(struct statfs64))
		return -EINVAL;
	struct kstatfs k = {0};
	k.f_bsize = PAGE_SIZE;
	k.f_namelen = NAME_MAX;
	const struct super_operations *ops = inode->sb->ops;
	if (ops && ops->statfs) {
		int err = ops->statfs(inode->sb, &k);
		if (err)
			return err;
	}
	struct statfs64 st = {0};
	st.f_type = k.f_type;
	st.f_bsize = st.f_frsize = k.f_bsize;
	st.f_blocks = k.f_blocks;
	st.f_bfree = k.f_bfree;
	st.f_bavail = k.f_bavail;
	st.f_files = k.f_files;
	st.f_ffree = k.f_ffree;
	st.f_fsid[0] = (int)inode->sb->dev;
	st.f_namelen = k.f_namelen;
	return copy_to_user(ubuf, &st, sizeof(st));
}

long sys_statfs64(const char *upath, size_t size, void *ubuf)
{
	char *path;
	int err = path_from_user(upath, &path);
	if (err)
		return err;
	struct inode *inode;
	err = vfs_lookup(path, &inode);
	kfree(path);
	if (err)
		return err;
	err = (int)statfs_to_user(inode, size, ubuf);
	inode_put(inode);
	return err;
}

long sys_fstatfs64(int fd, size_t size, void *ubuf)
{
	struct file *file = fd_get(fd);
	if (!file)
		return -EBADF;
	return statfs_to_user(file->inode, size, ubuf);
}

/* ---- file times: utime, utimes, futimesat, utimensat ---------------------- */

/* One of the two times a call asks for (access, then modification). */
struct time_request {
	bool is_set;   /* false: UTIME_OMIT */
	bool is_now;   /* UTIME_NOW, or no times given at all */
	uint32_t sec;  /* inode times are unsigned 32-bit seconds: clamped */
};

static struct time_request time_request_now(void)
{
	return (struct time_request){true, true, vfs_now()};
}

/* A timespec's meaning, or -EINVAL for nanoseconds that are neither a
 * time nor UTIME_NOW/UTIME_OMIT. */
static int time_request_from_timespec(long long sec, long nsec, struct time_request *out)
{
	if (nsec == UTIME_OMIT) {
		*out = (struct time_request){false, false, 0};
		return 0;
	}
	if (nsec == UTIME_NOW) {
		*out = time_request_now();
		return 0;
	}
	if (nsec < 0 || nsec >= 1000000000)
		return -EINVAL;
	uint32_t clamped = sec < 0 ? 0 : sec > 0xffffffffll ? 0xffffffffu : (uint32_t)sec;
	*out = (struct time_request){true, false, clamped};
	return 0;
}

/* Apply two requests to the file dirfd + upath names.  A NULL upath names
 * dirfd itself (futimens), as utimensat(2) allows. */
static long set_times_at(int dirfd, const char *upath, int flags, const struct time_request t[2])
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct inode *inode;
	long err;
	if (!upath && dirfd != AT_FDCWD) {
		if (flags & AT_SYMLINK_NOFOLLOW)
			return -EINVAL;
		err = dirfd_get_inode(dirfd, &inode);
	} else {
		err = lookup_user_at(dirfd, upath, flags, &inode);
	}
	if (err)
		return err;
	if (t[0].is_set || t[1].is_set) {
		bool is_explicit = (t[0].is_set && !t[0].is_now) || (t[1].is_set && !t[1].is_now);
		err = vfs_set_times(inode, t[0].is_set ? &t[0].sec : NULL,
				    t[1].is_set ? &t[1].sec : NULL, is_explicit);
	}
	inode_put(inode);
	return err;
}

static long utimensat_common(int dirfd, const char *upath, const void *utimes, int flags,
			     bool is_time64)
{
	struct time_request t[2] = {time_request_now(), time_request_now()};
	for (int i = 0; utimes && i < 2; i++) {
		long long sec;
		long nsec;
		int err;
		if (is_time64) {
			struct __kernel_timespec ts;
			if (copy_from_user(&ts, (const struct __kernel_timespec *)utimes + i, sizeof(ts)))
				return -EFAULT;
			sec = ts.tv_sec;
			nsec = (int32_t)ts.tv_nsec; /* a 32-bit kernel reads the low half, as Linux */
		} else {
			struct timespec ts;
			if (copy_from_user(&ts, (const struct timespec *)utimes + i, sizeof(ts)))
				return -EFAULT;
			sec = ts.tv_sec;
			nsec = ts.tv_nsec;
		}
		err = time_request_from_timespec(sec, nsec, &t[i]);
		if (err)
			return err;
	}
	return set_times_at(dirfd, upath, flags, t);
}

long sys_utimensat(int dirfd, const char *upath, const struct timespec *utimes, int flags)
{
	return utimensat_common(dirfd, upath, utimes, flags, false);
}

long sys_utimensat_time64(int dirfd, const char *upath, const struct __kernel_timespec *utimes,
			  int flags)
{
	return utimensat_common(dirfd, upath, utimes, flags, true);
}

/* futimesat(2) and utimes(2): microseconds, no UTIME_NOW/OMIT; NULL = now. */
long sys_futimesat(int dirfd, const char *upath, const struct timeval *utimes)
{
	struct time_request t[2] = {time_request_now(), time_request_now()};
	if (utimes) {
		struct timeval tv[2];
		if (copy_from_user(tv, utimes, sizeof(tv)))
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
				return -EINVAL;
			time_request_from_timespec(tv[i].tv_sec, tv[i].tv_usec * 1000, &t[i]);
		}
	}
	if (!upath)
		return -EFAULT;
	return set_times_at(dirfd, upath, 0, t);
}

long sys_utimes(const char *upath, const struct timeval *utimes)
{
	return sys_futimesat(AT_FDCWD, upath, utimes);
}

/* utime(2): struct utimbuf { time_t actime, modtime; }, whole seconds. */
long sys_utime(const char *upath, const long *utimbuf)
{
	struct time_request t[2] = {time_request_now(), time_request_now()};
	if (utimbuf) {
		long times[2];
		if (copy_from_user(times, utimbuf, sizeof(times)))
			return -EFAULT;
		for (int i = 0; i < 2; i++)
			time_request_from_timespec(times[i], 0, &t[i]);
	}
	if (!upath)
		return -EFAULT;
	return set_times_at(AT_FDCWD, upath, 0, t);
}
