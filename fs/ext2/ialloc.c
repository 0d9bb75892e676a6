/*
 * ialloc.c — inode bitmaps: allocating and freeing inode numbers.
 *
 * Inode n (numbered from 1) is bit (n - 1) % inodes_per_group of group
 * (n - 1) / inodes_per_group's inode bitmap.  Numbers below s_first_ino
 * (11 on revision 1: the root, the bad-blocks inode, ...) are reserved and
 * never handed out.  A new inode goes in its parent's group when there is
 * room, else the next group with a free inode; directories count in
 * bg_used_dirs_count.  Like balloc.c, the bit and both free counts change
 * together.  Locking: sbi->lock.  Read next: fs/ext2/inode.c.
 */
#include <uapi/errno.h>

#include "ext2.h"

static uint32_t first_ino(struct ext2_sb_info *sbi)
{
	return sbi->super.s_rev_level == 0 ? 11 : sbi->super.s_first_ino;
}

static int inode_alloc_in_group(struct ext2_sb_info *sbi, uint32_t group, bool is_dir,
				uint32_t *out)
{
	struct ext2_group_desc *gd = &sbi->groups[group];
	if (gd->bg_free_inodes_count == 0)
		return -ENOSPC;
	int err;
	struct ext2_buf *buf = ext2_buf_get(sbi, gd->bg_inode_bitmap, &err);
	if (!buf)
		return err;
	uint32_t ipg = sbi->super.s_inodes_per_group;
	uint32_t start = group == 0 ? first_ino(sbi) - 1 : 0;
	int bit = ext2_bitmap_find_zero(buf->data, ipg, start);
	if (bit >= 0 && group == 0 && (uint32_t)bit < start)
		bit = -1; /* wrapped into the reserved inodes */
	uint32_t ino = group * ipg + (uint32_t)bit + 1;
	if (bit < 0 || ino > sbi->super.s_inodes_count) {
		ext2_buf_put(sbi, buf);
		return -ENOSPC;
	}
	buf->data[bit / 8] |= (uint8_t)(1u << (bit % 8));
	ext2_buf_dirty(buf);
	ext2_buf_put(sbi, buf);
	gd->bg_free_inodes_count--;
	if (is_dir)
		gd->bg_used_dirs_count++;
	sbi->super.s_free_inodes_count--;
	sbi->is_gdt_dirty = sbi->is_super_dirty = true;
	*out = ino;
	return 0;
}

int ext2_inode_alloc_nr(struct ext2_sb_info *sbi, uint32_t parent_group, bool is_dir,
			uint32_t *out)
{
	if (sbi->super.s_free_inodes_count == 0)
		return -ENOSPC;
	for (uint32_t n = 0; n < sbi->nr_groups; n++) {
		int err = inode_alloc_in_group(sbi, (parent_group + n) % sbi->nr_groups, is_dir, out);
		if (err != -ENOSPC)
			return err;
	}
	return -ENOSPC;
}

int ext2_inode_free_nr(struct ext2_sb_info *sbi, uint32_t ino, bool is_dir)
{
	if (!ext2_ino_is_valid(sbi, ino) || ino < first_ino(sbi)) {
		ext2_error(sbi, "freeing inode %u: out of range", ino);
		return -EIO;
	}
	uint32_t group = (ino - 1) / sbi->super.s_inodes_per_group;
	uint32_t bit = (ino - 1) % sbi->super.s_inodes_per_group;
	struct ext2_group_desc *gd = &sbi->groups[group];
	int err;
	struct ext2_buf *buf = ext2_buf_get(sbi, gd->bg_inode_bitmap, &err);
	if (!buf)
		return err;
	if (!(buf->data[bit / 8] & (1u << (bit % 8)))) {
		ext2_error(sbi, "freeing inode %u: already free", ino);
		ext2_buf_put(sbi, buf);
		return -EIO;
	}
	buf->data[bit / 8] &= (uint8_t)~(1u << (bit % 8));
	ext2_buf_dirty(buf);
	ext2_buf_put(sbi, buf);
	gd->bg_free_inodes_count++;
	if (is_dir && gd->bg_used_dirs_count > 0)
		gd->bg_used_dirs_count--;
	sbi->super.s_free_inodes_count++;
	sbi->is_gdt_dirty = sbi->is_super_dirty = true;
	return 0;
}
