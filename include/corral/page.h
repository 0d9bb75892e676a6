/*
 * page.h — struct page: one per physical page frame, and the buddy allocator.
 *
 * mm/memmap.c builds the array `page_array[pfn]` for every frame from 0 to the
 * highest usable one (holes included, marked PG_RESERVED); mm/page_alloc.c hands
 * out naturally aligned blocks of 2^order pages (order 0..PAGE_MAX_ORDER).
 *
 * Reference counts: a block from alloc_pages() has refcount 1 on its first page;
 * get_page() adds a holder (a copy-on-write sharer, the page cache, a reader);
 * free_pages() (put_page) drops one, and the last one uncharges the page from
 * its container (if charged) and returns the block to the free lists.
 *
 * A page cache page also knows its file (mapping) and its place in it (index);
 * include/corral/page_cache.h describes its states.  Keep struct page small
 * (36 bytes): there is one for every 4 KiB of memory.
 */
#ifndef CORRAL_PAGE_H
#define CORRAL_PAGE_H

#include <corral/list.h>
#include <corral/memlayout.h>
#include <corral/types.h>

struct container;
struct inode;

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
/* Page cache states (include/corral/page_cache.h); set and cleared only with
 * page_flag_set/page_flag_clear, since I/O completion changes them from
 * interrupt handlers. */
#define PG_LOCKED 0x0100    /* I/O in flight or being changed: wait for it */
#define PG_UPTODATE 0x0200  /* holds the file's data */
#define PG_DIRTY 0x0400     /* newer than the backing store */
#define PG_WRITEBACK 0x0800 /* being written out */
#define PG_ERROR 0x1000     /* the last I/O on it failed */
#define PG_ORDER_SHIFT 24
#define PG_ORDER_MASK (0xfu << PG_ORDER_SHIFT)

struct page {
	uint32_t flags;        /* PG_* and block order; changed under the owner's lock */
	int32_t refcount;      /* 0 = free; atomic once pages are shared */
	struct list_head list; /* buddy free list (zone lock), or a container's LRU
			        * list while charged (container_lock) */
	uintptr_t private;     /* the owner's: meaning depends on flags, see above */
	struct container *container; /* charged to, or NULL (container_lock) */
	struct inode *mapping; /* page cache: the file it belongs to, or NULL */
	uint32_t index;        /* page cache: its page number in that file */
	int32_t mapcount;      /* user PTEs that map it (mm/vm.c); atomic */
};

_Static_assert(sizeof(struct page) == 36, "struct page: keep it this small");

/* Atomic flag changes: safe against interrupt handlers changing other bits. */
static inline void page_flag_set(struct page *page, uint32_t flag)
{
	__atomic_fetch_or(&page->flags, flag, __ATOMIC_SEQ_CST);
}

static inline void page_flag_clear(struct page *page, uint32_t flag)
{
	__atomic_fetch_and(&page->flags, ~flag, __ATOMIC_SEQ_CST);
}

/* Set flag; true if it was already set (a try-lock for PG_LOCKED). */
static inline bool page_flag_test_and_set(struct page *page, uint32_t flag)
{
	return __atomic_fetch_or(&page->flags, flag, __ATOMIC_SEQ_CST) & flag;
}

static inline bool page_flag_is_set(const struct page *page, uint32_t flag)
{
	return __atomic_load_n(&page->flags, __ATOMIC_SEQ_CST) & flag;
}

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
static inline void put_page(struct page *page) { free_pages(page, 0); } /* drop a reference */

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
