/*
 * mount.c — the filesystem registry and the mount table.
 *
 * A mount joins a filesystem's root directory to a directory of the tree,
 * the mount point.  The picture after boot:
 *
 *     mount_list:  [ramfs at /] ──> [devfs at /dev] ──> [proc at /proc] ...
 *     the ramfs inode "/dev" ──covered_by──> devfs's mount ──sb──> devfs root
 *
 * Path lookup (fs/namei.c) steps down through covered_by when it reaches a
 * mount point and up through the mount's mountpoint on ".." at a mounted
 * root.  A mount holds a reference on its mount point; the super block holds
 * one on its root.  umount refuses (EBUSY) while anything else holds an inode
 * of the filesystem (an open file, a cwd) or another filesystem is mounted
 * below it; then it frees every inode of the filesystem.
 *
 * Locking: mount_mutex serialises vfs_mount and vfs_umount, which may sleep
 * (allocations, a filesystem's mount).  Lookups read covered_by and the list
 * without it: they change only under the mutex, with no sleep in between.
 * Read next: fs/namei.c.
 */
#include <corral/kmalloc.h>
#include <corral/memlayout.h>
#include <corral/multiboot.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

static struct filesystem_type *fs_types;  /* registered at boot */
static LIST_HEAD(mount_list);             /* struct mount.node, parents first */
static struct mount *root_mount;
static struct mutex mount_mutex = MUTEX_INIT(mount_mutex, "mount");
static uint32_t next_anon_minor = 1;      /* st_dev 0:N for memory filesystems */

/* At the end of the list: /proc/filesystems lists them in the order of boot. */
void fs_register(struct filesystem_type *type)
{
	struct filesystem_type **end = &fs_types;
	while (*end)
		end = &(*end)->next;
	type->next = NULL;
	*end = type;
}

void vfs_for_each_fs_type(void (*f)(const struct filesystem_type *type, void *arg), void *arg)
{
	for (struct filesystem_type *t = fs_types; t; t = t->next)
		f(t, arg);
}

