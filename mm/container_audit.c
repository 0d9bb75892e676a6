/*
 * container_audit.c — check that the container counters tell the truth.
 *
 * The counters are updated at many places; this recounts from scratch and
 * compares (the checkpagerefs() habit): for every container, the live ones
 * and those being freed, its task, file, anonymous, file-page and mapped
 * counts against the tasks, inodes and pages that point at it; its kernel
 * bytes against the kernel memory records on its list (each naming it);
 * every LRU list against its count; every charged page on exactly the list its flags name,
 * of the container it names, and that container one that exists.  Then the
 * sums: live tasks against the containers' tasks, page-cache pages against
 * their file pages, all outstanding kernel charges (counted apart in
 * mm/kmem_charge.c) against the containers' kernel bytes; and no container
 * may have been kept at its last put
 * because it was still charged.
 *
 * The recount lives in each container (c->audit), so it costs one pass over
 * struct page and one over each container's lists, however many containers
 * there are.  It runs with container_lock held (interrupts off) so the
 * picture is consistent; it is slow (it reads every struct page) and meant
 * for tests and curious users (/proc/container_audit, `containers -a`).
 * Its self test (mm/container_audit_test.c) breaks counters and expects it
 * to complain.
 */
#include <corral/container_internal.h>
#include <corral/kmem.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/printk.h>
#include <corral/swap.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <corral/vmscan.h>

/* Under container_lock: */
static int problems;
static uint32_t audit_round; /* c->audit.round == audit_round: c exists */

static void audit_report(const struct container *c, const char *what, uint32_t counted,
			 uint32_t claimed)
{
	if (counted == claimed)
		return;
	problems++;
	printk(KERN_ERR "audit: container %s (id %d%s): %s is %u, counted %u\n", c->name, c->id,
	       c->is_freeing ? ", freeing" : "", what, claimed, counted);
}

static int audit_reset(struct container *c, void *arg)
{
	c->audit = (struct container_audit_counts){.round = audit_round};
	return 0;
}

static void audit_count_pages(void)
{
	for (uint32_t pfn = 0; pfn < max_pfn; pfn++) {
		struct page *p = pfn_to_page(pfn);
		if (!p->container)
			continue;
		if (p->container->audit.round != audit_round) {
			problems++;
			printk(KERN_ERR "audit: page pfn %u: charged to a container that does not "
					"exist\n", pfn);
			continue;
		}
		struct container_audit_counts *n = &p->container->audit;
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
			c->audit.lru[k]++;
			if (p->container != c || (int)lru_page_list(p) != k) {
				problems++;
				printk(KERN_ERR "audit: pfn %u on list %d of %s, but says %s/%d\n",
				       page_to_pfn(p), k, c->name,
				       p->container ? p->container->name : "none",
				       lru_page_list(p));
			}
		}
		audit_report(c, "an LRU list's count", c->audit.lru[k], c->lru.nr_pages[k]);
	}
}

static void audit_members(struct container *c)
{
	struct container_audit_counts *n = &c->audit;
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
	/* Forks between reservation and join hold a slot but are on no list. */
	audit_report(c, "num_tasks", n->tasks + c->nr_reserved_tasks, c->nr_tasks);
	audit_report(c, "num_files", n->files, c->nr_files);
}

struct audit_sums {
	uint32_t nr_tasks, nr_file_pages, nr_kernel_bytes;
};

/* c's kernel memory records: each must name c, and their bytes add up to
 * c's count. */
static void audit_kmem(struct container *c)
{
	struct list_head *pos;
	list_for_each(pos, &c->kmem_charges) {
		const struct kmem_charge *ch = list_entry(pos, struct kmem_charge, node);
		c->audit.kernel_bytes += ch->nr_bytes;
		if (ch->container != c)
			audit_report(c, "a kernel memory record's container", 0, 1);
	}
	audit_report(c, "its kernel bytes", c->audit.kernel_bytes, c->nr_kernel_bytes);
}

static int audit_one(struct container *c, void *arg)
{
	struct audit_sums *sums = arg;
	audit_members(c);
	audit_report(c, "num_anon_pages", c->audit.anon, c->nr_anon_pages);
	audit_report(c, "num_file_pages", c->audit.file, c->nr_file_pages);
	audit_report(c, "num_mapped_pages", c->audit.mapped, c->nr_mapped_pages);
	audit_lru(c);
	audit_kmem(c);
	sums->nr_tasks += c->nr_tasks - c->nr_reserved_tasks;
	sums->nr_file_pages += c->nr_file_pages;
	sums->nr_kernel_bytes += c->nr_kernel_bytes;
	return 0;
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

/* Under container_lock: every container, its pages, its lists. */
static void audit_containers(struct audit_sums *sums)
{
	audit_round++;
	container_for_each_locked(audit_reset, NULL);
	audit_count_pages();
	container_for_each_locked(audit_one, sums);
	uint32_t nr_kept = container_nr_kept_charged();
	if (nr_kept) {
		problems++;
		printk(KERN_ERR "audit: %u containers were still charged at their last put\n",
		       nr_kept);
	}
}

/* Each container's swap charge against the slots that name it as owner.  The
 * two reads take swap_lock and container_lock one after the other (never
 * together), with nothing able to run in between on this kernel. */
static int audit_swap_one(struct container *c, void *arg)
{
	int *found = arg;
	uint32_t owned = swap_count_owned(c);
	uint32_t flags = spin_lock_irqsave(&container_lock);
	uint32_t claimed = c->nr_swap_pages;
	spin_unlock_irqrestore(&container_lock, flags);
	if (owned != claimed) {
		(*found)++;
		printk(KERN_ERR "audit: container %s (id %d): swap is %u, its slots count %u\n",
		       c->name, c->id, claimed, owned);
	}
	return 0;
}

int container_audit(void)
{
	uint32_t nr_tasks_seen = 0;
	struct audit_sums sums = {0, 0, 0};
	problems = 0;
	task_for_each(audit_count_task, &nr_tasks_seen);
	uint32_t flags = spin_lock_irqsave(&container_lock);
	audit_containers(&sums);
	uint32_t nr_cached = page_cache_nr_pages();
	uint32_t nr_kernel_bytes = kmem_nr_charged_bytes_locked();
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
	if (nr_kernel_bytes != sums.nr_kernel_bytes) { /* every kernel charge names one */
		found++;
		printk(KERN_ERR "audit: %u kernel bytes charged, containers count %u\n",
		       nr_kernel_bytes, sums.nr_kernel_bytes);
	}
	container_for_each(audit_swap_one, &found);
	return found + mm_audit(); /* mapcounts, swap counts, free pages */
}
