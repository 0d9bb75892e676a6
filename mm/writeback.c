/*
 * writeback.c — dirty pages back to the disk, and clean ones out of memory.
 *
 * Policy (Linux's defaults): a page written through write() or a shared
 * mapping becomes dirty and stays in memory; the flusher thread wakes every
 * 5 seconds and writes back every inode whose pages have been dirty for 30
 * seconds; sync() and fsync() write at once and wait; an inode leaving memory
 * is written first (fs/inode.c); reclaim writes a dirty page it wants to
 * take (page_cache_start_writeback); and a writer that finds dirty pages
 * over 20% of memory writes its own file back before write() returns
 * (page_cache_balance_dirty), so dirty pages cannot fill memory.  A write the
 * filesystem refuses for want of memory leaves the page dirty, never lost.
 * drop_caches drops what is clean.  Containers' io_bps_max: write-back is
 * charged to the page's container; the flusher skips a container over its
 * budget rather than wait for it (writeback_inodes says why).
 *
 * Mechanism: an inode with dirty pages sits on dirty_inodes, oldest first.
 * Writing a page: lock it, clear PG_DIRTY, set PG_WRITEBACK, hand it to the
 * filesystem's write_page, unlock; the driver's completion clears
 * PG_WRITEBACK (page_write_done, mm/page_io.c).  Waiting writers look for
 * PG_WRITEBACK and PG_ERROR afterwards.
 *
 * Locking: writeback_lock (interrupts off: completions run in interrupt
 * handlers) guards the list, the inodes' nr_dirty_pages and dirtied_at and
 * the counters below.  Walks of an inode's tree here do not hold
 * inode->lock: each step looks the next page up afresh and pins it with a
 * reference and its page lock, so a concurrent truncate is harmless.
 * Next: mm/filemap.c.
 */
#include <corral/container.h>
#include <corral/container_io.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/printk.h>
#include <corral/spinlock.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

#include "page_cache_internal.h"

#define FLUSH_INTERVAL_TICKS (5 * HZ)  /* dirty_writeback_centisecs = 500 */
#define DIRTY_EXPIRE_TICKS (30 * HZ)   /* dirty_expire_centisecs = 3000 */

static struct spinlock writeback_lock = SPINLOCK_INIT("writeback");
/* Under writeback_lock: */
static LIST_HEAD(dirty_inodes); /* inode.dirty_node, oldest dirtied first */
static uint32_t nr_dirty_pages, nr_writeback_pages;
static uint64_t nr_pages_read, nr_pages_written;

void page_mark_dirty(struct page *page)
{
	struct inode *inode = page_file_mapping(page);
	if (!inode || page_flag_test_and_set(page, PG_DIRTY))
		return; /* not in a cache any more, or already dirty */
	uint32_t flags = spin_lock_irqsave(&writeback_lock);
	nr_dirty_pages++;
	if (inode->nr_dirty_pages++ == 0) {
		inode->dirtied_at = jiffies_read();
		list_add_tail(&inode->dirty_node, &dirty_inodes);
	}
	spin_unlock_irqrestore(&writeback_lock, flags);
}

void page_cache_clear_dirty(struct page *page)
{
	struct inode *inode = page->mapping;
	if (!page_flag_is_set(page, PG_DIRTY))
		return;
	page_flag_clear(page, PG_DIRTY);
	uint32_t flags = spin_lock_irqsave(&writeback_lock);
	nr_dirty_pages--;
	if (--inode->nr_dirty_pages == 0)
		list_del(&inode->dirty_node);
	spin_unlock_irqrestore(&writeback_lock, flags);
}

void page_cache_forget_inode(struct inode *inode)
{
	uint32_t flags = spin_lock_irqsave(&writeback_lock);
	list_del(&inode->dirty_node);
	spin_unlock_irqrestore(&writeback_lock, flags);
}

