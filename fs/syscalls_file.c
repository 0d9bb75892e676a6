/*
 * syscalls_file.c — the system calls that work on open descriptors: read,
 * write and their vector and positioned forms, sendfile, seeking, dup, fcntl,
 * ioctl, pipes, directory listing, close and sync.
 *
 * User memory is touched only through copy_from_user/copy_to_user, via a
 * one-page kernel bounce buffer: filesystems see kernel buffers only.  Small
 * reads and writes (the shell reads its input a byte at a time; prompts and
 * messages are short) bounce through a buffer on the kernel stack instead:
 * nothing to allocate, so nothing that can fail for want of memory on the way
 * to the console.  A read returns after one buffer's worth (a short read,
 * which Unix programs expect); a write loops until everything is written or
 * something fails, and returns the bytes written if any were.  Each call holds its own reference
 * on the file, so a close by someone sharing the table cannot free it under
 * a sleeping read.  Paths, attributes and mounts: fs/syscalls_path.c.
 */
#include <corral/kmalloc.h>
#include <corral/memlayout.h>
#include <corral/page_cache.h>
#include <corral/string.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/uaccess.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>


#define IOV_MAX 1024
#define BOUNCE_SIZE PAGE_SIZE
#define SMALL_BOUNCE_SIZE 256 /* on the kernel stack, which has room for it */

struct iovec {
	void *iov_base;
	size_t iov_len;
};

static struct file *fd_get_ref(int fd)
{
	struct file *file = fd_get(fd);
	if (file)
		file_get(file);
	return file;
}

/* One bounce buffer's worth from file (at *pos, or at file->pos if NULL). */
static long read_to_user(struct file *file, char *ubuf, size_t len, uint64_t *pos)
{
	size_t chunk = MIN(len, BOUNCE_SIZE);
	/* Make sure the whole buffer can take the data before taking it from the
	 * file: a pipe or the console must not lose bytes to a bad pointer (or
	 * to a page that could not be had: ENOMEM, not EFAULT, for a good one). */
	int err = len ? user_buffer_prepare(ubuf, chunk, true) : 0;
	if (err)
		return err;
	char small[SMALL_BOUNCE_SIZE];
	char *kbuf = chunk <= sizeof(small) ? small : kmalloc(BOUNCE_SIZE);
	if (!kbuf)
		return -ENOMEM;
	ssize_t n = pos ? file_pread(file, kbuf, chunk, *pos) : file_read(file, kbuf, chunk);
	if (n > 0 && copy_to_user(ubuf, kbuf, (size_t)n))
		n = -EFAULT;
	if (kbuf != small)
		kfree(kbuf);
	return n;
}

/* All of ubuf into file, a bounce buffer at a time. */
static long write_from_user(struct file *file, const char *ubuf, size_t len, uint64_t *pos)
{
	if (len && !user_range_is_ok(ubuf, len, false))
		return -EFAULT;
	char small[SMALL_BOUNCE_SIZE];
	char *kbuf = len <= sizeof(small) ? small : kmalloc(BOUNCE_SIZE);
	if (!kbuf)
		return -ENOMEM;
	size_t done = 0;
	long err = 0;
	do {
		size_t chunk = MIN(len - done, BOUNCE_SIZE);
		if (chunk && copy_from_user(kbuf, ubuf + done, chunk)) {
			err = -EFAULT;
			break;
		}
		ssize_t n = pos ? file_pwrite(file, kbuf, chunk, *pos + done)
				: file_write(file, kbuf, chunk);
		if (n < 0) {
			err = n;
			break;
		}
		done += (size_t)n;
		if ((size_t)n < chunk)
			break;
		sched_yield_if_needed(); /* a long write must not hog the CPU */
	} while (done < len);
	if (kbuf != small)
		kfree(kbuf);
	return done ? (long)done : err;
}

long sys_read(int fd, char *ubuf, size_t len)
{
	struct file *file = fd_get_ref(fd);
	if (!file)
		return -EBADF;
	long ret = read_to_user(file, ubuf, len, NULL);
	file_put(file);
	return ret;
}

long sys_write(int fd, const char *ubuf, size_t len)
{
	struct file *file = fd_get_ref(fd);
	if (!file)
		return -EBADF;
	long ret = write_from_user(file, ubuf, len, NULL);
	file_put(file);
	return ret;
}

static uint64_t offset64(uint32_t lo, uint32_t hi)
{
	return (uint64_t)hi << 32 | lo;
}

