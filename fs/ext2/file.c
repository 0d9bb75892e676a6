/*
 * file.c — an ext2 regular file: its pages meet the disk here.
 *
 * Reads and writes are the page cache's (mm/filemap.c); this file gives it
 * the three operations of struct page_cache_ops.  A 4 KiB page holds
 * 4096 / block_size file blocks (4 with 1 KiB blocks, 1 with 4 KiB):
 *
 *   read_page      map each block (sbi->lock), zero holes and anything past
 *                  the end of the file, and queue one block request per run
 *                  of physically adjacent blocks; the last completion (in the
 *                  disk interrupt) calls page_read_done
 *   write_page     the same with writes, for the blocks inside the file
 *                  (holes stay holes); the last completion: page_write_done
 *                  Both first wait out the container's io_bps_max budget
 *                  (container_io_throttle); a write is charged to the
 *                  page's container, a read to the reader's.
 *   prepare_write  allocate the blocks a write will cover (ENOSPC here,
 *                  before any byte changes; blocks allocated past the end of
 *                  the file by a failed attempt are freed again)
 *
 * Truncate frees the pages, then the blocks, past the new end, and zeroes
 * the rest of the last block on disk through the page cache, so a later
 * growth reads zeros.  Locking: inode->lock (the page cache's), page locks,
 * then sbi->lock for the mapping; the I/O tracking (struct ext2_page_io) is
 * shared with the interrupt under ext2_io_lock.  Read next: fs/ext2/symlink.c.
 */
#include <corral/block.h>
#include <corral/container_io.h>
#include <corral/kmalloc.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/spinlock.h>
#include <corral/string.h>
#include <uapi/errno.h>

#include "ext2.h"

#define EXT2_MAX_BLOCKS_PER_PAGE (PAGE_SIZE / 1024)

/* One page's I/O in flight: freed by the completion that ends it. */
struct ext2_page_io {
	struct page *page;
	bool is_write;
	int nr_pending;           /* ext2_io_lock */
	int err;                  /* ext2_io_lock */
	struct block_request reqs[EXT2_MAX_BLOCKS_PER_PAGE];
};

static struct spinlock ext2_io_lock = SPINLOCK_INIT("ext2 io");

static void page_io_put(struct ext2_page_io *io, int err)
{
	uint32_t flags = spin_lock_irqsave(&ext2_io_lock);
	if (err)
		io->err = -EIO;
	bool is_last = --io->nr_pending == 0;
	spin_unlock_irqrestore(&ext2_io_lock, flags);
	if (!is_last)
		return;
	if (io->is_write)
		page_write_done(io->page, io->err);
	else
		page_read_done(io->page, io->err);
	kfree(io);
}

static void page_io_complete(struct block_request *req)
{
	page_io_put(req->private, req->status);
}

/* Physical block of each block of the page (0: a hole or past the end). */
static int page_map_blocks(struct inode *inode, struct page *page, uint32_t *pblocks,
			   uint32_t *nr_blocks)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	uint32_t per_page = PAGE_SIZE / sbi->block_size;
	uint64_t first = (uint64_t)page->index * per_page;
	uint64_t file_blocks = (inode->size + sbi->block_size - 1) >> sbi->block_shift;
	int err = 0;
	mutex_lock(&sbi->lock);
	for (uint32_t i = 0; i < per_page && !err; i++) {
		pblocks[i] = 0;
		if (first + i < file_blocks)
			err = ext2_bmap(inode, (uint32_t)(first + i), false, &pblocks[i]);
	}
	mutex_unlock(&sbi->lock);
	*nr_blocks = per_page;
	return err;
}

