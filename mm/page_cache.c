/*
 * page_cache.c — the pages that hold files' data: finding them, adding them,
 * taking them out.  include/corral/page_cache.h has the whole picture.
 *
 *   inode->cache (radix tree, mm/page_tree.c):  index -> struct page
 *   page->mapping = inode, page->index = index, one reference held by the cache
 *
 * Exactly one function adds a page to the cache (page_cache_add) and one takes
 * it out (page_cache_remove): containers charge file pages at the first
 * (container_charge_file) and the counts for /proc/meminfo are kept at both.
 * The page's uncharge happens when its last reference goes (page_alloc.c).
 * Besides finding pages, this file walks an inode's pages for others
 * (page_cache_for_each: the audit below, and mm/container_move.c recharging
 * a file's pages when addfile moves the file) and drops clean pages that the
 * disk holds too (page_cache_drop_clean, /proc/sys/vm/drop_caches).
 *
 * Locking: inode->lock for the tree and inode->nr_cache_pages (every change
 * but reclaim's removal of an unused page, see page_cache.h; and every walk);
 * the system-wide counts are atomic.  Reading a page from
 * the backing store happens with the page locked (mm/page_io.c); truncation
 * waits for those locks, so no page leaves while its I/O is in flight.
 * Next: mm/page_io.c (page locks and I/O completion), mm/filemap.c (read and
 * write through the cache), mm/writeback.c (dirty pages back to disk).
 */
#include <corral/container.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/panic.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <corral/vmscan.h>
#include <uapi/errno.h>

#include "page_cache_internal.h"

static uint32_t nr_cached_pages; /* every inode's pages; atomic updates */
static uint32_t nr_unevictable_pages; /* of which nothing backs (ramfs); atomic */

uint32_t page_cache_nr_pages(void)
{
	return __atomic_load_n(&nr_cached_pages, __ATOMIC_RELAXED);
}

uint32_t page_cache_nr_unevictable(void)
{
	return __atomic_load_n(&nr_unevictable_pages, __ATOMIC_RELAXED);
}

static bool page_cache_is_backed(const struct inode *inode)
{
	return inode->cache_ops && inode->cache_ops->read_page;
}

/* The one place a page joins the cache.  The page is new (only our
 * reference): nobody can see it before it is in the tree. */
static int page_cache_add(struct inode *inode, uint32_t index, struct page *page)
{
	assert(mutex_is_held(&inode->lock));
	int err = container_make_room_for_file(inode); /* may sleep: before the tree changes */
	if (err)
		return err;
	page->mapping = inode;
	page->index = index;
	err = page_tree_insert(&inode->cache, index, page);
	if (err) {
		page->mapping = NULL;
		return err;
	}
	container_charge_file(page, inode);
	inode->nr_cache_pages++;
	__atomic_add_fetch(&nr_cached_pages, 1, __ATOMIC_RELAXED);
	if (!page_cache_is_backed(inode))
		__atomic_add_fetch(&nr_unevictable_pages, 1, __ATOMIC_RELAXED);
	return 0;
}

int page_cache_add_uptodate(struct inode *inode, uint32_t index, struct page *page)
{
	mutex_lock(&inode->lock);
	int err = page_tree_lookup(&inode->cache, index) ? -EEXIST
							   : page_cache_add(inode, index, page);
	if (!err)
		page_flag_set(page, PG_UPTODATE);
	mutex_unlock(&inode->lock);
	return err;
}

/* The one place a page leaves the cache; the cache's reference goes with it.
 * The page may live on a while in other hands (a mapping, a reader), no
 * longer findable; it is uncharged when freed. */
void page_cache_remove(struct inode *inode, struct page *page)
{
	struct page *removed = page_tree_remove(&inode->cache, page->index);
	assert(removed == page);
	if (page_flag_is_set(page, PG_DIRTY))
		page_cache_clear_dirty(page); /* thrown away: nothing left to write */
	page->mapping = NULL;
	inode->nr_cache_pages--;
	__atomic_sub_fetch(&nr_cached_pages, 1, __ATOMIC_RELAXED);
	if (!page_cache_is_backed(inode))
		__atomic_sub_fetch(&nr_unevictable_pages, 1, __ATOMIC_RELAXED);
	put_page(page);
}

