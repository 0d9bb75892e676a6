/*
 * container_members.c — which tasks and files belong to which container:
 * joining at fork, leaving at exit, the moves of addtask, rmtask, addfile and
 * rmfile, and rmdir handing them all to the root.
 *
 *   container "web": tasks ──> task 16 ──container_node──> task 20 ...
 *                    files ──> inode ──container_node──> inode ...
 *
 * Each relation is kept from both ends (task->container and the container's
 * list, with its count: nr_tasks, nr_files), under container_lock.  A task or
 * a file never points at a container being freed: rmdir moves them first,
 * and whoever arrives later (a fork that reserved its slot before the rmdir)
 * goes to the root.  Moving a file moves its cached pages' charges too
 * (mm/container_move.c).  The rules of who may move what are the binding's
 * (fs/container_fs.c); here are only the limits.  Read next: mm/container_mm.c.
 */
#include <corral/container_internal.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/stat.h>

/* ---- tasks -------------------------------------------------------------------- */

static bool container_is_full(const struct container *c)
{
	return c->task_limit != CONTAINER_NO_LIMIT && c->nr_tasks >= c->task_limit;
}

/* fork reserves its slot here, so that forks racing through a sleeping
 * allocation cannot overshoot task_limit together, and holds a reference, so
 * that an rmdir meanwhile cannot free the container under it: fork may sleep
 * between the reservation and the child joining. */
int container_fork_reserve(struct container *c)
{
	int err = 0;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (c->id && (container_is_full(c) || c->is_freeing)) {
		c->task_limit_hits++;
		err = -EAGAIN;
	} else {
		c->nr_tasks++;
		c->nr_reserved_tasks++;
		c->refcount++;
	}
	spin_unlock_irqrestore(&container_lock, flags);
	return err;
}

void container_fork_unreserve(struct container *c)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->nr_tasks--;
	c->nr_reserved_tasks--;
	spin_unlock_irqrestore(&container_lock, flags);
	container_put(c);
}

/* Under container_lock.  A container being freed sends newcomers to the root. */
static void container_task_link(struct container *c, struct task *t)
{
	if (c->is_freeing)
		c = &root_container;
	t->container = c;
	list_add_tail(&t->container_node, &c->tasks);
	c->nr_tasks++;
	sched_task_set_group(t, &c->sched);
}

void container_task_join_reserved(struct container *c, struct task *t)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->nr_tasks--; /* the reservation becomes the task */
	c->nr_reserved_tasks--;
	container_task_link(c, t);
	spin_unlock_irqrestore(&container_lock, flags);
	container_put(c);
}

void container_task_join(struct container *c, struct task *t)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	container_task_link(c ? c : &root_container, t);
	spin_unlock_irqrestore(&container_lock, flags);
}

void container_task_leave(struct task *t)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (t->container) {
		list_del(&t->container_node);
		t->container->nr_tasks--;
		t->container = NULL;
		/* Its last moments run in the root's group: the container
		 * may be freed before the task is. */
		sched_task_set_group(t, &root_container.sched);
	}
	spin_unlock_irqrestore(&container_lock, flags);
}

struct container *container_get_by_task(struct task *t)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *c = t->container;
	if (c)
		c->refcount++;
	spin_unlock_irqrestore(&container_lock, flags);
	return c;
}

int container_move_task(struct container *to, struct task *t)
{
	if (!t->mm)
		return -EINVAL; /* kernel threads stay where they are */
	int err = 0;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *from = t->container;
	if (!from || t->state == TASK_ZOMBIE) {
		err = -ESRCH;
	} else if (to->is_freeing) {
		err = -ENOENT;
	} else if (from != to && to->id && container_is_full(to)) {
		to->task_limit_hits++;
		err = -ENOSPC;
	} else if (from != to) {
		from->nr_tasks--;
		list_del(&t->container_node);
		container_task_link(to, t);
	}
	spin_unlock_irqrestore(&container_lock, flags);
	return err;
}

/* Hand c's tasks to the root.  Under container_lock.  Forks that reserved a
 * slot in c keep it (and their reference) until the child joins: then it
 * joins the root instead. */
void container_move_tasks_to_root(struct container *c)
{
	struct container *root = &root_container;
	while (!list_is_empty(&c->tasks)) {
		struct task *t = list_first_entry(&c->tasks, struct task, container_node);
		t->container = root;
		sched_task_set_group(t, &root->sched);
		list_move_tail(&t->container_node, &root->tasks);
		c->nr_tasks--;
		root->nr_tasks++;
	}
}

/* ---- files -------------------------------------------------------------------- */

/* Under container_lock. */
static void container_file_link(struct inode *inode, struct container *c)
{
	inode->container = c;
	list_add_tail(&inode->container_node, &c->files);
	c->nr_files++;
}

static void container_file_unlink(struct inode *inode)
{
	list_del(&inode->container_node);
	inode->container->nr_files--;
	inode->container = NULL;
}

void container_file_attach(struct inode *inode, struct container *c)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (!inode->container)
		container_file_link(inode, !c || c->is_freeing ? &root_container : c);
	spin_unlock_irqrestore(&container_lock, flags);
}

void container_file_detach(struct inode *inode)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (inode->container)
		container_file_unlink(inode);
	spin_unlock_irqrestore(&container_lock, flags);
}

struct container *container_get_by_file(struct inode *inode)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *c = inode->container ? inode->container : &root_container;
	c->refcount++;
	spin_unlock_irqrestore(&container_lock, flags);
	return c;
}

int container_move_file(struct container *to, struct inode *inode, struct container *from)
{
	if (!S_ISREG(inode->mode))
		return -EINVAL;
	int err = 0;
	mutex_lock(&inode->lock); /* the cache's pages stay put while they move */
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *owner = inode->container ? inode->container : &root_container;
	if (to->is_freeing) {
		err = -ENOENT;
	} else if (from && owner != from) {
		err = -EAGAIN; /* moved since the caller checked it */
	} else if (owner != to || !inode->container) {
		if (inode->container)
			container_file_unlink(inode);
		container_file_link(inode, to);
		container_recharge_file_pages(inode, to);
	}
	spin_unlock_irqrestore(&container_lock, flags);
	mutex_unlock(&inode->lock);
	return err;
}

/* rmdir: every file of c to the root.  Under container_lock; the pages
 * move separately (container_move_lru_pages). */
void container_move_files_to_root(struct container *c)
{
	struct container *root = &root_container;
	while (!list_is_empty(&c->files)) {
		struct inode *i = list_first_entry(&c->files, struct inode, container_node);
		i->container = root;
		list_move_tail(&i->container_node, &root->files);
		c->nr_files--;
		root->nr_files++;
	}
}
