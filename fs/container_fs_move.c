/*
 * container_fs_move.c — addtask, rmtask, addfile and rmfile: moving a task or
 * a file's page cache between containers, and who may.
 *
 * Permissions.  The VFS checks the mode bits of the file being written (root
 * made them 0644 and 0444; chown delegates them).  Moving a task or a file
 * needs more, because it also takes something out of another container
 * (cgroup v2's rule that the mover needs write access to the common ancestor,
 * flattened to Corral's one level):
 *
 *   - root may move anything;
 *   - anyone else must own what they move (a task whose real or effective uid
 *     is their effective uid, as kill(2); a file whose owner they are), and,
 *     when it sits in a named container other than the destination, be able
 *     to write that container's `rmtask` (`rmfile`) -- i.e. be its delegate
 *     too.  Leaving the root container needs no such right: the root has no
 *     limits to escape from.  Otherwise: EACCES.
 *
 * So a delegate can put their own tasks into the container root gave them and
 * take them out again, but cannot pull a task out of a container that confines
 * it, nor move other users' tasks.
 *
 * Other choices where the contract is silent (each as Linux's cgroup does, or
 * the nearest errno): writing pid 0 to addtask or rmtask means the writer
 * itself; kernel threads stay in the root (EINVAL); a zombie is no task
 * (ESRCH); rmtask of a task that is not in this container → ESRCH, rmfile of
 * a file not charged here → EINVAL; a container being freed refuses addtask
 * with the core's errno (ENOENT).  addtask, rmtask, addfile and rmfile are
 * rw-r--r-- like every writable attribute, and cannot be read (configfs gives
 * EACCES: they have no show).
 *
 * Look up once.  A path written to addfile or rmfile is looked up once; the
 * permission check and the move are both about that inode, so a rename in
 * between changes nothing.  The check may sleep (it looks up another
 * container's rmtask or rmfile): the container it was made against is held
 * and compared again before the move, and a move that finds the task or file
 * gone elsewhere meanwhile is checked again.
 *
 * Read next: kernel/container_members.c (the moves themselves).
 */
#include <corral/configfs.h>
#include <corral/container.h>
#include <corral/kmalloc.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#include "container_fs.h"

/* Where /etc/rc mounts configfs: the delegation check looks up the rmtask
 * and rmfile files of other containers there. */
#define CONTAINER_FS_DIR "/configfs/container"

/* ---- who may move what --------------------------------------------------- */

static bool current_is_root(void)
{
	return current->cred.euid == 0;
}

/* May the writer write attribute attr of container c (its file's own mode
 * and owner, as the VFS would check them)?  0, -EACCES, or -ENOMEM when the
 * lookup could not be made (no memory is not a no). */
static int may_write_attr(struct container *c, const char *attr)
{
	char path[sizeof(CONTAINER_FS_DIR) + CONTAINER_NAME_MAX + 16];
	snprintf(path, sizeof(path), CONTAINER_FS_DIR "/%s/%s", container_name(c), attr);
	struct inode *inode;
	int err = vfs_lookup(path, &inode);
	if (err) /* not mounted where the contract says: cannot tell; or no memory */
		return err == -ENOMEM ? err : -EACCES;
	err = inode_permission(inode, W_OK);
	inode_put(inode);
	return err;
}

/* A task that can be moved: a live user process.  NULL and *err if not.
 * (An exiting task leaves its container a little before it becomes a
 * zombie; the core refuses it then.) */
static struct task *movable_task(int pid, int *err)
{
	struct task *t = task_find(pid);
	*err = 0;
	if (!t || t->pid == 0 || t->state == TASK_ZOMBIE)
		*err = -ESRCH;
	else if (!t->mm)
		*err = -EINVAL; /* kernel threads work for everyone: they stay in the root */
	return *err ? NULL : t;
}

static bool current_owns_task(const struct task *t)
{
	uint32_t euid = current->cred.euid;
	return euid == 0 || euid == t->cred.uid || euid == t->cred.euid;
}

/* Is t in c now? */
static bool task_is_in(struct task *t, struct container *c)
{
	struct container *now = container_get_by_task(t);
	container_put(now);
	return now == c;
}

