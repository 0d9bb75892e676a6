/*
 * buffer.c — ext2's metadata blocks in memory: a small buffer cache.
 *
 * Superblock copies aside, everything ext2 keeps about itself (bitmaps,
 * inode-table blocks, indirect blocks, directory and slow-symlink blocks) is
 * read and changed through here; file data goes through the page cache
 * instead (file.c).  A buffer is one filesystem block:
 *
 *   ext2_buf_get(block)  find it, or read it from the disk (synchronously)
 *   ... read or change buf->data; ext2_buf_dirty() after a change
 *   ext2_buf_put()       the buffer stays cached, on the LRU list
 *
 * Dirty buffers reach the disk at sync and umount (ext2_buf_sync_all), or
 * when the cache is over EXT2_BUF_MAX and the least recently used unused
 * buffer is written out to make room.  The list is searched linearly: a few
 * hundred buffers at most, each lookup far cheaper than one disk access.
 *
 * Locking: sbi->lock (the caller holds it) for the list and every buffer.
 * Read next: fs/ext2/balloc.c.
 */
#include <corral/block.h>
#include <corral/kmalloc.h>
#include <corral/string.h>
#include <uapi/errno.h>

#include "ext2.h"

#define EXT2_BUF_MAX 256 /* cached buffers before old ones go */

static struct ext2_buf *buf_find(struct ext2_sb_info *sbi, uint32_t block)
{
	struct list_head *pos;
	list_for_each(pos, &sbi->bufs) {
		struct ext2_buf *b = list_entry(pos, struct ext2_buf, lru_node);
		if (b->block == block)
			return b;
	}
	return NULL;
}

static int buf_write(struct ext2_sb_info *sbi, struct ext2_buf *b)
{
	int err = block_write(sbi->bdev, (uint64_t)b->block * sbi->sectors_per_block, b->data,
			      sbi->sectors_per_block);
	if (err) {
		ext2_error(sbi, "write error at block %u", b->block);
		return -EIO;
	}
	b->is_dirty = false;
	return 0;
}

static void buf_free(struct ext2_buf *b)
{
	list_del(&b->lru_node);
	kfree(b->data);
	kfree(b);
}

/* Over the cap: drop unused buffers from the cold end (writing dirty ones). */
static void buf_shrink(struct ext2_sb_info *sbi)
{
	struct list_head *pos = sbi->bufs.prev;
	while (sbi->nr_bufs > EXT2_BUF_MAX && pos != &sbi->bufs) {
		struct ext2_buf *b = list_entry(pos, struct ext2_buf, lru_node);
		pos = pos->prev;
		if (b->refcount > 0 || (b->is_dirty && buf_write(sbi, b)))
			continue;
		buf_free(b);
		sbi->nr_bufs--;
	}
}

/* A buffer for block, on the list, referenced; is_new: not read yet. */
static struct ext2_buf *buf_lookup(struct ext2_sb_info *sbi, uint32_t block, bool *is_new,
				   int *err)
{
	if (block == 0 || block >= sbi->super.s_blocks_count) {
		ext2_error(sbi, "block %u out of range", block);
		*err = -EIO;
		return NULL;
	}
	struct ext2_buf *b = buf_find(sbi, block);
	*is_new = !b;
	if (!b) {
		b = kzalloc(sizeof(*b));
		uint8_t *data = b ? kmalloc(sbi->block_size) : NULL;
		if (!data) {
			kfree(b);
			*err = -ENOMEM;
			return NULL;
		}
		b->data = data;
		b->block = block;
		sbi->nr_bufs++;
	} else {
		list_del(&b->lru_node);
	}
	list_add(&b->lru_node, &sbi->bufs);
	b->refcount++;
	return b;
}

struct ext2_buf *ext2_buf_get(struct ext2_sb_info *sbi, uint32_t block, int *err)
{
	bool is_new;
	struct ext2_buf *b = buf_lookup(sbi, block, &is_new, err);
	if (!b || !is_new)
		return b;
	if (block_read(sbi->bdev, (uint64_t)block * sbi->sectors_per_block, b->data,
		       sbi->sectors_per_block)) {
		ext2_error(sbi, "read error at block %u", block);
		buf_free(b);
		sbi->nr_bufs--;
		*err = -EIO;
		return NULL;
	}
	buf_shrink(sbi);
	return b;
}

/* A block about to be wholly written (a new indirect or directory block):
 * zeroed, not read. */
struct ext2_buf *ext2_buf_get_new(struct ext2_sb_info *sbi, uint32_t block, int *err)
{
	bool is_new;
	struct ext2_buf *b = buf_lookup(sbi, block, &is_new, err);
	if (!b)
		return NULL;
	memset(b->data, 0, sbi->block_size);
	ext2_buf_dirty(b);
	if (is_new)
		buf_shrink(sbi);
	return b;
}

void ext2_buf_dirty(struct ext2_buf *buf)
{
	buf->is_dirty = true;
}

void ext2_buf_put(struct ext2_sb_info *sbi, struct ext2_buf *buf)
{
	if (buf)
		buf->refcount--;
}

/* A freed block's buffer must not be written later over new data. */
void ext2_buf_forget(struct ext2_sb_info *sbi, uint32_t block)
{
	struct ext2_buf *b = buf_find(sbi, block);
	if (b && b->refcount == 0) {
		buf_free(b);
		sbi->nr_bufs--;
	} else if (b) {
		b->is_dirty = false;
	}
}

int ext2_buf_sync_all(struct ext2_sb_info *sbi)
{
	int err = 0;
	struct list_head *pos;
	list_for_each(pos, &sbi->bufs) {
		struct ext2_buf *b = list_entry(pos, struct ext2_buf, lru_node);
		if (b->is_dirty && buf_write(sbi, b))
			err = -EIO;
	}
	return err;
}

void ext2_buf_free_all(struct ext2_sb_info *sbi)
{
	while (!list_is_empty(&sbi->bufs))
		buf_free(list_first_entry(&sbi->bufs, struct ext2_buf, lru_node));
	sbi->nr_bufs = 0;
}
