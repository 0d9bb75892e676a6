/*
 * ramfs.c — the root filesystem: everything in memory, nothing on a disk.
 *
 * A directory is a list of entries (name → inode); a regular file's data is
 * its page cache (fs/ramfs_file.c), so the memory a file uses is exactly its
 * cached pages; a symbolic link's target is one kmalloc'd string (size: its
 * length).  Inodes stay in memory while some directory entry names them
 * (nlink > 0), with or without references; the last unlink of an unreferenced
 * file frees it at once, otherwise the last close does (fs/inode.c).
 *
 *     dir inode ──private──> struct ramfs_dir { parent, entries }
 *                                  entries: [cookie 2 "bin" → inode] → [3 "etc" → inode] ...
 *
 * Entries never hold references: nlink counts them.  A directory's nlink is
 * 2 + its subdirectories ("." and its entry in the parent, plus each child's
 * ".."); `parent` is NULL once the directory is removed, so ".." in a removed
 * directory is ENOENT and no pointer ever dangles (a directory with children
 * cannot be removed).  readdir positions are per-entry cookies that only
 * grow, so removing entries during a readdir loop skips nothing.
 *
 * Locking: directory lists change in task context; each operation allocates
 * first, then checks and changes the list with no sleep in between (the
 * kernel is not preemptive).  Read next: fs/ramfs_file.c.
 */
#include <corral/kmalloc.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

#include "ramfs.h"

struct ramfs_dirent {
	struct list_head node; /* on ramfs_dir.entries, in cookie order */
	struct inode *inode;   /* counted in inode->nlink, not referenced */
	uint32_t cookie;       /* readdir position */
	size_t len;
	char name[];
};

struct ramfs_dir {
	struct inode *parent;     /* NULL once removed; the root's is itself */
	struct list_head entries; /* struct ramfs_dirent.node */
	uint32_t next_cookie;     /* 0 is ".", 1 is ".." */
};

static const struct inode_operations ramfs_dir_iops;
static const struct inode_operations ramfs_symlink_iops;
static const struct file_operations ramfs_dir_fops;

static struct ramfs_dir *ramfs_dir_of(struct inode *dir)
{
	return dir->private;
}

static struct ramfs_dirent *ramfs_find(struct inode *dir, const char *name, size_t len)
{
	struct list_head *pos;
	list_for_each(pos, &ramfs_dir_of(dir)->entries) {
		struct ramfs_dirent *e = list_entry(pos, struct ramfs_dirent, node);
		if (e->len == len && memcmp(e->name, name, len) == 0)
			return e;
	}
	return NULL;
}

static struct ramfs_dirent *ramfs_dirent_alloc(const char *name, size_t len)
{
	struct ramfs_dirent *e = kmalloc(sizeof(*e) + len + 1);
	if (!e)
		return NULL;
	e->len = len;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	return e;
}

static void ramfs_dirent_insert(struct inode *dir, struct ramfs_dirent *e, struct inode *inode)
{
	struct ramfs_dir *d = ramfs_dir_of(dir);
	e->inode = inode;
	e->cookie = d->next_cookie++;
	list_add_tail(&e->node, &d->entries);
	dir->mtime = dir->ctime = vfs_now();
}

static void ramfs_dirent_remove(struct inode *dir, struct ramfs_dirent *e)
{
	list_del(&e->node);
	kfree(e);
	dir->mtime = dir->ctime = vfs_now();
}

/* One name fewer for inode: at nlink 0 it goes now, or at its last inode_put. */
static void ramfs_drop_link(struct inode *inode)
{
	inode->nlink--;
	inode->ctime = vfs_now();
	inode_get(inode); /* the put destroys it if nothing else holds it */
	inode_put(inode);
}

/* A new inode of the right kind; directories get their entry list. */
static struct inode *ramfs_inode_alloc(struct super_block *sb, uint32_t mode,
				       struct inode *parent)
{
	struct inode *inode = inode_alloc(sb, mode);
	if (!inode)
		return NULL;
	if (S_ISDIR(mode)) {
		struct ramfs_dir *d = kzalloc(sizeof(*d));
		if (!d) {
			inode->nlink = 0;
			inode_put(inode);
			return NULL;
		}
		list_init(&d->entries);
		d->parent = parent ? parent : inode;
		d->next_cookie = 2;
		inode->private = d;
		inode->nlink = 2;
		inode->iops = &ramfs_dir_iops;
		inode->fops = &ramfs_dir_fops;
	} else if (S_ISREG(mode)) {
		ramfs_file_init(inode);
	} else if (S_ISLNK(mode)) {
		inode->iops = &ramfs_symlink_iops; /* the target comes after: ramfs_symlink */
	} else {
		inode_init_special(inode); /* FIFO, device or socket: no data here */
	}
	return inode;
}

