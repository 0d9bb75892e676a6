/*
 * lru.c — the LRU lists of a container: which of its pages were used lately.
 *
 * Four lists per container (include/corral/lru.h), each with its count.  A page
 * joins a list when it is charged and leaves when it is uncharged; which list
 * it is on follows from its flags (PG_ANON or PG_FILE, PG_ACTIVE), so the flags
 * and the lists cannot disagree.  This file only moves pages between lists;
 * deciding what to age or reclaim is mm/vmscan.c's job.  While reclaim works
 * on a page it is off its list (PG_LRU clear: "isolated") but still charged.
 * Callers hold container_lock.  Adding, removing and which-list are inline
 * in lru.h (every charge and uncharge uses them).
 */
#include <corral/lru.h>
#include <corral/page.h>

void lru_init(struct lru_lists *lru)
{
	for (int i = 0; i < NR_LRU_LISTS; i++) {
		list_init(&lru->lists[i]);
		lru->nr_pages[i] = 0;
	}
}

/* Take page off its list, keeping PG_ACTIVE (isolation: it comes back). */
void lru_take_page(struct lru_lists *lru, struct page *page)
{
	lru->nr_pages[lru_page_list(page)]--;
	list_del(&page->list);
	page->flags &= ~PG_LRU;
}

/* Append from's pages at the cold end of to's lists, emptying from. */
void lru_splice(struct lru_lists *to, struct lru_lists *from)
{
	for (int i = 0; i < NR_LRU_LISTS; i++) {
		while (!list_is_empty(&from->lists[i])) {
			struct list_head *node = from->lists[i].next;
			list_move_tail(node, &to->lists[i]);
		}
		to->nr_pages[i] += from->nr_pages[i];
		from->nr_pages[i] = 0;
	}
}

uint32_t lru_nr_active(const struct lru_lists *lru)
{
	return lru->nr_pages[LRU_ACTIVE_ANON] + lru->nr_pages[LRU_ACTIVE_FILE];
}
