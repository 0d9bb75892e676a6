/*
 * vfs_ops.c — opening files, and the operations on one inode: truncate,
 * readlink, chmod, chown; the working and root directories and the path of
 * a directory.
 *
 * This is where Unix policy lives; filesystems only do what they are told.
 * Opening checks, in Linux's order: the path resolves, a symbolic link at its
 * end followed unless O_NOFOLLOW (or, with O_CREAT, its directory lets us
 * create the name; a link there is followed unless O_EXCL), the type suits
 * the flags (a directory is never opened for writing, O_DIRECTORY wants one,
 * a link is never opened: ELOOP), and the permission bits allow the access
 * mode.  A file created by this open is not checked against its own new mode
 * (open("f", O_CREAT|O_RDWR, 0444) works once).
 *
 * getcwd has no names to read: it climbs with ".." (and from a mounted root
 * to the mount point) and at each level searches the parent directory for
 * the entry with the child's inode number.  Read next: fs/vfs_dir.c.
 */
#include <corral/container.h>
#include <corral/kmalloc.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

/* Flags that only matter while opening, and are not kept in file->flags. */
#define OPEN_ONLY_FLAGS (O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)

static bool name_is_dot_or_dotdot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

static uint32_t vfs_umask(void)
{
	return current ? current->umask : 022;
}

static int open_create_new(struct inode *dir, const char *name, size_t len, uint32_t mode,
			   struct inode **out)
{
	int err = inode_permission(dir, W_OK | X_OK);
	if (err)
		return err;
	if (!dir->iops->create)
		return -EACCES;
	return dir->iops->create(dir, name, len, S_IFREG | (mode & 07777 & ~vfs_umask()), 0, out);
}

/*
 * O_CREAT: find or make the last component; *is_created tells which.  A
 * symbolic link there is followed, and a dangling one creates what it names
 * (as Linux does), unless O_EXCL (then it exists: EEXIST) or O_NOFOLLOW (the
 * link itself is the answer, and open_check refuses it).
 */
static int open_create(struct inode *base, const char *path, uint32_t flags, uint32_t mode,
		       struct inode **out, bool *is_created)
{
	struct path_walk w;
	int err = vfs_walk_start(&w, base, path);
	*is_created = false;
	while (!err) {
		if (w.len == 0 || name_is_dot_or_dotdot(w.name, w.len) || w.must_be_dir) {
			err = -EISDIR; /* O_CREAT makes files, never directories */
			break;
		}
		err = vfs_lookup_child(w.dir, w.name, w.len, out);
		if (err == -ENOENT) {
			err = open_create_new(w.dir, w.name, w.len, mode, out);
			*is_created = !err;
			if (err == -EEXIST && !(flags & O_EXCL)) /* a racing creator won */
				err = vfs_lookup_child(w.dir, w.name, w.len, out);
			break;
		}
		if (err || !S_ISLNK((*out)->mode) || (flags & (O_EXCL | O_NOFOLLOW)))
			break;
		err = vfs_walk_follow_link(&w, *out);
		inode_put(*out);
	}
	if (!err && !*is_created && (flags & O_EXCL)) {
		inode_put(*out);
		err = -EEXIST;
	}
	vfs_walk_finish(&w);
	return err;
}

/* May an existing inode be opened with these flags? */
static int open_check(struct inode *inode, uint32_t flags)
{
	uint32_t accmode = flags & O_ACCMODE;
	if (S_ISLNK(inode->mode))
		return -ELOOP; /* only O_NOFOLLOW leaves a link at the end of the path */
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->mode))
		return -ENOTDIR;
	if (S_ISDIR(inode->mode) && (accmode != O_RDONLY || (flags & (O_TRUNC | O_CREAT))))
		return -EISDIR;
	int mask = accmode == O_RDONLY ? R_OK : accmode == O_WRONLY ? W_OK : R_OK | W_OK;
	if (flags & O_TRUNC)
		mask |= W_OK;
	return inode_permission(inode, mask);
}

/* Make the struct file and let the filesystem (or driver) open it. */
static int open_file(struct inode *inode, uint32_t flags, struct file **out)
{
	struct file *file = file_alloc(inode, flags & ~OPEN_ONLY_FLAGS);
	if (!file)
		return -ENOMEM;
	int err = file->fops && file->fops->open ? file->fops->open(inode, file) : 0;
	if (err) {
		file->fops = NULL; /* never opened: no release */
		file_put(file);
		return err;
	}
	*out = file;
	return 0;
}

