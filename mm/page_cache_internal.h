/*
 * page_cache_internal.h — what the page-cache files of mm/ share and nobody
 * else calls: page_cache.c (the tree), page_io.c (locks, completion),
 * filemap.c (read/write), writeback.c (dirty pages).
 */
#ifndef CORRAL_MM_PAGE_CACHE_INTERNAL_H
#define CORRAL_MM_PAGE_CACHE_INTERNAL_H

struct inode;
struct page;

/* Take a locked page out of inode's cache (page_cache.c); the cache's
 * reference goes with it.  Under inode->lock. */
void page_cache_remove(struct inode *inode, struct page *page);
/* Start reading a locked page from the backing store (page_cache.c); on an
 * error the page is already finished (unlocked, not up to date). */
int page_cache_start_read(struct inode *inode, struct page *page);
/* A dirty page stops being dirty without being written: it left the cache
 * (writeback.c), or write-back is about to write it. */
void page_cache_clear_dirty(struct page *page);
/* Start writing a locked, dirty page, not under write-back (writeback.c):
 * clears PG_DIRTY, sets PG_WRITEBACK until the write ends. */
void page_cache_start_writeback(struct inode *inode, struct page *page);
/* A write refused before it started: wake PG_WRITEBACK waiters (page_io.c). */
void page_write_wake(struct page *page);
/* The inode is going: off the dirty list (writeback.c). */
void page_cache_forget_inode(struct inode *inode);
/* I/O accounting (writeback.c): a page came from the disk; a write ended. */
void page_io_count_read(void);
void page_writeback_end(struct page *page, int err);

#endif
