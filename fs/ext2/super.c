/*
 * super.c — mounting ext2: the superblock, the group descriptors, sync,
 * umount and statfs.
 *
 * Mount reads the superblock (byte 1024 of the disk) and trusts nothing in
 * it: the magic, the revision, the block size (1, 2 or 4 KiB), the counts
 * (non-zero, consistent with each other and with the size of the disk) and
 * the features are checked before anything else is read.  Incompatible
 * features other than FILETYPE are refused with EINVAL; so are read-only
 * compatible features other than sparse_super and large_file (a read-only
 * mount would need the VFS to enforce it, which it does not yet).  Then the
 * group descriptor table (the blocks after the superblock) is read whole and
 * each descriptor checked: its bitmaps and inode table must lie inside its
 * group.  Anything wrong: the mount fails with EINVAL and one console line:
 *
 *     ext2: hda: unsupported feature 0x40 (incompat)
 *
 * The superblock and the descriptors stay in memory (sbi->super,
 * sbi->groups) and are written back, with every dirty buffer, by sync and
 * umount; the primary copies only (e2fsck accepts stale backups).
 * Read next: fs/ext2/buffer.c.
 */
#include <corral/block.h>
#include <corral/kmalloc.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <uapi/errno.h>

#include "ext2.h"

/* Mounted ext2s, so a disk is not mounted twice (two sets of bitmaps in
 * memory would each overwrite the other's).  Changed by mount and umount,
 * which the VFS serialises with mount_mutex. */
static LIST_HEAD(ext2_mounts);

static bool ext2_bdev_is_mounted(struct block_device *bdev)
{
	struct list_head *pos;
	list_for_each(pos, &ext2_mounts)
		if (list_entry(pos, struct ext2_sb_info, mount_node)->bdev == bdev)
			return true;
	return false;
}

