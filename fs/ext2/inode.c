/*
 * inode.c — ext2 inodes: reading and writing them in the inode table,
 * making new ones, and freeing them when the last name and user are gone.
 *
 * Inode n lives in group (n - 1) / inodes_per_group, at index
 * (n - 1) % inodes_per_group of that group's inode table, inode_size bytes
 * each.  ext2_iget copies the on-disk fields into a struct inode (the VFS's
 * fields, plus i_block and friends in struct ext2_inode_info); at most one
 * struct inode exists per inode number (found on sb->inodes), so a file has
 * one page cache.  Inodes stay in memory until umount, or until they are
 * unlinked and unused (then ext2_evict frees their blocks and number).
 * ext2_inode_write copies the fields back into the table's buffer; sync
 * writes every inode this way (super.c), so size and time changes made by
 * the page cache reach the disk too.
 *
 * Checked on the way in: the number is in range, the mode is a known type,
 * and the block pointers are data blocks; a bad one is EIO and a console
 * line.  Locking: sbi->lock.  Read next: fs/ext2/bmap.c.
 */
#include <corral/kmalloc.h>
#include <corral/string.h>
#include <uapi/errno.h>

#include "ext2.h"

bool ext2_ino_is_valid(struct ext2_sb_info *sbi, uint32_t ino)
{
	return ino >= 1 && ino <= sbi->super.s_inodes_count;
}

/* The buffer of the inode-table block holding ino, and ino's offset in it. */
static struct ext2_buf *inode_buf(struct ext2_sb_info *sbi, uint32_t ino, uint32_t *offset,
				  int *err)
{
	uint32_t group = (ino - 1) / sbi->super.s_inodes_per_group;
	uint32_t index = (ino - 1) % sbi->super.s_inodes_per_group;
	uint32_t block = sbi->groups[group].bg_inode_table + index / sbi->inodes_per_block;
	*offset = (index % sbi->inodes_per_block) * sbi->inode_size;
	return ext2_buf_get(sbi, block, err);
}

static bool mode_is_known(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: case S_IFDIR: case S_IFLNK: case S_IFCHR: case S_IFBLK:
	case S_IFIFO: case S_IFSOCK:
		return true;
	}
	return false;
}

static bool is_fast_symlink(const struct ext2_disk_inode *d)
{
	return (d->i_mode & S_IFMT) == S_IFLNK && d->i_blocks == 0;
}

/* A block pointer of a regular file, directory or slow link must be data. */
static int inode_check_blocks(struct ext2_sb_info *sbi, uint32_t ino,
			      const struct ext2_disk_inode *d)
{
	if (is_fast_symlink(d) || S_ISCHR(d->i_mode) || S_ISBLK(d->i_mode))
		return 0;
	for (int i = 0; i < EXT2_N_BLOCKS; i++) {
		if (d->i_block[i] && !ext2_block_is_data(sbi, d->i_block[i])) {
			ext2_error(sbi, "inode %u: block %u out of range or metadata", ino,
				   d->i_block[i]);
			return -EIO;
		}
	}
	return 0;
}

static void inode_from_disk(struct inode *inode, const struct ext2_disk_inode *d,
			    struct ext2_sb_info *sbi)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	inode->mode = d->i_mode;
	inode->uid = d->i_uid | (uint32_t)d->i_uid_high << 16;
	inode->gid = d->i_gid | (uint32_t)d->i_gid_high << 16;
	inode->nlink = d->i_links_count;
	inode->size = d->i_size;
	if (S_ISREG(d->i_mode))
		inode->size |= (uint64_t)d->i_size_high << 32;
	inode->atime = d->i_atime;
	inode->mtime = d->i_mtime;
	inode->ctime = d->i_ctime;
	memcpy(ei->block, d->i_block, sizeof(ei->block));
	ei->nr_sectors = d->i_blocks;
	ei->flags = d->i_flags;
	ei->generation = d->i_generation;
	ei->file_acl = d->i_file_acl;
	ei->dtime = d->i_dtime;
	ei->block_group = (inode->ino - 1) / sbi->super.s_inodes_per_group;
	/* Linux's choice: the old 16-bit encoding in i_block[0] when the number
	 * fits, else the new one in i_block[1]; inode->rdev is the new encoding,
	 * which equals the old one for numbers that fit. */
	if (S_ISCHR(d->i_mode) || S_ISBLK(d->i_mode))
		inode->rdev = d->i_block[0] ? d->i_block[0] : d->i_block[1];
}

