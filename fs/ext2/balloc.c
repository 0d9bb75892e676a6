/*
 * balloc.c — block bitmaps: allocating and freeing data blocks.
 *
 * Each group has one bitmap block; bit i says whether block
 * first_block(group) + i is in use.  Allocation looks in the goal group
 * first (the inode's own, so a file's blocks stay near its inode), then in
 * each following group, wrapping around, and takes the first clear bit.
 * Every change updates three counts together: the bit, the group's
 * bg_free_blocks_count and the superblock's s_free_blocks_count; e2fsck
 * checks that they agree.  Freeing a block already free, or one outside the
 * data area, is reported and refused, never "fixed".
 *
 * ext2_bitmap_find_zero is a pure function (ext2_test.c tests it); it is
 * shared with ialloc.c.  Locking: sbi->lock.  Read next: fs/ext2/ialloc.c.
 */
#include <uapi/errno.h>

#include "ext2.h"

int ext2_bitmap_find_zero(const uint8_t *map, uint32_t nbits, uint32_t start)
{
	if (start >= nbits)
		start = 0;
	for (uint32_t n = 0; n < nbits; n++) {
		uint32_t i = start + n < nbits ? start + n : start + n - nbits;
		if (map[i / 8] == 0xff) { /* skip a full byte at once */
			uint32_t skip = 7 - i % 8;
			if (i + skip >= nbits) /* a partial last byte: wrap next */
				skip = nbits - 1 - i;
			n += skip;
			continue;
		}
		if (!(map[i / 8] & (1u << (i % 8))))
			return (int)i;
	}
	return -1;
}

static uint32_t group_nr_blocks(struct ext2_sb_info *sbi, uint32_t group)
{
	uint32_t first = sbi->super.s_first_data_block + group * sbi->super.s_blocks_per_group;
	uint32_t left = sbi->super.s_blocks_count - first;
	return left < sbi->super.s_blocks_per_group ? left : sbi->super.s_blocks_per_group;
}

/* Take the first free block of group, if its counts say it has one. */
static int block_alloc_in_group(struct ext2_sb_info *sbi, uint32_t group, uint32_t *out)
{
	struct ext2_group_desc *gd = &sbi->groups[group];
	if (gd->bg_free_blocks_count == 0)
		return -ENOSPC;
	int err;
	struct ext2_buf *buf = ext2_buf_get(sbi, gd->bg_block_bitmap, &err);
	if (!buf)
		return err;
	int bit = ext2_bitmap_find_zero(buf->data, group_nr_blocks(sbi, group), 0);
	if (bit < 0) {
		ext2_error(sbi, "group %u: %u free blocks counted, none in the bitmap", group,
			   gd->bg_free_blocks_count);
		ext2_buf_put(sbi, buf);
		return -ENOSPC;
	}
	uint32_t block = sbi->super.s_first_data_block + group * sbi->super.s_blocks_per_group +
			 (uint32_t)bit;
	if (!ext2_block_is_data(sbi, block)) {
		ext2_error(sbi, "group %u: block bitmap leaves metadata block %u free", group,
			   block);
		ext2_buf_put(sbi, buf);
		return -EIO;
	}
	buf->data[bit / 8] |= (uint8_t)(1u << (bit % 8));
	ext2_buf_dirty(buf);
	ext2_buf_put(sbi, buf);
	gd->bg_free_blocks_count--;
	sbi->super.s_free_blocks_count--;
	sbi->is_gdt_dirty = sbi->is_super_dirty = true;
	*out = block;
	return 0;
}

int ext2_block_alloc(struct ext2_sb_info *sbi, uint32_t goal_group, uint32_t *out)
{
	if (sbi->super.s_free_blocks_count == 0)
		return -ENOSPC;
	for (uint32_t n = 0; n < sbi->nr_groups; n++) {
		uint32_t g = (goal_group + n) % sbi->nr_groups;
		int err = block_alloc_in_group(sbi, g, out);
		if (err != -ENOSPC)
			return err;
	}
	return -ENOSPC;
}

int ext2_block_free(struct ext2_sb_info *sbi, uint32_t block)
{
	if (!ext2_block_is_data(sbi, block)) {
		ext2_error(sbi, "freeing block %u: not a data block", block);
		return -EIO;
	}
	uint32_t rel = block - sbi->super.s_first_data_block;
	uint32_t group = rel / sbi->super.s_blocks_per_group, bit = rel % sbi->super.s_blocks_per_group;
	struct ext2_group_desc *gd = &sbi->groups[group];
	int err;
	struct ext2_buf *buf = ext2_buf_get(sbi, gd->bg_block_bitmap, &err);
	if (!buf)
		return err;
	if (!(buf->data[bit / 8] & (1u << (bit % 8)))) {
		ext2_error(sbi, "freeing block %u: already free", block);
		ext2_buf_put(sbi, buf);
		return -EIO;
	}
	buf->data[bit / 8] &= (uint8_t)~(1u << (bit % 8));
	ext2_buf_dirty(buf);
	ext2_buf_put(sbi, buf);
	ext2_buf_forget(sbi, block);
	gd->bg_free_blocks_count++;
	sbi->super.s_free_blocks_count++;
	sbi->is_gdt_dirty = sbi->is_super_dirty = true;
	return 0;
}
