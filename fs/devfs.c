/*
 * devfs.c — /dev: one flat directory listing every registered device.
 *
 * The names come from the device registry (fs/devices.c), not from a stored
 * directory, so a driver registered after the mount shows up at once.  The
 * inode of the device at registry position i is made on its first lookup and
 * kept (ino i + 2; a chmod on it sticks) until umount.  Opening one finds the
 * driver's file operations by device number and puts them in the file, so
 * reads and writes go straight to the driver.
 *
 * Locking: the inode table changes in task context, with no sleep between
 * the check and the change.  Read next: fs/procfs.c.
 */
#include <corral/block.h>
#include <corral/device.h>
#include <corral/kmalloc.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

#define DEVFS_ROOT_INO 1
#define DEVFS_FIRST_INO 2

struct devfs_info {
	struct inode *inodes[DEVICES_MAX]; /* by registry position, made on demand */
};

static const struct inode_operations devfs_root_iops;
static const struct file_operations devfs_root_fops;

struct devfs_search {
	const char *name;
	size_t len;
	int index; /* counts up while searching */
	uint32_t mode, rdev;
};

static int devfs_match(const char *name, uint32_t mode, uint32_t rdev, void *arg)
{
	struct devfs_search *s = arg;
	if (strlen(name) == s->len && memcmp(name, s->name, s->len) == 0) {
		s->mode = mode;
		s->rdev = rdev;
		return 1;
	}
	s->index++;
	return 0;
}

static struct inode *devfs_device_inode(struct super_block *sb, struct devfs_search *s)
{
	struct devfs_info *info = sb->private;
	struct inode *inode = info->inodes[s->index];
	if (inode) {
		inode_get(inode);
		return inode;
	}
	inode = inode_alloc(sb, s->mode);
	if (!inode)
		return NULL;
	inode->ino = DEVFS_FIRST_INO + (uint32_t)s->index;
	inode->uid = inode->gid = 0;
	inode->rdev = s->rdev;
	inode->fops = &device_node_fops;
	info->inodes[s->index] = inode;
	return inode;
}

static int devfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		inode_get(dir); /* flat: the root is its own parent */
		*out = dir;
		return 0;
	}
	struct devfs_search s = {name, len, 0, 0, 0};
	if (!device_for_each(devfs_match, &s))
		return -ENOENT;
	*out = devfs_device_inode(dir->sb, &s);
	return *out ? 0 : -ENOMEM;
}

struct devfs_listing {
	struct dir_context *ctx;
	uint64_t index; /* registry position of the device being looked at */
};

static int devfs_emit_device(const char *name, uint32_t mode, uint32_t rdev, void *arg)
{
	struct devfs_listing *l = arg;
	uint64_t position = DEVFS_FIRST_INO + l->index++;
	if (position < l->ctx->pos)
		return 0;
	l->ctx->pos = position;
	if (l->ctx->emit(l->ctx, name, strlen(name), (uint32_t)position, vfs_dtype(mode)))
		return 1;
	l->ctx->pos = position + 1;
	return 0;
}

static int devfs_readdir(struct file *file, struct dir_context *ctx)
{
	if (ctx->pos == 0) {
		if (ctx->emit(ctx, ".", 1, DEVFS_ROOT_INO, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (ctx->emit(ctx, "..", 2, DEVFS_ROOT_INO, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	struct devfs_listing listing = {ctx, 0};
	device_for_each(devfs_emit_device, &listing);
	return 0;
}

static const struct inode_operations devfs_root_iops = {
	.lookup = devfs_lookup,
};

static const struct file_operations devfs_root_fops = {
	.readdir = devfs_readdir,
};

static void devfs_put_super(struct super_block *sb)
{
	kfree(sb->private);
}

/* sync and fsync on a device: the disks write their caches out (the data
 * written through /dev/hda itself went to the disk at once). */
static int devfs_sync(struct super_block *sb)
{
	block_flush_all();
	return 0;
}

static const struct super_operations devfs_super_ops = {
	.sync = devfs_sync,
	.put_super = devfs_put_super,
};

static int devfs_mount(struct filesystem_type *type, const char *source, uint32_t flags,
		       struct super_block **out)
{
	struct super_block *sb = sb_alloc(type, &devfs_super_ops);
	struct devfs_info *info = kzalloc(sizeof(*info));
	struct inode *root = sb && info ? inode_alloc(sb, S_IFDIR | 0755) : NULL;
	if (!root) {
		kfree(info);
		kfree(sb);
		return -ENOMEM;
	}
	root->ino = DEVFS_ROOT_INO;
	root->nlink = 2;
	root->uid = root->gid = 0;
	root->iops = &devfs_root_iops;
	root->fops = &devfs_root_fops;
	sb->root = root;
	sb->private = info;
	*out = sb;
	return 0;
}

struct filesystem_type devfs_fs_type = {
	.name = "devfs",
	.mount = devfs_mount,
};
