/*
 * page_alloc.c — the buddy allocator: physical memory in blocks of 2^order pages.
 *
 * Free memory is kept as naturally aligned blocks (a block of order k starts at
 * a frame number divisible by 2^k), one free list per order.  The buddy of the
 * block at pfn is the block at pfn ^ 2^k: allocating splits a larger block and
 * puts the unused halves back one order down; freeing merges a block with its
 * buddy as long as the buddy is free and of the same order.  So after every
 * allocation is freed, memory coalesces back to the blocks it started as.
 *
 * The first page of every block records the block's order in its flags
 * (page_block_order); free blocks also carry PG_BUDDY.  A free that does not
 * match an allocation (double free, wrong order, a reserved or tail page) is
 * refused, reported and counted: it never corrupts the lists.  Fault
 * injection (mm/fail_alloc.c) may make an allocation fail on purpose.
 * Tests: mm/page_alloc_test.c.  Next: mm/kmalloc.c.
 */
#include <corral/container.h>
#include <corral/fail_alloc.h>
#include <corral/page.h>
#include <corral/printk.h>
#include <corral/spinlock.h>
#include <corral/string.h>
#include <corral/vmscan.h>

static struct spinlock zone_lock = SPINLOCK_INIT("zone");
/* Everything below is protected by zone_lock (interrupts off). */
static struct list_head free_lists[PAGE_MAX_ORDER + 1];
static uint32_t nr_free_blocks[PAGE_MAX_ORDER + 1];
static uint32_t nr_free_pages;
static uint32_t nr_managed_pages;
static uint32_t nr_bad_frees;
static bool free_lists_ready;
static uint32_t user_reserve; /* free pages only the kernel may take (vmscan.c) */

static void page_set_order(struct page *page, unsigned order)
{
	page->flags = (page->flags & ~PG_ORDER_MASK) | (order << PG_ORDER_SHIFT);
}

static void free_lists_init(void)
{
	for (unsigned o = 0; o <= PAGE_MAX_ORDER; o++)
		list_init(&free_lists[o]);
	free_lists_ready = true;
}

static void free_block_insert(struct page *page, unsigned order)
{
	page->flags |= PG_BUDDY;
	page_set_order(page, order);
	list_add(&page->list, &free_lists[order]);
	nr_free_blocks[order]++;
}

static void free_block_remove(struct page *page, unsigned order)
{
	list_del(&page->list);
	page->flags &= ~PG_BUDDY;
	nr_free_blocks[order]--;
}

static bool page_is_free_block(const struct page *page, unsigned order)
{
	return (page->flags & PG_BUDDY) && page_block_order(page) == order;
}

/* Put a block back, merging with its buddy for as long as it is free. */
static void buddy_free_block(uint32_t pfn, unsigned order)
{
	while (order < PAGE_MAX_ORDER) {
		uint32_t buddy_pfn = pfn ^ (1u << order);
		if (buddy_pfn >= max_pfn || !page_is_free_block(pfn_to_page(buddy_pfn), order))
			break;
		free_block_remove(pfn_to_page(buddy_pfn), order);
		pfn &= ~(1u << order); /* the merged block starts at the lower buddy */
		order++;
	}
	free_block_insert(pfn_to_page(pfn), order);
}

static struct page *buddy_take_block(unsigned order)
{
	unsigned o = order;
	while (o <= PAGE_MAX_ORDER && list_is_empty(&free_lists[o]))
		o++;
	if (o > PAGE_MAX_ORDER)
		return NULL;
	struct page *page = list_first_entry(&free_lists[o], struct page, list);
	free_block_remove(page, o);
	while (o > order) { /* split: the upper half goes back, one order down */
		o--;
		free_block_insert(page + (1u << o), o);
	}
	page_set_order(page, order);
	return page;
}

/* A page (block) given to a new owner: one reference, no trace of the last. */
static void page_hand_out(struct page *page)
{
	page->refcount = 1;
	page->private = 0;
	page->container = NULL;
	page->mapping = NULL;
	page->index = 0;
	page->mapcount = 0;
}

/* caller: who asked, for fault injection's report; reserve: pages that must
 * stay free after this allocation. */
static struct page *alloc_pages_for(unsigned order, const void *caller, uint32_t reserve)
{
	if (order > PAGE_MAX_ORDER)
		return NULL;
	if (fail_alloc_should_fail(FAIL_ALLOC_PAGE, caller))
		return NULL; /* fault injection (mm/fail_alloc.c): a test of the caller */
	uint32_t flags = spin_lock_irqsave(&zone_lock);
	bool is_allowed = nr_free_pages >= reserve + (1u << order);
	struct page *page = is_allowed ? buddy_take_block(order) : NULL;
	if (page) {
		nr_free_pages -= 1u << order;
		page_hand_out(page);
	}
	uint32_t nr_free_now = nr_free_pages;
	spin_unlock_irqrestore(&zone_lock, flags);
	if (nr_free_now < vm_watermarks.low)
		kswapd_wake(); /* reclaim in the background before allocations must */
	return page;
}

