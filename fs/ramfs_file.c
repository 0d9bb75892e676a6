/*
 * ramfs_file.c — a ramfs file's bytes: its page-cache pages, nothing else.
 *
 * Byte `pos` of the file lives in page pos / PAGE_SIZE of the inode's page
 * cache (mm/page_cache.c), at offset pos % PAGE_SIZE.  A write allocates
 * all the pages it touches first (or fails with ENOMEM, having written
 * nothing), then copies and moves the size past its end; a page the file
 * never wrote is a hole and reads as zeros.  Truncating frees the pages past
 * the new end and zeroes the tail of the last one, so growing the file again
 * later shows zeros, not old data.
 *
 * Locking: inode->lock (a mutex) around each read, write and truncate: page
 * allocation may sleep (and will, once containers reclaim), and the size and
 * the cache must stay consistent across that.  Read next: fs/devfs.c.
 */
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "ramfs.h"

#define RAMFS_MAX_FILE_SIZE 0xffffffffull /* st_size stays below 4 GiB */

static ssize_t ramfs_file_read(struct file *file, char *buf, size_t len, uint64_t *pos)
{
	struct inode *inode = file->inode;
	mutex_lock(&inode->lock);
	size_t done = 0;
	if (*pos < inode->size)
		len = (size_t)MIN((uint64_t)len, inode->size - *pos);
	else
		len = 0;
	while (done < len) {
		uint32_t index = (uint32_t)(*pos / PAGE_SIZE);
		size_t offset = (size_t)(*pos % PAGE_SIZE);
		size_t n = MIN(len - done, PAGE_SIZE - offset);
		struct page *page = page_cache_find(inode, index);
		if (page)
			memcpy(buf + done, (char *)page_to_virt(page) + offset, n);
		else
			memset(buf + done, 0, n); /* a hole */
		done += n;
		*pos += n;
	}
	mutex_unlock(&inode->lock);
	return (ssize_t)done;
}

/* Every page of [pos, pos + len) in the cache before a byte is written, so that
 * a write the memory cannot hold writes nothing and says ENOMEM (not ENOSPC:
 * it is the memory that ran out, as in Linux's ramfs), rather than stopping
 * short with a count that hides why.  Pages made before the one that failed
 * stay, holding zeros, as if written with zeros: a hole reads the same. */
static int ramfs_file_get_pages(struct inode *inode, uint64_t pos, size_t len)
{
	if (len == 0)
		return 0;
	uint32_t last = (uint32_t)((pos + len - 1) / PAGE_SIZE);
	for (uint32_t index = (uint32_t)(pos / PAGE_SIZE); index <= last; index++)
		if (!page_cache_get_or_create(inode, index))
			return -ENOMEM;
	return 0;
}

static ssize_t ramfs_file_write(struct file *file, const char *buf, size_t len, uint64_t *pos)
{
	struct inode *inode = file->inode;
	mutex_lock(&inode->lock);
	if (file->flags & O_APPEND)
		*pos = inode->size;
	if (*pos + len > RAMFS_MAX_FILE_SIZE) {
		mutex_unlock(&inode->lock);
		return -EFBIG;
	}
	int err = ramfs_file_get_pages(inode, *pos, len);
	size_t done = 0;
	while (!err && done < len) {
		uint32_t index = (uint32_t)(*pos / PAGE_SIZE);
		size_t offset = (size_t)(*pos % PAGE_SIZE);
		size_t n = MIN(len - done, PAGE_SIZE - offset);
		struct page *page = page_cache_find(inode, index);
		memcpy((char *)page_to_virt(page) + offset, buf + done, n);
		done += n;
		*pos += n;
	}
	if (*pos > inode->size)
		inode->size = *pos;
	if (done)
		inode->mtime = inode->ctime = vfs_now();
	mutex_unlock(&inode->lock);
	return err ? err : (ssize_t)done;
}

static int ramfs_file_truncate(struct inode *inode, uint64_t size)
{
	if (size > RAMFS_MAX_FILE_SIZE)
		return -EFBIG;
	mutex_lock(&inode->lock);
	if (size < inode->size) {
		page_cache_truncate(inode, (uint32_t)((size + PAGE_SIZE - 1) / PAGE_SIZE));
		struct page *last = page_cache_find(inode, (uint32_t)(size / PAGE_SIZE));
		size_t offset = (size_t)(size % PAGE_SIZE);
		if (last && offset)
			memset((char *)page_to_virt(last) + offset, 0, PAGE_SIZE - offset);
	}
	inode->size = size;
	inode->mtime = inode->ctime = vfs_now();
	mutex_unlock(&inode->lock);
	return 0;
}

static const struct inode_operations ramfs_file_iops = {
	.truncate = ramfs_file_truncate,
};

static const struct file_operations ramfs_file_fops = {
	.read = ramfs_file_read,
	.write = ramfs_file_write,
};

void ramfs_file_init(struct inode *inode)
{
	inode->iops = &ramfs_file_iops;
	inode->fops = &ramfs_file_fops;
}
