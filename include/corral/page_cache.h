/*
 * page_cache.h — a file's data pages, by page index (mm/page_cache.c).
 *
 * Each inode keeps an array of page pointers (inode->cache_pages): slot i is
 * the page holding bytes [i * PAGE_SIZE, (i + 1) * PAGE_SIZE) of the file, or
 * NULL.  The cache owns one reference on each page it holds.  Callers hold
 * inode->lock (the array may grow, which allocates).
 */
#ifndef CORRAL_PAGE_CACHE_H
#define CORRAL_PAGE_CACHE_H

#include <corral/types.h>

struct inode;
struct page;

/* The page at index, or NULL if the file has none there (a hole). */
struct page *page_cache_find(struct inode *inode, uint32_t index);
/* The page at index, allocating a zeroed one if missing; NULL: no memory. */
struct page *page_cache_get_or_create(struct inode *inode, uint32_t index);
/* Drop every page from first_index on (0: all of them, and the slot array). */
void page_cache_truncate(struct inode *inode, uint32_t first_index);
/* Pages in the page cache of every file (Cached in /proc/meminfo). */
uint32_t page_cache_nr_pages(void);
/* Count inode's cached pages and compare with inode->nr_cache_pages:
 * returns the difference (0 = sound). */
int page_cache_audit_inode(struct inode *inode);

#endif
