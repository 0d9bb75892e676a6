/*
 * container_mm.c — where containers meet pages: charging and uncharging.
 *
 * Each charged page records its container (page->container), its kind
 * (PG_ANON or PG_FILE) and sits on one of the container's LRU lists.  The
 * calls are made at the few places pages are born and die:
 *
 *   container_charge_anon   demand-zero fault, copy on write, exec's pages
 *   container_charge_file   a page joins an inode's page cache
 *   container_uncharge      the page's last reference is dropped (free_pages)
 *
 * Later issues add: swap-out (uncharge, count swap) and swap-in (charge),
 * ext2 page-cache pages (the same charge_file call), and the over-limit
 * handler, which a charge at or over page_limit will wake.  For now such a
 * charge only counts a page-limit hit.  Locking: container_lock, taken inside
 * the page allocator's zone lock on the free path (lock order: zone → container).
 */
#include <corral/container_internal.h>
#include <corral/page.h>
#include <corral/task.h>
#include <corral/vfs.h>

static uint32_t container_usage(const struct container *c)
{
	return c->nr_anon_pages + c->nr_file_pages;
}

/* Count a hit if this charge finds the container at or over its limit. */
static void container_note_limit(struct container *c)
{
	if (c->page_limit != CONTAINER_NO_LIMIT && container_usage(c) >= c->page_limit)
		c->page_limit_hits++;
}

void container_charge_anon(struct page *page, struct container *c)
{
	if (!c)
		c = &root_container;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	container_note_limit(c);
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
	container_note_limit(c);
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
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->events.pgmajfault++;
	spin_unlock_irqrestore(&container_lock, flags);
}

void container_count_fault(struct container *c, bool is_major)
{
	if (!c)
		return;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->events.pgfault++;
	if (is_major)
		c->events.pgmajfault++;
	spin_unlock_irqrestore(&container_lock, flags);
}
