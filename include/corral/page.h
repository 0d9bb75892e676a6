/*
 * page.h — struct page: one per physical page frame, and the buddy allocator.
 *
 * mm/memmap.c builds the array `page_array[pfn]` for every frame from 0 to the
 * highest usable one (holes included, marked PG_RESERVED); mm/page_alloc.c hands
 * out naturally aligned blocks of 2^order pages (order 0..PAGE_MAX_ORDER).
 *
 * Reference counts: a block from alloc_pages() has refcount 1 on its first page;
 * get_page() adds a sharer (copy-on-write, issue 3); free_pages() drops one and
 * returns the block to the free lists when the last one goes.
 *
 * struct page grows with later issues (owning container, LRU list, mapping,
 * rmap count); keep it small: there is one for every 4 KiB of memory.
 */
#ifndef CORRAL_PAGE_H
#define CORRAL_PAGE_H

#include <corral/list.h>
#include <corral/memlayout.h>
#include <corral/types.h>

struct container;

#define PAGE_MAX_ORDER 10 /* largest block: 2^10 pages = 4 MiB */

/* page->flags: bits 0..23 are PG_* flags, bits 24..27 the order of the block
 * this page heads (set by the buddy allocator, for free and allocated blocks
 * alike, so free_pages() can check the order it is given).  Owners set and clear
 * only their own PG_ bits (|= and &= ~), never assign flags whole. */
#define PG_RESERVED 0x0001 /* not RAM, or kernel image/boot data: never freed */
#define PG_BUDDY 0x0002    /* first page of a free block in the buddy lists */
#define PG_SLAB 0x0004     /* part of a kmalloc slab; private = slab header address */
#define PG_KMALLOC_LARGE 0x0008 /* a kmalloc block too big for a slab */
#define PG_ANON 0x0010   /* charged as anonymous memory (container_mm.c) */
#define PG_FILE 0x0020   /* charged as page cache */
#define PG_ACTIVE 0x0040 /* on an active LRU list, else inactive (lru.c) */
#define PG_MAPPED 0x0080 /* a charged file page mapped by some process */
#define PG_ORDER_SHIFT 24
#define PG_ORDER_MASK (0xfu << PG_ORDER_SHIFT)

struct page {
	uint32_t flags;        /* PG_* and block order; changed under the owner's lock */
	int32_t refcount;      /* 0 = free; atomic once pages are shared */
	struct list_head list; /* buddy free list (zone lock), or a container's LRU
			        * list while charged (container_lock) */
	uintptr_t private;     /* the owner's: meaning depends on flags, see above */
	struct container *container; /* charged to, or NULL (container_lock) */
};

static inline unsigned page_block_order(const struct page *page)
{
	return (page->flags & PG_ORDER_MASK) >> PG_ORDER_SHIFT;
}

/* The page array and its bounds (mm/memmap.c).  Never changes after boot. */
extern struct page *page_array;
extern uint32_t max_pfn; /* one past the highest frame with a struct page */

static inline uint32_t page_to_pfn(const struct page *page)
{
	return (uint32_t)(page - page_array);
}

static inline struct page *pfn_to_page(uint32_t pfn)
{
	return &page_array[pfn];
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}

static inline void *page_to_virt(const struct page *page)
{
	return phys_to_virt(page_to_phys(page));
}

static inline struct page *virt_to_page(const void *va)
{
	return pfn_to_page(virt_to_phys(va) >> PAGE_SHIFT);
}

/* Is va a direct-mapped address with a struct page? */
static inline bool virt_has_page(const void *va)
{
	uintptr_t a = (uintptr_t)va;
	return a >= KERNEL_BASE && ((a - KERNEL_BASE) >> PAGE_SHIFT) < max_pfn;
}

/* Buddy allocator (mm/page_alloc.c). */
struct page *alloc_pages(unsigned order); /* NULL when no block is free */
static inline struct page *alloc_page(void) { return alloc_pages(0); }
void free_pages(struct page *page, unsigned order);
static inline void free_page(struct page *page) { free_pages(page, 0); }
void get_page(struct page *page);

/* Zeroed page, as a kernel virtual address (NULL when out of memory). */
void *alloc_zeroed_page(void);

struct page_alloc_stats {
	uint32_t nr_free_pages;                    /* total free, in pages */
	uint32_t nr_free_blocks[PAGE_MAX_ORDER + 1]; /* free blocks per order */
	uint32_t nr_managed_pages;                 /* pages ever given to the allocator */
	uint32_t nr_bad_frees;                     /* frees refused as bugs */
};
void page_alloc_get_stats(struct page_alloc_stats *stats);
uint32_t page_alloc_nr_free(void);

/* Boot: hand the frames [start_pfn, end_pfn) to the allocator. */
void page_alloc_add_range(uint32_t start_pfn, uint32_t end_pfn);

#endif