static long positioned_io(int fd, char *ubuf, size_t len, uint64_t pos, bool is_write)
{
	if ((int64_t)pos < 0)
		return -EINVAL;
	struct file *file = fd_get_ref(fd);
	if (!file)
		return -EBADF;
	long ret;
	if (S_ISFIFO(file->inode->mode))
		ret = -ESPIPE;
	else if (is_write)
		ret = write_from_user(file, ubuf, len, &pos);
	else
		ret = read_to_user(file, ubuf, len, &pos);
	file_put(file);
	return ret;
}

long sys_pread64(int fd, char *ubuf, size_t len, uint32_t off_lo, uint32_t off_hi)
{
	return positioned_io(fd, ubuf, len, offset64(off_lo, off_hi), false);
}

long sys_pwrite64(int fd, const char *ubuf, size_t len, uint32_t off_lo, uint32_t off_hi)
{
	return positioned_io(fd, (char *)ubuf, len, offset64(off_lo, off_hi), true);
}

/* sendfile(2): in_fd's bytes to out_fd through one kernel page, never
 * through user memory.  With pos, in_fd is read there and its own position
 * stays; without, it is read (and moved) like read(2).  Stops at the end of
 * in_fd, a short write, or a signal; an error after some bytes went is
 * reported as the bytes that went, as write(2) does. */
static long sendfile_common(int out_fd, int in_fd, uint64_t *pos, size_t count)
{
	struct file *in = fd_get_ref(in_fd), *out = fd_get_ref(out_fd);
	char *kbuf = NULL;
	long err = 0;
	size_t done = 0;
	if (!in || !out)
		err = -EBADF;
	else if (pos && S_ISFIFO(in->inode->mode))
		err = -ESPIPE;
	else if (out->flags & O_APPEND)
		err = -EINVAL; /* Linux's rule: sendfile does not append */
	else if (count && !(kbuf = kmalloc(BOUNCE_SIZE)))
		err = -ENOMEM;
	while (!err && done < count) {
		size_t chunk = MIN(count - done, BOUNCE_SIZE);
		ssize_t n = pos ? file_pread(in, kbuf, chunk, *pos) : file_read(in, kbuf, chunk);
		if (n <= 0) {
			err = n;
			break;
		}
		ssize_t written = file_write(out, kbuf, (size_t)n);
		if (written < 0) {
			err = written;
			break;
		}
		done += (size_t)written;
		if (pos)
			*pos += (uint64_t)written;
		if (written < n || signal_is_pending())
			break;
		sched_yield_if_needed(); /* a long copy must not hog the CPU */
	}
	kfree(kbuf);
	if (in)
		file_put(in);
	if (out)
		file_put(out);
	return done ? (long)done : err;
}

/* sendfile's offset is a long, sendfile64's a 64-bit loff_t: read it,
 * copy from there, and write back where the copy ended. */
static long sendfile_at(int out_fd, int in_fd, void *uoffset, bool is_64, size_t count)
{
	if (!uoffset)
		return sendfile_common(out_fd, in_fd, NULL, count);
	int64_t offset;
	int32_t offset32;
	int err = is_64 ? copy_from_user(&offset, uoffset, sizeof(offset))
			: copy_from_user(&offset32, uoffset, sizeof(offset32));
	if (err)
		return -EFAULT;
	if (!is_64)
		offset = offset32;
	if (offset < 0)
		return -EINVAL;
	uint64_t pos = (uint64_t)offset;
	long ret = sendfile_common(out_fd, in_fd, &pos, count);
	offset = (int64_t)pos;
	offset32 = (int32_t)pos;
	err = is_64 ? copy_to_user(uoffset, &offset, sizeof(offset))
		    : copy_to_user(uoffset, &offset32, sizeof(offset32));
	return ret >= 0 && err ? -EFAULT : ret;
}

long sys_sendfile(int out_fd, int in_fd, long *uoffset, size_t count)
{
	return sendfile_at(out_fd, in_fd, uoffset, false, count);
}

long sys_sendfile64(int out_fd, int in_fd, int64_t *uoffset, size_t count)
{
	return sendfile_at(out_fd, in_fd, uoffset, true, count);
}

