/*
 * configfs.c — /configfs: kernel subsystems configured through mkdir, rmdir
 * and small text files (the interface: include/corral/configfs.h).
 *
 * configfs keeps its own tree of nodes, independent of any mount:
 *
 *     root ──> "container" (SUBSYSTEM) ──> "description" (ATTR)
 *                                     └──> "web" (ITEM) ──> "page_limit" (ATTR) ...
 *
 * Subsystems are added by configfs_register_subsystem, items by mkdir (which
 * calls the subsystem's make_item) and removed by rmdir (drop_item).  A node
 * remembers what its inodes show (mode, owner, times), so a chmod or chown
 * sticks although inodes are made at lookup and freed when unused
 * (sb->drops_unused_inodes, as procfs): each mount has its own super block
 * and inodes, all of them views of the one tree.  Within one super block a
 * node has at most one live inode (lookup finds it on sb->inodes), so a
 * mount on a configfs directory is seen by every path to it.
 *
 * Lifetime: a node is referenced by the list it is on (its parent's
 * children), by each inode showing it and by each of its children (through
 * child->parent); the last reference frees it.  rmdir takes an item's node
 * out of the tree and sets its item pointer to NULL, so an attribute file
 * still open afterwards keeps its node (and the item's node) alive and finds
 * no item: -ENODEV, never the subsystem's freed object.
 *
 * mkdir runs in two halves around make_item, which may sleep and must not
 * hold configfs_mutex (a store may look a path up, which takes it): first
 * the new node goes on the list "not ready" (lookups skip it, a second mkdir
 * of the name gets -EEXIST), then it becomes ready or goes away.
 *
 * Locking (lock order: a directory's lock → the subsystem's own locks →
 * configfs_mutex; the callbacks run with no configfs_mutex held):
 *   configfs_mutex   the tree: children lists, the fields configfs_node.h
 *                    marks, and making a node's inode (so there is one per sb);
 *   node->lock       (subsystem and item directories) node->item: held across
 *                    show, store and drop_item of that directory;
 *   reference counts change in task context with no sleep between check and
 *                    change, like inode reference counts (fs/inode.c).
 * Read next: fs/configfs_file.c (attribute files), then fs/configfs_test.c.
 */
#include <corral/configfs.h>
#include <corral/kmalloc.h>
#include <corral/panic.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

#include "configfs_node.h"

#define CONFIGFS_ROOT_INO 1

static struct mutex configfs_mutex = MUTEX_INIT(configfs_mutex, "configfs");
static uint32_t configfs_next_ino = CONFIGFS_ROOT_INO + 1; /* configfs_mutex */

static struct configfs_node configfs_root = {
	.kind = CONFIGFS_ROOT,
	.name = "",
	.ino = CONFIGFS_ROOT_INO,
	.children = LIST_HEAD_INIT(configfs_root.children),
	.sibling = LIST_HEAD_INIT(configfs_root.sibling),
	.next_cookie = 2,
	.is_ready = true,
	.mode = S_IFDIR | 0755,
	.lock = MUTEX_INIT(configfs_root.lock, "configfs root"),
	.refcount = 1, /* never freed */
};

static const struct inode_operations configfs_dir_iops;
static const struct file_operations configfs_dir_fops;

static bool name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(name, want, len) == 0;
}

static void configfs_node_get(struct configfs_node *node)
{
	assert(node->refcount > 0);
	node->refcount++;
}

/* Drop a reference; a freed node drops the one it held on its parent. */
void configfs_node_put(struct configfs_node *node)
{
	while (node) {
		assert(node->refcount > 0);
		if (--node->refcount > 0)
			return;
		struct configfs_node *parent = node->parent;
		kfree(node);
		node = parent;
	}
}

/* A new node under parent, not yet on its list; its one reference is the
 * list's-to-be. */
static struct configfs_node *configfs_node_alloc(enum configfs_kind kind, const char *name,
						 uint32_t mode, struct configfs_node *parent)
{
	struct configfs_node *node = kzalloc(sizeof(*node));
	if (!node)
		return NULL;
	node->kind = kind;
	node->name = name;
	node->mode = mode;
	node->mtime = node->ctime = vfs_now();
	node->next_cookie = 2; /* 0 is ".", 1 is ".." */
	node->parent = parent;
	configfs_node_get(parent);
	list_init(&node->children);
	list_init(&node->sibling);
	mutex_init(&node->lock, "configfs dir");
	node->refcount = 1;
	return node;
}

