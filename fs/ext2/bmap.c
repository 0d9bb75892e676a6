/*
 * bmap.c — block mapping: which disk block holds logical block n of a file,
 * allocating it (and the indirect blocks on the way) when asked, and freeing
 * everything past a new end when a file shrinks.
 *
 * With A = block_size / 4 block numbers per indirect block:
 *
 *   logical block                 path
 *   0 .. 11                       i_block[n]                         (depth 1)
 *   12 .. 12+A-1                  i_block[12] → [n-12]               (depth 2)
 *   next A*A                      i_block[13] → [i/A] → [i%A]        (depth 3)
 *   next A*A*A                    i_block[14] → [i/A²] → [i/A%A] → [i%A] (4)
 *
 * (1 KiB blocks: A = 256, so the direct and single-indirect range ends at
 * 268 KiB, double at 64.3 MiB; 4 KiB: A = 1024, 4 GiB+.)  Every block
 * number read from an inode or an indirect block is checked with
 * ext2_block_is_data before it is followed or freed: a pointer into the
 * superblock, a bitmap or the inode table is EIO and a console line, never a
 * write.  i_blocks counts data and indirect blocks in 512-byte sectors.
 * Locking: sbi->lock.  Read next: fs/ext2/dir.c.
 */
#include <uapi/errno.h>

#include "ext2.h"

int ext2_block_path(uint32_t apb, uint32_t lblock, uint32_t offsets[EXT2_MAX_DEPTH])
{
	uint64_t n = lblock, a = apb;
	if (n < EXT2_NR_DIRECT) {
		offsets[0] = (uint32_t)n;
		return 1;
	}
	n -= EXT2_NR_DIRECT;
	if (n < a) {
		offsets[0] = EXT2_IND_BLOCK;
		offsets[1] = (uint32_t)n;
		return 2;
	}
	n -= a;
	if (n < a * a) {
		offsets[0] = EXT2_DIND_BLOCK;
		offsets[1] = (uint32_t)(n / a);
		offsets[2] = (uint32_t)(n % a);
		return 3;
	}
	n -= a * a;
	if (n < a * a * a) {
		offsets[0] = EXT2_TIND_BLOCK;
		offsets[1] = (uint32_t)(n / (a * a));
		offsets[2] = (uint32_t)(n / a % a);
		offsets[3] = (uint32_t)(n % a);
		return 4;
	}
	return 0;
}

static int check_pointer(struct inode *inode, uint32_t block)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	if (ext2_block_is_data(sbi, block))
		return 0;
	ext2_error(sbi, "inode %u: block %u out of range or metadata", inode->ino, block);
	return -EIO;
}

/* A new block for inode; an indirect one is zeroed through the buffer cache. */
static int alloc_for(struct inode *inode, bool is_indirect, uint32_t *out)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	int err = ext2_block_alloc(sbi, EXT2_I(inode)->block_group, out);
	if (err)
		return err;
	EXT2_I(inode)->nr_sectors += sbi->sectors_per_block;
	if (is_indirect) {
		struct ext2_buf *buf = ext2_buf_get_new(sbi, *out, &err);
		if (!buf)
			return err; /* the block stays counted: e2fsck sees no damage */
		ext2_buf_put(sbi, buf);
	}
	return 0;
}

/* One step down: the entry at index of indirect block `block`. */
static int walk_indirect(struct inode *inode, uint32_t block, uint32_t index, bool create,
			 bool next_is_indirect, uint32_t *out)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	int err;
	struct ext2_buf *buf = ext2_buf_get(sbi, block, &err);
	if (!buf)
		return err;
	uint32_t *entries = (uint32_t *)buf->data;
	*out = entries[index];
	err = 0;
	if (*out)
		err = check_pointer(inode, *out);
	else if (create && !(err = alloc_for(inode, next_is_indirect, out))) {
		entries[index] = *out;
		ext2_buf_dirty(buf);
	}
	ext2_buf_put(sbi, buf);
	return err;
}

int ext2_bmap(struct inode *inode, uint32_t lblock, bool create, uint32_t *pblock)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	struct ext2_inode_info *ei = EXT2_I(inode);
	uint32_t offsets[EXT2_MAX_DEPTH];
	int depth = ext2_block_path(sbi->addrs_per_block, lblock, offsets);
	if (depth == 0)
		return -EFBIG;
	uint32_t sectors_before = ei->nr_sectors;
	uint32_t cur = ei->block[offsets[0]];
	int err = 0;
	if (cur)
		err = check_pointer(inode, cur);
	else if (create && !(err = alloc_for(inode, depth > 1, &cur)))
		ei->block[offsets[0]] = cur;
	for (int level = 1; level < depth && cur && !err; level++)
		err = walk_indirect(inode, cur, offsets[level], create, level + 1 < depth, &cur);
	if (ei->nr_sectors != sectors_before)
		ext2_inode_write(inode);
	*pblock = err ? 0 : cur;
	return err;
}

static uint64_t span_of(uint32_t apb, int depth)
{
	uint64_t span = 1;
	while (depth-- > 0)
		span *= apb;
	return span;
}

static void free_block(struct inode *inode, uint32_t block)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	if (ext2_block_free(sbi, block) == 0)
		EXT2_I(inode)->nr_sectors -= sbi->sectors_per_block;
}

/* Free what *slot reaches at logical blocks >= first: a data block (depth
 * 0) or a tree of depth levels of indirect blocks covering [base, ...). */
static int trunc_branch(struct inode *inode, uint32_t *slot, int depth, uint64_t base,
			uint64_t first)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	uint64_t span = span_of(sbi->addrs_per_block, depth);
	if (*slot == 0 || base + span <= first)
		return 0;
	if (check_pointer(inode, *slot))
		return -EIO;
	if (depth > 0) {
		int err = 0;
		struct ext2_buf *buf = ext2_buf_get(sbi, *slot, &err);
		if (!buf)
			return err;
		uint32_t *entries = (uint32_t *)buf->data;
		uint64_t child_span = span / sbi->addrs_per_block;
		for (uint32_t i = 0; i < sbi->addrs_per_block && !err; i++) {
			if (!entries[i])
				continue;
			err = trunc_branch(inode, &entries[i], depth - 1, base + i * child_span, first);
			ext2_buf_dirty(buf);
		}
		ext2_buf_put(sbi, buf);
		if (err || base < first)
			return err; /* part of the tree stays */
	}
	free_block(inode, *slot);
	*slot = 0;
	return 0;
}

/* Free every block at or past size (sbi->lock held; the page cache has
 * already let go of those pages). */
int ext2_truncate_blocks(struct inode *inode, uint64_t size)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	struct ext2_inode_info *ei = EXT2_I(inode);
	uint64_t first = (size + sbi->block_size - 1) >> sbi->block_shift;
	int err = 0;
	for (uint32_t i = 0; i < EXT2_NR_DIRECT; i++)
		if (!err)
			err = trunc_branch(inode, &ei->block[i], 0, i, first);
	uint64_t base = EXT2_NR_DIRECT;
	for (int depth = 1; depth <= 3 && !err; depth++) {
		err = trunc_branch(inode, &ei->block[EXT2_IND_BLOCK + depth - 1], depth, base,
				   first);
		base += span_of(sbi->addrs_per_block, depth);
	}
	ext2_inode_write(inode);
	return err;
}
