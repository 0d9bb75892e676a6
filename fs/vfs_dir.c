/*
 * vfs_dir.c — changing directories: mkdir, mknod, rmdir, unlink, link,
 * symlink, rename.
 *
 * Each operation resolves the parent directory of its last name, checks
 * Unix's rules, then asks the directory's filesystem to do it:
 *
 *   - creating or removing a name needs write and search permission on the
 *     directory; in a sticky directory (/tmp, mode 1777) only the owner of
 *     the entry or of the directory (or root) may remove or replace it;
 *   - a mount point cannot be removed or renamed (EBUSY), and "." and ".."
 *     cannot be removed or renamed;
 *   - mknod makes FIFOs, sockets and empty files for anyone, device nodes
 *     only for root (EPERM, checked after the directory's own rules, as
 *     Linux), and never a directory (EPERM) or an unknown type (EINVAL);
 *   - rename stays inside one filesystem (EXDEV), never moves a directory
 *     into itself (EINVAL), and replaces a file with a file or an empty
 *     directory with a directory.
 *
 * The victim of a remove is looked up without crossing mounts: it is the
 * directory's own entry that goes, and a covered entry refuses.  Nothing here
 * follows a symbolic link in the last name: unlink and rename act on the link
 * itself, rmdir of a link is ENOTDIR, link makes a second name for the link
 * (as Linux's link(2)), and a new name that is a dangling link exists (EEXIST).
 * Read next: fs/file.c.
 */
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

static bool is_dot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

static bool is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

/* "name/" promises a directory. */
static bool path_has_trailing_slash(const char *path)
{
	size_t len = strlen(path);
	return len > 1 && path[len - 1] == '/';
}

static uint32_t vfs_umask(void)
{
	return current ? current->umask : 022;
}

/* The entry name in dir itself (no mount crossing); needs search permission. */
static int dir_lookup_entry(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	int err = inode_permission(dir, X_OK);
	return err ? err : dir->iops->lookup(dir, name, len, out);
}

/* May the current task remove (or replace) victim from dir? */
static int may_delete(struct inode *dir, struct inode *victim)
{
	int err = inode_permission(dir, W_OK | X_OK);
	if (err)
		return err;
	if ((dir->mode & S_ISVTX) && !inode_is_owner_or_root(victim) &&
	    !inode_is_owner_or_root(dir))
		return -EPERM;
	return victim->covered_by ? -EBUSY : 0;
}

/* The parent of path's last name must not hold that name yet; may we add it? */
static int may_create(struct inode *dir, const char *name, size_t len)
{
	if (len == 0 || is_dot(name, len) || is_dotdot(name, len))
		return -EEXIST;
	struct inode *existing;
	int err = dir_lookup_entry(dir, name, len, &existing);
	if (!err) {
		inode_put(existing);
		return -EEXIST;
	}
	if (err != -ENOENT)
		return err;
	return inode_permission(dir, W_OK | X_OK);
}

int vfs_mkdir(const char *path, uint32_t mode)
{
	struct inode *dir, *child;
	const char *name;
	size_t len;
	int err = vfs_lookup_parent(path, &dir, &name, &len);
	if (err)
		return err;
	err = may_create(dir, name, len);
	if (!err && !dir->iops->mkdir)
		err = -EPERM;
	uint32_t dir_mode = S_IFDIR | (mode & 07777 & ~vfs_umask());
	if (!err)
		err = dir->iops->mkdir(dir, name, len, dir_mode, &child);
	if (!err)
		inode_put(child);
	inode_put(dir);
	return err;
}

/* mknod's first check, before any lookup (Linux's may_mknod): 0, or the
 * errno for a type mknod never makes. */
static int mknod_check_type(uint32_t type)
{
	switch (type) {
	case S_IFREG: case S_IFIFO: case S_IFSOCK: case S_IFCHR: case S_IFBLK:
		return 0;
	case S_IFDIR:
		return -EPERM; /* mkdir's job */
	}
	return -EINVAL;
}

