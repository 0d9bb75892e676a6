/*
 * lru.h — each container's four LRU lists of its charged pages (mm/lru.c).
 *
 *   active anon   inactive anon   active file   inactive file
 *
 * A page is on exactly one list of exactly one container while it is charged,
 * linked through page->list.  New anonymous pages start active, new file pages
 * inactive (as in Linux).  Reclaim (mm/vmscan.c) ages pages from active to
 * inactive and takes its victims from the tails of the inactive lists.
 * Locking: container_lock.
 */
#ifndef CORRAL_LRU_H
#define CORRAL_LRU_H

#include <corral/list.h>
#include <corral/page.h>
#include <corral/types.h>

enum lru_list_kind {
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_FILE,
	LRU_INACTIVE_FILE,
	NR_LRU_LISTS,
};

struct lru_lists {
	struct list_head lists[NR_LRU_LISTS];
	uint32_t nr_pages[NR_LRU_LISTS];
};

void lru_init(struct lru_lists *lru);
void lru_take_page(struct lru_lists *lru, struct page *page);  /* isolate */
/* Move every page of from onto the same lists of to (rmdir). */
void lru_splice(struct lru_lists *to, struct lru_lists *from);
uint32_t lru_nr_active(const struct lru_lists *lru);

/* The three below are on every charge and uncharge, so they are inline. */

/* The list page's flags say it is on (or goes back to). */
static inline enum lru_list_kind lru_page_list(const struct page *page)
{
	bool is_active = page->flags & PG_ACTIVE;
	if (page->flags & PG_ANON)
		return is_active ? LRU_ACTIVE_ANON : LRU_INACTIVE_ANON;
	return is_active ? LRU_ACTIVE_FILE : LRU_INACTIVE_FILE;
}

static inline void lru_add_page(struct lru_lists *lru, struct page *page,
				enum lru_list_kind kind)
{
	if (kind == LRU_ACTIVE_ANON || kind == LRU_ACTIVE_FILE)
		page->flags |= PG_ACTIVE;
	else
		page->flags &= ~PG_ACTIVE;
	list_add(&page->list, &lru->lists[kind]); /* the head is the most recent */
	lru->nr_pages[kind]++;
	page->flags |= PG_LRU;
}

/* Off its list for good (uncharged). */
static inline void lru_del_page(struct lru_lists *lru, struct page *page)
{
	lru->nr_pages[lru_page_list(page)]--;
	list_del(&page->list);
	page->flags &= ~(PG_ACTIVE | PG_LRU);
}

#endif
