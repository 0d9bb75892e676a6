/*
 * syscalls_path.c — the system calls that name files by path, and those that
 * read or change a file's attributes: open, stat, mkdir/rmdir/unlink/link/
 * rename, chdir/getcwd, chmod/chown, access, umask, truncate, mount.
 *
 * Each copies its path(s) from user space into a kernel buffer of PATH_MAX
 * bytes (strncpy_from_user: EFAULT, or ENAMETOOLONG past PATH_MAX), calls
 * the VFS (fs/vfs_ops.c, fs/vfs_dir.c), and copies results back.  Policy
 * (permissions, types) lives in the VFS, not here; only what is about the
 * caller is decided here: mount needs root, access asks with the real ids.
 * Descriptor I/O: fs/syscalls_file.c.
 */
#include <corral/kmalloc.h>
#include <corral/page.h>
#include <corral/string.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/uaccess.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

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

static long lookup_user_path(const char *upath, struct inode **out)
{
	char *path;
	int err = path_from_user(upath, &path);
	if (err)
		return err;
	err = vfs_lookup(path, out);
	kfree(path);
	return err;
}

static long open_at(struct inode *base, const char *upath, int flags, int mode)
{
	char *path;
	int err = path_from_user(upath, &path);
	if (err)
		return err;
	struct file *file;
	err = vfs_open_at(base, path, (uint32_t)flags, (uint32_t)mode, &file);
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
	return open_at(NULL, upath, flags, mode);
}

long sys_openat(int dirfd, const char *upath, int flags, int mode)
{
	if (dirfd == AT_FDCWD)
		return open_at(NULL, upath, flags, mode);
	struct file *dir = fd_get(dirfd);
	if (!dir)
		return -EBADF;
	if (!S_ISDIR(dir->inode->mode))
		return -ENOTDIR;
	struct inode *base = dir->inode;
	inode_get(base); /* the open may sleep; dirfd may be closed meanwhile */
	long ret = open_at(base, upath, flags, mode);
	inode_put(base);
	return ret;
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

long sys_stat64(const char *upath, void *ustat)
{
	struct inode *inode;
	long err = lookup_user_path(upath, &inode);
	if (err)
		return err;
	err = stat_to_user(inode, ustat);
	inode_put(inode);
	return err;
}

long sys_lstat64(const char *upath, void *ustat)
{
	return sys_stat64(upath, ustat); /* no symbolic links */
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

long sys_chown32(const char *upath, uint32_t uid, uint32_t gid)
{
	struct inode *inode;
	long err = lookup_user_path(upath, &inode);
	if (err)
		return err;
	err = vfs_chown(inode, uid, gid);
	inode_put(inode);
	return err;
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

long sys_readlink(const char *upath, char *ubuf, size_t size)
{
	struct inode *inode;
	long err = lookup_user_path(upath, &inode);
	if (err)
		return err;
	inode_put(inode);
	return -EINVAL; /* it exists, and it is not a symbolic link: there are none */
}