/* May the writer take t out of from (the rule in the header comment)? */
static int may_take_task_from(struct container *to, struct container *from)
{
	if (from == &root_container || from == to)
		return 0;
	return may_write_attr(from, "rmtask");
}

/* The rule in the header comment, for moving task pid to container to: the
 * task, found once more after the last sleep, so the caller can move it at
 * once; NULL and *err if it may not be moved. */
static struct task *may_move_task(struct container *to, int pid, int *err)
{
	struct task *t = movable_task(pid, err);
	if (!t || current_is_root())
		return t;
	if (!current_owns_task(t)) {
		*err = -EACCES;
		return NULL;
	}
	/* The lookup in may_write_attr may sleep, and the task may move or exit
	 * meanwhile: check again until the container it was checked in is still
	 * its own.  (from is held, so it cannot be freed and its address reused.) */
	for (;;) {
		struct container *from = container_get_by_task(t);
		if (!from) {
			*err = -ESRCH;
			return NULL;
		}
		*err = may_take_task_from(to, from);
		t = *err ? NULL : movable_task(pid, err);
		bool is_checked = t && task_is_in(t, from);
		container_put(from);
		if (!t || is_checked)
			return t;
	}
}

/* The same rule for a file (its page cache), by inode, which the writer
 * must own; from is the container it is charged to. */
static int may_move_file(struct container *to, struct inode *inode, struct container *from)
{
	if (current_is_root())
		return 0;
	if (!inode_is_owner_or_root(inode))
		return -EACCES;
	if (from == &root_container || from == to)
		return 0;
	return may_write_attr(from, "rmfile");
}

/* ---- moving tasks and files --------------------------------------------- */

int container_fs_addtask_store(struct configfs_item *item, const char *buf, size_t len)
{
	struct container *to = container_from_item(item);
	int pid;
	int err = container_fs_parse_pid(buf, len, &pid);
	if (err)
		return err;
	struct task *t = may_move_task(to, pid, &err);
	return t ? container_move_task(to, t) : err; /* -ENOSPC: task_limit (a hit) */
}

int container_fs_rmtask_store(struct configfs_item *item, const char *buf, size_t len)
{
	struct container *c = container_from_item(item);
	int pid, err = container_fs_parse_pid(buf, len, &pid);
	if (err)
		return err;
	struct task *t = movable_task(pid, &err);
	if (!t)
		return err;
	if (!task_is_in(t, c))
		return -ESRCH; /* no such task here */
	if (!current_owns_task(t))
		return -EACCES; /* this file's mode was checked by the VFS */
	return container_move_task(&root_container, t);
}

/* Move inode's page cache to container to; from, if not NULL, is where it
 * must be now (rmfile).  The permission check and the move are about the
 * same owner: if the file moved while the check slept, check again. */
static int move_inode(struct container *to, struct container *from, struct inode *inode)
{
	if (!S_ISREG(inode->mode))
		return -EINVAL; /* no page cache to move */
	int err;
	do {
		struct container *owner = container_get_by_file(inode);
		if (from && owner != from)
			err = -EINVAL; /* not charged here */
		else
			err = may_move_file(to, inode, owner);
		if (!err)
			err = container_move_file(to, inode, owner);
		container_put(owner);
	} while (err == -EAGAIN);
	return err;
}

/* The path is looked up once: the inode checked is the inode moved, whatever
 * renames happen meanwhile. */
static int move_file(struct container *to, struct container *from, const char *buf, size_t len)
{
	char *path;
	int err = container_fs_parse_path(buf, len, &path);
	if (err)
		return err;
	struct inode *inode;
	err = vfs_lookup(path, &inode);
	kfree(path);
	if (err)
		return err;
	err = move_inode(to, from, inode);
	inode_put(inode);
	return err;
}

int container_fs_addfile_store(struct configfs_item *item, const char *buf, size_t len)
{
	return move_file(container_from_item(item), NULL, buf, len);
}

int container_fs_rmfile_store(struct configfs_item *item, const char *buf, size_t len)
{
	return move_file(&root_container, container_from_item(item), buf, len);
}
