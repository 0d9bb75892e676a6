/*
 * filemap.c — read() and write() of files whose data lives in the page cache.
 *
 * A read copies from cached pages, reading missing ones from the backing
 * store; when the file is read in order, each miss also starts reading the
 * next pages (read-ahead) without waiting for them, so the disk sees a few
 * large requests instead of many small ones and the reader finds the next
 * pages ready.  The read-ahead window starts at RA_MIN_PAGES and doubles
 * with every sequential miss up to RA_MAX_PAGES; a jump elsewhere resets it.
 *
 * A write locks each page it touches, reads it first if the write covers
 * only part of it and the file has data there, lets the filesystem find or
 * allocate its blocks (prepare_write: ENOSPC is reported here, before any
 * byte changes), copies, and marks the page dirty for write-back.  A write
 * that fails part-way returns what it wrote (POSIX), or the error if nothing.
 *
 * Locking: inode->lock for the whole call (size, tree), page locks inside.
 * Next: mm/writeback.c.
 */
#include <corral/container.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "page_cache_internal.h"

#define RA_MIN_PAGES 4
#define RA_MAX_PAGES 32 /* 128 KiB, Linux's default read_ahead_kb */
#define FILEMAP_MAX_SIZE 0xffffffffull /* st_size and page indexes stay 32-bit */

static bool filemap_has_backing(const struct inode *inode)
{
	return inode->cache_ops && inode->cache_ops->read_page;
}

/* Start reads of the uncached pages in [first, first + n), up to the file's
 * last page, without waiting for them. */
static void filemap_read_ahead(struct inode *inode, uint32_t first, uint32_t n)
{
	uint64_t nr_file_pages = (inode->size + PAGE_SIZE - 1) / PAGE_SIZE;
	for (uint64_t index = first; index < (uint64_t)first + n && index < nr_file_pages;
	     index++) {
		bool was_created;
		struct page *page = page_cache_find_or_create(inode, (uint32_t)index, &was_created);
		if (!page)
			return; /* no memory: read-ahead is only a hint */
		if (was_created)
			page_cache_start_read(inode, page);
		put_page(page);
	}
}

/* A miss at index: grow or reset the window, and read ahead after index. */
static void filemap_on_miss(struct file *file, struct inode *inode, uint32_t index)
{
	if (!filemap_has_backing(inode))
		return;
	bool is_sequential = index == file->ra_next_index;
	if (!is_sequential)
		file->ra_pages = RA_MIN_PAGES;
	else if (file->ra_pages < RA_MAX_PAGES)
		file->ra_pages = file->ra_pages ? MIN(file->ra_pages * 2, RA_MAX_PAGES) : RA_MIN_PAGES;
	if (index < UINT32_MAX)
		filemap_read_ahead(inode, index + 1, file->ra_pages);
}

/* The page at index, up to date and referenced (not locked). */
static struct page *filemap_get_page(struct file *file, struct inode *inode, uint32_t index,
				     int *err)
{
	struct page *page = page_cache_find(inode, index);
	if (page) {
		page_wait_unlocked(page); /* read-ahead may still be reading it */
		if (page_flag_is_set(page, PG_UPTODATE))
			return page;
		put_page(page); /* read-ahead failed: read it again, and report */
	} else {
		filemap_on_miss(file, inode, index);
	}
	return page_cache_read_page(inode, index, err, NULL);
}