static int ramfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct inode *found;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		found = ramfs_dir_of(dir)->parent;
	} else {
		struct ramfs_dirent *e = ramfs_find(dir, name, len);
		found = e ? e->inode : NULL;
	}
	if (!found)
		return -ENOENT;
	inode_get(found);
	*out = found;
	return 0;
}

/* Make an inode and its entry: allocate both, then check and insert. */
static int ramfs_make(struct inode *dir, const char *name, size_t len, uint32_t mode,
		      uint32_t rdev, struct inode **out)
{
	if (dir->nlink == 0)
		return -ENOENT; /* a removed directory takes no new entries */
	struct ramfs_dirent *e = ramfs_dirent_alloc(name, len);
	struct inode *inode = e ? ramfs_inode_alloc(dir->sb, mode, dir) : NULL;
	if (!inode) {
		kfree(e);
		return -ENOMEM;
	}
	if (ramfs_find(dir, name, len)) {
		kfree(e);
		inode->nlink = 0;
		inode_put(inode);
		return -EEXIST;
	}
	inode->rdev = rdev;
	ramfs_dirent_insert(dir, e, inode);
	if (S_ISDIR(mode))
		dir->nlink++;
	*out = inode;
	return 0;
}

static int ramfs_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
			uint32_t rdev, struct inode **out)
{
	return ramfs_make(dir, name, len, mode, rdev, out);
}

static int ramfs_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode,
		       struct inode **out)
{
	return ramfs_make(dir, name, len, S_IFDIR | (mode & 07777), 0, out);
}

/* A symbolic link: its target, NUL-terminated, in inode->private; size is
 * the target's length (what lstat shows, as on Linux).  Both are written once,
 * before the link has a name, and never change: readers need no lock. */
static int ramfs_symlink(struct inode *dir, const char *name, size_t len, const char *target,
			 size_t target_len, struct inode **out)
{
	char *text = kmalloc(target_len + 1);
	if (!text)
		return -ENOMEM;
	memcpy(text, target, target_len);
	text[target_len] = '\0';
	struct inode *inode;
	int err = ramfs_make(dir, name, len, S_IFLNK | 0777, 0, &inode);
	if (err) {
		kfree(text);
		return err;
	}
	inode->private = text;
	inode->size = target_len;
	*out = inode;
	return 0;
}

static int ramfs_readlink(struct inode *inode, char *buf, size_t size)
{
	size_t n = MIN(size, (size_t)inode->size);
	memcpy(buf, inode->private, n);
	return (int)n;
}

static int ramfs_unlink(struct inode *dir, const char *name, size_t len)
{
	struct ramfs_dirent *e = ramfs_find(dir, name, len);
	if (!e)
		return -ENOENT;
	struct inode *inode = e->inode;
	ramfs_dirent_remove(dir, e);
	ramfs_drop_link(inode);
	return 0;
}

/* A removed directory: no links, no parent; its parent loses a "..". */
static void ramfs_dir_unlink(struct inode *dir, struct inode *victim)
{
	ramfs_dir_of(victim)->parent = NULL;
	dir->nlink--;
	victim->nlink = 1; /* only "." left: the drop below makes it 0 */
	ramfs_drop_link(victim);
}

static int ramfs_rmdir(struct inode *dir, const char *name, size_t len)
{
	struct ramfs_dirent *e = ramfs_find(dir, name, len);
	if (!e)
		return -ENOENT;
	struct inode *victim = e->inode;
	if (!S_ISDIR(victim->mode))
		return -ENOTDIR;
	if (!list_is_empty(&ramfs_dir_of(victim)->entries))
		return -ENOTEMPTY;
	ramfs_dirent_remove(dir, e);
	ramfs_dir_unlink(dir, victim);
	return 0;
}

static int ramfs_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
	if (dir->nlink == 0)
		return -ENOENT;
	struct ramfs_dirent *e = ramfs_dirent_alloc(name, len);
	if (!e)
		return -ENOMEM;
	if (ramfs_find(dir, name, len)) {
		kfree(e);
		return -EEXIST;
	}
	ramfs_dirent_insert(dir, e, target);
	target->nlink++;
	target->ctime = vfs_now();
	return 0;
}