struct page *page_cache_find(struct inode *inode, uint32_t index)
{
	struct page *page = page_tree_lookup(&inode->cache, index);
	if (page)
		get_page(page);
	return page;
}

struct page *page_cache_find_or_create(struct inode *inode, uint32_t index, bool *was_created)
{
	*was_created = false;
	struct page *page = page_cache_find(inode, index);
	if (page)
		return page;
	page = alloc_user_page(true); /* may reclaim: never this inode's pages (we hold its lock) */
	if (!page)
		return NULL;
	page_flag_set(page, PG_LOCKED); /* new pages are born locked: I/O comes next */
	if (page_cache_add(inode, index, page)) {
		put_page(page);
		return NULL;
	}
	get_page(page); /* the caller's reference; the cache holds the first */
	*was_created = true;
	return page;
}

/* Start reading a locked page; 0 when the read is under way (or done). */
int page_cache_start_read(struct inode *inode, struct page *page)
{
	const struct page_cache_ops *ops = inode->cache_ops;
	if (!ops || !ops->read_page) { /* no backing store: a new page is all zeros */
		page_read_done(page, 0);
		return 0;
	}
	page_flag_clear(page, PG_ERROR);
	int err = ops->read_page(inode, page);
	if (err)
		page_read_done(page, err);
	return err;
}

struct page *page_cache_read_page(struct inode *inode, uint32_t index, int *err,
				  bool *was_read)
{
	bool was_created;
	if (was_read)
		*was_read = false;
	struct page *page = page_cache_find_or_create(inode, index, &was_created);
	if (!page) {
		*err = -ENOMEM;
		return NULL;
	}
	if (was_created) {
		page_cache_start_read(inode, page);
		if (was_read)
			*was_read = inode->cache_ops && inode->cache_ops->read_page;
	}
	page_wait_unlocked(page); /* our read, or someone else's (read-ahead) */
	if (!page_flag_is_set(page, PG_UPTODATE)) {
		/* The read failed: take the page out so a later read tries again. */
		page_lock(page);
		if (!page_flag_is_set(page, PG_UPTODATE) && page->mapping == inode)
			page_cache_remove(inode, page);
		page_unlock(page);
		put_page(page);
		*err = -EIO;
		return NULL;
	}
	return page;
}

/* Pages at index >= first leave; each is locked first so its I/O ends. */
static void page_cache_remove_from(struct inode *inode, uint32_t first)
{
	uint32_t index = first;
	struct page *page;
	while ((page = page_tree_next(&inode->cache, &index)) != NULL) {
		get_page(page);
		page_lock(page);
		page_wait_writeback(page);
		if (page->mapping == inode)
			page_cache_remove(inode, page);
		page_unlock(page);
		put_page(page);
		if (index == UINT32_MAX)
			break;
		index++;
	}
}

void page_cache_truncate(struct inode *inode, uint64_t size)
{
	uint64_t first_gone = (size + PAGE_SIZE - 1) / PAGE_SIZE;
	if (first_gone <= UINT32_MAX)
		page_cache_remove_from(inode, (uint32_t)first_gone);
	size_t tail = (size_t)(size % PAGE_SIZE);
	if (!tail || size / PAGE_SIZE > UINT32_MAX)
		return;
	struct page *last = page_cache_find(inode, (uint32_t)(size / PAGE_SIZE));
	if (!last)
		return;
	/* Zero past the new end, so growing the file again shows zeros. */
	page_lock(last);
	memset((char *)page_to_virt(last) + tail, 0, PAGE_SIZE - tail);
	if (page_flag_is_set(last, PG_UPTODATE) && inode->cache_ops &&
	    inode->cache_ops->write_page)
		page_mark_dirty(last);
	page_unlock(last);
	put_page(last);
}

