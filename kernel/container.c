/*
 * container.c — containers themselves: their lifetime, their tasks, their files,
 * and the audit that checks every counter.
 *
 * Policy is in include/corral/container.h; page charging in mm/container_mm.c.
 *
 *   all_containers: root_container → web → db → ...   (container_lock)
 *   ids: a bitmap, 1..CONTAINER_MAX_ID; the root is 0
 *
 * rmdir (container_destroy) never waits: it marks the container freeing, moves
 * its tasks, files and charged pages (with their LRU order) to the root under
 * container_lock, and frees it.  A page or task that refers to a container is
 * always on that container's lists, so after the move nothing refers to it.
 */
#include <corral/container.h>
#include <corral/kmalloc.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/stat.h>

struct spinlock container_lock = SPINLOCK_INIT("container");
struct container root_container;
/* Under container_lock: */
static LIST_HEAD(all_containers);
static uint32_t id_bitmap[(CONTAINER_MAX_ID + 32) / 32]; /* bit n: id n in use */

static void container_setup(struct container *c, const char *name, int id)
{
	strlcpy(c->name, name, sizeof(c->name));
	c->id = id;
	c->page_limit = CONTAINER_NO_LIMIT;
	c->task_limit = id ? CONTAINER_DEFAULT_TASK_LIMIT : CONTAINER_NO_LIMIT;
	c->limit_mode = CONTAINER_LIMIT_SOFT;
	lru_init(&c->lru);
	list_init(&c->tasks);
	list_init(&c->files);
	list_init(&c->node);
}

void container_init(void)
{
	container_setup(&root_container, "/", 0);
	id_bitmap[0] |= 1; /* id 0 is the root's */
	list_add(&root_container.node, &all_containers);
}

bool container_name_is_valid(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len > CONTAINER_NAME_MAX)
		return false;
	for (const char *p = name; *p; p++) {
		char ch = *p;
		bool is_ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			     (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
		if (!is_ok)
			return false;
	}
	return strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

static int id_alloc(void)
{
	for (int id = 1; id <= CONTAINER_MAX_ID; id++) {
		if (!(id_bitmap[id / 32] & (1u << (id % 32)))) {
			id_bitmap[id / 32] |= 1u << (id % 32);
			return id;
		}
	}
	return -ENOSPC;
}

static struct container *container_find_locked(const char *name)
{
	struct list_head *pos;
	list_for_each(pos, &all_containers) {
		struct container *c = list_entry(pos, struct container, node);
		if (c->id && strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

struct container *container_find(const char *name)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *c = container_find_locked(name);
	spin_unlock_irqrestore(&container_lock, flags);
	return c;
}

/* Reference counting arrives with the container-core clean-up; until then
 * reclaim's holds are recorded but rmdir does not wait for them. */
void container_get(struct container *c)
{
	(void)c;
}

void container_put(struct container *c)
{
	(void)c;
}

int container_create(const char *name, struct container **out)
{
	if (!container_name_is_valid(name))
		return -EINVAL;
	struct container *c = kzalloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	int id = container_find_locked(name) ? -EEXIST : id_alloc();
	if (id < 0) {
		spin_unlock_irqrestore(&container_lock, flags);
		kfree(c);
		return id;
	}
	container_setup(c, name, id);
	list_add_tail(&c->node, &all_containers);
	spin_unlock_irqrestore(&container_lock, flags);
	*out = c;
	return 0;
}

/* Hand everything c holds to the root.  Under container_lock. */
static void container_move_all_to_root(struct container *c)
{
	struct container *root = &root_container;
	while (!list_is_empty(&c->tasks)) {
		struct task *t = list_first_entry(&c->tasks, struct task, container_node);
		t->container = root;
		list_move_tail(&t->container_node, &root->tasks);
	}
	while (!list_is_empty(&c->files)) {
		struct inode *i = list_first_entry(&c->files, struct inode, container_node);
		i->container = root;
		list_move_tail(&i->container_node, &root->files);
	}
	for (int k = 0; k < NR_LRU_LISTS; k++) {
		struct list_head *pos;
		list_for_each(pos, &c->lru.lists[k])
			list_entry(pos, struct page, list)->container = root;
	}
	lru_splice(&root->lru, &c->lru);
	root->nr_tasks += c->nr_tasks;
	root->nr_files += c->nr_files;
	root->nr_anon_pages += c->nr_anon_pages;
	root->nr_file_pages += c->nr_file_pages;
	root->nr_mapped_pages += c->nr_mapped_pages;
	root->nr_swap_pages += c->nr_swap_pages;
	c->nr_tasks = c->nr_files = c->nr_anon_pages = c->nr_file_pages = 0;
	c->nr_mapped_pages = c->nr_swap_pages = 0;
}

int container_destroy(struct container *c)
{
	if (c == &root_container)
		return -EBUSY;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->is_freeing = true;
	container_move_all_to_root(c);
	list_del(&c->node);
	id_bitmap[c->id / 32] &= ~(1u << (c->id % 32));
	spin_unlock_irqrestore(&container_lock, flags);
	kfree(c);
	return 0;
}

int container_for_each(int (*f)(struct container *c, void *arg), void *arg)
{
	/* f may sleep (configfs show), so walk by id, re-finding each under the lock:
	 * a container removed meanwhile is simply skipped. */
	int ret = f(&root_container, arg);
	for (int id = 1; !ret && id <= CONTAINER_MAX_ID; id++) {
		struct container *found = NULL;
		uint32_t flags = spin_lock_irqsave(&container_lock);
		struct list_head *pos;
		list_for_each(pos, &all_containers)
			if (list_entry(pos, struct container, node)->id == id)
				found = list_entry(pos, struct container, node);
		spin_unlock_irqrestore(&container_lock, flags);
		if (found)
			ret = f(found, arg);
	}
	return ret;
}

int container_for_each_locked(int (*f)(struct container *c, void *arg), void *arg)
{
	int ret = 0;
	struct list_head *pos;
	list_for_each(pos, &all_containers) {
		ret = f(list_entry(pos, struct container, node), arg);
		if (ret)
			break;
	}
	return ret;
}

/* ---- tasks ---------------------------------------------------------------- */

static bool container_is_full(const struct container *c)
{
	return c->task_limit != CONTAINER_NO_LIMIT && c->nr_tasks >= c->task_limit;
}

/* fork reserves its slot here, so that forks racing through a sleeping
 * allocation cannot overshoot task_limit together.  Until containers are
 * reference counted, fork must not sleep between reserve and join (it does
 * not today): rmdir frees the container at once. */
int container_fork_reserve(struct container *c)
{
	int err = 0;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (c->id && (container_is_full(c) || c->is_freeing)) {
		c->task_limit_hits++;
		err = -EAGAIN;
	} else {
		c->nr_tasks++;
	}
	spin_unlock_irqrestore(&container_lock, flags);
	return err;
}

void container_fork_unreserve(struct container *c)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->nr_tasks--;
	spin_unlock_irqrestore(&container_lock, flags);
}

static void container_task_link(struct container *c, struct task *t, bool is_reserved)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (c->is_freeing) { /* rmdir moved our reservation to the root already */
		c = &root_container;
	}
	t->container = c;
	list_add_tail(&t->container_node, &c->tasks);
	if (!is_reserved)
		c->nr_tasks++;
	spin_unlock_irqrestore(&container_lock, flags);
}

void container_task_join_reserved(struct container *c, struct task *t)
{
	container_task_link(c, t, true);
}

void container_task_join(struct container *c, struct task *t)
{
	container_task_link(c ? c : &root_container, t, false);
}

void container_task_leave(struct task *t)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (t->container) {
		list_del(&t->container_node);
		t->container->nr_tasks--;
		t->container = NULL;
	}
	spin_unlock_irqrestore(&container_lock, flags);
}