/* The entry being replaced by a rename: a file loses a link, a directory
 * (empty, checked by the caller) goes. */
static void ramfs_rename_drop_target(struct inode *new_dir, struct ramfs_dirent *t)
{
	struct inode *target = t->inode;
	ramfs_dirent_remove(new_dir, t);
	if (S_ISDIR(target->mode))
		ramfs_dir_unlink(new_dir, target);
	else
		ramfs_drop_link(target);
}

static int ramfs_rename(struct inode *old_dir, const char *old_name, size_t old_len,
			struct inode *new_dir, const char *new_name, size_t new_len)
{
	struct ramfs_dirent *moved = ramfs_dirent_alloc(new_name, new_len);
	if (!moved)
		return -ENOMEM;
	struct ramfs_dirent *e = ramfs_find(old_dir, old_name, old_len);
	struct ramfs_dirent *t = ramfs_find(new_dir, new_name, new_len);
	int err = !e ? -ENOENT : new_dir->nlink == 0 ? -ENOENT : 0;
	if (!err && t && S_ISDIR(t->inode->mode) &&
	    !list_is_empty(&ramfs_dir_of(t->inode)->entries))
		err = -ENOTEMPTY;
	if (err) {
		kfree(moved);
		return err;
	}
	struct inode *inode = e->inode;
	if (t)
		ramfs_rename_drop_target(new_dir, t);
	ramfs_dirent_remove(old_dir, e);
	ramfs_dirent_insert(new_dir, moved, inode);
	if (S_ISDIR(inode->mode) && old_dir != new_dir) {
		ramfs_dir_of(inode)->parent = new_dir;
		old_dir->nlink--;
		new_dir->nlink++;
	}
	inode->ctime = vfs_now();
	return 0;
}

static int ramfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->inode;
	struct ramfs_dir *d = ramfs_dir_of(dir);
	if (ctx->pos == 0) {
		if (ctx->emit(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		struct inode *parent = d->parent ? d->parent : dir;
		if (ctx->emit(ctx, "..", 2, parent->ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	struct list_head *pos;
	list_for_each(pos, &d->entries) {
		struct ramfs_dirent *e = list_entry(pos, struct ramfs_dirent, node);
		if (e->cookie < ctx->pos)
			continue;
		ctx->pos = e->cookie;
		if (ctx->emit(ctx, e->name, e->len, e->inode->ino, vfs_dtype(e->inode->mode)))
			return 0;
		ctx->pos = e->cookie + 1;
	}
	return 0;
}

static const struct inode_operations ramfs_dir_iops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.rmdir = ramfs_rmdir,
	.unlink = ramfs_unlink,
	.link = ramfs_link,
	.symlink = ramfs_symlink,
	.rename = ramfs_rename,
};

static const struct inode_operations ramfs_symlink_iops = {
	.readlink = ramfs_readlink,
};

static const struct file_operations ramfs_dir_fops = {
	.readdir = ramfs_readdir,
};

/* Free a directory's entry list (at umount it may still have entries), or a
 * link's target. */
static void ramfs_evict(struct inode *inode)
{
	if (S_ISLNK(inode->mode)) {
		kfree(inode->private);
		inode->private = NULL;
		return;
	}
	struct ramfs_dir *d = S_ISDIR(inode->mode) ? ramfs_dir_of(inode) : NULL;
	if (!d)
		return;
	while (!list_is_empty(&d->entries)) {
		struct ramfs_dirent *e = list_first_entry(&d->entries, struct ramfs_dirent, node);
		list_del(&e->node);
		kfree(e);
	}
	kfree(d);
	inode->private = NULL;
}

static const struct super_operations ramfs_super_ops = {
	.evict = ramfs_evict,
};

static int ramfs_mount(struct filesystem_type *type, const char *source, uint32_t flags,
		       struct super_block **out)
{
	struct super_block *sb = sb_alloc(type, &ramfs_super_ops);
	if (!sb)
		return -ENOMEM;
	sb->has_page_cache = true;
	sb->root = ramfs_inode_alloc(sb, S_IFDIR | 0755, NULL);
	if (!sb->root) {
		kfree(sb);
		return -ENOMEM;
	}
	*out = sb;
	return 0;
}

struct filesystem_type ramfs_fs_type = {
	.name = "ramfs",
	.mount = ramfs_mount,
};