/* Put node on dir's list (configfs_mutex, or dir not in the tree yet). */
static void configfs_link(struct configfs_node *dir, struct configfs_node *node)
{
	node->ino = configfs_next_ino++;
	node->cookie = dir->next_cookie++;
	list_add_tail(&node->sibling, &dir->children);
	if (node->kind != CONFIGFS_ATTR)
		dir->nr_subdirs++;
}

/* Take dir's children and then dir off their lists (configfs_mutex). */
static void configfs_unlink_dir(struct configfs_node *dir)
{
	while (!list_is_empty(&dir->children)) {
		struct configfs_node *child =
			list_first_entry(&dir->children, struct configfs_node, sibling);
		list_del(&child->sibling);
		child->is_removed = true;
		configfs_node_put(child);
	}
	if (!list_is_empty(&dir->sibling) && dir->kind != CONFIGFS_ATTR)
		dir->parent->nr_subdirs--;
	list_del(&dir->sibling);
	dir->is_removed = true;
	configfs_node_put(dir);
}

/* A subsystem or item directory with its attribute files, outside the tree
 * (only the files are on a list: the directory's). */
static struct configfs_node *configfs_dir_build(enum configfs_kind kind, const char *name,
						struct configfs_node *parent,
						const struct configfs_attribute *const *attrs)
{
	struct configfs_node *dir = configfs_node_alloc(kind, name, S_IFDIR | 0755, parent);
	if (!dir)
		return NULL;
	mutex_lock(&configfs_mutex);
	for (size_t i = 0; attrs && attrs[i]; i++) {
		struct configfs_node *file = configfs_node_alloc(
			CONFIGFS_ATTR, attrs[i]->name, S_IFREG | (attrs[i]->mode & 0777), dir);
		if (!file) {
			configfs_unlink_dir(dir); /* frees it all */
			dir = NULL;
			break;
		}
		file->attr = attrs[i];
		file->is_ready = true;
		configfs_link(dir, file);
	}
	mutex_unlock(&configfs_mutex);
	return dir;
}

/* The child of dir called name, ready or still being made (configfs_mutex). */
static struct configfs_node *configfs_find(struct configfs_node *dir, const char *name, size_t len)
{
	struct list_head *pos;
	list_for_each(pos, &dir->children) {
		struct configfs_node *child = list_entry(pos, struct configfs_node, sibling);
		if (name_is(name, len, child->name))
			return child;
	}
	return NULL;
}

/* ---- inodes: views of nodes ---------------------------------------------- */

static void configfs_inode_refresh(struct inode *inode, const struct configfs_node *node)
{
	inode->mode = node->mode;
	inode->uid = node->uid;
	inode->gid = node->gid;
	inode->nlink = node->is_removed ? 0 : S_ISDIR(node->mode) ? 2 + node->nr_subdirs : 1;
}

/* node's inode in sb: the live one, or a new one (configfs_mutex). */
static struct inode *configfs_inode_get(struct super_block *sb, struct configfs_node *node)
{
	struct list_head *pos;
	list_for_each(pos, &sb->inodes) {
		struct inode *inode = list_entry(pos, struct inode, sb_node);
		if (inode->private == node) {
			inode_get(inode);
			configfs_inode_refresh(inode, node); /* another mount may have changed it */
			return inode;
		}
	}
	struct inode *inode = inode_alloc(sb, node->mode);
	if (!inode)
		return NULL;
	inode->ino = node->ino;
	inode->atime = inode->mtime = node->mtime;
	inode->ctime = node->ctime;
	configfs_inode_refresh(inode, node);
	configfs_node_get(node);
	inode->private = node;
	if (node->kind == CONFIGFS_ATTR) {
		configfs_file_init(inode);
	} else {
		inode->iops = &configfs_dir_iops;
		inode->fops = &configfs_dir_fops;
	}
	return inode;
}

/* chmod and chown: the node keeps what the inode now says, for later inodes. */
int configfs_setattr(struct inode *inode)
{
	struct configfs_node *node = inode->private;
	mutex_lock(&configfs_mutex);
	node->mode = inode->mode;
	node->uid = inode->uid;
	node->gid = inode->gid;
	node->ctime = inode->ctime;
	mutex_unlock(&configfs_mutex);
	return 0;
}

/* A directory changed: its node and this mount's inode of it say when. */
static void configfs_dir_touch(struct inode *dir, struct configfs_node *node)
{
	node->mtime = node->ctime = vfs_now();
	dir->mtime = dir->ctime = node->mtime;
	configfs_inode_refresh(dir, node);
}