int vfs_open_at(struct inode *base, const char *path, uint32_t flags, uint32_t mode,
		struct file **out)
{
	struct inode *inode;
	bool is_created = false;
	int err = flags & O_CREAT
		      ? open_create(base, path, flags, mode, &inode, &is_created)
		      : vfs_lookup_at(base, path, flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &inode);
	if (err)
		return err;
	if (!is_created)
		err = open_check(inode, flags);
	if (!err && (flags & O_TRUNC) && S_ISREG(inode->mode) && !is_created)
		err = vfs_truncate(inode, 0);
	/* A file's first opener's container owns its page cache. */
	if (!err && S_ISREG(inode->mode) && inode->sb->has_page_cache && current)
		container_file_attach(inode, current->container);
	struct path_name *name = NULL;
	if (!err)
		err = path_name_for_open(base, path, &name);
	if (!err)
		err = open_file(inode, flags, out);
	if (!err)
		(*out)->path = name; /* the file's reference */
	else
		path_name_put(name);
	inode_put(inode);
	return err;
}

int vfs_open(const char *path, uint32_t flags, uint32_t mode, struct file **out)
{
	return vfs_open_at(NULL, path, flags, mode, out);
}

static void inode_changed(struct inode *inode)
{
	inode->ctime = vfs_now();
	if (inode->iops && inode->iops->setattr)
		inode->iops->setattr(inode);
}

int vfs_truncate(struct inode *inode, uint64_t size)
{
	if (S_ISDIR(inode->mode))
		return -EISDIR;
	if (!S_ISREG(inode->mode) || !inode->iops || !inode->iops->truncate)
		return -EINVAL;
	return inode->iops->truncate(inode, size);
}

int vfs_readlink(struct inode *inode, char *buf, size_t size)
{
	if (!S_ISLNK(inode->mode) || !inode->iops || !inode->iops->readlink)
		return -EINVAL;
	return inode->iops->readlink(inode, buf, size);
}

int vfs_chmod(struct inode *inode, uint32_t mode)
{
	if (!inode_is_owner_or_root(inode))
		return -EPERM;
	inode->mode = (inode->mode & S_IFMT) | (mode & 07777);
	inode_changed(inode);
	return 0;
}

int vfs_chown(struct inode *inode, uint32_t uid, uint32_t gid)
{
	if (!current || current->cred.euid != 0)
		return -EPERM;
	if (uid != (uint32_t)-1)
		inode->uid = uid;
	if (gid != (uint32_t)-1)
		inode->gid = gid;
	if (!S_ISDIR(inode->mode)) /* a new owner must not inherit set-id powers */
		inode->mode &= ~(uint32_t)(S_ISUID | ((inode->mode & 010) ? S_ISGID : 0));
	inode_changed(inode);
	return 0;
}

/* utimensat(2)'s rules: times set to "now" need ownership or write
 * permission; explicit times need ownership (root may do both).  A NULL time
 * is left as it is; ctime always becomes now. */
int vfs_set_times(struct inode *inode, const uint32_t *atime, const uint32_t *mtime,
		  bool explicit_times)
{
	if (!inode_is_owner_or_root(inode)) {
		if (explicit_times)
			return -EPERM;
		if (inode_permission(inode, W_OK))
			return -EACCES;
	}
	if (atime)
		inode->atime = *atime;
	if (mtime)
		inode->mtime = *mtime;
	inode_changed(inode);
	return 0;
}

/* The directory path names, if we may stand in it (search permission):
 * a reference, for chdir and chroot. */
static int lookup_dir_to_enter(const char *path, struct inode **out)
{
	struct inode *dir;
	int err = vfs_lookup(path, &dir);
	if (err)
		return err;
	if (!S_ISDIR(dir->mode))
		err = -ENOTDIR;
	else
		err = inode_permission(dir, X_OK);
	if (err) {
		inode_put(dir);
		return err;
	}
	*out = dir;
	return 0;
}

int vfs_chdir(const char *path)
{
	struct inode *dir;
	int err = lookup_dir_to_enter(path, &dir);
	if (err)
		return err;
	inode_put(current->cwd);
	current->cwd = dir;
	return 0;
}

/*
 * chroot(2): absolute paths, absolute link targets and ".." stop at dir
 * from now on (fs/namei.c asks current->root).  Linux's order: the lookup's
 * errors and EACCES first, then EPERM for anyone but root.  The cwd stays
 * where it is, as on Linux, even outside the new root: ".." from there
 * climbs past it, which is why chroot is root's alone; getcwd then says
 * "(unreachable)".
 */
