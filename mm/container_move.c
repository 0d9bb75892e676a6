/*
 * container_move.c — moving charged pages from one container to another, one
 * page at a time, each with its whole charge: off the old container's LRU
 * list, its anon or file count and (if mapped) its mapped count; onto the new
 * container's list of the same kind, and its counts.
 *
 * Two callers: rmdir hands the pages on a dying container's lists to the
 * root (container_move_lru_pages, also at the container's last put, for
 * pages put back since), and addfile/rmfile recharge a file's cached pages
 * to the file's new container (container_recharge_file_pages).
 *
 * Only pages on an LRU list move.  Reclaim takes pages off the lists for a
 * while ("isolated": still charged, page->container still set, held by a
 * reference on the container); those keep their charge where it is, and
 * rmdir cannot count them away in bulk.  When they come back to a dying
 * container's lists, its last put moves them.
 *
 * Locking: container_lock, held by the caller (kernel/container.c,
 * kernel/container_members.c), and for a file's pages its inode->lock too.
 * Read next: mm/container_audit.c.
 */
#include <corral/container_internal.h>
#include <corral/page.h>
#include <corral/page_cache.h>

/* Is the page on one of its container's LRU lists?  Charged pages are, but
 * for those reclaim has taken off for a while (PG_LRU clear): those move when
 * reclaim puts them back (container_lru_putback). */
static bool page_is_on_lru(const struct page *page)
{
	return page->container && (page->flags & PG_LRU);
}

void container_move_charge(struct page *page, struct container *to)
{
	struct container *from = page->container;
	if (page->flags & PG_ANON) {
		from->nr_anon_pages--;
		to->nr_anon_pages++;
	} else {
		from->nr_file_pages--;
		to->nr_file_pages++;
	}
	if (page->flags & PG_MAPPED) {
		from->nr_mapped_pages--;
		to->nr_mapped_pages++;
	}
	page->container = to;
}

static void container_move_page(struct page *page, struct container *to)
{
	enum lru_list_kind kind = lru_page_list(page); /* before lru_del_page clears PG_ACTIVE */
	lru_del_page(&page->container->lru, page);
	container_move_charge(page, to);
	lru_add_page(&to->lru, page, kind);
}

/* Each list is taken from its cold end, and each page goes to the hot end of
 * to's list: the moved pages keep their order among themselves. */
void container_move_lru_pages(struct container *from, struct container *to)
{
	for (int k = 0; k < NR_LRU_LISTS; k++) {
		struct list_head *list = &from->lru.lists[k];
		while (!list_is_empty(list))
			container_move_page(list_entry(list->prev, struct page, list), to);
	}
}

static int container_recharge_page(struct page *page, void *arg)
{
	struct container *to = arg;
	if (page_is_on_lru(page) && page->container != to)
		container_move_page(page, to);
	return 0;
}

void container_recharge_file_pages(struct inode *inode, struct container *to)
{
	page_cache_for_each(inode, container_recharge_page, to);
}