static int configfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct configfs_node *node = dir->private;
	mutex_lock(&configfs_mutex);
	struct configfs_node *found;
	if (name_is(name, len, ".."))
		found = node->parent ? node->parent : node;
	else
		found = configfs_find(node, name, len);
	int err = -ENOENT;
	if (found && found->is_ready) {
		*out = configfs_inode_get(dir->sb, found);
		err = *out ? 0 : -ENOMEM;
	}
	mutex_unlock(&configfs_mutex);
	return err;
}

static int configfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct configfs_node *dir = file->inode->private;
	struct configfs_node *parent = dir->parent ? dir->parent : dir;
	mutex_lock(&configfs_mutex);
	if (dir_emit_at(ctx, 0, ".", dir->ino, DT_DIR) ||
	    dir_emit_at(ctx, 1, "..", parent->ino, DT_DIR))
		goto out;
	struct list_head *pos;
	list_for_each(pos, &dir->children) {
		struct configfs_node *child = list_entry(pos, struct configfs_node, sibling);
		if (child->is_ready &&
		    dir_emit_at(ctx, child->cookie, child->name, child->ino,
				     vfs_dtype(child->mode)))
			break;
	}
out:
	mutex_unlock(&configfs_mutex);
	return 0;
}

/* ---- mkdir and rmdir: items ------------------------------------------------- */

/* mkdir's first half: put node on sub's list, not ready (so a second mkdir of
 * the name sees it), with its inode made; 0 or -errno. */
static int configfs_mkdir_reserve(struct inode *dir, struct configfs_node *node,
				  struct inode **inode)
{
	struct configfs_node *sub_node = dir->private;
	int err = 0;
	mutex_lock(&configfs_mutex);
	if (sub_node->is_removed)
		err = -ENOENT;
	else if (configfs_find(sub_node, node->name, strlen(node->name)))
		err = -EEXIST;
	if (!err) {
		configfs_link(sub_node, node);
		*inode = configfs_inode_get(dir->sb, node);
		if (!*inode)
			err = -ENOMEM;
	}
	if (err)
		configfs_unlink_dir(node); /* frees it (and its attributes) */
	mutex_unlock(&configfs_mutex);
	return err;
}

static int configfs_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode,
			  struct inode **out)
{
	struct configfs_node *sub_node = dir->private;
	if (sub_node->kind != CONFIGFS_SUBSYSTEM)
		return -EPERM; /* subsystems are registered, items hold only attributes */
	if (len == 0 || len > CONFIGFS_NAME_MAX)
		return -EINVAL;
	struct configfs_subsystem *sub = sub_node->sub;
	struct configfs_node *node =
		configfs_dir_build(CONFIGFS_ITEM, NULL, sub_node, sub->item_attrs);
	if (!node)
		return -ENOMEM;
	memcpy(node->item_name, name, len); /* zeroed: NUL-terminated */
	node->name = node->item_name;
	node->sub = sub;
	struct inode *inode;
	int err = configfs_mkdir_reserve(dir, node, &inode);
	if (err)
		return err;
	struct configfs_item *item = NULL;
	err = sub->make_item(sub, node->item_name, &item); /* may sleep: no lock held */
	mutex_lock(&configfs_mutex);
	if (err) {
		configfs_unlink_dir(node);
	} else {
		strlcpy(item->name, node->item_name, sizeof(item->name));
		node->item = item; /* before is_ready: nobody can reach the node yet */
		node->is_ready = true;
		configfs_dir_touch(dir, sub_node);
	}
	mutex_unlock(&configfs_mutex);
	if (err) {
		inode_put(inode); /* the node's last reference: it goes */
		return err;
	}
	*out = inode;
	return 0;
}

/* The child of dir called name, referenced, if it is of kind; else -errno. */
static int configfs_get_child(struct configfs_node *dir, const char *name, size_t len,
			      enum configfs_kind kind, struct configfs_node **out)
{
	mutex_lock(&configfs_mutex);
	struct configfs_node *node = configfs_find(dir, name, len);
	int err = !node || !node->is_ready ? -ENOENT : node->kind != kind ? -ENOTDIR : 0;
	if (!err) {
		configfs_node_get(node);
		*out = node;
	}
	mutex_unlock(&configfs_mutex);
	return err;
}