int vfs_chroot(const char *path)
{
	struct inode *dir;
	int err = lookup_dir_to_enter(path, &dir);
	if (err)
		return err;
	if (current->cred.euid != 0) {
		inode_put(dir);
		return -EPERM;
	}
	inode_put(current->root);
	current->root = dir;
	return 0;
}

/* Searching a directory for the entry that names an inode number. */
struct name_search {
	struct dir_context ctx;
	uint32_t ino;
	bool is_found;
	char name[NAME_MAX + 1];
};

static int name_search_emit(struct dir_context *ctx, const char *name, size_t len, uint32_t ino,
			    unsigned type)
{
	struct name_search *s = container_of(ctx, struct name_search, ctx);
	if (ino != s->ino || name_is_dot_or_dotdot(name, len) || len > NAME_MAX)
		return 0;
	memcpy(s->name, name, len);
	s->name[len] = '\0';
	s->is_found = true;
	return 1;
}

/* The name of child in dir, into search->name. */
static int dir_find_name(struct inode *dir, struct inode *child, struct name_search *search)
{
	struct file *file = NULL;
	int err = open_file(dir, O_RDONLY | O_DIRECTORY, &file);
	if (err)
		return err;
	search->ctx.emit = name_search_emit;
	search->ctx.pos = 0;
	search->ino = child->ino;
	search->is_found = false;
	bool can_list = file->fops && file->fops->readdir;
	err = can_list ? file->fops->readdir(file, &search->ctx) : -ENOTDIR;
	file_put(file);
	if (!err && !search->is_found)
		err = -ENOENT;
	return err;
}

/* Prepend "/name" to the string that ends at buf + size and starts at *start. */
static int path_prepend(char *buf, size_t *start, const char *name)
{
	size_t len = strlen(name);
	if (*start < len + 1)
		return -ERANGE;
	*start -= len + 1;
	buf[*start] = '/';
	memcpy(buf + *start + 1, name, len);
	return 0;
}

/* One level up from cur (a reference, replaced by its parent's); the name
 * that leads back down goes in front of the path. */
static int path_climb(struct inode **cur, char *buf, size_t *start, struct name_search *search)
{
	struct mount *m = vfs_mount_of_root(*cur);
	struct inode *parent;
	int err = 0;
	if (m && m->mountpoint) {
		parent = m->mountpoint; /* same place, seen from the filesystem above */
		inode_get(parent);
	} else {
		err = (*cur)->iops->lookup(*cur, "..", 2, &parent);
		if (err)
			return err;
		err = dir_find_name(parent, *cur, search);
		if (!err)
			err = path_prepend(buf, start, search->name);
	}
	inode_put(*cur);
	*cur = parent;
	return err;
}

/* Linux's getcwd mark for a directory that is not below the caller's root
 * (a cwd left outside a chroot): what follows is its path from the global root. */
#define PATH_UNREACHABLE "(unreachable)"

/* Climb from inode to root, building the path at the end of buf.  A climb
 * that reaches the global root without meeting root gives the path from
 * there, marked PATH_UNREACHABLE if the caller asks. */
static int inode_path(struct inode *inode, struct inode *root, char *buf, size_t size,
		      bool mark_unreachable)
{
	if (!root)
		root = vfs_root();
	struct name_search *search = kmalloc(sizeof(*search));
	if (!search)
		return -ENOMEM;
	if (size < 2) {
		kfree(search);
		return -ERANGE;
	}
	size_t start = size - 1;
	buf[start] = '\0';
	struct inode *cur = inode;
	inode_get(cur);
	int err = 0;
	while (!err && cur != root) {
		struct mount *m = vfs_mount_of_root(cur);
		if (m && !m->mountpoint)
			break; /* the global root, above a chroot-like root: stop */
		err = path_climb(&cur, buf, &start, search);
	}
	bool is_reachable = cur == root;
	inode_put(cur);
	kfree(search);
	if (!err && start == size - 1)
		buf[--start] = '/';
	if (!err && !is_reachable && mark_unreachable) {
		size_t len = sizeof(PATH_UNREACHABLE) - 1;
		if (start < len)
			err = -ERANGE;
		else
			memcpy(buf + (start -= len), PATH_UNREACHABLE, len);
	}
	if (!err)
		memmove(buf, buf + start, size - start);
	return err;
}

int vfs_inode_path(struct inode *inode, struct inode *root, char *buf, size_t size)
{
	return inode_path(inode, root, buf, size, false);
}

int vfs_getcwd(char *buf, size_t size)
{
	struct inode *root = current && current->root ? current->root : vfs_root();
	struct inode *cwd = current && current->cwd ? current->cwd : root;
	return inode_path(cwd, root, buf, size, true);
}