static struct filesystem_type *fs_find_type(const char *name)
{
	for (struct filesystem_type *t = fs_types; t; t = t->next)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

struct super_block *sb_alloc(struct filesystem_type *type, const struct super_operations *ops)
{
	struct super_block *sb = kzalloc(sizeof(*sb));
	if (!sb)
		return NULL;
	sb->type = type;
	sb->ops = ops;
	sb->dev = next_anon_minor++; /* major 0 */
	sb->next_ino = 1;
	sb->refcount = 1;
	list_init(&sb->inodes);
	return sb;
}

/* The filesystem's half of umount (and of a mount that failed half way). */
static void sb_destroy(struct super_block *sb)
{
	sb_evict_all_inodes(sb);
	if (sb->ops && sb->ops->put_super)
		sb->ops->put_super(sb);
	kfree(sb);
}

struct inode *vfs_root(void)
{
	return root_mount ? root_mount->sb->root : NULL;
}

struct mount *vfs_mount_of_root(struct inode *inode)
{
	struct list_head *pos;
	list_for_each(pos, &mount_list) {
		struct mount *m = list_entry(pos, struct mount, node);
		if (m->sb->root == inode)
			return m;
	}
	return NULL;
}

/* The mount that holds inode (the one whose super block it belongs to). */
static struct mount *mount_of_inode(struct inode *inode)
{
	struct list_head *pos;
	list_for_each(pos, &mount_list) {
		struct mount *m = list_entry(pos, struct mount, node);
		if (m->sb == inode->sb)
			return m;
	}
	return NULL;
}

void vfs_for_each_mount(void (*f)(struct mount *m, void *arg), void *arg)
{
	struct list_head *pos;
	list_for_each(pos, &mount_list)
		f(list_entry(pos, struct mount, node), arg);
}

/* Attach sb at mountpoint (NULL: as the root); takes over the mountpoint reference. */
static int mount_attach(struct super_block *sb, struct inode *mountpoint, const char *source)
{
	struct mount *m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->sb = sb;
	m->mountpoint = mountpoint;
	strlcpy(m->source, source, sizeof(m->source));
	if (mountpoint) {
		int err = vfs_inode_path(mountpoint, NULL, m->path, sizeof(m->path));
		if (err) {
			kfree(m);
			return err;
		}
		m->parent = mount_of_inode(mountpoint);
		mountpoint->covered_by = m;
	} else {
		strlcpy(m->path, "/", sizeof(m->path));
		root_mount = m;
	}
	list_add_tail(&m->node, &mount_list);
	return 0;
}

static int vfs_mount_locked(const char *source, const char *target, const char *type_name,
			    uint32_t flags)
{
	struct filesystem_type *type = fs_find_type(type_name);
	if (!type)
		return -ENODEV;
	struct inode *mountpoint = NULL;
	if (root_mount || strcmp(target, "/") != 0) {
		if (!root_mount)
			return -ENOENT;
		int err = vfs_lookup(target, &mountpoint);
		if (err)
			return err;
		if (!S_ISDIR(mountpoint->mode)) {
			inode_put(mountpoint);
			return -ENOTDIR;
		}
	}
	struct super_block *sb;
	int err = type->mount(type, source ? source : "none", flags, &sb);
	if (!err) {
		err = mount_attach(sb, mountpoint, source ? source : type->name);
		if (err)
			sb_destroy(sb);
	}
	if (err)
		inode_put(mountpoint);
	return err;
}

int vfs_mount(const char *source, const char *target, const char *type, uint32_t flags)
{
	mutex_lock(&mount_mutex);
	int err = vfs_mount_locked(source, target, type, flags);
	mutex_unlock(&mount_mutex);
	return err;
}

static bool mount_has_children(struct mount *m)
{
	struct list_head *pos;
	list_for_each(pos, &mount_list)
		if (list_entry(pos, struct mount, node)->parent == m)
			return true;
	return false;
}

/* root is the mounted root, with the caller's reference. */
static int mount_detach(struct inode *root)
{
	struct mount *m = vfs_mount_of_root(root);
	if (!m)
		return -EINVAL; /* not a mount point */
	if (m == root_mount || mount_has_children(m) || sb_has_busy_inodes(m->sb))
		return -EBUSY;
	inode_put(root);
	m->mountpoint->covered_by = NULL;
	inode_put(m->mountpoint);
	list_del(&m->node);
	sb_destroy(m->sb);
	kfree(m);
	return 0;
}

int vfs_umount(const char *target)
{
	mutex_lock(&mount_mutex);
	struct inode *root;
	int err = vfs_lookup(target, &root);
	if (!err) {
		err = mount_detach(root);
		if (err)
			inode_put(root);
	}
	mutex_unlock(&mount_mutex);
	return err;
}

static void vfs_unpack_initramfs(void)
{
	const struct boot_module *m = boot_module_find("initramfs");
	if (!m) {
		pr_warn("vfs: no initramfs module; / is empty\n");
		return;
	}
	int err = initramfs_unpack(phys_to_virt(m->start), m->end - m->start);
	if (err)
		pr_err("vfs: initramfs: error %d, / may be incomplete\n", err);
}

static void vfs_must(int err, const char *what)
{
	if (err)
		panic("vfs: %s failed (error %d)", what, err);
}

/* Make a directory the initramfs did not bring, with exactly this mode. */
static int vfs_ensure_dir(const char *path, uint32_t mode)
{
	int err = vfs_mkdir(path, mode);
	if (err)
		return err == -EEXIST ? 0 : err;
	struct inode *dir;
	err = vfs_lookup(path, &dir);
	if (!err) {
		err = vfs_chmod(dir, mode);
		inode_put(dir);
	}
	return err;
}

void vfs_init(void)
{
	fs_register(&ramfs_fs_type);
	fs_register(&devfs_fs_type);
	fs_register(&procfs_fs_type);
	fs_register(&ext2_fs_type);
	vfs_must(vfs_mount("ramfs", "/", "ramfs", 0), "mounting ramfs at /");
	if (current && !current->root) {
		current->root = vfs_root();
		inode_get(current->root);
	}
	if (current && !current->cwd) {
		current->cwd = vfs_root();
		inode_get(current->cwd);
	}
	vfs_unpack_initramfs();
	vfs_must(vfs_ensure_dir("/dev", 0755), "mkdir /dev");
	vfs_must(vfs_ensure_dir("/proc", 0555), "mkdir /proc");
	vfs_must(vfs_ensure_dir("/tmp", 01777), "mkdir /tmp");
	vfs_must(vfs_mount("devfs", "/dev", "devfs", 0), "mounting devfs at /dev");
	printk("vfs: ramfs at /, devfs at /dev\n");
}
