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
 * Symbolic links.  When a step finds a link, the walk does not enter it: it
 * reads the link's text and walks that instead, from the link's directory
 * (or from the root when the text starts with '/'), then goes on with the
 * rest of the path.  So "a/l/c" with l -> "x/y" is walked as "a/x/y/c", and
 * ".." after a link climbs from where the link led, not from where it was.
 * The walk keeps one buffer for link text:
 *
 *     caller's path   "a/l/c"          pos walks the link text first,
 *     link_text       "x/y" + rest     then path_rest: the "/c" after l
 *
 * A link inside link text puts its own text in front of what is left of the
 * buffer (the rest of the caller's path stays where it is).  Links before the
 * last name are always followed; the last name's only when the caller asks
 * (LOOKUP_FOLLOW, or a '/' after it).  More than MAXSYMLINKS links in one
 * lookup is ELOOP, a loop included; an empty or dangling target is ENOENT;
 * a path that grows past PATH_MAX with link text is ENAMETOOLONG.
 *
 * Empty components (repeated slashes) are skipped.  A path that ends with '/'
 * must name a directory.  The walk holds one reference on the directory it is
 * in and drops it after taking the next, so a walk never leaks or dangles.
 * Read next: fs/vfs_ops.c.
 */
#include <corral/kmalloc.h>
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

/* Move the walk into dir, a reference it takes over. */
static void walk_set_dir(struct path_walk *w, struct inode *dir)
{
	inode_put(w->dir);
	w->dir = dir;
}

static bool namei_only_slashes(const char *p)
{
	while (*p == '/')
		p++;
	return *p == '\0';
}

/* Skip slashes; at the end of a link's text, go on with the caller's path. */
static void walk_skip_slashes(struct path_walk *w)
{
	for (;;) {
		while (*w->pos == '/')
			w->pos++;
		if (*w->pos || !w->is_in_link_text || !w->path_rest)
			return;
		w->pos = w->path_rest;
		w->path_rest = NULL;
		w->is_in_link_text = false;
	}
}

/* The next name and its length; pos moves past it. */
static const char *walk_next_name(struct path_walk *w, size_t *len)
{
	walk_skip_slashes(w);
	const char *name = w->pos;
	while (*w->pos && *w->pos != '/')
		w->pos++;
	*len = (size_t)(w->pos - name);
	return name;
}

/* Was the name just taken the last one? */
static bool walk_is_at_end(const struct path_walk *w)
{
	return namei_only_slashes(w->pos) && (!w->path_rest || namei_only_slashes(w->path_rest));
}

/* Does a '/' follow the name just taken (in its text, or as the caller's
 * path going on after the link text, which always starts with one)? */
static bool walk_has_slash_after(const struct path_walk *w)
{
	return *w->pos == '/' || (*w->pos == '\0' && w->path_rest);
}

/*
 * The walk met the link `link`, found in w->dir and not yet walked past:
 * walk its text next, then what came after its name.  The text replaces the
 * name, so a relative target starts in w->dir, an absolute one at the root.
 */
static int walk_push_link(struct path_walk *w, struct inode *link)
{
	if (++w->nr_links > MAXSYMLINKS)
		return -ELOOP;
	if (!w->link_text && !(w->link_text = kmalloc(2 * PATH_MAX)))
		return -ENOMEM;
	char *text = w->link_text, *scratch = w->link_text + PATH_MAX;
	int n = vfs_readlink(link, scratch, PATH_MAX);
	if (n <= 0)
		return n < 0 ? n : -ENOENT; /* an empty link names nothing */
	/* What is still to walk: the rest of the link text we are in (it stays
	 * behind the new text), and the rest of the caller's path. */
	size_t rest_len = w->is_in_link_text ? strlen(w->pos) : 0;
	const char *path_rest = w->is_in_link_text ? w->path_rest : *w->pos ? w->pos : NULL;
	size_t path_rest_len = path_rest ? strlen(path_rest) : 0;
	if ((size_t)n + rest_len + path_rest_len >= PATH_MAX)
		return -ENAMETOOLONG;
	memmove(text + n, w->is_in_link_text ? w->pos : "", rest_len + 1);
	memcpy(text, scratch, (size_t)n);
	w->pos = text;
	w->is_in_link_text = true;
	w->path_rest = path_rest;
	if (text[0] == '/') {
		struct inode *root = namei_root();
		inode_get(root);
		walk_set_dir(w, root);
	}
	return 0;
}

/* Walk until the next name is the last one: it goes to w->name. */
static int walk_to_last(struct path_walk *w)
{
	for (;;) {
		size_t len;
		const char *name = walk_next_name(w, &len);
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		if (walk_is_at_end(w)) {
			w->name = name;
			w->len = len;
			w->must_be_dir = walk_has_slash_after(w);
			return S_ISDIR(w->dir->mode) ? 0 : -ENOTDIR;
		}
		struct inode *next;
		int err = vfs_lookup_child(w->dir, name, len, &next);
		if (err)
			return err;
		if (S_ISLNK(next->mode)) {
			err = walk_push_link(w, next);
			inode_put(next);
			if (err)
				return err;
		} else {
			walk_set_dir(w, next);
		}
	}
}

int vfs_walk_start(struct path_walk *w, struct inode *base, const char *path)
{
	memset(w, 0, sizeof(*w));
	if (!*path)
		return -ENOENT;
	if (strnlen(path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	struct inode *start = *path == '/' ? namei_root() : (base ? base : namei_cwd());
	if (!start)
		return -ENOENT;
	inode_get(start);
	w->dir = start;
	w->pos = path;
	return walk_to_last(w);
}

/* The last name is the link `link`: walk on to the last name of its target. */
int vfs_walk_follow_link(struct path_walk *w, struct inode *link)
{
	int err = walk_push_link(w, link);
	return err ? err : walk_to_last(w);
}

void vfs_walk_finish(struct path_walk *w)
{
	inode_put(w->dir);
	w->dir = NULL;
	kfree(w->link_text);
	w->link_text = NULL;
}

/* The last name itself; "" (the path "/") is the directory. */
static int walk_lookup_last(struct path_walk *w, struct inode **out)
{
	if (w->len == 0) {
		inode_get(w->dir);
		*out = w->dir;
		return 0;
	}
	return vfs_lookup_child(w->dir, w->name, w->len, out);
}

int vfs_lookup_at(struct inode *base, const char *path, unsigned flags, struct inode **out)
{
	struct path_walk w;
	struct inode *inode = NULL;
	int err = vfs_walk_start(&w, base, path);
	while (!err) {
		err = walk_lookup_last(&w, &inode);
		bool follow = (flags & LOOKUP_FOLLOW) || w.must_be_dir;
		if (err || !S_ISLNK(inode->mode) || !follow)
			break;
		err = vfs_walk_follow_link(&w, inode);
		inode_put(inode);
		inode = NULL;
	}
	if (!err && w.must_be_dir && !S_ISDIR(inode->mode))
		err = -ENOTDIR;
	vfs_walk_finish(&w);
	if (err) {
		inode_put(inode);
		return err;
	}
	*out = inode;
	return 0;
}

int vfs_lookup(const char *path, struct inode **out)
{
	return vfs_lookup_at(NULL, path, LOOKUP_FOLLOW, out);
}

/* Only links before the last name are followed here, so the last name is
 * always in the caller's path (a link's text is walked before the rest of
 * the path, and that rest still holds a name). */
int vfs_lookup_parent_at(struct inode *base, const char *path, struct inode **dir,
			 const char **name, size_t *len)
{
	struct path_walk w;
	int err = vfs_walk_start(&w, base, path);
	if (!err) {
		*dir = w.dir;
		w.dir = NULL; /* the caller's reference now */
		*name = w.name;
		*len = w.len;
	}
	vfs_walk_finish(&w);
	return err;
}

int vfs_lookup_parent(const char *path, struct inode **dir, const char **name, size_t *len)
{
	return vfs_lookup_parent_at(NULL, path, dir, name, len);
}