/* Queue requests for the mapped blocks of the page, adjacent ones merged. */
static int page_submit(struct inode *inode, struct page *page, bool is_write)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	uint32_t pblocks[EXT2_MAX_BLOCKS_PER_PAGE], n;
	int err = page_map_blocks(inode, page, pblocks, &n);
	if (err)
		return err;
	struct ext2_page_io *io = kzalloc(sizeof(*io));
	if (!io)
		return -ENOMEM;
	io->page = page;
	io->is_write = is_write;
	io->nr_pending = 1; /* ours, until every request is queued */
	uint8_t *data = page_to_virt(page);
	struct block_request *last = NULL;
	int nr_reqs = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (!pblocks[i]) {
			if (!is_write)
				memset(data + i * sbi->block_size, 0, sbi->block_size);
			last = NULL;
			continue;
		}
		uint64_t sector = (uint64_t)pblocks[i] * sbi->sectors_per_block;
		if (last && last->sector + last->nr_sectors == sector) {
			last->nr_sectors += sbi->sectors_per_block;
			continue;
		}
		last = &io->reqs[nr_reqs++];
		block_request_init(last, sbi->bdev, is_write ? BLOCK_WRITE : BLOCK_READ, sector,
				   sbi->sectors_per_block, data + i * sbi->block_size);
		last->on_complete = page_io_complete;
		last->private = io;
		last->owner_page = is_write ? page : NULL; /* write-back: the page's container pays */
	}
	if (nr_reqs) /* the container's io_bps_max: wait here, holding only this page */
		container_io_throttle(is_write ? page : NULL);
	io->nr_pending += nr_reqs;
	for (int r = 0; r < nr_reqs; r++)
		if (block_submit(&io->reqs[r]))
			page_io_put(io, -EIO); /* refused: it will never complete */
	page_io_put(io, 0);
	return 0;
}

static int ext2_read_page(struct inode *inode, struct page *page)
{
	return page_submit(inode, page, false);
}

static int ext2_write_page(struct inode *inode, struct page *page)
{
	return page_submit(inode, page, true);
}

static int ext2_prepare_write(struct inode *inode, struct page *page, size_t from, size_t to)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	uint32_t first = (uint32_t)(((uint64_t)page->index * PAGE_SIZE + from) >> sbi->block_shift);
	uint32_t last = (uint32_t)(((uint64_t)page->index * PAGE_SIZE + to - 1) >> sbi->block_shift);
	int err = 0;
	mutex_lock(&sbi->lock);
	for (uint32_t b = first; b <= last && !err; b++) {
		uint32_t pblock;
		err = ext2_bmap(inode, b, true, &pblock);
	}
	if (err) /* give back what this attempt took past the end of the file */
		ext2_truncate_blocks(inode, inode->size);
	mutex_unlock(&sbi->lock);
	return err;
}

const struct page_cache_ops ext2_cache_ops = {
	.read_page = ext2_read_page,
	.write_page = ext2_write_page,
	.prepare_write = ext2_prepare_write,
};

/* The rest of the block holding the new end reads as zeros from now on. */
static void zero_tail_on_disk(struct inode *inode, uint64_t size)
{
	if (size % PAGE_SIZE == 0)
		return;
	int err;
	struct page *page = page_cache_read_page(inode, (uint32_t)(size / PAGE_SIZE), &err, NULL);
	if (!page)
		return;
	page_lock(page);
	memset((uint8_t *)page_to_virt(page) + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
	page_mark_dirty(page);
	page_unlock(page);
	put_page(page);
}

static int ext2_truncate(struct inode *inode, uint64_t size)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	if (size > 0xffffffffull)
		return -EFBIG;
	mutex_lock(&inode->lock);
	bool is_shrinking = size < inode->size;
	page_cache_truncate(inode, size);
	inode->size = size;
	inode->mtime = inode->ctime = vfs_now();
	mutex_lock(&sbi->lock);
	int err = is_shrinking ? ext2_truncate_blocks(inode, size) : ext2_inode_write(inode);
	mutex_unlock(&sbi->lock);
	if (is_shrinking)
		zero_tail_on_disk(inode, size);
	mutex_unlock(&inode->lock);
	return err;
}

/* chmod, chown: the VFS changed the fields; write them to the table. */
int ext2_setattr(struct inode *inode)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	mutex_lock(&sbi->lock);
	int err = ext2_inode_write(inode);
	mutex_unlock(&sbi->lock);
	return err;
}

const struct inode_operations ext2_file_iops = {
	.truncate = ext2_truncate,
	.setattr = ext2_setattr,
};

const struct file_operations ext2_file_fops = {
	.read = page_cache_file_read,
	.write = page_cache_file_write,
};
