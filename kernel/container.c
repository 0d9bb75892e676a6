/*
 * container.c — the container core: containers' lifetime and references,
 * their limits, and the snapshots everyone else reads them through.  Policy
 * is in include/corral/container.h; the struct, container_lock and what mm/
 * shares with the core are in include/corral/container_internal.h.  Tasks and
 * files: kernel/container_members.c.  Pages: mm/container_mm.c charges them,
 * mm/container_move.c moves them, mm/container_audit.c recounts them.
 *
 *   containers_by_id[]:  0 → root   1 → web   2 → NULL   3 → db ...
 *   dying_containers:    destroyed, waiting for their last reference
 *
 * A container lives in the table from mkdir to rmdir, and on the dying list
 * from rmdir to its last container_put.  rmdir never waits: under
 * container_lock it marks the container freeing and hands its tasks, its files
 * and the pages on its LRU lists to the root, then drops the directory's
 * reference.  Whoever still holds one (a fork in flight, a walker, reclaim
 * with pages off the lists) may go on using the struct; whatever comes back
 * to it (a page put back on its lists, a fork's reserved slot) is handed on
 * to the root when it does, and at the last put nothing may be charged to it.
 */
#include <corral/container_internal.h>
#include <corral/kmalloc.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/swap.h>
#include <corral/task.h>
#include <uapi/errno.h>

struct spinlock container_lock = SPINLOCK_INIT("container");
struct container root_container;
/* Under container_lock: */
static struct container *containers_by_id[CONTAINER_MAX_ID + 1]; /* NULL: a free id */
static LIST_HEAD(dying_containers);    /* struct container.dying_node */
static uint32_t nr_containers_kept_charged;
static struct container_events freed_events; /* of containers freed: vmstat never goes back */

static void container_setup(struct container *c, const char *name, int id)
{
	strlcpy(c->name, name, sizeof(c->name));
	c->id = id;
	c->refcount = 1;
	c->page_limit = CONTAINER_NO_LIMIT;
	c->task_limit = id ? CONTAINER_DEFAULT_TASK_LIMIT : CONTAINER_NO_LIMIT;
	c->limit_mode = CONTAINER_LIMIT_SOFT;
	c->mlock_limit = CONTAINER_NO_LIMIT;
	lru_init(&c->lru);
	list_init(&c->tasks);
	list_init(&c->files);
	list_init(&c->kmem_charges);
	list_init(&c->dying_node);
	list_init(&c->limit_node);
	wait_queue_init(&c->throttle_wait);
	sched_group_init(&c->sched);
}