/* Device nodes reach hardware: only root may make them (CAP_MKNOD). */
static int mknod_check_device(uint32_t type)
{
	bool is_device = type == S_IFCHR || type == S_IFBLK;
	return is_device && current && current->cred.euid != 0 ? -EPERM : 0;
}

int vfs_mknod_at(struct inode *base, const char *path, uint32_t mode, uint32_t rdev)
{
	uint32_t type = (mode & S_IFMT) ? (mode & S_IFMT) : S_IFREG;
	int err = mknod_check_type(type);
	if (err)
		return err;
	struct inode *dir, *node;
	const char *name;
	size_t len;
	err = vfs_lookup_parent_at(base, path, &dir, &name, &len);
	if (err)
		return err;
	err = may_create(dir, name, len);
	if (!err && path_has_trailing_slash(path))
		err = -ENOENT; /* "name/" promises a directory that is not there */
	if (!err)
		err = mknod_check_device(type);
	if (!err && !dir->iops->create)
		err = -EPERM;
	if (!err) {
		uint32_t perm = mode & 07777 & ~vfs_umask();
		bool is_device = type == S_IFCHR || type == S_IFBLK;
		err = dir->iops->create(dir, name, len, type | perm, is_device ? rdev : 0, &node);
	}
	if (!err)
		inode_put(node);
	inode_put(dir);
	return err;
}

/* Resolve path's parent and its entry for removal: both are references. */
static int lookup_victim(const char *path, struct inode **dir, const char **name, size_t *len,
			 struct inode **victim)
{
	int err = vfs_lookup_parent(path, dir, name, len);
	if (err)
		return err;
	if (*len == 0)
		err = -EBUSY; /* "/" */
	else if (is_dot(*name, *len))
		err = -EINVAL;
	else if (is_dotdot(*name, *len))
		err = -ENOTEMPTY;
	else
		err = dir_lookup_entry(*dir, *name, *len, victim);
	if (err)
		inode_put(*dir);
	return err;
}

int vfs_rmdir(const char *path)
{
	struct inode *dir, *victim;
	const char *name;
	size_t len;
	int err = lookup_victim(path, &dir, &name, &len, &victim);
	if (err)
		return err;
	if (!S_ISDIR(victim->mode))
		err = -ENOTDIR;
	else
		err = may_delete(dir, victim);
	if (!err)
		err = dir->iops->rmdir ? dir->iops->rmdir(dir, name, len) : -EPERM;
	inode_put(victim);
	inode_put(dir);
	return err;
}

int vfs_unlink(const char *path)
{
	struct inode *dir, *victim;
	const char *name;
	size_t len;
	int err = lookup_victim(path, &dir, &name, &len, &victim);
	if (err)
		return err == -EBUSY || err == -EINVAL || err == -ENOTEMPTY ? -EISDIR : err;
	if (S_ISDIR(victim->mode))
		err = -EISDIR;
	else if (path_has_trailing_slash(path))
		err = -ENOTDIR;
	else
		err = may_delete(dir, victim);
	if (!err)
		err = dir->iops->unlink ? dir->iops->unlink(dir, name, len) : -EPERM;
	inode_put(victim);
	inode_put(dir);
	return err;
}

int vfs_link(const char *old_path, const char *new_path)
{
	struct inode *target, *dir;
	const char *name;
	size_t len;
	int err = vfs_lookup_at(NULL, old_path, 0, &target);
	if (err)
		return err;
	err = vfs_lookup_parent(new_path, &dir, &name, &len);
	if (err) {
		inode_put(target);
		return err;
	}
	if (S_ISDIR(target->mode))
		err = -EPERM;
	else if (dir->sb != target->sb)
		err = -EXDEV;
	else
		err = may_create(dir, name, len);
	if (!err)
		err = dir->iops->link ? dir->iops->link(dir, name, len, target) : -EPERM;
	inode_put(dir);
	inode_put(target);
	return err;
}