int container_move_task(struct container *to, int pid)
{
	struct task *t = task_find(pid);
	if (!t || t->state == TASK_ZOMBIE || !t->container)
		return -ESRCH;
	if (!t->mm)
		return -EINVAL; /* kernel threads stay where they are */
	int err = 0;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (to->is_freeing) {
		err = -ENOENT;
	} else if (t->container != to && to->id && container_is_full(to)) {
		to->task_limit_hits++;
		err = -ENOSPC;
	} else if (t->container != to) {
		t->container->nr_tasks--;
		list_del(&t->container_node);
		t->container = to;
		list_add_tail(&t->container_node, &to->tasks);
		to->nr_tasks++;
	}
	spin_unlock_irqrestore(&container_lock, flags);
	return err;
}

/* ---- files ---------------------------------------------------------------- */

void container_file_attach(struct inode *inode, struct container *c)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (!inode->container) {
		if (!c || c->is_freeing)
			c = &root_container;
		inode->container = c;
		list_add_tail(&inode->container_node, &c->files);
		c->nr_files++;
	}
	spin_unlock_irqrestore(&container_lock, flags);
}

void container_file_detach(struct inode *inode)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (inode->container) {
		list_del(&inode->container_node);
		inode->container->nr_files--;
		inode->container = NULL;
	}
	spin_unlock_irqrestore(&container_lock, flags);
}

/* Recharge one cached page from its container to arg (a page_cache_for_each
 * walker).  Under container_lock. */
static int container_recharge_page(struct page *page, void *arg)
{
	struct container *to = arg;
	struct container *from = page->container;
	if (!from || from == to)
		return 0;
	enum lru_list_kind kind = lru_page_list(page);
	lru_del_page(&from->lru, page);
	from->nr_file_pages--;
	to->nr_file_pages++;
	if (page->flags & PG_MAPPED) {
		from->nr_mapped_pages--;
		to->nr_mapped_pages++;
	}
	page->container = to;
	lru_add_page(&to->lru, page, kind);
	return 0;
}

int container_move_file(struct container *to, const char *path)
{
	struct inode *inode;
	int err = vfs_lookup(path, &inode);
	if (err)
		return err;
	if (!S_ISREG(inode->mode)) {
		inode_put(inode);
		return -EINVAL;
	}
	container_file_attach(inode, to);
	mutex_lock(&inode->lock); /* the cache's slots stay put while we walk them */
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (to->is_freeing) {
		err = -ENOENT;
	} else {
		inode->container->nr_files--;
		list_move_tail(&inode->container_node, &to->files);
		inode->container = to;
		to->nr_files++;
		page_cache_for_each(inode, container_recharge_page, to);
	}
	spin_unlock_irqrestore(&container_lock, flags);
	mutex_unlock(&inode->lock);
	inode_put(inode);
	return err;
}