void ext2_error(struct ext2_sb_info *sbi, const char *fmt, ...)
{
	char line[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	pr_err("ext2: %s: %s\n", sbi->name, line);
}

static bool is_power_of(uint32_t n, uint32_t base)
{
	while (n > 1 && n % base == 0)
		n /= base;
	return n == 1;
}

/* sparse_super: copies of the superblock only in groups 0, 1 and powers of 3, 5, 7. */
bool ext2_group_has_super(struct ext2_sb_info *sbi, uint32_t group)
{
	if (!(sbi->super.s_feature_ro_compat & EXT2_RO_COMPAT_SPARSE_SUPER) || group <= 1)
		return true;
	return is_power_of(group, 3) || is_power_of(group, 5) || is_power_of(group, 7);
}

static uint32_t group_first_block(struct ext2_sb_info *sbi, uint32_t group)
{
	return sbi->super.s_first_data_block + group * sbi->super.s_blocks_per_group;
}

bool ext2_block_is_data(struct ext2_sb_info *sbi, uint32_t block)
{
	if (block < sbi->super.s_first_data_block || block >= sbi->super.s_blocks_count)
		return false;
	uint32_t group = (block - sbi->super.s_first_data_block) / sbi->super.s_blocks_per_group;
	const struct ext2_group_desc *gd = &sbi->groups[group];
	uint32_t first = group_first_block(sbi, group);
	if (ext2_group_has_super(sbi, group) &&
	    block < first + 1 + sbi->gdt_blocks + sbi->super.s_reserved_gdt_blocks)
		return false;
	if (block == gd->bg_block_bitmap || block == gd->bg_inode_bitmap)
		return false;
	return block < gd->bg_inode_table || block >= gd->bg_inode_table + sbi->itable_blocks;
}

static int super_check_features(struct ext2_sb_info *sbi)
{
	const struct ext2_super *s = &sbi->super;
	if (s->s_rev_level == 0)
		return 0; /* the good old revision has no features */
	uint32_t bad = s->s_feature_incompat & ~EXT2_SUPPORTED_INCOMPAT;
	if (bad) {
		ext2_error(sbi, "unsupported feature 0x%x (incompat)", bad);
		return -EINVAL;
	}
	bad = s->s_feature_ro_compat & ~EXT2_SUPPORTED_RO_COMPAT;
	if (bad) {
		ext2_error(sbi, "unsupported feature 0x%x (ro_compat)", bad);
		return -EINVAL;
	}
	return 0;
}

/* The geometry the rest of ext2 uses, from a superblock checked here. */
static int super_check_geometry(struct ext2_sb_info *sbi)
{
	const struct ext2_super *s = &sbi->super;
	if (s->s_magic != EXT2_MAGIC) {
		ext2_error(sbi, "bad magic 0x%x: not ext2", s->s_magic);
		return -EINVAL;
	}
	if (s->s_log_block_size > 2) {
		ext2_error(sbi, "bad block size 1024 << %u", s->s_log_block_size);
		return -EINVAL;
	}
	sbi->block_size = 1024u << s->s_log_block_size;
	sbi->block_shift = 10 + s->s_log_block_size;
	sbi->sectors_per_block = sbi->block_size / BLOCK_SECTOR_SIZE;
	sbi->addrs_per_block = sbi->block_size / 4;
	sbi->inode_size = s->s_rev_level == 0 ? EXT2_GOOD_OLD_INODE_SIZE : s->s_inode_size;
	uint64_t disk_blocks = sbi->bdev->nr_sectors / sbi->sectors_per_block;
	bool is_bad = s->s_blocks_count == 0 || s->s_blocks_count > disk_blocks ||
		      s->s_inodes_count == 0 || s->s_blocks_per_group == 0 ||
		      s->s_blocks_per_group > 8 * sbi->block_size || s->s_inodes_per_group == 0 ||
		      s->s_inodes_per_group > 8 * sbi->block_size ||
		      s->s_first_data_block != (sbi->block_size == 1024 ? 1u : 0u) ||
		      sbi->inode_size < EXT2_GOOD_OLD_INODE_SIZE ||
		      sbi->inode_size > sbi->block_size || (sbi->inode_size & (sbi->inode_size - 1)) ||
		      (s->s_rev_level > 0 &&
		       (s->s_first_ino < EXT2_ROOT_INO + 1 || s->s_first_ino > s->s_inodes_count));
	if (is_bad) {
		ext2_error(sbi, "corrupt superblock (counts or sizes out of range)");
		return -EINVAL;
	}
	uint32_t data_blocks = s->s_blocks_count - s->s_first_data_block;
	sbi->nr_groups = (data_blocks + s->s_blocks_per_group - 1) / s->s_blocks_per_group;
	if ((uint64_t)sbi->nr_groups * s->s_inodes_per_group < s->s_inodes_count ||
	    s->s_free_blocks_count > s->s_blocks_count || s->s_free_inodes_count > s->s_inodes_count) {
		ext2_error(sbi, "corrupt superblock (%u groups do not fit the counts)",
			   sbi->nr_groups);
		return -EINVAL;
	}
	sbi->inodes_per_block = sbi->block_size / sbi->inode_size;
	sbi->itable_blocks = (s->s_inodes_per_group + sbi->inodes_per_block - 1) / sbi->inodes_per_block;
	sbi->gdt_blocks = (sbi->nr_groups * sizeof(struct ext2_group_desc) + sbi->block_size - 1) /
			  sbi->block_size;
	sbi->has_filetype = s->s_rev_level > 0 && (s->s_feature_incompat & EXT2_INCOMPAT_FILETYPE);
	return 0;
}

static bool group_range_ok(struct ext2_sb_info *sbi, uint32_t group, uint32_t block,
			   uint32_t count)
{
	uint32_t first = group_first_block(sbi, group);
	uint32_t end = first + sbi->super.s_blocks_per_group;
	if (end > sbi->super.s_blocks_count)
		end = sbi->super.s_blocks_count;
	return block >= first && block < end && count <= end - block;
}

static int groups_read(struct ext2_sb_info *sbi)
{
	uint32_t bytes = sbi->gdt_blocks * sbi->block_size;
	sbi->groups = kmalloc(bytes);
	if (!sbi->groups)
		return -ENOMEM;
	uint32_t first = sbi->super.s_first_data_block + 1;
	if (block_read(sbi->bdev, (uint64_t)first * sbi->sectors_per_block, sbi->groups,
		       sbi->gdt_blocks * sbi->sectors_per_block)) {
		ext2_error(sbi, "cannot read the group descriptors");
		return -EIO;
	}
	for (uint32_t g = 0; g < sbi->nr_groups; g++) {
		const struct ext2_group_desc *gd = &sbi->groups[g];
		if (!group_range_ok(sbi, g, gd->bg_block_bitmap, 1) ||
		    !group_range_ok(sbi, g, gd->bg_inode_bitmap, 1) ||
		    !group_range_ok(sbi, g, gd->bg_inode_table, sbi->itable_blocks)) {
			ext2_error(sbi, "group %u: descriptor points outside its group "
				   "(bitmaps %u, %u, table %u)", g, gd->bg_block_bitmap,
				   gd->bg_inode_bitmap, gd->bg_inode_table);
			return -EINVAL;
		}
	}
	return 0;
}

static int super_read(struct ext2_sb_info *sbi)
{
	if (block_read(sbi->bdev, EXT2_SUPER_OFFSET / BLOCK_SECTOR_SIZE, &sbi->super,
		       sizeof(sbi->super) / BLOCK_SECTOR_SIZE)) {
		ext2_error(sbi, "cannot read the superblock");
		return -EIO;
	}
	int err = super_check_geometry(sbi);
	if (!err)
		err = super_check_features(sbi);
	return err;
}

static int super_write(struct ext2_sb_info *sbi)
{
	sbi->super.s_wtime = vfs_now();
	if (block_write(sbi->bdev, EXT2_SUPER_OFFSET / BLOCK_SECTOR_SIZE, &sbi->super,
			sizeof(sbi->super) / BLOCK_SECTOR_SIZE))
		return -EIO;
	sbi->is_super_dirty = false;
	return 0;
}

static int groups_write(struct ext2_sb_info *sbi)
{
	uint32_t first = sbi->super.s_first_data_block + 1;
	if (block_write(sbi->bdev, (uint64_t)first * sbi->sectors_per_block, sbi->groups,
			sbi->gdt_blocks * sbi->sectors_per_block))
		return -EIO;
	sbi->is_gdt_dirty = false;
	return 0;
}

/* Every inode's fields into its table block, then the buffers, the group
 * descriptors and the superblock. */
int ext2_sync_locked(struct ext2_sb_info *sbi)
{
	int err = 0;
	struct list_head *pos;
	list_for_each(pos, &sbi->sb->inodes) {
		struct inode *inode = list_entry(pos, struct inode, sb_node);
		if (inode->nlink > 0 && inode->private && ext2_inode_write(inode))
			err = -EIO;
	}
	if (ext2_buf_sync_all(sbi))
		err = -EIO;
	if (sbi->is_gdt_dirty && groups_write(sbi))
		err = -EIO;
	if (sbi->is_super_dirty && super_write(sbi))
		err = -EIO;
	if (block_flush(sbi->bdev))
		err = -EIO;
	return err;
}

static int ext2_sync(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	mutex_lock(&sbi->lock);
	int err = ext2_sync_locked(sbi);
	mutex_unlock(&sbi->lock);
	return err;
}

static void sbi_free(struct ext2_sb_info *sbi)
{
	ext2_buf_free_all(sbi);
	kfree(sbi->groups);
	kfree(sbi);
}

/* Umount: the inodes are gone (their evict wrote them); write the rest. */
static void ext2_put_super(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	mutex_lock(&sbi->lock);
	sbi->super.s_state = EXT2_STATE_VALID;
	sbi->is_super_dirty = true;
	ext2_sync_locked(sbi);
	mutex_unlock(&sbi->lock);
	list_del(&sbi->mount_node);
	sbi_free(sbi);
	sb->private = NULL;
}

static int ext2_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	mutex_lock(&sbi->lock);
	const struct ext2_super *s = &sbi->super;
	st->f_type = EXT2_MAGIC;
	st->f_bsize = sbi->block_size;
	st->f_blocks = s->s_blocks_count - s->s_first_data_block;
	st->f_bfree = s->s_free_blocks_count;
	st->f_bavail = s->s_free_blocks_count > s->s_r_blocks_count
			       ? s->s_free_blocks_count - s->s_r_blocks_count : 0;
	st->f_files = s->s_inodes_count;
	st->f_ffree = s->s_free_inodes_count;
	st->f_namelen = 255;
	mutex_unlock(&sbi->lock);
	return 0;
}