int vfs_symlink_at(struct inode *base, const char *target, const char *path)
{
	if (!*target)
		return -ENOENT; /* an empty target names nothing (Linux says so too) */
	size_t target_len = strnlen(target, PATH_MAX);
	if (target_len >= PATH_MAX)
		return -ENAMETOOLONG;
	struct inode *dir, *link;
	const char *name;
	size_t len;
	int err = vfs_lookup_parent_at(base, path, &dir, &name, &len);
	if (err)
		return err;
	err = may_create(dir, name, len);
	if (!err && path_has_trailing_slash(path))
		err = -ENOENT; /* "name/" promises a directory that is not there */
	if (!err && !dir->iops->symlink)
		err = -EPERM;
	if (!err)
		err = dir->iops->symlink(dir, name, len, target, target_len, &link);
	if (!err)
		inode_put(link);
	inode_put(dir);
	return err;
}

/* Is dir victim itself or below it?  Climbs dir's filesystem with "..". */
static int rename_check_loop(struct inode *victim, struct inode *dir)
{
	struct inode *cur = dir;
	inode_get(cur);
	int err = 0;
	while (!err && cur != cur->sb->root) {
		if (cur == victim) {
			err = -EINVAL;
			break;
		}
		struct inode *parent;
		err = cur->iops->lookup(cur, "..", 2, &parent);
		if (!err) {
			inode_put(cur);
			cur = parent;
		}
	}
	if (cur == victim)
		err = -EINVAL;
	inode_put(cur);
	return err;
}

struct rename_ends {
	struct inode *old_dir, *new_dir, *victim, *target; /* target: NULL if new */
	const char *old_name, *new_name;
	size_t old_len, new_len;
};

static int rename_check(struct rename_ends *r, bool has_trailing_slash)
{
	if (r->old_dir->sb != r->new_dir->sb)
		return -EXDEV;
	int err = dir_lookup_entry(r->old_dir, r->old_name, r->old_len, &r->victim);
	if (err)
		return err;
	if (has_trailing_slash && !S_ISDIR(r->victim->mode))
		return -ENOTDIR;
	err = dir_lookup_entry(r->new_dir, r->new_name, r->new_len, &r->target);
	if (err == -ENOENT) {
		r->target = NULL;
		err = inode_permission(r->new_dir, W_OK | X_OK);
	} else if (!err) {
		if (r->target == r->victim)
			return 1; /* two names of one inode: nothing to do */
		if (S_ISDIR(r->victim->mode) && !S_ISDIR(r->target->mode))
			return -ENOTDIR;
		if (!S_ISDIR(r->victim->mode) && S_ISDIR(r->target->mode))
			return -EISDIR;
		err = may_delete(r->new_dir, r->target);
	}
	if (!err)
		err = may_delete(r->old_dir, r->victim);
	if (!err && S_ISDIR(r->victim->mode) && r->old_dir != r->new_dir) {
		err = inode_permission(r->victim, W_OK); /* its ".." changes */
		if (!err)
			err = rename_check_loop(r->victim, r->new_dir);
	}
	return err;
}

static bool rename_name_is_bad(const char *name, size_t len)
{
	return len == 0 || is_dot(name, len) || is_dotdot(name, len);
}

int vfs_rename(const char *old_path, const char *new_path)
{
	struct rename_ends r = {0};
	int err = vfs_lookup_parent(old_path, &r.old_dir, &r.old_name, &r.old_len);
	if (err)
		return err;
	err = vfs_lookup_parent(new_path, &r.new_dir, &r.new_name, &r.new_len);
	if (err) {
		inode_put(r.old_dir);
		return err;
	}
	if (rename_name_is_bad(r.old_name, r.old_len) || rename_name_is_bad(r.new_name, r.new_len))
		err = -EBUSY;
	else
		err = rename_check(&r, path_has_trailing_slash(old_path) ||
					       path_has_trailing_slash(new_path));
	if (err == 0 && !r.old_dir->iops->rename)
		err = -EPERM;
	if (err == 0)
		err = r.old_dir->iops->rename(r.old_dir, r.old_name, r.old_len, r.new_dir,
					      r.new_name, r.new_len);
	inode_put(r.target);
	inode_put(r.victim);
	inode_put(r.new_dir);
	inode_put(r.old_dir);
	return err > 0 ? 0 : err;
}
