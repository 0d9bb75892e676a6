/*
 * namei.c — ext2's directory operations for the VFS: lookup, create,
 * mkdir, rmdir, unlink, link, symlink, rename.
 *
 * Each operation takes sbi->lock, changes the directory records (dir.c),
 * link counts and inodes, writes the changed inodes into their table blocks,
 * and lets go.  Link counts follow Unix: a file has one per name; a
 * directory has 2 ("." and its name) plus one per subdirectory (their "..").
 * An inode whose count reaches 0 is not freed here: the VFS still holds a
 * reference (it looked the victim up), and its last inode_put calls
 * ext2_evict, which frees the blocks and the number — after the last close,
 * so an open file keeps its data.
 *
 * The VFS has checked permissions, types, emptiness of a directory that a
 * rename replaces, and rename loops.  Locking: sbi->lock; references taken
 * here are dropped after it is released (see ext2.h).
 * Read next: fs/ext2/file.c.
 */
#include <uapi/errno.h>

#include "ext2.h"

#define EXT2_LINK_MAX 32000

static int ext2_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	mutex_lock(&sbi->lock);
	uint32_t ino;
	int err = ext2_dir_find(dir, name, len, &ino);
	if (!err)
		err = ext2_iget(dir->sb, ino, out);
	mutex_unlock(&sbi->lock);
	return err;
}

/* A new inode of mode named name in dir; sbi->lock held.  On failure after
 * the inode exists, *undo is it (nlink 0): the caller puts it unlocked. */
static int make_node(struct inode *dir, const char *name, size_t len, uint32_t mode,
		     struct inode **out, struct inode **undo)
{
	*undo = NULL;
	if (dir->nlink == 0)
		return -ENOENT;
	if (len > 255)
		return -ENAMETOOLONG;
	uint32_t ino;
	int err = ext2_dir_find(dir, name, len, &ino);
	if (err != -ENOENT)
		return err ? err : -EEXIST;
	struct inode *inode = NULL;
	err = ext2_new_inode(dir, mode, &inode);
	if (err) {
		*undo = inode;
		return err;
	}
	*out = inode;
	return 0;
}

/* Name the new inode in dir, or undo it. */
static int link_node(struct inode *dir, const char *name, size_t len, struct inode *inode,
		     struct inode **undo)
{
	int err = ext2_dir_add(dir, name, len, inode->ino, inode->mode);
	if (err) {
		inode->nlink = 0;
		*undo = inode;
	}
	return err;
}

/* Where Linux keeps a device number: i_block[0] in the old 16-bit
 * encoding when major and minor fit in a byte each, else i_block[1] in
 * the new one (fs/ext2/inode.c reads either). */
static void ext2_set_rdev(struct ext2_inode_info *ei, uint32_t rdev)
{
	bool fits_old = rdev < 0x10000; /* major and minor below 256 */
	ei->block[0] = fits_old ? rdev : 0;
	ei->block[1] = fits_old ? 0 : rdev;
}

static int ext2_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
		       uint32_t rdev, struct inode **out)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	struct inode *inode = NULL, *undo = NULL;
	mutex_lock(&sbi->lock);
	int err = make_node(dir, name, len, mode, &inode, &undo);
	if (!err) {
		inode->rdev = rdev;
		if (S_ISCHR(mode) || S_ISBLK(mode))
			ext2_set_rdev(EXT2_I(inode), rdev);
		err = ext2_inode_write(inode);
		if (!err)
			err = link_node(dir, name, len, inode, &undo);
	}
	mutex_unlock(&sbi->lock);
	inode_put(undo);
	if (!err)
		*out = inode;
	return err;
}

static int ext2_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode,
		      struct inode **out)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	struct inode *inode = NULL, *undo = NULL;
	mutex_lock(&sbi->lock);
	int err = dir->nlink >= EXT2_LINK_MAX ? -EMLINK : 0;
	if (!err)
		err = make_node(dir, name, len, S_IFDIR | (mode & 07777), &inode, &undo);
	if (!err) {
		inode->nlink = 2;
		err = ext2_dir_init(inode, dir->ino);
		if (err) {
			inode->nlink = 0;
			undo = inode;
		} else {
			err = link_node(dir, name, len, inode, &undo);
		}
	}
	if (!err) {
		dir->nlink++;
		ext2_inode_write(dir);
	}
	mutex_unlock(&sbi->lock);
	inode_put(undo);
	if (!err)
		*out = inode;
	return err;
}

static int ext2_symlink(struct inode *dir, const char *name, size_t len, const char *target,
			size_t target_len, struct inode **out)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	struct inode *inode = NULL, *undo = NULL;
	mutex_lock(&sbi->lock);
	int err = make_node(dir, name, len, S_IFLNK | 0777, &inode, &undo);
	if (!err) {
		err = ext2_symlink_write(inode, target, target_len);
		if (err) {
			inode->nlink = 0;
			undo = inode;
		} else {
			err = link_node(dir, name, len, inode, &undo);
		}
	}
	mutex_unlock(&sbi->lock);
	inode_put(undo);
	if (!err)
		*out = inode;
	return err;
}

