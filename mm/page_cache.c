/*
 * page_cache.c — the pages that hold files' data, indexed by page number.
 *
 * A file's cached pages hang off its inode in a growable array:
 *
 *     inode->cache_pages:  [0] -> page  [1] -> NULL (hole)  [2] -> page  ...
 *                          cache_capacity slots, nr_cache_pages non-NULL
 *
 * ramfs keeps its files' only copy here (the pages are never dropped, only
 * truncated or freed with the inode); ext2 will fill pages from the disk.
 * Exactly one function adds a page to the cache (page_cache_add_page) and one
 * takes it out (page_cache_remove_page): containers will charge and uncharge
 * file pages there, and the global count for /proc/meminfo is kept there.
 *
 * Locking: the caller holds inode->lock for the slots of that inode; the
 * global count is updated atomically.  Read next: fs/ramfs_file.c.
 */
#include <corral/container.h>
#include <corral/kmalloc.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

#define PAGE_CACHE_MIN_SLOTS 8

static uint32_t nr_cached_pages; /* every inode's pages; atomic updates */

uint32_t page_cache_nr_pages(void)
{
	return __atomic_load_n(&nr_cached_pages, __ATOMIC_RELAXED);
}

/* The one place a page joins the cache. */
static void page_cache_add_page(struct inode *inode, uint32_t index, struct page *page)
{
	container_charge_file(page, inode);
	inode->cache_pages[index] = page;
	inode->nr_cache_pages++;
	__atomic_add_fetch(&nr_cached_pages, 1, __ATOMIC_RELAXED);
}

/* The one place a page leaves the cache; the cache's reference goes with it. */
static void page_cache_remove_page(struct inode *inode, uint32_t index)
{
	struct page *page = inode->cache_pages[index];
	/* uncharged when the page is freed (page_alloc.c), which may be now */
	inode->cache_pages[index] = NULL;
	inode->nr_cache_pages--;
	__atomic_sub_fetch(&nr_cached_pages, 1, __ATOMIC_RELAXED);
	free_page(page);
}

struct page *page_cache_find(struct inode *inode, uint32_t index)
{
	if (index >= inode->cache_capacity)
		return NULL;
	return inode->cache_pages[index];
}

/* Make room for slot index: double the array until it fits. */
static int page_cache_grow(struct inode *inode, uint32_t index)
{
	uint32_t capacity = inode->cache_capacity ? inode->cache_capacity : PAGE_CACHE_MIN_SLOTS;
	while (capacity <= index) {
		if (capacity > UINT32_MAX / 2 / sizeof(struct page *))
			return -EFBIG;
		capacity *= 2;
	}
	struct page **slots = kzalloc(capacity * sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	if (inode->cache_pages)
		memcpy(slots, inode->cache_pages, inode->cache_capacity * sizeof(*slots));
	kfree(inode->cache_pages);
	inode->cache_pages = slots;
	inode->cache_capacity = capacity;
	return 0;
}

struct page *page_cache_get_or_create(struct inode *inode, uint32_t index)
{
	struct page *page = page_cache_find(inode, index);
	if (page)
		return page;
	if (index >= inode->cache_capacity && page_cache_grow(inode, index))
		return NULL;
	void *va = alloc_zeroed_page();
	if (!va)
		return NULL;
	page = virt_to_page(va);
	page_cache_add_page(inode, index, page);
	return page;
}

void page_cache_truncate(struct inode *inode, uint32_t first_index)
{
	for (uint32_t i = first_index; i < inode->cache_capacity; i++)
		if (inode->cache_pages[i])
			page_cache_remove_page(inode, i);
	if (first_index == 0) {
		kfree(inode->cache_pages);
		inode->cache_pages = NULL;
		inode->cache_capacity = 0;
	}
}

int page_cache_audit_inode(struct inode *inode)
{
	uint32_t counted = 0;
	for (uint32_t i = 0; i < inode->cache_capacity; i++)
		counted += inode->cache_pages[i] != NULL;
	return (int)counted - (int)inode->nr_cache_pages;
}
