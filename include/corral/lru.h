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

struct page;

void lru_init(struct lru_lists *lru);
void lru_add_page(struct lru_lists *lru, struct page *page, enum lru_list_kind kind);
void lru_del_page(struct lru_lists *lru, struct page *page);   /* for good */
void lru_take_page(struct lru_lists *lru, struct page *page);  /* isolate */
/* Move every page of from onto the same lists of to (rmdir). */
void lru_splice(struct lru_lists *to, struct lru_lists *from);
enum lru_list_kind lru_page_list(const struct page *page);
uint32_t lru_nr_active(const struct lru_lists *lru);

#endif
