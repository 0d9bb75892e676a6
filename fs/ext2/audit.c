/*
 * audit.c — ext2_audit: do the free counts add up?
 *
 * Three numbers describe each kind of free space and must agree: the clear
 * bits of a group's bitmap, the group's bg_free_blocks_count (or
 * bg_free_inodes_count), and the sum over groups in the superblock's
 * s_free_blocks_count (s_free_inodes_count).  balloc.c and ialloc.c change
 * all three together; this recounts the bitmaps from scratch and reports
 * every difference (a console line each), as e2fsck's pass 5 would.  The
 * self tests call it after allocating and freeing on the real disk, and
 * break a count on purpose to see it complain.
 * Locking: sbi->lock.  Read next: fs/ext2/ext2_test.c.
 */
#include "ext2.h"

static uint32_t count_clear_bits(const uint8_t *map, uint32_t nbits)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < nbits; i++)
		n += !(map[i / 8] & (1u << (i % 8)));
	return n;
}

/* Free bits in one bitmap block, or -errno. */
static int64_t bitmap_free(struct ext2_sb_info *sbi, uint32_t block, uint32_t nbits)
{
	int err;
	struct ext2_buf *buf = ext2_buf_get(sbi, block, &err);
	if (!buf)
		return err;
	uint32_t n = count_clear_bits(buf->data, nbits);
	ext2_buf_put(sbi, buf);
	return n;
}

static uint32_t group_blocks(struct ext2_sb_info *sbi, uint32_t g)
{
	uint32_t first = sbi->super.s_first_data_block + g * sbi->super.s_blocks_per_group;
	uint32_t left = sbi->super.s_blocks_count - first;
	return left < sbi->super.s_blocks_per_group ? left : sbi->super.s_blocks_per_group;
}

/* 0 when everything adds up, else the number of differences found. */
int ext2_audit(struct ext2_sb_info *sbi)
{
	int nr_bad = 0;
	uint64_t total_blocks = 0, total_inodes = 0;
	for (uint32_t g = 0; g < sbi->nr_groups; g++) {
		const struct ext2_group_desc *gd = &sbi->groups[g];
		int64_t blocks = bitmap_free(sbi, gd->bg_block_bitmap, group_blocks(sbi, g));
		int64_t inodes = bitmap_free(sbi, gd->bg_inode_bitmap, sbi->super.s_inodes_per_group);
		if (blocks < 0 || inodes < 0)
			return nr_bad + 1;
		if (blocks != gd->bg_free_blocks_count || inodes != gd->bg_free_inodes_count) {
			ext2_error(sbi, "audit: group %u: bitmaps say %u blocks, %u inodes free; "
				   "descriptor %u, %u", g, (uint32_t)blocks, (uint32_t)inodes,
				   gd->bg_free_blocks_count, gd->bg_free_inodes_count);
			nr_bad++;
		}
		total_blocks += gd->bg_free_blocks_count;
		total_inodes += gd->bg_free_inodes_count;
	}
	if (total_blocks != sbi->super.s_free_blocks_count ||
	    total_inodes != sbi->super.s_free_inodes_count) {
		ext2_error(sbi, "audit: groups have %u blocks, %u inodes free; superblock %u, %u",
			   (uint32_t)total_blocks, (uint32_t)total_inodes,
			   sbi->super.s_free_blocks_count, sbi->super.s_free_inodes_count);
		nr_bad++;
	}
	return nr_bad;
}