struct page *alloc_pages(unsigned order)
{
	return alloc_pages_for(order, __builtin_return_address(0), 0);
}

struct page *alloc_page_user(void)
{
	return alloc_pages_for(0, __builtin_return_address(0), user_reserve);
}

void page_alloc_set_user_reserve(uint32_t nr_pages)
{
	user_reserve = nr_pages;
}

void *alloc_zeroed_page(void)
{
	struct page *page = alloc_pages_for(0, __builtin_return_address(0), 0);
	if (!page)
		return NULL;
	void *va = page_to_virt(page);
	memset(va, 0, PAGE_SIZE);
	return va;
}

void get_page(struct page *page)
{
	__atomic_add_fetch(&page->refcount, 1, __ATOMIC_RELAXED);
}

/* Why a free is wrong, or NULL when it is a valid free.  Called with zone_lock. */
static const char *free_check(const struct page *page, unsigned order)
{
	if (page < page_array || page >= page_array + max_pfn)
		return "not a page";
	if (order > PAGE_MAX_ORDER)
		return "bad order";
	if (page->flags & PG_RESERVED)
		return "reserved page";
	if (page->flags & PG_BUDDY)
		return "double free";
	if (page->refcount <= 0)
		return "page not allocated (double free or tail page)";
	if (page_block_order(page) != order)
		return "order differs from the allocation";
	return NULL;
}

void free_pages(struct page *page, unsigned order)
{
	uint32_t flags = spin_lock_irqsave(&zone_lock);
	const char *problem = free_check(page, order);
	if (problem) {
		nr_bad_frees++;
		spin_unlock_irqrestore(&zone_lock, flags);
		pr_err("page_alloc: bad free of page %p order %u: %s\n", (void *)page, order,
		       problem);
		return;
	}
	if (--page->refcount == 0) {
		if (page->container) /* a charged page's death: the one uncharge point */
			container_uncharge(page);
		page->flags &= PG_ORDER_MASK; /* owners' flags do not outlive the block */
		buddy_free_block(page_to_pfn(page), order);
		nr_free_pages += 1u << order;
	}
	spin_unlock_irqrestore(&zone_lock, flags);
}

/* Largest order that starts at pfn (alignment) and fits before end. */
static unsigned largest_fitting_order(uint32_t pfn, uint32_t end)
{
	unsigned order = PAGE_MAX_ORDER;
	while (order > 0 && ((pfn & ((1u << order) - 1)) || pfn + (1u << order) > end))
		order--;
	return order;
}

void page_alloc_add_range(uint32_t start_pfn, uint32_t end_pfn)
{
	uint32_t flags = spin_lock_irqsave(&zone_lock);
	if (!free_lists_ready)
		free_lists_init();
	for (uint32_t pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *p = pfn_to_page(pfn);
		p->flags &= ~PG_RESERVED;
		p->refcount = 0;
	}
	for (uint32_t pfn = start_pfn; pfn < end_pfn;) {
		unsigned order = largest_fitting_order(pfn, end_pfn);
		buddy_free_block(pfn, order);
		pfn += 1u << order;
		nr_free_pages += 1u << order;
		nr_managed_pages += 1u << order;
	}
	spin_unlock_irqrestore(&zone_lock, flags);
}

struct page *page_alloc_adopt_reserved(uint32_t pfn)
{
	if (pfn >= max_pfn)
		return NULL;
	struct page *page = pfn_to_page(pfn);
	uint32_t flags = spin_lock_irqsave(&zone_lock);
	bool is_reserved = page->flags & PG_RESERVED;
	if (is_reserved) {
		page->flags = 0; /* order 0, no owner's flags: as alloc_pages leaves it */
		page_hand_out(page);
		nr_managed_pages++;
	}
	spin_unlock_irqrestore(&zone_lock, flags);
	return is_reserved ? page : NULL;
}

void page_alloc_get_stats(struct page_alloc_stats *stats)
{
	uint32_t flags = spin_lock_irqsave(&zone_lock);
	stats->nr_free_pages = nr_free_pages;
	for (unsigned o = 0; o <= PAGE_MAX_ORDER; o++)
		stats->nr_free_blocks[o] = nr_free_blocks[o];
	stats->nr_managed_pages = nr_managed_pages;
	stats->nr_bad_frees = nr_bad_frees;
	spin_unlock_irqrestore(&zone_lock, flags);
}

uint32_t page_alloc_nr_free(void)
{
	return nr_free_pages; /* one aligned word: a consistent read without the lock */
}
