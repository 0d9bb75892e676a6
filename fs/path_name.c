/*
 * path_name.c — the names things were opened by: an absolute path, kept as
 * one shared, reference-counted string.
 *
 * Corral has no dentry cache, so an inode cannot tell its own path.  Where
 * Linux walks dentries for /proc/PID/fd/N, /proc/PID/exe and the file names
 * in /proc/PID/maps, Corral keeps the path the file was opened by: open
 * makes a path_name (fs/vfs_ops.c) and keeps it in struct file; a mapping of
 * the file (struct vma) and an exec'd program (struct task.exe) take a
 * reference on the same string, so fork and mmap copy nothing.
 *
 * The path is made absolute and clean when it is made: a relative path is
 * joined to its base directory's path (climbed with "..", as getcwd does),
 * and ".", ".." and repeated '/' are resolved by text.  Symbolic links on
 * the way are not resolved: opening /etc/mtab names "/etc/mtab", where Linux
 * would say "/proc/mounts".  A renamed or removed file keeps its old name.
 *
 *      struct path_name { refcount = 3 | "/bin/sh" }
 *           ^             ^               ^
 *      struct file    struct vma     struct task.exe
 *
 * Locking: none; references change in task context only, like a file's
 * (the kernel is not preemptive).  Read next: fs/vfs_ops.c.
 */
#include <corral/kmalloc.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

struct path_name *path_name_make(const char *text)
{
	size_t len = strlen(text);
	struct path_name *name = kmalloc(sizeof(*name) + len + 1);
	if (!name)
		return NULL;
	name->refcount = 1;
	memcpy(name->text, text, len + 1);
	return name;
}

struct path_name *path_name_get(struct path_name *name)
{
	if (name)
		name->refcount++;
	return name;
}

void path_name_put(struct path_name *name)
{
	if (name && --name->refcount == 0)
		kfree(name);
}

/* Append one component of a path to out (an absolute path being built, of
 * size bytes); "." does nothing and ".." removes the last component. */
static void path_push(char *out, size_t size, const char *name, size_t len)
{
	size_t out_len = strlen(out);
	if (len == 0 || (len == 1 && name[0] == '.'))
		return;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		while (out_len > 1 && out[out_len - 1] != '/')
			out_len--;
		out[out_len > 1 ? out_len - 1 : 1] = '\0';
		return;
	}
	if (out_len + 1 + len + 1 > size)
		return; /* too long: the caller keeps what fitted */
	if (out_len > 1)
		out[out_len++] = '/';
	memcpy(out + out_len, name, len);
	out[out_len + len] = '\0';
}

/* Every component of path, pushed onto out in order. */
static void path_push_all(char *out, size_t size, const char *path)
{
	while (*path) {
		while (*path == '/')
			path++;
		size_t len = 0;
		while (path[len] && path[len] != '/')
			len++;
		path_push(out, size, path, len);
		path += len;
	}
}

int path_name_for_open(struct inode *base, const char *path, struct path_name **out)
{
	char *buf = kmalloc(PATH_MAX), *dir = NULL;
	if (!buf)
		return -ENOMEM;
	strlcpy(buf, "/", PATH_MAX);
	if (path[0] != '/') {
		struct inode *root = current && current->root ? current->root : vfs_root();
		struct inode *start = base ? base : current && current->cwd ? current->cwd : root;
		dir = kmalloc(PATH_MAX);
		int err = dir ? vfs_inode_path(start, root, dir, PATH_MAX) : -ENOMEM;
		if (err == -ENOMEM) {
			kfree(dir);
			kfree(buf);
			return err;
		}
		if (!err) /* else a directory that has gone: the path alone */
			path_push_all(buf, PATH_MAX, dir);
	}
	path_push_all(buf, PATH_MAX, path);
	*out = path_name_make(buf);
	kfree(dir);
	kfree(buf);
	return *out ? 0 : -ENOMEM;
}