void ext2_inode_set_ops(struct inode *inode)
{
	if (S_ISDIR(inode->mode)) {
		inode->iops = &ext2_dir_iops;
		inode->fops = &ext2_dir_fops;
	} else if (S_ISREG(inode->mode)) {
		inode->iops = &ext2_file_iops;
		inode->fops = &ext2_file_fops;
		inode->cache_ops = &ext2_cache_ops;
	} else if (S_ISLNK(inode->mode)) {
		inode->iops = &ext2_symlink_iops;
	} else {
		inode->iops = &ext2_special_iops; /* FIFO, device, socket: attributes only */
		inode_init_special(inode);
	}
}

static struct inode *inode_find_cached(struct super_block *sb, uint32_t ino)
{
	struct list_head *pos;
	list_for_each(pos, &sb->inodes) {
		struct inode *inode = list_entry(pos, struct inode, sb_node);
		if (inode->ino == ino)
			return inode;
	}
	return NULL;
}

/* A struct inode for ino without its fields: the caller fills them. */
static struct inode *inode_make(struct super_block *sb, uint32_t ino, uint32_t mode)
{
	struct ext2_inode_info *ei = kzalloc(sizeof(*ei));
	struct inode *inode = ei ? inode_alloc(sb, mode) : NULL;
	if (!inode) {
		kfree(ei);
		return NULL;
	}
	inode->ino = ino;
	inode->private = ei;
	return inode;
}

/* The inode numbered ino, a new reference; sbi->lock held. */
int ext2_iget(struct super_block *sb, uint32_t ino, struct inode **out)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct inode *inode = inode_find_cached(sb, ino);
	if (inode) {
		inode_get(inode);
		*out = inode;
		return 0;
	}
	if (!ext2_ino_is_valid(sbi, ino)) {
		ext2_error(sbi, "inode %u out of range", ino);
		return -EIO;
	}
	uint32_t offset;
	int err;
	struct ext2_buf *buf = inode_buf(sbi, ino, &offset, &err);
	if (!buf)
		return err;
	struct ext2_disk_inode d;
	memcpy(&d, buf->data + offset, sizeof(d));
	ext2_buf_put(sbi, buf);
	if (!mode_is_known(d.i_mode) || d.i_links_count == 0) {
		ext2_error(sbi, "inode %u: not in use (mode 0%o, %u links)", ino, d.i_mode,
			   d.i_links_count);
		return -EIO;
	}
	err = inode_check_blocks(sbi, ino, &d);
	if (err)
		return err;
	inode = inode_make(sb, ino, d.i_mode);
	if (!inode)
		return -ENOMEM;
	inode_from_disk(inode, &d, sbi);
	ext2_inode_set_ops(inode);
	*out = inode;
	return 0;
}

static void inode_to_disk(struct inode *inode, struct ext2_disk_inode *d)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	d->i_mode = (uint16_t)inode->mode;
	d->i_uid = (uint16_t)inode->uid;
	d->i_uid_high = (uint16_t)(inode->uid >> 16);
	d->i_gid = (uint16_t)inode->gid;
	d->i_gid_high = (uint16_t)(inode->gid >> 16);
	d->i_links_count = (uint16_t)inode->nlink;
	d->i_size = (uint32_t)inode->size;
	if (S_ISREG(inode->mode))
		d->i_size_high = (uint32_t)(inode->size >> 32);
	d->i_atime = inode->atime;
	d->i_mtime = inode->mtime;
	d->i_ctime = inode->ctime;
	d->i_dtime = ei->dtime;
	d->i_blocks = ei->nr_sectors;
	d->i_flags = ei->flags;
	d->i_generation = ei->generation;
	d->i_file_acl = ei->file_acl;
	memcpy(d->i_block, ei->block, sizeof(ei->block));
}

