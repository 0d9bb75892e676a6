/*
 * ramfs_file.c — a ramfs file's bytes: its page-cache pages, nothing else.
 *
 * Byte `pos` of the file lives in page pos / PAGE_SIZE of the inode's page
 * cache, at offset pos % PAGE_SIZE.  ramfs gives its inodes no page-cache
 * operations (inode->cache_ops == NULL): there is no disk behind the pages,
 * so they are never read, written back or dropped, only truncated or freed
 * with the inode.  Reads and writes are the page cache's generic ones
 * (mm/filemap.c): a page the file never wrote is a hole and reads as zeros;
 * truncating frees the pages past the new end and zeroes the tail of the
 * last one, so growing the file again later shows zeros, not old data.
 *
 * Locking: inode->lock (a mutex) around each read, write and truncate.
 * Read next: fs/devfs.c.
 */
#include <corral/page_cache.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

#include "ramfs.h"

#define RAMFS_MAX_FILE_SIZE 0xffffffffull /* st_size stays below 4 GiB */

static int ramfs_file_truncate(struct inode *inode, uint64_t size)
{
	if (size > RAMFS_MAX_FILE_SIZE)
		return -EFBIG;
	mutex_lock(&inode->lock);
	page_cache_truncate(inode, size);
	inode->size = size;
	inode->mtime = inode->ctime = vfs_now();
	mutex_unlock(&inode->lock);
	return 0;
}

static const struct inode_operations ramfs_file_iops = {
	.truncate = ramfs_file_truncate,
};

static const struct file_operations ramfs_file_fops = {
	.read = page_cache_file_read,
	.write = page_cache_file_write,
};

void ramfs_file_init(struct inode *inode)
{
	inode->iops = &ramfs_file_iops;
	inode->fops = &ramfs_file_fops;
}