ssize_t page_cache_file_read(struct file *file, char *buf, size_t len, uint64_t *pos)
{
	struct inode *inode = file->inode;
	mutex_lock(&inode->lock);
	len = *pos < inode->size ? (size_t)MIN((uint64_t)len, inode->size - *pos) : 0;
	size_t done = 0;
	int err = 0;
	while (done < len) {
		uint32_t index = (uint32_t)(*pos / PAGE_SIZE);
		size_t offset = (size_t)(*pos % PAGE_SIZE);
		size_t n = MIN(len - done, PAGE_SIZE - offset);
		struct page *page = page_tree_lookup(&inode->cache, index);
		if (!page && !filemap_has_backing(inode)) {
			memset(buf + done, 0, n); /* a hole in a file with no disk: zeros */
		} else {
			page = filemap_get_page(file, inode, index, &err);
			if (!page)
				break;
			memcpy(buf + done, (char *)page_to_virt(page) + offset, n);
			if (offset == 0 || index != file->ra_next_index)
				mark_page_accessed(page); /* not again for the rest of a page */
			put_page(page);
		}
		done += n;
		*pos += n;
		file->ra_next_index = index + (offset + n == PAGE_SIZE);
	}
	mutex_unlock(&inode->lock);
	return done || !err ? (ssize_t)done : err;
}

/* The page at index, locked and ready to take bytes [offset, offset + n):
 * up to date, or about to be wholly overwritten. */
static struct page *filemap_page_for_write(struct inode *inode, uint32_t index, size_t offset,
					   size_t n, int *err)
{
	bool was_created;
	struct page *page = page_cache_find_or_create(inode, index, &was_created);
	if (!page) {
		*err = -ENOMEM;
		return NULL;
	}
	bool covers_page = offset == 0 && n == PAGE_SIZE;
	bool file_has_data = (uint64_t)index * PAGE_SIZE < inode->size;
	if (was_created && (covers_page || !file_has_data || !filemap_has_backing(inode)))
		return page; /* new, zeroed and locked: nothing to read */
	if (was_created)
		page_cache_start_read(inode, page);
	page_lock(page);
	if (!page_flag_is_set(page, PG_UPTODATE) && !covers_page) {
		page_unlock(page);
		put_page(page);
		page = page_cache_read_page(inode, index, err, NULL);
		if (!page)
			return NULL;
		page_lock(page);
	}
	return page;
}

static int filemap_write_page(struct inode *inode, const char *src, uint64_t pos, size_t n)
{
	uint32_t index = (uint32_t)(pos / PAGE_SIZE);
	size_t offset = (size_t)(pos % PAGE_SIZE);
	int err = 0;
	struct page *page = filemap_page_for_write(inode, index, offset, n, &err);
	if (!page)
		return err;
	const struct page_cache_ops *ops = inode->cache_ops;
	if (ops && ops->prepare_write)
		err = ops->prepare_write(inode, page, offset, offset + n);
	if (!err) {
		memcpy((char *)page_to_virt(page) + offset, src, n);
		page_flag_set(page, PG_UPTODATE);
		if (offset == 0)
			mark_page_accessed(page);
		if (ops && ops->write_page)
			page_mark_dirty(page);
	} else if ((uint64_t)index * PAGE_SIZE >= inode->size && page->mapping == inode) {
		page_cache_remove(inode, page); /* made for a write that never happened */
	}
	page_unlock(page);
	put_page(page);
	return err;
}

ssize_t page_cache_file_write(struct file *file, const char *buf, size_t len, uint64_t *pos)
{
	struct inode *inode = file->inode;
	mutex_lock(&inode->lock);
	if (file->flags & O_APPEND)
		*pos = inode->size;
	if (*pos + len > FILEMAP_MAX_SIZE) {
		mutex_unlock(&inode->lock);
		return -EFBIG;
	}
	size_t done = 0;
	int err = 0;
	while (done < len && !err) {
		size_t n = MIN(len - done, PAGE_SIZE - (size_t)(*pos % PAGE_SIZE));
		err = filemap_write_page(inode, buf + done, *pos, n);
		if (err)
			break;
		done += n;
		*pos += n;
		if (*pos > inode->size)
			inode->size = *pos;
	}
	if (done)
		inode->mtime = inode->ctime = vfs_now();
	mutex_unlock(&inode->lock);
	if (done)
		page_cache_balance_dirty(inode); /* too much dirty memory: write ours now */
	return done ? (ssize_t)done : err;
}
