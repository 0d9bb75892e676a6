/*
 * page.h — struct page: one per physical page frame, and the buddy allocator.
 *
 * mm/memmap.c builds the array `page_array[pfn]` for every frame from 0 to the
 * highest usable one (holes included, marked PG_RESERVED); mm/page_alloc.c hands
 * out naturally aligned blocks of 2^order pages (order 0..PAGE_MAX_ORDER).
 *
 * Reference counts: a block from alloc_pages() has refcount 1 on its first page;
 * get_page() adds a holder and put_page()/free_pages() drops one; the block
 * returns to the free lists when the last one goes.  Holders of a user page:
 * each PTE that maps it (mapcount counts those), the page cache or the swap
 * cache, and reclaim while it works on the page.
 *
 * A charged page is anonymous (PG_ANON: anon_rmap says which address spaces
 * may map it, index is its virtual page number) or a file's (PG_FILE: mapping
 * and index say which page of which file).  docs/life-of-a-page.md follows a
 * page through all of it.  Keep struct page small (36 bytes): there is one for
 * every 4 KiB of memory.
 */
#ifndef CORRAL_PAGE_H
#define CORRAL_PAGE_H

#include <corral/list.h>
#include <corral/memlayout.h>
#include <corral/types.h>

struct anon_rmap;
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
#define PG_ANON 0x0010   /* anonymous memory: charged as such, anon_rmap is valid */
#define PG_FILE 0x0020   /* page cache: charged as such, mapping is valid */
#define PG_ACTIVE 0x0040 /* on (or going back to) an active LRU list (lru.c) */
#define PG_MAPPED 0x0080 /* a charged file page mapped by some process */
/* Page cache states (include/corral/page_cache.h); set and cleared only with
 * page_flag_set/page_flag_clear, since I/O completion changes them from
 * interrupt handlers. */
#define PG_LOCKED 0x0100    /* I/O in flight or being changed: wait for it */
#define PG_UPTODATE 0x0200  /* holds the file's data */
#define PG_DIRTY 0x0400     /* newer than the backing store (file or swap slot) */
#define PG_WRITEBACK 0x0800 /* being written out */
#define PG_ERROR 0x1000     /* the last I/O on it failed */
/* Reclaim (mm/lru.c, mm/vmscan.c); LRU and REFERENCED under container_lock,
 * SWAPCACHE changes only with the page locked. */
#define PG_LRU 0x2000        /* on its container's LRU list (clear: isolated by reclaim) */
#define PG_REFERENCED 0x4000 /* used since reclaim last looked (read(), write()) */
#define PG_SWAPCACHE 0x8000  /* in the swap cache: private holds its swap entry */
#define PG_ORDER_SHIFT 24
#define PG_ORDER_MASK (0xfu << PG_ORDER_SHIFT)

struct page {
	uint32_t flags;        /* PG_* and block order; changed under the owner's lock */
	int32_t refcount;      /* 0 = free; atomic once pages are shared */
	struct list_head list; /* buddy free list (zone lock), a container's LRU list
			        * while PG_LRU (container_lock), or reclaim's own list
			        * while isolated */
	uintptr_t private;     /* the owner's: meaning depends on flags, see above */
	struct container *container; /* charged to, or NULL (container_lock) */
	union {
		struct inode *mapping;       /* PG_FILE: the file it caches, or NULL */
		struct anon_rmap *anon_rmap; /* PG_ANON: who may map it (mm/rmap.c) */
	};
	uint32_t index;        /* PG_FILE: page number in the file; PG_ANON: the user
				* virtual page number (va >> 12) it is mapped at */
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

/* The file a page caches, or NULL (an anonymous page, or one truncated away). */
static inline struct inode *page_file_mapping(const struct page *page)
{
	return (page->flags & PG_ANON) ? NULL : page->mapping;
}

static inline bool page_is_mapped(const struct page *page)
{
	return __atomic_load_n(&page->mapcount, __ATOMIC_RELAXED) > 0;
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
/* One page, leaving the user reserve free (NULL below it): the allocation
 * under alloc_user_page (include/corral/vmscan.h), which reclaims. */
struct page *alloc_page_user(void);
void page_alloc_set_user_reserve(uint32_t nr_pages);
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
/* A reserved frame of boot memory (a GRUB module's) joins the allocator in
 * use, as if alloc_page had just returned it (one reference): the
 * initramfs's file pages become page-cache pages this way, uncopied.  NULL if
 * the frame is not reserved (or not RAM we manage). */
struct page *page_alloc_adopt_reserved(uint32_t pfn);

#endif
