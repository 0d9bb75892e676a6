/*
 * container_audit.c — check that the container counters tell the truth.
 *
 * The counters are updated at many places; this recounts from scratch and
 * compares (the checkpagerefs() habit): for every container, its task, file,
 * anonymous, file-page and mapped counts against the tasks, inodes and pages
 * that point at it; every LRU list against its count; every charged page on
 * exactly the list its flags name, of the container it names.  It runs with
 * container_lock held (interrupts off) so the picture is consistent; it is
 * slow (it reads every struct page) and meant for tests and curious users
 * (/proc/container_audit, `containers -a`).
 */
#include <corral/container.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/printk.h>
#include <corral/task.h>
#include <corral/vfs.h>

struct audit_counts {
	uint32_t tasks, files, anon, file, mapped;
	uint32_t lru[NR_LRU_LISTS];
};

static struct audit_counts counts[CONTAINER_MAX_ID + 1]; /* under container_lock */
static int problems;

static void audit_report(const struct container *c, const char *what, uint32_t counted,
			 uint32_t claimed)
{
	if (counted == claimed)
		return;
	problems++;
	printk(KERN_ERR "audit: container %s (id %d): %s is %u, counted %u\n", c->name, c->id,
	       what, claimed, counted);
}

static void audit_count_pages(void)
{
	for (uint32_t pfn = 0; pfn < max_pfn; pfn++) {
		struct page *p = pfn_to_page(pfn);
		if (!p->container)
			continue;
		struct audit_counts *n = &counts[p->container->id];
		bool is_anon = p->flags & PG_ANON, is_file = p->flags & PG_FILE;
		if (is_anon == is_file || p->refcount <= 0) {
			problems++;
			printk(KERN_ERR "audit: page pfn %u: charged with flags %x refcount %d\n",
			       pfn, p->flags, p->refcount);
		}
		n->anon += is_anon;
		n->file += is_file;
		n->mapped += (p->flags & PG_MAPPED) != 0;
	}
}

/* Walk c's lists: each page must belong to c and to the list it is on. */
static void audit_lru(struct container *c)
{
	for (int k = 0; k < NR_LRU_LISTS; k++) {
		struct list_head *pos;
		list_for_each(pos, &c->lru.lists[k]) {
			struct page *p = list_entry(pos, struct page, list);
			counts[c->id].lru[k]++;
			if (p->container != c || (int)lru_page_list(p) != k) {
				problems++;
				printk(KERN_ERR "audit: pfn %u on list %d of %s, but says %s/%d\n",
				       page_to_pfn(p), k, c->name,
				       p->container ? p->container->name : "none", lru_page_list(p));
			}
		}
		audit_report(c, "an LRU list's count", counts[c->id].lru[k], c->lru.nr_pages[k]);
	}
}

static void audit_container(struct container *c)
{
	struct audit_counts *n = &counts[c->id];
	struct list_head *pos;
	list_for_each(pos, &c->tasks) {
		n->tasks++;
		if (list_entry(pos, struct task, container_node)->container != c)
			audit_report(c, "a task's container", 0, 1);
	}
	list_for_each(pos, &c->files) {
		n->files++;
		if (list_entry(pos, struct inode, container_node)->container != c)
			audit_report(c, "a file's container", 0, 1);
	}
	audit_report(c, "num_tasks", n->tasks, c->nr_tasks);
	audit_report(c, "num_files", n->files, c->nr_files);
	audit_report(c, "num_anon_pages", n->anon, c->nr_anon_pages);
	audit_report(c, "num_file_pages", n->file, c->nr_file_pages);
	audit_report(c, "num_mapped_pages", n->mapped, c->nr_mapped_pages);
	audit_lru(c);
}

static int audit_count_task(struct task *t, void *arg)
{
	uint32_t *nr_tasks = arg;
	if (t->state == TASK_ZOMBIE) /* it has left its container already */
		return 0;
	(*nr_tasks)++;
	if (!t->container) {
		problems++;
		printk(KERN_ERR "audit: pid %d belongs to no container\n", t->pid);
	}
	return 0;
}

struct audit_sums {
	uint32_t nr_tasks, nr_file_pages;
};

static int audit_one(struct container *c, void *arg)
{
	struct audit_sums *sums = arg;
	audit_container(c);
	sums->nr_tasks += c->nr_tasks;
	sums->nr_file_pages += c->nr_file_pages;
	return 0;
}

int container_audit(void)
{
	uint32_t nr_tasks_seen = 0;
	struct audit_sums sums = {0, 0};
	task_for_each(audit_count_task, &nr_tasks_seen);
	uint32_t flags = spin_lock_irqsave(&container_lock);
	problems = 0;
	for (int i = 0; i <= CONTAINER_MAX_ID; i++)
		counts[i] = (struct audit_counts){0};
	audit_count_pages();
	container_for_each_locked(audit_one, &sums);
	uint32_t nr_cached = page_cache_nr_pages();
	int found = problems;
	spin_unlock_irqrestore(&container_lock, flags);
	if (nr_tasks_seen != sums.nr_tasks) {
		found++;
		printk(KERN_ERR "audit: %u tasks exist, containers count %u\n", nr_tasks_seen,
		       sums.nr_tasks);
	}
	if (nr_cached != sums.nr_file_pages) { /* every page-cache page is charged somewhere */
		found++;
		printk(KERN_ERR "audit: %u pages in the page cache, containers count %u\n",
		       nr_cached, sums.nr_file_pages);
	}
	return found;
}
