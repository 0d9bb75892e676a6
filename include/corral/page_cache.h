/*
 * page_cache.h — files' data pages in memory (mm/page_cache.c, mm/page_io.c,
 * mm/writeback.c, mm/filemap.c).
 *
 * Every byte a program reads or writes through read(), write() or a file
 * mapping passes through the page cache: page N of a file holds bytes
 * [N * 4096, (N + 1) * 4096) and is found through the inode's radix tree
 * (include/corral/page_tree.h).  A page in the cache has page->mapping = the
 * inode and page->index = N; the cache holds one reference on it, and every
 * lookup below hands the caller one more, given back with put_page().
 *
 * The filesystem says how pages meet the disk (struct page_cache_ops): ramfs
 * has none (its pages are the only copy: never dropped, never written), ext2
 * reads and writes blocks.  Page states, in page->flags:
 *
 *   PG_LOCKED     I/O in flight or the page is being changed: others wait
 *   PG_UPTODATE   the page holds the file's data (else it must be read)
 *   PG_DIRTY      newer than the disk: write-back will write it
 *   PG_WRITEBACK  being written; cleared (and waiters woken) when done
 *   PG_ERROR      the last read or write failed (EIO)
 *
 * Locking: inode->lock (a mutex) serialises changes to an inode's tree, its
 * size and its pages' contents by read/write/truncate; the page lock covers
 * one page's I/O.  Lock order: inode->lock, then page locks.  One exception:
 * reclaim (mm/vmscan.c) takes a page out of the tree without inode->lock
 * (whose holder may be the reader waiting for that memory) when it holds the
 * page's lock and the page is clean, unmapped and referenced by nobody but
 * the cache and reclaim.  So code under inode->lock must hold a reference
 * (page_cache_find) on any page it uses across a sleep — a bare tree lookup
 * is only good until the next sleep.  Completion of I/O may run in interrupt
 * context and only touches page flags (atomically), counters (interrupts
 * off) and wakes waiters.
 */
#ifndef CORRAL_PAGE_CACHE_H
#define CORRAL_PAGE_CACHE_H

#include <corral/types.h>

struct inode;
struct page;
struct file;

/* A filesystem's side.  All optional; a filesystem without read_page keeps
 * its pages forever (ramfs). */
struct page_cache_ops {
	/* Fill a locked, not up-to-date page from the backing store.  Finish
	 * with page_read_done(page, err) — now, or later from the I/O
	 * completion — and return 0; or return -errno without calling it. */
	int (*read_page)(struct inode *inode, struct page *page);
	/* Write a locked page marked PG_WRITEBACK (its dirty bit already
	 * cleared).  Finish with page_write_done(page, err), as above. */
	int (*write_page)(struct inode *inode, struct page *page);
	/* Before bytes [from, to) of a locked page are written: find or
	 * allocate the blocks behind them (ENOSPC).  Called under inode->lock. */
	int (*prepare_write)(struct inode *inode, struct page *page, size_t from, size_t to);
};

/* Lookup and insertion (mm/page_cache.c).  Every page returned carries a
 * reference for the caller (put_page when done). */
struct page *page_cache_find(struct inode *inode, uint32_t index); /* NULL: not cached */
/* The page at index, created (zeroed, locked, not up to date) if missing;
 * *was_created tells which (a found page is not locked).  NULL: no memory. */
struct page *page_cache_find_or_create(struct inode *inode, uint32_t index, bool *was_created);
/* A page that already holds inode's data at index joins its cache, up to
 * date, and the cache takes the caller's reference (the initramfs's file
 * pages, fs/initramfs.c).  The file's size is the caller's to set.  0, or
 * -EEXIST / -ENOMEM (the page is then still the caller's). */
int page_cache_add_uptodate(struct inode *inode, uint32_t index, struct page *page);
/* The page at index, up to date (read from the backing store if needed) and
 * unlocked; NULL with *err = -ENOMEM or -EIO.  *was_read: it came from disk
 * (a major fault, for the mapping code); may be NULL. */
struct page *page_cache_read_page(struct inode *inode, uint32_t index, int *err,
				  bool *was_read);
/* The file shrinks or grows to size: pages wholly past it leave the cache
 * (waiting for their I/O), the tail of the last one is zeroed.  Caller holds
 * inode->lock and sets inode->size itself. */
void page_cache_truncate(struct inode *inode, uint64_t size);
/* Every page goes (an inode being destroyed): no write-back. */
void page_cache_evict_inode(struct inode *inode);
/* Call f for each cached page of inode in index order (inode->lock held);
 * stops at the first non-zero return, which it returns. */
int page_cache_for_each(struct inode *inode, int (*f)(struct page *page, void *arg), void *arg);

/* The generic read and write of a file whose data lives in the page cache
 * (mm/filemap.c); a filesystem's file_operations point at them.  They take
 * inode->lock.  Reads read ahead when the file is read sequentially. */
ssize_t page_cache_file_read(struct file *file, char *buf, size_t len, uint64_t *pos);
ssize_t page_cache_file_write(struct file *file, const char *buf, size_t len, uint64_t *pos);

/* Page states and I/O completion (mm/page_io.c). */
void page_lock(struct page *page); /* sleeps while someone else holds it */
/* After a write(): when dirty and write-back pages pass 20% of memory
 * (Linux's dirty_ratio), the writer writes its own file back and waits, so
 * dirty pages never fill memory (mm/writeback.c).  Without inode->lock. */
void page_cache_balance_dirty(struct inode *inode);
bool page_trylock(struct page *page);
void page_unlock(struct page *page); /* wakes waiters */
void page_wait_unlocked(struct page *page);
void page_wait_writeback(struct page *page);
void page_read_done(struct page *page, int err);  /* may run in an interrupt */
void page_write_done(struct page *page, int err); /* may run in an interrupt */
/* The same for a page written to swap (not in a file's cache): clears
 * PG_WRITEBACK, sets PG_ERROR on failure, wakes waiters; no counters. */
void page_swap_write_done(struct page *page, int err);
void page_mark_dirty(struct page *page); /* its inode joins the dirty list */

/* Write-back (mm/writeback.c). */
int page_cache_writeback_inode(struct inode *inode, bool wait); /* 0 or -EIO */
int page_cache_sync_all(void); /* every dirty inode, waiting; 0 or -EIO */
void page_cache_flusher_start(void); /* the periodic write-back thread */
/* Drop clean, unmapped, unused pages of files that can be read back
 * (echo 1 > /proc/sys/vm/drop_caches); returns the number dropped. */
uint32_t page_cache_drop_clean(void);
/* The same for the filesystems mounted from device dev (BLKFLSBUF). */
uint32_t page_cache_drop_clean_dev(uint32_t dev);

struct page_cache_stats {
	uint32_t nr_pages;         /* in every file's cache (Cached) */
	uint32_t nr_unevictable;   /* of which the only copy (ramfs): never reclaimed */
	uint32_t nr_dirty;         /* PG_DIRTY (Dirty) */
	uint32_t nr_writeback;     /* PG_WRITEBACK (Writeback) */
	uint64_t nr_pages_read;    /* read from a backing store (pgpgin, in pages) */
	uint64_t nr_pages_written; /* written to one (pgpgout) */
};
void page_cache_get_stats(struct page_cache_stats *stats);
uint32_t page_cache_nr_pages(void);
uint32_t page_cache_nr_unevictable(void);

/* Recount inode's cached pages against inode->nr_cache_pages and check every
 * page's mapping and index: 0 = sound, else the number of faults found. */
int page_cache_audit_inode(struct inode *inode);

#endif