void page_io_count_read(void)
{
	uint32_t flags = spin_lock_irqsave(&writeback_lock);
	nr_pages_read++;
	spin_unlock_irqrestore(&writeback_lock, flags);
}

static void page_writeback_begin(struct page *page)
{
	page_flag_set(page, PG_WRITEBACK);
	uint32_t flags = spin_lock_irqsave(&writeback_lock);
	nr_writeback_pages++;
	spin_unlock_irqrestore(&writeback_lock, flags);
}

void page_writeback_end(struct page *page, int err)
{
	uint32_t flags = spin_lock_irqsave(&writeback_lock);
	nr_writeback_pages--;
	if (!err)
		nr_pages_written++;
	spin_unlock_irqrestore(&writeback_lock, flags);
	page_flag_clear(page, PG_WRITEBACK);
}

void page_cache_start_writeback(struct inode *inode, struct page *page)
{
	page_cache_clear_dirty(page);
	page_writeback_begin(page);
	int err = inode->cache_ops->write_page(inode, page);
	if (err == -ENOMEM) {
		/* Refused before any I/O (no memory for the request): the page is
		 * still the only copy.  Dirty again, no error: a later round writes
		 * it.  Dropping it as written would lose the data silently. */
		page_writeback_end(page, err);
		page_write_wake(page);
		page_mark_dirty(page);
	} else if (err) {
		page_write_done(page, err);
	}
}

/* Dirty pages past this share of memory make writers write their own. */
#define DIRTY_RATIO_PERCENT 20

void page_cache_balance_dirty(struct inode *inode)
{
	struct page_alloc_stats st;
	page_alloc_get_stats(&st);
	uint32_t limit = st.nr_managed_pages / 100 * DIRTY_RATIO_PERCENT;
	uint32_t flags = spin_lock_irqsave(&writeback_lock);
	bool is_over = nr_dirty_pages + nr_writeback_pages > limit;
	spin_unlock_irqrestore(&writeback_lock, flags);
	if (is_over && inode->cache_ops && inode->cache_ops->write_page)
		page_cache_writeback_inode(inode, true); /* the writer pays for its pages */
}

/* Write one dirty page of inode, if it still is one. */
static void writeback_page(struct inode *inode, struct page *page)
{
	get_page(page);
	page_lock(page);
	if (page->mapping == inode && page_flag_is_set(page, PG_DIRTY)) {
		page_wait_writeback(page); /* an earlier write of it must land first */
		page_cache_start_writeback(inode, page);
	}
	page_unlock(page);
	put_page(page);
}

/* Wait for inode's writes in flight; -EIO if any page reports an error. */
static int writeback_wait_inode(struct inode *inode)
{
	int err = 0;
	uint32_t index = 0;
	struct page *page;
	while ((page = page_tree_next(&inode->cache, &index)) != NULL) {
		get_page(page);
		page_wait_writeback(page);
		if (page_flag_is_set(page, PG_ERROR)) {
			page_flag_clear(page, PG_ERROR); /* reported once, as fsync does */
			err = -EIO;
		}
		put_page(page);
		if (index++ == UINT32_MAX)
			break;
	}
	return err;
}

/* Start writing inode's dirty pages.  The flusher passes the file's
 * container as pacer: once that container is over its io_bps_max budget,
 * the rest of its pages wait for a later round (see writeback_inodes). */
static void writeback_inode_pages(struct inode *inode, struct container *pacer)
{
	uint32_t index = 0;
	struct page *page;
	while ((page = page_tree_next(&inode->cache, &index)) != NULL) {
		if (page_flag_is_set(page, PG_DIRTY)) {
			if (pacer && container_io_is_throttled(pacer))
				break;
			writeback_page(inode, page);
		}
		if (index++ == UINT32_MAX)
			break;
	}
}

static bool writeback_has_backing(const struct inode *inode)
{
	return inode->cache_ops && inode->cache_ops->write_page; /* else ramfs: the pages are the file */
}