/* readv/writev: each vector in turn, stopping at the first short transfer. */
static long vector_io(int fd, const void *uiov, int iovcnt, bool is_write)
{
	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return -EINVAL;
	struct file *file = fd_get_ref(fd);
	if (!file)
		return -EBADF;
	struct iovec *iov = kmalloc(sizeof(*iov) * (size_t)(iovcnt ? iovcnt : 1));
	long total = 0, err = 0;
	if (!iov)
		err = -ENOMEM;
	else if (copy_from_user(iov, uiov, sizeof(*iov) * (size_t)iovcnt))
		err = -EFAULT;
	for (int i = 0; !err && i < iovcnt; i++) {
		if (iov[i].iov_len == 0)
			continue;
		long n = is_write ? write_from_user(file, iov[i].iov_base, iov[i].iov_len, NULL)
				  : read_to_user(file, iov[i].iov_base, iov[i].iov_len, NULL);
		if (n < 0)
			err = n;
		else
			total += n;
		if (n < (long)iov[i].iov_len)
			break;
	}
	kfree(iov);
	file_put(file);
	return total ? total : err;
}

long sys_readv(int fd, const void *uiov, int iovcnt)
{
	return vector_io(fd, uiov, iovcnt, false);
}

long sys_writev(int fd, const void *uiov, int iovcnt)
{
	return vector_io(fd, uiov, iovcnt, true);
}

long sys_close(int fd)
{
	return fd_close(fd);
}

static int file_seek(struct file *file, int64_t offset, int whence, uint64_t *result)
{
	if (S_ISFIFO(file->inode->mode))
		return -ESPIPE;
	int64_t base;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)file->pos;
		break;
	case SEEK_END:
		base = (int64_t)file->inode->size;
		break;
	default:
		return -EINVAL;
	}
	if (base + offset < 0)
		return -EINVAL;
	file->pos = (uint64_t)(base + offset);
	*result = file->pos;
	return 0;
}

long sys_lseek(int fd, long offset, int whence)
{
	struct file *file = fd_get(fd);
	if (!file)
		return -EBADF;
	uint64_t old_pos = file->pos, result;
	int err = file_seek(file, offset, whence, &result);
	if (err)
		return err;
	if (result > 0x7fffffff) {
		file->pos = old_pos; /* the answer would not fit in a long */
		return -EOVERFLOW;
	}
	return (long)result;
}

long sys_llseek(int fd, uint32_t off_hi, uint32_t off_lo, uint64_t *uresult, int whence)
{
	struct file *file = fd_get(fd);
	if (!file)
		return -EBADF;
	uint64_t result;
	int err = file_seek(file, (int64_t)offset64(off_lo, off_hi), whence, &result);
	if (!err && copy_to_user(uresult, &result, sizeof(result)))
		err = -EFAULT;
	return err;
}

static long dup_from(int fd, int min_fd, bool is_cloexec)
{
	struct file *file = fd_get(fd);
	if (!file)
		return -EBADF;
	if (min_fd < 0 || min_fd >= FILES_MAX)
		return -EINVAL;
	file_get(file);
	int newfd = fd_install(file, min_fd, is_cloexec);
	if (newfd < 0)
		file_put(file);
	return newfd;
}

long sys_dup(int fd)
{
	return dup_from(fd, 0, false);
}

long sys_dup2(int oldfd, int newfd)
{
	struct file *file = fd_get(oldfd);
	if (!file)
		return -EBADF;
	if (newfd < 0 || newfd >= FILES_MAX)
		return -EBADF;
	if (oldfd == newfd)
		return newfd;
	file_get(file);
	return fd_install_at(file, newfd, false);
}

/* dup2 with flags (O_CLOEXEC only), and the same descriptor twice is an
 * error, not a no-op (Linux's rules). */
long sys_dup3(int oldfd, int newfd, int flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	struct file *file = fd_get(oldfd);
	if (!file || newfd < 0 || newfd >= FILES_MAX)
		return -EBADF;
	file_get(file);
	return fd_install_at(file, newfd, flags & O_CLOEXEC);
}