static int configfs_rmdir(struct inode *dir, const char *name, size_t len)
{
	struct configfs_node *sub_node = dir->private;
	if (sub_node->kind != CONFIGFS_SUBSYSTEM)
		return -EPERM; /* a subsystem goes only when it unregisters */
	struct configfs_node *node;
	int err = configfs_get_child(sub_node, name, len, CONFIGFS_ITEM, &node);
	if (err)
		return err;
	/* The item's lock waits out any show or store, and keeps new ones out
	 * until they can see that the item is gone. */
	mutex_lock(&node->lock);
	if (!node->item)
		err = -ENOENT; /* another rmdir was first */
	else
		err = node->sub->drop_item(node->sub, node->item);
	if (!err) {
		node->item = NULL; /* an attribute file still open finds nothing */
		mutex_lock(&configfs_mutex);
		configfs_unlink_dir(node);
		configfs_dir_touch(dir, sub_node);
		mutex_unlock(&configfs_mutex);
	}
	mutex_unlock(&node->lock);
	configfs_node_put(node);
	return err;
}

static const struct inode_operations configfs_dir_iops = {
	.lookup = configfs_lookup,
	.mkdir = configfs_mkdir,
	.rmdir = configfs_rmdir,
	.setattr = configfs_setattr,
	/* no create, unlink, link, rename: the VFS answers EACCES or EPERM */
};

static const struct file_operations configfs_dir_fops = {
	.readdir = configfs_readdir,
};

/* ---- subsystems ---------------------------------------------------------- */

int configfs_register_subsystem(struct configfs_subsystem *sub)
{
	size_t len = sub->name ? strlen(sub->name) : 0;
	if (len == 0 || len > CONFIGFS_NAME_MAX || strchr(sub->name, '/') ||
	    name_is(sub->name, len, ".") || name_is(sub->name, len, ".."))
		return -EINVAL;
	struct configfs_node *node =
		configfs_dir_build(CONFIGFS_SUBSYSTEM, sub->name, &configfs_root,
				   sub->subsystem_attrs);
	if (!node)
		return -ENOMEM;
	node->sub = sub;
	strlcpy(node->self_item.name, sub->name, sizeof(node->self_item.name));
	node->self_item.private = sub;
	node->item = &node->self_item;
	node->is_ready = true;
	int err = 0;
	mutex_lock(&configfs_mutex);
	if (configfs_find(&configfs_root, sub->name, len)) {
		configfs_unlink_dir(node);
		err = -EEXIST;
	} else {
		configfs_link(&configfs_root, node);
	}
	mutex_unlock(&configfs_mutex);
	return err;
}

static bool configfs_has_items(struct configfs_node *dir)
{
	struct list_head *pos;
	list_for_each(pos, &dir->children)
		if (list_entry(pos, struct configfs_node, sibling)->kind == CONFIGFS_ITEM)
			return true; /* made or being made */
	return false;
}

int configfs_unregister_subsystem(struct configfs_subsystem *sub)
{
	mutex_lock(&configfs_mutex);
	struct configfs_node *node = NULL;
	struct list_head *pos;
	list_for_each(pos, &configfs_root.children) {
		struct configfs_node *child = list_entry(pos, struct configfs_node, sibling);
		if (child->sub == sub)
			node = child;
	}
	if (node)
		configfs_node_get(node);
	mutex_unlock(&configfs_mutex);
	if (!node)
		return -ENOENT;
	mutex_lock(&node->lock); /* no show or store of its attributes runs */
	mutex_lock(&configfs_mutex);
	int err = configfs_has_items(node) ? -EBUSY : 0;
	if (!err) {
		node->item = NULL;
		configfs_unlink_dir(node);
	}
	mutex_unlock(&configfs_mutex);
	mutex_unlock(&node->lock);
	configfs_node_put(node);
	return err;
}

/* ---- the filesystem type ------------------------------------------------- */

static void configfs_evict(struct inode *inode)
{
	configfs_node_put(inode->private);
	inode->private = NULL;
}

static const struct super_operations configfs_super_ops = {
	.evict = configfs_evict,
};

/* Every mount is a view of the same tree, with its own super block. */
static int configfs_mount(struct filesystem_type *type, const char *source, uint32_t flags,
			  struct super_block **out)
{
	struct super_block *sb = sb_alloc(type, &configfs_super_ops);
	if (!sb)
		return -ENOMEM;
	mutex_lock(&configfs_mutex);
	sb->root = configfs_inode_get(sb, &configfs_root);
	mutex_unlock(&configfs_mutex);
	if (!sb->root) {
		kfree(sb);
		return -ENOMEM;
	}
	sb->drops_unused_inodes = true; /* after the root: the sb's reference keeps it */
	*out = sb;
	return 0;
}

static struct filesystem_type configfs_fs_type = {
	.name = "configfs",
	.mount = configfs_mount,
};

void configfs_init(void)
{
	static bool is_registered;
	if (is_registered)
		return; /* fs_register twice would make the type list a loop */
	is_registered = true;
	fs_register(&configfs_fs_type);
}