static const struct super_operations ext2_super_ops = {
	.evict = ext2_evict,
	.sync = ext2_sync,
	.put_super = ext2_put_super,
	.statfs = ext2_statfs,
};

/* The block device behind source ("/dev/hda"). */
static int ext2_find_bdev(const char *source, struct block_device **out)
{
	struct inode *node;
	int err = vfs_lookup(source, &node);
	if (err)
		return err;
	bool is_blk = S_ISBLK(node->mode);
	*out = is_blk ? block_find_by_rdev(node->rdev) : NULL;
	inode_put(node);
	if (!is_blk)
		return -EINVAL; /* not a block device */
	return *out ? 0 : -ENXIO;
}

static int ext2_fill_super(struct ext2_sb_info *sbi)
{
	int err = super_read(sbi);
	if (!err)
		err = groups_read(sbi);
	if (err)
		return err;
	struct inode *root;
	mutex_lock(&sbi->lock);
	err = ext2_iget(sbi->sb, EXT2_ROOT_INO, &root);
	mutex_unlock(&sbi->lock);
	if (err)
		return err;
	if (!S_ISDIR(root->mode)) {
		ext2_error(sbi, "the root inode is not a directory");
		return -EINVAL; /* sb_destroy frees it with the rest */
	}
	sbi->sb->root = root;
	sbi->super.s_mnt_count++;
	sbi->super.s_mtime = vfs_now();
	sbi->is_super_dirty = true;
	return 0;
}