/* The inode named name in dir, a new reference; sbi->lock held. */
static int find_child(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	uint32_t ino;
	int err = ext2_dir_find(dir, name, len, &ino);
	return err ? err : ext2_iget(dir->sb, ino, out);
}

static int ext2_unlink(struct inode *dir, const char *name, size_t len)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	struct inode *victim = NULL;
	mutex_lock(&sbi->lock);
	int err = find_child(dir, name, len, &victim);
	if (!err && S_ISDIR(victim->mode))
		err = -EISDIR;
	if (!err)
		err = ext2_dir_remove(dir, name, len);
	if (!err) {
		victim->nlink--;
		victim->ctime = vfs_now();
		ext2_inode_write(victim);
	}
	mutex_unlock(&sbi->lock);
	inode_put(victim); /* the VFS holds another: evict waits for it */
	return err;
}

static int ext2_rmdir(struct inode *dir, const char *name, size_t len)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	struct inode *victim = NULL;
	bool is_empty = false;
	mutex_lock(&sbi->lock);
	int err = find_child(dir, name, len, &victim);
	if (!err && !S_ISDIR(victim->mode))
		err = -ENOTDIR;
	if (!err)
		err = ext2_dir_is_empty(victim, &is_empty);
	if (!err && !is_empty)
		err = -ENOTEMPTY;
	if (!err)
		err = ext2_dir_remove(dir, name, len);
	if (!err) {
		victim->nlink = 0;
		victim->ctime = vfs_now();
		dir->nlink--;
		ext2_inode_write(victim);
		ext2_inode_write(dir);
	}
	mutex_unlock(&sbi->lock);
	inode_put(victim);
	return err;
}

static int ext2_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	mutex_lock(&sbi->lock);
	uint32_t ino;
	int err = dir->nlink == 0 ? -ENOENT : target->nlink >= EXT2_LINK_MAX ? -EMLINK : 0;
	if (!err) {
		err = ext2_dir_find(dir, name, len, &ino);
		err = err == -ENOENT ? 0 : err ? err : -EEXIST;
	}
	if (!err)
		err = ext2_dir_add(dir, name, len, target->ino, target->mode);
	if (!err) {
		target->nlink++;
		target->ctime = vfs_now();
		ext2_inode_write(target);
	}
	mutex_unlock(&sbi->lock);
	return err;
}

/* Point new_name at victim: replace what it named, or add it. */
static int rename_place(struct inode *new_dir, const char *new_name, size_t new_len,
			struct inode *victim, struct inode *target)
{
	if (!target)
		return ext2_dir_add(new_dir, new_name, new_len, victim->ino, victim->mode);
	int err = ext2_dir_set_ino(new_dir, new_name, new_len, victim->ino, victim->mode);
	if (err)
		return err;
	if (S_ISDIR(target->mode)) {
		target->nlink = 0;
		new_dir->nlink--;
	} else {
		target->nlink--;
	}
	target->ctime = vfs_now();
	ext2_inode_write(target);
	return ext2_inode_write(new_dir);
}

static int ext2_rename(struct inode *old_dir, const char *old_name, size_t old_len,
		       struct inode *new_dir, const char *new_name, size_t new_len)
{
	struct ext2_sb_info *sbi = EXT2_SB(old_dir->sb);
	struct inode *victim = NULL, *target = NULL;
	mutex_lock(&sbi->lock);
	int err = new_dir->nlink == 0 ? -ENOENT : find_child(old_dir, old_name, old_len, &victim);
	if (!err) {
		err = find_child(new_dir, new_name, new_len, &target);
		if (err == -ENOENT)
			err = 0;
	}
	if (!err)
		err = rename_place(new_dir, new_name, new_len, victim, target);
	if (!err)
		err = ext2_dir_remove(old_dir, old_name, old_len);
	if (!err && S_ISDIR(victim->mode) && old_dir != new_dir) {
		err = ext2_dir_set_ino(victim, "..", 2, new_dir->ino, S_IFDIR);
		old_dir->nlink--;
		new_dir->nlink++;
		ext2_inode_write(old_dir);
		ext2_inode_write(new_dir);
	}
	if (victim) {
		victim->ctime = vfs_now();
		ext2_inode_write(victim);
	}
	mutex_unlock(&sbi->lock);
	inode_put(target);
	inode_put(victim);
	return err;
}

const struct inode_operations ext2_dir_iops = {
	.lookup = ext2_lookup,
	.create = ext2_create,
	.mkdir = ext2_mkdir,
	.rmdir = ext2_rmdir,
	.unlink = ext2_unlink,
	.link = ext2_link,
	.symlink = ext2_symlink,
	.rename = ext2_rename,
	.setattr = ext2_setattr,
};

/* A FIFO, device or socket: only its attributes are ext2's. */
const struct inode_operations ext2_special_iops = {
	.setattr = ext2_setattr,
};

const struct file_operations ext2_dir_fops = {
	.readdir = ext2_readdir,
};