void container_init(void)
{
	container_setup(&root_container, "/", 0); /* its one reference is never dropped */
	containers_by_id[0] = &root_container;
	sched_set_root_group(&root_container.sched);
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

/* ---- the table of live containers ------------------------------------------ */

/* The lowest free id, or -ENOSPC.  Under container_lock. */
static int id_find_free(void)
{
	for (int id = 1; id <= CONTAINER_MAX_ID; id++)
		if (!containers_by_id[id])
			return id;
	return -ENOSPC;
}

static struct container *container_find_locked(const char *name)
{
	for (int id = 1; id <= CONTAINER_MAX_ID; id++) {
		struct container *c = containers_by_id[id];
		if (c && strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

struct container *container_get_by_name(const char *name)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *c = container_find_locked(name);
	if (c)
		c->refcount++;
	spin_unlock_irqrestore(&container_lock, flags);
	return c;
}

int container_create(const char *name, struct container **out)
{
	if (!container_name_is_valid(name))
		return -EINVAL;
	struct container *c = kzalloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	int id = container_find_locked(name) ? -EEXIST : id_find_free();
	if (id > 0) {
		container_setup(c, name, id);
		containers_by_id[id] = c;
	}
	spin_unlock_irqrestore(&container_lock, flags);
	if (id < 0) {
		kfree(c);
		return id;
	}
	*out = c;
	return 0;
}

int container_for_each(int (*f)(struct container *c, void *arg), void *arg)
{
	int ret = 0;
	for (int id = 0; !ret && id <= CONTAINER_MAX_ID; id++) {
		uint32_t flags = spin_lock_irqsave(&container_lock);
		struct container *c = containers_by_id[id];
		if (c)
			c->refcount++; /* f may sleep, and rmdir may come meanwhile */
		spin_unlock_irqrestore(&container_lock, flags);
		if (c) {
			ret = f(c, arg);
			container_put(c);
		}
	}
	return ret;
}

int container_for_each_locked(int (*f)(struct container *c, void *arg), void *arg)
{
	for (int id = 0; id <= CONTAINER_MAX_ID; id++) {
		int ret = containers_by_id[id] ? f(containers_by_id[id], arg) : 0;
		if (ret)
			return ret;
	}
	struct list_head *pos;
	list_for_each(pos, &dying_containers) {
		int ret = f(list_entry(pos, struct container, dying_node), arg);
		if (ret)
			return ret;
	}
	return 0;
}

/* Every event is a uint32_t counter: add them as an array, so that a new one
 * cannot be left out of the totals. */
_Static_assert(sizeof(struct container_events) % sizeof(uint32_t) == 0,
	       "container_events: uint32_t counters only");

static void events_add(struct container_events *sum, const struct container_events *e)
{
	uint32_t *to = (uint32_t *)sum;
	const uint32_t *from = (const uint32_t *)e;
	for (size_t i = 0; i < sizeof(*e) / sizeof(uint32_t); i++)
		to[i] += from[i];
}

/* ---- references and rmdir --------------------------------------------------- */

void container_get(struct container *c)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	assert(c->refcount > 0 || c->is_kept);
	c->refcount++;
	spin_unlock_irqrestore(&container_lock, flags);
}

int container_destroy(struct container *c)
{
	if (c == &root_container)
		return -EBUSY;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (c->is_freeing) {
		spin_unlock_irqrestore(&container_lock, flags);
		return -ENOENT;
	}
	c->is_freeing = true;
	container_move_tasks_to_root(c);
	container_move_files_to_root(c);
	container_move_lru_pages(c, &root_container);
	container_move_kmem(c, &root_container); /* mm/kmem_charge.c */
	containers_by_id[c->id] = NULL; /* the id and the name are free again */
	list_add_tail(&c->dying_node, &dying_containers);
	spin_unlock_irqrestore(&container_lock, flags);
	sched_group_remove(&c->sched); /* its tasks are the root's now */
	/* Its swapped-out pages too (slots charge their owner; reclaim charges
	 * new slots to the root from now on, as it sees is_freeing). */
	swap_recharge(c, &root_container);
	container_put(c); /* the directory's reference */
	return 0;
}

/* Pages charged to c, resident or swapped out. */
static uint32_t container_nr_charged_pages(const struct container *c)
{
	return c->nr_anon_pages + c->nr_file_pages + c->nr_swap_pages;
}

static bool container_is_charged(const struct container *c)
{
	return container_nr_charged_pages(c) || c->nr_mapped_pages || c->nr_tasks || c->nr_files ||
	       c->nr_kernel_bytes;
}

/* The last reference is gone.  Pages put back on c's lists since rmdir go to
 * the root like the others; anything still charged means a counter or a
 * pointer somewhere is wrong, and then c is kept (something may still point
 * at it) and counted for the audit.  Under container_lock; true: free it. */
static bool container_release_locked(struct container *c)
{
	container_move_lru_pages(c, &root_container);
	if (container_is_charged(c)) {
		if (!c->is_kept)
			nr_containers_kept_charged++;
		c->is_kept = true;
		return false;
	}
	if (c->is_kept) /* kept once, and clean now (the audit's self test) */
		nr_containers_kept_charged--;
	events_add(&freed_events, &c->events);
	list_del(&c->dying_node);
	return true;
}

void container_put(struct container *c)
{
	if (!c)
		return;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	assert(c->refcount > 0);
	bool is_last = --c->refcount == 0;
	assert(!is_last || c->is_freeing);
	bool may_free = is_last && container_release_locked(c);
	uint32_t nr_pages = container_nr_charged_pages(c);
	uint32_t nr_tasks = c->nr_tasks, nr_files = c->nr_files;
	spin_unlock_irqrestore(&container_lock, flags);
	if (may_free)
		kfree(c);
	else if (is_last) /* kept: see container_release_locked */
		printk(KERN_ERR "container: %s freed with %u pages still charged "
				"(%u tasks, %u files)\n",
		       c->name, nr_pages, nr_tasks, nr_files);
}

uint32_t container_nr_kept_charged(void)
{
	return nr_containers_kept_charged;
}

/* ---- looking at one ----------------------------------------------------------- */

static void container_copy_stat(const struct container *c, struct container_stat *out)
{
	strlcpy(out->name, c->name, sizeof(out->name));
	out->id = c->id;
	out->is_freeing = c->is_freeing;
	out->page_limit = c->page_limit;
	out->task_limit = c->task_limit;
	out->limit_mode = c->limit_mode;
	out->mlock_limit = c->mlock_limit;
	out->nr_locked_pages = container_nr_locked_pages_locked(c);
	out->nr_tasks = c->nr_tasks;
	out->nr_files = c->nr_files;
	out->nr_anon_pages = c->nr_anon_pages;
	out->nr_file_pages = c->nr_file_pages;
	out->nr_mapped_pages = c->nr_mapped_pages;
	out->nr_swap_pages = c->nr_swap_pages;
	out->nr_kernel_pages = container_kernel_pages(c);
	for (int k = 0; k < NR_LRU_LISTS; k++)
		out->nr_lru_pages[k] = c->lru.nr_pages[k];
	out->page_limit_hits = c->page_limit_hits;
	out->task_limit_hits = c->task_limit_hits;
	out->events = c->events;
}

void container_get_stat(struct container *c, struct container_stat *out)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	container_copy_stat(c, out);
	sched_group_get_stat(&c->sched, &out->cpu);
	spin_unlock_irqrestore(&container_lock, flags);
}

static int totals_add(struct container *c, void *arg)
{
	struct container_stat *sum = arg;
	sum->nr_tasks += c->nr_tasks;
	sum->nr_files += c->nr_files;
	sum->nr_anon_pages += c->nr_anon_pages;
	sum->nr_file_pages += c->nr_file_pages;
	sum->nr_mapped_pages += c->nr_mapped_pages;
	sum->nr_swap_pages += c->nr_swap_pages;
	sum->nr_locked_pages += container_nr_locked_pages_locked(c);
	sum->nr_kernel_pages += container_kernel_pages(c);
	for (int k = 0; k < NR_LRU_LISTS; k++)
		sum->nr_lru_pages[k] += c->lru.nr_pages[k];
	sum->page_limit_hits += c->page_limit_hits;
	sum->task_limit_hits += c->task_limit_hits;
	events_add(&sum->events, &c->events);
	return 0;
}

void container_get_totals(struct container_stat *out)
{
	*out = (struct container_stat){.page_limit = CONTAINER_NO_LIMIT,
				       .task_limit = CONTAINER_NO_LIMIT};
	uint32_t flags = spin_lock_irqsave(&container_lock);
	container_for_each_locked(totals_add, out);
	events_add(&out->events, &freed_events);
	spin_unlock_irqrestore(&container_lock, flags);
}

/* Insert pid into pids[0..*n), ascending, keeping at most max (the smallest). */
static void pids_insert(int *pids, int *n, int max, int pid)
{
	int i = *n;
	if (i == max) {
		if (max == 0 || pids[max - 1] < pid)
			return;
		i--; /* the largest falls out */
	} else {
		(*n)++;
	}
	for (; i > 0 && pids[i - 1] > pid; i--)
		pids[i] = pids[i - 1];
	pids[i] = pid;
}

int container_get_pids(struct container *c, int *pids, int max)
{
	int nr_stored = 0, nr_tasks = 0;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct list_head *pos;
	list_for_each(pos, &c->tasks) {
		struct task *t = list_entry(pos, struct task, container_node);
		pids_insert(pids, &nr_stored, max, t->pid);
		nr_tasks++;
	}
	spin_unlock_irqrestore(&container_lock, flags);
	return nr_tasks;
}

const char *container_name(const struct container *c)
{
	return c->name;
}

void container_name_of_task(struct task *t, char *buf, size_t size)
{
	/* Under container_lock: an rmdir may be moving t to the root right now
	 * (and the container it leaves may then go at once). */
	uint32_t flags = spin_lock_irqsave(&container_lock);
	const struct container *c = t->container ? t->container : &root_container;
	strlcpy(buf, c->name, size);
	spin_unlock_irqrestore(&container_lock, flags);
}

struct configfs_item *container_item(struct container *c)
{
	return &c->item;
}

struct container *container_from_item(struct configfs_item *item)
{
	return container_of(item, struct container, item);
}

/* ---- limits ------------------------------------------------------------------- */

/* The over-limit handler (reclaim) will act on a lowered page_limit here.
 * The commitment check and the change are under one hold of container_lock,
 * so two writers cannot both fit in the same room under the ceiling. */
int container_set_page_limit(struct container *c, uint32_t nr_pages)
{
	if (c == &root_container)
		return -EINVAL;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	int err = container_commit_check_locked(c, nr_pages, c->limit_mode);
	if (!err)
		c->page_limit = nr_pages;
	spin_unlock_irqrestore(&container_lock, flags);
	if (!err)
		container_limit_changed(c); /* hard: reclaims down to it before we return */
	return err;
}

int container_set_task_limit(struct container *c, uint32_t nr_tasks)
{
	if (c == &root_container)
		return -EINVAL;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->task_limit = nr_tasks;
	spin_unlock_irqrestore(&container_lock, flags);
	return 0;
}

int container_set_limit_mode(struct container *c, enum container_limit_mode mode)
{
	if (c == &root_container || (mode != CONTAINER_LIMIT_SOFT && mode != CONTAINER_LIMIT_HARD))
		return -EINVAL;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	int err = container_commit_check_locked(c, c->page_limit, mode);
	if (!err)
		c->limit_mode = mode;
	spin_unlock_irqrestore(&container_lock, flags);
	if (!err)
		container_limit_changed(c);
	return err;
}
