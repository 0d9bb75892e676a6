/*
 * file.c — open files: an inode, a position, the open flags.
 *
 * A struct file is what a file descriptor points at.  fork and dup share one
 * (their positions move together, as in Unix); open makes a new one each
 * time.  The file holds a reference on its inode; when its own count drops to
 * zero, the filesystem's release runs (a pipe end closes, procfs frees its
 * text) and the inode reference goes.
 *
 * file_read and file_write are the one path from the system calls to a
 * filesystem: they check the access mode and the type, then call the
 * filesystem with the file's position.  Buffers are kernel buffers.
 *
 * Locking: file reference counts change in task context only (see
 * fs/inode.c); file->pos is the filesystem's to move, under inode->lock
 * where it has one.  Read next: fs/fdtable.c.
 */
#include <corral/kmalloc.h>
#include <corral/panic.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

struct file *file_alloc(struct inode *inode, uint32_t flags)
{
	struct file *file = kzalloc(sizeof(*file));
	if (!file)
		return NULL;
	/* Kernel memory, charged to the opener: past its page_limit, no file. */
	if (kmem_charge(&file->kmem, kmem_current_container(), sizeof(*file))) {
		kfree(file);
		return NULL;
	}
	inode_get(inode);
	file->inode = inode;
	file->fops = inode->fops;
	file->flags = flags;
	file->refcount = 1;
	return file;
}

void file_get(struct file *file)
{
	assert(file->refcount > 0);
	file->refcount++;
}

void file_put(struct file *file)
{
	if (!file)
		return;
	assert(file->refcount > 0);
	if (--file->refcount > 0)
		return;
	if (file->fops && file->fops->release)
		file->fops->release(file);
	inode_put(file->inode);
	path_name_put(file->path);
	kmem_uncharge(&file->kmem);
	kfree(file);
}

static bool file_is_readable(const struct file *file)
{
	return (file->flags & O_ACCMODE) != O_WRONLY;
}

static bool file_is_writable(const struct file *file)
{
	return (file->flags & O_ACCMODE) != O_RDONLY;
}

static int file_check_read(const struct file *file)
{
	if (!file_is_readable(file))
		return -EBADF;
	if (S_ISDIR(file->inode->mode))
		return -EISDIR;
	return file->fops && file->fops->read ? 0 : -EINVAL;
}

static int file_check_write(const struct file *file)
{
	if (!file_is_writable(file))
		return -EBADF;
	return file->fops && file->fops->write ? 0 : -EINVAL;
}

ssize_t file_read(struct file *file, char *buf, size_t len)
{
	int err = file_check_read(file);
	return err ? err : file->fops->read(file, buf, len, &file->pos);
}

ssize_t file_write(struct file *file, const char *buf, size_t len)
{
	int err = file_check_write(file);
	return err ? err : file->fops->write(file, buf, len, &file->pos);
}

ssize_t file_pread(struct file *file, char *buf, size_t len, uint64_t pos)
{
	int err = file_check_read(file);
	return err ? err : file->fops->read(file, buf, len, &pos);
}

ssize_t file_pwrite(struct file *file, const char *buf, size_t len, uint64_t pos)
{
	int err = file_check_write(file);
	return err ? err : file->fops->write(file, buf, len, &pos);
}