long sys_fcntl64(int fd, int cmd, uintptr_t arg)
{
	struct file *file = fd_get(fd);
	if (!file)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return dup_from(fd, (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return fd_is_cloexec(fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		fd_set_cloexec(fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return (long)file->flags;
	case F_SETFL: {
		const uint32_t changeable = O_APPEND | O_NONBLOCK;
		file->flags = (file->flags & ~changeable) | ((uint32_t)arg & changeable);
		return 0;
	}
	default:
		return -EINVAL;
	}
}

long sys_ioctl(int fd, uint32_t cmd, uintptr_t arg)
{
	struct file *file = fd_get_ref(fd);
	if (!file)
		return -EBADF;
	long ret = file->fops && file->fops->ioctl ? file->fops->ioctl(file, cmd, arg) : -ENOTTY;
	file_put(file);
	return ret;
}

long sys_pipe2(int *ufds, int flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	struct file *r, *w;
	int err = pipe_create(&r, &w);
	if (err)
		return err;
	r->flags |= (uint32_t)flags & O_NONBLOCK;
	w->flags |= (uint32_t)flags & O_NONBLOCK;
	bool is_cloexec = flags & O_CLOEXEC;
	int fds[2] = {fd_install(r, 0, is_cloexec), -1};
	if (fds[0] >= 0)
		fds[1] = fd_install(w, 0, is_cloexec);
	if (fds[0] < 0 || fds[1] < 0) {
		err = fds[0] < 0 ? fds[0] : fds[1];
		if (fds[0] >= 0)
			fd_close(fds[0]);
		else
			file_put(r);
		file_put(w);
		return err;
	}
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(int *ufds)
{
	return sys_pipe2(ufds, 0);
}

/* getdents64: struct linux_dirent64 records, 8-byte aligned, into a kernel buffer. */
struct dirent_buf {
	struct dir_context ctx;
	char *buf;
	size_t size, len;
	struct linux_dirent64 *last; /* its d_off is known only at the next entry */
	bool is_full;
};

static int dirent_emit(struct dir_context *ctx, const char *name, size_t len, uint32_t ino,
		       unsigned type)
{
	struct dirent_buf *d = container_of(ctx, struct dirent_buf, ctx);
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
	if (d->len + reclen > d->size) {
		d->is_full = true;
		return 1;
	}
	if (d->last)
		d->last->d_off = (long long)ctx->pos; /* where this entry starts */
	struct linux_dirent64 *de = (struct linux_dirent64 *)(d->buf + d->len);
	memset(de, 0, reclen);
	de->d_ino = ino;
	de->d_reclen = (unsigned short)reclen;
	de->d_type = (unsigned char)type;
	memcpy(de->d_name, name, len);
	d->last = de;
	d->len += reclen;
	return 0;
}

static long getdents_file(struct file *file, void *udirp, size_t count)
{
	if (!file->fops || !file->fops->readdir)
		return -ENOTDIR;
	struct dirent_buf d = {{dirent_emit, file->pos}, NULL, MIN(count, BOUNCE_SIZE), 0, NULL,
			       false};
	d.buf = kmalloc(BOUNCE_SIZE);
	if (!d.buf)
		return -ENOMEM;
	long ret = file->fops->readdir(file, &d.ctx);
	if (!ret && d.last)
		d.last->d_off = (long long)d.ctx.pos;
	if (!ret && d.len == 0 && d.is_full)
		ret = -EINVAL; /* not even one entry fits */
	if (!ret && copy_to_user(udirp, d.buf, d.len))
		ret = -EFAULT;
	if (!ret) {
		file->pos = d.ctx.pos;
		ret = (long)d.len;
	}
	kfree(d.buf);
	return ret;
}

long sys_getdents64(int fd, void *udirp, size_t count)
{
	struct file *file = fd_get_ref(fd);
	if (!file)
		return -EBADF;
	long ret = getdents_file(file, udirp, count);
	file_put(file);
	return ret;
}

static void sync_mount(struct mount *m, void *arg)
{
	if (m->sb->ops && m->sb->ops->sync)
		m->sb->ops->sync(m->sb);
}

/* File data first (the page cache), then each filesystem's metadata. */
long sys_sync(void)
{
	page_cache_sync_all();
	vfs_for_each_mount(sync_mount, NULL);
	return 0;
}

/* This file's data and, since metadata is not tracked per file, its
 * filesystem's; -EIO if a write failed since the last fsync. */
long sys_fsync(int fd)
{
	struct file *file = fd_get_ref(fd);
	if (!file)
		return -EBADF;
	int err = page_cache_writeback_inode(file->inode, true);
	struct super_block *sb = file->inode->sb;
	if (sb->ops && sb->ops->sync && sb->ops->sync(sb))
		err = -EIO;
	file_put(file);
	return err;
}

long sys_fdatasync(int fd)
{
	return sys_fsync(fd);
}