int page_cache_writeback_inode(struct inode *inode, bool wait)
{
	if (!writeback_has_backing(inode))
		return 0;
	writeback_inode_pages(inode, NULL);
	return wait ? writeback_wait_inode(inode) : 0;
}

/* The flusher's write-back of one inode: paced by its container's
 * io_bps_max, never waiting for it. */
static void writeback_inode_paced(struct inode *inode)
{
	if (!writeback_has_backing(inode))
		return;
	struct container *c = container_get_by_file(inode);
	writeback_inode_pages(inode, c);
	container_put(c);
}

/* The oldest dirty inode, referenced and moved to the back of the list (so
 * a file dirtied again and again cannot hold the others up); NULL if none. */
static struct inode *writeback_take_oldest(uint64_t dirtied_before)
{
	struct inode *inode = NULL;
	uint32_t flags = spin_lock_irqsave(&writeback_lock);
	if (!list_is_empty(&dirty_inodes)) {
		inode = list_first_entry(&dirty_inodes, struct inode, dirty_node);
		if (inode->dirtied_at > dirtied_before) {
			inode = NULL;
		} else {
			list_move_tail(&inode->dirty_node, &dirty_inodes);
			inode_get(inode);
		}
	}
	spin_unlock_irqrestore(&writeback_lock, flags);
	return inode;
}

static uint32_t writeback_nr_dirty_inodes(void)
{
	uint32_t n = 0;
	struct list_head *pos;
	uint32_t flags = spin_lock_irqsave(&writeback_lock);
	list_for_each(pos, &dirty_inodes)
		n++;
	spin_unlock_irqrestore(&writeback_lock, flags);
	return n;
}

/* Write back the inodes dirtied before dirtied_before (each once).
 *
 * sync (wait) writes everything at once, whatever the containers' io_bps_max:
 * its writes are charged to the pages' containers, which pay the debt with
 * their own later I/O; sync never waits for another container's budget.
 * The flusher (!wait) is one thread for all containers, so it must not
 * sleep for one of them either: it stops writing a container's pages when
 * that container is over its budget and goes on with the next inode; what
 * is left stays dirty, and its inode at the back of the list, until a later
 * round finds budget.  So a throttled container's background write-back
 * runs at about its io_bps_max and nobody else's waits behind it. */
static int writeback_inodes(uint64_t dirtied_before, bool wait)
{
	int err = 0;
	for (uint32_t n = writeback_nr_dirty_inodes(); n > 0; n--) {
		struct inode *inode = writeback_take_oldest(dirtied_before);
		if (!inode)
			break;
		if (!wait)
			writeback_inode_paced(inode);
		else if (page_cache_writeback_inode(inode, true))
			err = -EIO;
		inode_put(inode);
	}
	return err;
}

int page_cache_sync_all(void)
{
	return writeback_inodes(UINT64_MAX, true);
}

static void page_cache_flusher(void *arg)
{
	for (;;) {
		sleep_ticks(FLUSH_INTERVAL_TICKS);
		uint64_t now = jiffies_read();
		if (now > DIRTY_EXPIRE_TICKS)
			writeback_inodes(now - DIRTY_EXPIRE_TICKS, false);
	}
}

void page_cache_flusher_start(void)
{
	if (!kthread_create("flush", page_cache_flusher, NULL))
		pr_err("writeback: no flusher thread: dirty pages are written only by sync\n");
}

void page_cache_get_stats(struct page_cache_stats *stats)
{
	uint32_t flags = spin_lock_irqsave(&writeback_lock);
	stats->nr_dirty = nr_dirty_pages;
	stats->nr_writeback = nr_writeback_pages;
	stats->nr_pages_read = nr_pages_read;
	stats->nr_pages_written = nr_pages_written;
	spin_unlock_irqrestore(&writeback_lock, flags);
	stats->nr_pages = page_cache_nr_pages();
	stats->nr_unevictable = page_cache_nr_unevictable();
}
