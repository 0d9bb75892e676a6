/*
 * symlink.c — ext2 symbolic links, fast and slow.
 *
 * A target shorter than 60 bytes lives in the inode itself, in the 60 bytes
 * of i_block (a "fast" link: i_blocks is 0, no data block).  A longer one
 * (up to a block, less one byte) is written into one data block, like a
 * tiny file (a "slow" link).  i_size is the target's length either way.
 * Locking: sbi->lock.  Read next: fs/ext2/audit.c.
 */
#include <corral/string.h>
#include <uapi/errno.h>

#include "ext2.h"

static bool symlink_is_fast(struct inode *inode)
{
	return EXT2_I(inode)->nr_sectors == 0;
}

/* A new link's target; sbi->lock held. */
int ext2_symlink_write(struct inode *inode, const char *target, size_t len)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	if (len >= sbi->block_size)
		return -ENAMETOOLONG;
	inode->size = len;
	if (len < EXT2_FAST_SYMLINK_MAX) {
		memcpy(EXT2_I(inode)->block, target, len);
		return ext2_inode_write(inode);
	}
	uint32_t block;
	int err = ext2_bmap(inode, 0, true, &block);
	struct ext2_buf *buf = err ? NULL : ext2_buf_get_new(sbi, block, &err);
	if (!buf)
		return err;
	memcpy(buf->data, target, len);
	ext2_buf_put(sbi, buf);
	return ext2_inode_write(inode);
}

static int ext2_readlink(struct inode *inode, char *out, size_t size)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	size_t n = MIN(size, (size_t)inode->size);
	mutex_lock(&sbi->lock);
	int err = 0;
	if (symlink_is_fast(inode)) {
		if (inode->size >= EXT2_FAST_SYMLINK_MAX)
			err = -EIO;
		else
			memcpy(out, EXT2_I(inode)->block, n);
	} else if (inode->size >= sbi->block_size) {
		err = -EIO;
	} else {
		uint32_t block;
		err = ext2_bmap(inode, 0, false, &block);
		struct ext2_buf *buf = err || !block ? NULL : ext2_buf_get(sbi, block, &err);
		if (buf)
			memcpy(out, buf->data, n);
		else if (!err)
			err = -EIO;
		ext2_buf_put(sbi, buf);
	}
	if (err)
		ext2_error(sbi, "inode %u: bad symbolic link (size %u)", inode->ino,
			   (uint32_t)inode->size);
	mutex_unlock(&sbi->lock);
	return err ? err : (int)n;
}

const struct inode_operations ext2_symlink_iops = {
	.readlink = ext2_readlink,
	.setattr = ext2_setattr,
};