static int ext2_mount(struct filesystem_type *type, const char *source, uint32_t flags,
		      struct super_block **out)
{
	struct block_device *bdev;
	int err = ext2_find_bdev(source, &bdev);
	if (err)
		return err;
	if (ext2_bdev_is_mounted(bdev))
		return -EBUSY;
	struct ext2_sb_info *sbi = kzalloc(sizeof(*sbi));
	struct super_block *sb = sbi ? sb_alloc(type, &ext2_super_ops) : NULL;
	if (!sb) {
		kfree(sbi);
		return -ENOMEM;
	}
	mutex_init(&sbi->lock, "ext2");
	list_init(&sbi->bufs);
	sbi->bdev = bdev;
	sbi->sb = sb;
	strlcpy(sbi->name, bdev->name, sizeof(sbi->name));
	sb->private = sbi;
	sb->dev = bdev->rdev;
	sb->has_page_cache = true;
	err = ext2_fill_super(sbi);
	if (err) {
		sb_evict_all_inodes(sb); /* the root, if it was read */
		sbi_free(sbi);
		kfree(sb);
		return err;
	}
	list_add_tail(&sbi->mount_node, &ext2_mounts);
	*out = sb;
	return 0;
}

struct filesystem_type ext2_fs_type = {
	.name = "ext2",
	.needs_device = true,
	.mount = ext2_mount,
};
