/*
 * namei.c — path lookup: from "/usr/../etc//motd" to an inode.
 *
 * A path is walked one component at a time from the root (absolute paths),
 * or from a base directory (the cwd, or an openat dirfd).  Each step is
 * vfs_lookup_child(), which needs search (x) permission on the directory and:
 *
 *   "."   stays where it is;
 *   ".."  stops at the task's root; at the root of a mounted filesystem it
 *         first climbs to the directory it is mounted on, then asks that
 *         directory's filesystem for its parent;
 *   name  asks the directory's filesystem, then, if the result is a mount
 *         point, steps down to the root of what is mounted there (repeatedly:
 *         mounts may be stacked).
 *
 * Empty components (repeated slashes) are skipped.  A path that ends with '/'
 * must name a directory.  Every step holds one reference on the inode it is
 * at and drops it after taking the next, so a walk never leaks or dangles.
 * There are no symbolic links.  Read next: fs/vfs_ops.c.
 */
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

static struct inode *namei_root(void)
{
	return current && current->root ? current->root : vfs_root();
}

static struct inode *namei_cwd(void)
{
	return current && current->cwd ? current->cwd : namei_root();
}

/* inode is a reference; returns a reference to what is mounted on it, if anything. */
static struct inode *namei_cross_down(struct inode *inode)
{
	while (inode->covered_by) {
		struct inode *root = inode->covered_by->sb->root;
		inode_get(root);
		inode_put(inode);
		inode = root;
	}
	return inode;
}

static int namei_dotdot(struct inode *dir, struct inode **out)
{
	struct inode *root = namei_root();
	struct mount *m;
	while (dir != root && (m = vfs_mount_of_root(dir)) && m->mountpoint)
		dir = m->mountpoint;
	if (dir == root) {
		inode_get(dir);
		*out = dir;
		return 0;
	}
	return dir->iops->lookup(dir, "..", 2, out);
}

int vfs_lookup_child(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if (!S_ISDIR(dir->mode) || !dir->iops || !dir->iops->lookup)
		return -ENOTDIR;
	int err = inode_permission(dir, X_OK);
	if (err)
		return err;
	if (len == 1 && name[0] == '.') {
		inode_get(dir);
		*out = dir;
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return namei_dotdot(dir, out);
	struct inode *inode;
	err = dir->iops->lookup(dir, name, len, &inode);
	if (err)
		return err;
	*out = namei_cross_down(inode);
	return 0;
}

/* The next component at *p: its start and length; *p moves past it. */
static const char *namei_next_name(const char **p, size_t *len)
{
	while (**p == '/')
		(*p)++;
	const char *name = *p;
	while (**p && **p != '/')
		(*p)++;
	*len = (size_t)(*p - name);
	return name;
}

static bool namei_is_last(const char *p)
{
	while (*p == '/')
		p++;
	return *p == '\0';
}

/*
 * Walk path from base.  With last != NULL, stop before the last component:
 * *out is its directory and *last the name ("" when the path has none).
 */
static int namei_walk(struct inode *base, const char *path, struct inode **out,
		      const char **last, size_t *last_len)
{
	if (!*path)
		return -ENOENT;
	if (strnlen(path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	struct inode *cur = *path == '/' ? namei_root() : (base ? base : namei_cwd());
	if (!cur)
		return -ENOENT;
	inode_get(cur);
	const char *p = path;
	int err = 0;
	while (!namei_is_last(p)) {
		size_t len;
		const char *name = namei_next_name(&p, &len);
		if (len > NAME_MAX) {
			err = -ENAMETOOLONG;
			break;
		}
		if (last && namei_is_last(p)) {
			*last = name;
			*last_len = len;
			break;
		}
		struct inode *next;
		err = vfs_lookup_child(cur, name, len, &next);
		if (err)
			break;
		inode_put(cur);
		cur = next;
	}
	if (!err && last && namei_is_last(path)) {
		*last = ""; /* "/": no last component */
		*last_len = 0;
	}
	bool must_be_dir = last || path[strlen(path) - 1] == '/';
	if (!err && must_be_dir && !S_ISDIR(cur->mode))
		err = -ENOTDIR;
	if (err) {
		inode_put(cur);
		return err;
	}
	*out = cur;
	return 0;
}

int vfs_lookup_at(struct inode *base, const char *path, struct inode **out)
{
	return namei_walk(base, path, out, NULL, NULL);
}

int vfs_lookup(const char *path, struct inode **out)
{
	return namei_walk(NULL, path, out, NULL, NULL);
}

int vfs_lookup_parent_at(struct inode *base, const char *path, struct inode **dir,
			 const char **name, size_t *len)
{
	return namei_walk(base, path, dir, name, len);
}

int vfs_lookup_parent(const char *path, struct inode **dir, const char **name, size_t *len)
{
	return namei_walk(NULL, path, dir, name, len);
}
