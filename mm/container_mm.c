/*
 * container_mm.c — where containers meet pages: charging and uncharging.
 *
 * Each charged page records its container (page->container), its kind
 * (PG_ANON or PG_FILE) and sits on one of the container's LRU lists (PG_LRU),
 * unless reclaim has it off the list for a while.  The calls are made at the
 * few places pages are born and die:
 *
 *   container_charge_anon   demand-zero fault, copy on write, exec's pages,
 *                           swap-in (to the swap slot's container)
 *   container_charge_file   a page joins an inode's page cache (ramfs, ext2)
 *   container_uncharge      the page's last reference is dropped (free_pages):
 *                           also after swap-out, when the written page is freed
 *
 * and reclaim's side: taking pages off a list (container_lru_isolate), giving
 * them back (container_lru_putback, following an rmdir or addfile that
 * happened meanwhile), promotion on use (mark_page_accessed), its counters.
 * A charge at or over page_limit only counts a page-limit hit: the over-limit
 * handler that acts on it is the next issue's.  Locking: container_lock, taken
 * inside the page allocator's zone lock on the free path (lock order: zone →
 * container).
 */
#include <corral/container_internal.h>
#include <corral/page.h>
#include <corral/task.h>
#include <corral/vfs.h>

void container_charge_anon(struct page *page, struct container *c)
{
	if (!CONTAINER_FAULT_CHARGING)
		return;
	if (!c)
		c = &root_container;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	page->container = c;
	page->flags |= PG_ANON;
	c->nr_anon_pages++;
	lru_add_page(&c->lru, page, LRU_ACTIVE_ANON);
	spin_unlock_irqrestore(&container_lock, flags);
}

void container_charge_file(struct page *page, struct inode *inode)
{
	if (!inode->container) /* written before anyone opened it: the writer owns it */
		container_file_attach(inode, current ? current->container : &root_container);
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *c = inode->container;
	page->container = c;
	page->flags |= PG_FILE;
	c->nr_file_pages++;
	lru_add_page(&c->lru, page, LRU_INACTIVE_FILE);
	spin_unlock_irqrestore(&container_lock, flags);
}

void container_uncharge(struct page *page)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *c = page->container;
	if (c) {
		if (page->flags & PG_LRU) /* else reclaim had it off the list */
			lru_del_page(&c->lru, page);
		if (page->flags & PG_ANON)
			c->nr_anon_pages--;
		else
			c->nr_file_pages--;
		if (page->flags & PG_MAPPED)
			c->nr_mapped_pages--;
		page->container = NULL;
		page->flags &= ~(PG_ANON | PG_FILE | PG_MAPPED);
	}
	spin_unlock_irqrestore(&container_lock, flags);
}

void container_page_mapped(struct page *page)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (page->container && (page->flags & PG_FILE) && !(page->flags & PG_MAPPED)) {
		page->flags |= PG_MAPPED;
		page->container->nr_mapped_pages++;
	}
	spin_unlock_irqrestore(&container_lock, flags);
}

void container_page_unmapped(struct page *page)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (page->container && (page->flags & PG_MAPPED)) {
		page->flags &= ~PG_MAPPED;
		page->container->nr_mapped_pages--;
	}
	spin_unlock_irqrestore(&container_lock, flags);
}

void container_count_major_fault(struct container *c)
{
	if (!c)
		return;
	__atomic_fetch_add(&c->events.pgmajfault, 1, __ATOMIC_RELAXED); /* as below */
}

/* Every fault passes here: an atomic add instead of the lock, whose
 * interrupt switching costs more than the count (readers take the lock and
 * see a whole 32-bit value either way). */
void container_count_fault(struct container *c, bool is_major)
{
	if (!c || !CONTAINER_FAULT_CHARGING)
		return;
	__atomic_fetch_add(&c->events.pgfault, 1, __ATOMIC_RELAXED);
	if (is_major)
		__atomic_fetch_add(&c->events.pgmajfault, 1, __ATOMIC_RELAXED);
}

/* ---- reclaim's side: isolating pages and giving them back --------------- */

uint32_t container_lru_isolate(struct container *c, enum lru_list_kind kind, uint32_t nr,
			       struct list_head *out)
{
	uint32_t taken = 0;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct list_head *list = &c->lru.lists[kind];
	while (taken < nr && !list_is_empty(list)) {
		struct page *page = list_entry(list->prev, struct page, list); /* the coldest */
		lru_take_page(&c->lru, page);
		get_page(page); /* it cannot be freed while reclaim looks at it */
		list_add_tail(&page->list, out);
		taken++;
	}
	spin_unlock_irqrestore(&container_lock, flags);
	return taken;
}

/* Where an isolated page goes back: its container, unless that moved on
 * while reclaim had the page — rmdir removed it (the root), or addfile moved
 * the page's file (the file's container).  The charge moves with it.  Under
 * container_lock. */
static struct container *container_putback_target(struct page *page)
{
	struct container *c = page->container, *to = c;
	struct inode *file = page_file_mapping(page);
	if (file && file->container && file->container != c)
		to = file->container;
	if (to->is_freeing)
		to = &root_container;
	if (to != c)
		container_move_charge(page, to);
	return to;
}

void container_lru_putback(struct page *page)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	if (page->container && !(page->flags & PG_LRU)) {
		struct container *c = container_putback_target(page);
		bool is_active = page->flags & PG_ACTIVE;
		bool is_anon = page->flags & PG_ANON;
		enum lru_list_kind kind = is_anon ? (is_active ? LRU_ACTIVE_ANON : LRU_INACTIVE_ANON)
						  : (is_active ? LRU_ACTIVE_FILE : LRU_INACTIVE_FILE);
		lru_add_page(&c->lru, page, kind);
	}
	spin_unlock_irqrestore(&container_lock, flags);
	put_page(page); /* may free it: the free path takes container_lock itself */
}

/* read() and write() use a cache page: the first use marks it referenced, a
 * second one while it is still inactive promotes it to the active list
 * (Linux's mark_page_accessed; mapped pages tell through their PTEs). */
void mark_page_accessed(struct page *page)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *c = page->container;
	bool can_promote = c && (page->flags & PG_LRU) && !(page->flags & PG_ACTIVE);
	if (can_promote && (page->flags & PG_REFERENCED)) {
		enum lru_list_kind from = lru_page_list(page);
		lru_del_page(&c->lru, page);
		lru_add_page(&c->lru, page, from == LRU_INACTIVE_ANON ? LRU_ACTIVE_ANON
								 : LRU_ACTIVE_FILE);
		page->flags &= ~PG_REFERENCED;
		c->events.pgactivate++;
	} else {
		page->flags |= PG_REFERENCED;
	}
	spin_unlock_irqrestore(&container_lock, flags);
}

uint32_t container_lru_size(struct container *c, enum lru_list_kind kind)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	uint32_t n = c->lru.nr_pages[kind];
	spin_unlock_irqrestore(&container_lock, flags);
	return n;
}

/* Reclaim's counters, per container (the stat file) and for /proc/vmstat. */
void container_count_reclaim(struct container *c, const struct container_events *delta)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->events.pgscan += delta->pgscan;
	c->events.pgsteal += delta->pgsteal;
	c->events.pgdeactivate += delta->pgdeactivate;
	c->events.pgactivate += delta->pgactivate;
	c->events.pswpin += delta->pswpin;
	c->events.pswpout += delta->pswpout;
	c->events.oom_kill += delta->oom_kill;
	spin_unlock_irqrestore(&container_lock, flags);
}