void page_cache_evict_inode(struct inode *inode)
{
	page_cache_remove_from(inode, 0);
	page_cache_forget_inode(inode);
	assert(inode->nr_cache_pages == 0 && inode->cache.root == NULL);
}

int page_cache_for_each(struct inode *inode, int (*f)(struct page *page, void *arg), void *arg)
{
	uint32_t index = 0;
	struct page *page;
	while ((page = page_tree_next(&inode->cache, &index)) != NULL) {
		int ret = f(page, arg);
		if (ret || index == UINT32_MAX)
			return ret;
		index++;
	}
	return 0;
}

struct audit_walk {
	struct inode *inode;
	uint32_t nr_pages;
	int nr_faults;
};

static int page_cache_audit_page(struct page *page, void *arg)
{
	struct audit_walk *walk = arg;
	walk->nr_pages++;
	if (page->mapping != walk->inode || page->refcount < 1 ||
	    page_tree_lookup(&walk->inode->cache, page->index) != page)
		walk->nr_faults++;
	return 0;
}

int page_cache_audit_inode(struct inode *inode)
{
	struct audit_walk walk = {inode, 0, 0};
	page_cache_for_each(inode, page_cache_audit_page, &walk);
	if (walk.nr_pages != inode->nr_cache_pages || walk.nr_pages != inode->cache.nr_items)
		walk.nr_faults++;
	return walk.nr_faults;
}

/* Drop inode's pages that the disk holds too and nobody uses: clean, not
 * locked, not under write-back, no reference but the cache's (a mapping or a
 * reader holds one).  Returns the number dropped. */
static uint32_t page_cache_drop_inode_clean(struct inode *inode)
{
	uint32_t nr_dropped = 0, index = 0;
	struct page *page;
	mutex_lock(&inode->lock);
	while ((page = page_tree_next(&inode->cache, &index)) != NULL) {
		const uint32_t busy = PG_DIRTY | PG_WRITEBACK;
		if (page->refcount == 1 && !page_flag_is_set(page, busy) && page_trylock(page)) {
			page_cache_remove(inode, page); /* frees it: the cache held the last reference */
			page_unlock(page);
			nr_dropped++;
		}
		if (index++ == UINT32_MAX)
			break;
	}
	mutex_unlock(&inode->lock);
	return nr_dropped;
}

static bool page_cache_is_droppable(const struct inode *inode)
{
	return inode->cache_ops && inode->cache_ops->read_page && inode->nr_cache_pages;
}

/* Each inode is held while we work on it (dropping sleeps), and the next one
 * is held before it is let go, so the walk never stands on a freed inode. */
struct page_cache_drop {
	uint32_t nr_dropped;
	bool is_one_dev; /* only the filesystems on device dev */
	uint32_t dev;
};

static void page_cache_drop_mount(struct mount *m, void *arg)
{
	struct page_cache_drop *drop = arg;
	uint32_t *nr_dropped = &drop->nr_dropped;
	struct list_head *head = &m->sb->inodes;
	if (list_is_empty(head) || (drop->is_one_dev && m->sb->dev != drop->dev))
		return;
	struct inode *inode = list_first_entry(head, struct inode, sb_node);
	inode_get(inode);
	while (inode) {
		if (page_cache_is_droppable(inode))
			*nr_dropped += page_cache_drop_inode_clean(inode);
		struct list_head *next = inode->sb_node.next;
		struct inode *next_inode =
			next == head ? NULL : list_entry(next, struct inode, sb_node);
		inode_get(next_inode);
		inode_put(inode);
		inode = next_inode;
	}
}

uint32_t page_cache_drop_clean(void)
{
	struct page_cache_drop drop = {0, false, 0};
	vfs_for_each_mount(page_cache_drop_mount, &drop);
	return drop.nr_dropped;
}

uint32_t page_cache_drop_clean_dev(uint32_t dev)
{
	struct page_cache_drop drop = {0, true, dev};
	vfs_for_each_mount(page_cache_drop_mount, &drop);
	return drop.nr_dropped;
}