/* Copy inode into its table block (the buffer goes to disk at sync). */
int ext2_inode_write(struct inode *inode)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	uint32_t offset;
	int err;
	struct ext2_buf *buf = inode_buf(sbi, inode->ino, &offset, &err);
	if (!buf)
		return err;
	struct ext2_disk_inode d;
	memcpy(&d, buf->data + offset, sizeof(d));
	inode_to_disk(inode, &d);
	if (inode->size > 0x7fffffffu && !(sbi->super.s_feature_ro_compat & EXT2_RO_COMPAT_LARGE_FILE)) {
		sbi->super.s_feature_ro_compat |= EXT2_RO_COMPAT_LARGE_FILE; /* i_size_high in use */
		sbi->is_super_dirty = true;
	}
	memcpy(buf->data + offset, &d, sizeof(d));
	ext2_buf_dirty(buf);
	ext2_buf_put(sbi, buf);
	return 0;
}

/* A new inode of mode, near dir, written to the table; sbi->lock held. */
int ext2_new_inode(struct inode *dir, uint32_t mode, struct inode **out)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	uint32_t ino;
	int err = ext2_inode_alloc_nr(sbi, EXT2_I(dir)->block_group, S_ISDIR(mode), &ino);
	if (err)
		return err;
	struct inode *inode = inode_find_cached(dir->sb, ino);
	if (inode) { /* a stale struct inode for a free number: the disk is damaged */
		ext2_error(sbi, "inode %u: allocated while still in use", ino);
		return -EIO;
	}
	inode = inode_make(dir->sb, ino, mode);
	if (!inode) {
		ext2_inode_free_nr(sbi, ino, S_ISDIR(mode));
		return -ENOMEM;
	}
	struct ext2_inode_info *ei = EXT2_I(inode);
	ei->block_group = (ino - 1) / sbi->super.s_inodes_per_group;
	ei->generation = vfs_now();
	if (dir->mode & S_ISGID) {
		inode->gid = dir->gid;
		if (S_ISDIR(mode))
			inode->mode |= S_ISGID;
	}
	ext2_inode_set_ops(inode);
	err = ext2_inode_write(inode);
	if (err) {
		ext2_inode_free_nr(sbi, ino, S_ISDIR(mode));
		inode->nlink = 0;
		ei->dtime = vfs_now(); /* freed already: evict has nothing to do */
	}
	*out = inode;
	return err;
}

/* Does i_block map data blocks?  A device keeps its number there and a
 * fast link its target: neither has blocks to free. */
static bool inode_has_block_map(struct inode *inode)
{
	if (S_ISCHR(inode->mode) || S_ISBLK(inode->mode))
		return false;
	return !S_ISLNK(inode->mode) || EXT2_I(inode)->nr_sectors != 0;
}

/* The last reference went: an unlinked inode's blocks and number are
 * freed; a linked one (umount) is written back. */
void ext2_evict(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	if (!ei)
		return;
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	mutex_lock(&sbi->lock);
	if (inode->nlink == 0 && ei->dtime == 0) {
		int err = inode_has_block_map(inode) ? ext2_truncate_blocks(inode, 0) : 0;
		if (err) /* keep the number: freeing it would orphan the blocks left */
			ext2_error(sbi, "inode %u: blocks not freed (error %d)", inode->ino, err);
		else {
			ei->dtime = vfs_now();
			inode->size = 0;
			ext2_inode_write(inode);
			ext2_inode_free_nr(sbi, inode->ino, S_ISDIR(inode->mode));
		}
	} else if (inode->nlink > 0) {
		ext2_inode_write(inode);
	}
	mutex_unlock(&sbi->lock);
	kfree(ei);
	inode->private = NULL;
}
