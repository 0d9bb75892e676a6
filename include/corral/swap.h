/*
 * swap.h — where anonymous pages go when memory is short: swap devices, their
 * slots, and the swap cache.
 *
 * A swap device is a block device carrying Linux's `mkswap` signature
 * ("SWAPSPACE2" at the end of its first page, version 1).  Its first page is
 * the header; pages 1..last_page are slots, each holding one swapped-out page.
 * A slot is named by a swap entry: the device's index (its "type", 0..7) and
 * the slot's page offset on it.
 *
 *   PTE of a swapped-out page:  [ offset (20 bits) | 0 ... | type (3) | 1 | 0 ]
 *                                 31            12           4..2   PTE_SWAP  P=0
 *
 * Each slot has a count: how many PTEs hold its entry (fork copies them,
 * munmap and exit drop them), and a "cached" bit: a page for it is in the
 * swap cache (mm/swap_state.c), so a page shared by several address spaces is
 * read back once and written once.  A slot is free again when its count is 0
 * and it is not cached.  Each slot also records the container it is charged
 * to (the `swap` stat key, struct container.nr_swap_pages): charged when
 * allocated, uncharged when freed.
 *
 * Device side: mm/swapfile.c (swapon, swapoff), mm/swap_slots.c (the slot
 * maps), mm/swap_io.c (page I/O); docs/swap.md.  Cache and swap-in:
 * mm/swap_state.c.  Swap-out: mm/vmscan.c.
 * Locking: swap_lock (a spinlock, interrupts off) guards every device's slot
 * map and the device table; it is never held together with container_lock,
 * so these functions may be called under any other lock.
 */
#ifndef CORRAL_SWAP_H
#define CORRAL_SWAP_H

#include <corral/paging.h>
#include <corral/types.h>

struct block_device;
struct container;
struct page;

#define MAX_SWAPFILES 8
#define SWAP_TYPE_BITS 3
#define SWAP_OFFSET_BITS 20 /* 2^20 slots = 4 GiB per device */

/* A swap entry; val 0 means "none" (slot 0 is the header, never allocated). */
typedef struct {
	uint32_t val;
} swp_entry_t;

static inline swp_entry_t swp_entry(unsigned type, uint32_t offset)
{
	return (swp_entry_t){(offset << SWAP_TYPE_BITS) | type};
}

static inline unsigned swp_type(swp_entry_t e)
{
	return e.val & ((1u << SWAP_TYPE_BITS) - 1);
}

static inline uint32_t swp_offset(swp_entry_t e)
{
	return e.val >> SWAP_TYPE_BITS;
}

/* ---- swap entries in page tables ---------------------------------------- */

static inline bool pte_is_swap(uint32_t pte)
{
	return !(pte & PTE_PRESENT) && (pte & PTE_SWAP);
}

static inline uint32_t swp_entry_to_pte(swp_entry_t e)
{
	return (swp_offset(e) << 12) | (swp_type(e) << 2) | PTE_SWAP;
}

static inline swp_entry_t pte_to_swp_entry(uint32_t pte)
{
	return swp_entry((pte >> 2) & ((1u << SWAP_TYPE_BITS) - 1), pte >> 12);
}

/* ---- devices and slots (mm/swapfile.c) ---------------------------------- */

void swap_init(void);
/* The system calls: swapon(path, flags), swapoff(path).  Root only (EPERM).
 * swapon: -ENOTBLK (not a block device), -EINVAL (no swap signature, or a
 * bad header), -EBUSY (already in use); swapoff: -EINVAL (not a swap device
 * in use), -ENOMEM (its pages do not fit in memory: nothing changed). */
int swap_on(const char *path, int flags);
int swap_off(const char *path);

/* A free slot on an active device, with count 1, charged to owner; val 0
 * when every device is full (or there is none). */
swp_entry_t swap_slot_alloc(struct container *owner);
/* One more PTE holds e (fork).  0, or -ENOMEM if the count would overflow. */
int swap_slot_dup(swp_entry_t e);
/* One PTE less; returns the count left.  At 0 and not cached, the slot is free. */
uint32_t swap_slot_put(swp_entry_t e);
uint32_t swap_slot_count(swp_entry_t e);
/* The swap cache takes (true if the bit was clear) or gives up its claim on
 * the slot; giving it up frees a slot whose count is 0. */
bool swap_slot_cache_get(swp_entry_t e);
void swap_slot_cache_put(swp_entry_t e);
bool swap_slot_is_cached(swp_entry_t e);
struct container *swap_slot_owner(swp_entry_t e);
/* Is e a slot in use on an active device (a sanity check for PTE contents)? */
bool swap_entry_is_valid(swp_entry_t e);
/* rmdir: every slot charged to from is charged to to. */
void swap_recharge(struct container *from, struct container *to);
/* Slots charged to c, counted afresh (for audits: compare nr_swap_pages). */
uint32_t swap_count_owned(const struct container *c);
/* Recount every device's map against its counters (slots in use, free slots
 * per cluster, usable slots, an owner exactly for each slot in use); prints
 * each disagreement, returns how many (0 = sound). */
int swap_audit(void);

/* Page I/O, asynchronous.  Write: the page is locked and PG_WRITEBACK set by
 * the caller (who may unlock it once this returns); completion calls
 * page_swap_write_done() (PG_WRITEBACK cleared, PG_ERROR on failure, waiters
 * woken; the page cache's write-back counters untouched).  Read: the page is
 * locked, not up to date; completion calls page_read_done().  0, or -EINVAL
 * (the slot is not in use, or the disk refused the request) without calling
 * the completion.  Never allocates memory (a fixed pool of requests: reclaim
 * must be able to write when memory is gone); may sleep for a free request. */
int swap_write_page(struct page *page, swp_entry_t e);
int swap_read_page(struct page *page, swp_entry_t e);

/* The sum of every slot's count (the audit compares it with the PTEs). */
uint32_t swap_slot_count_total(void);

struct swap_totals {
	uint32_t nr_pages; /* slots on active devices */
	uint32_t nr_free;  /* of which free */
	uint32_t nr_devices;
	uint64_t nr_pages_in;  /* pages read from swap since boot (pswpin) */
	uint64_t nr_pages_out; /* pages written to swap since boot (pswpout) */
};
void swap_get_totals(struct swap_totals *totals);

/* One active device, for /proc/swaps: a copy taken under the lock. */
struct swap_device_info {
	char path[128];    /* as given to swapon, made absolute */
	unsigned type;
	int priority;
	uint32_t nr_pages; /* usable slots */
	uint32_t nr_used;  /* of which in use */
};
/* Call f for each active device (devices being turned off included), in
 * type order; f runs without the swap lock. */
void swap_for_each_device(void (*f)(const struct swap_device_info *info, void *arg), void *arg);
/* Is bdev an active swap device?  Its device file refuses writes then. */
bool swap_bdev_is_active(struct block_device *bdev);
/* Slots in use on the device of type (0 when there is none). */
uint32_t swap_device_nr_used(unsigned type);

/* ---- the swap cache and swap-in (mm/swap_state.c) ----------------------- */

/* Put a locked anonymous page into the swap cache under e (the cache takes a
 * reference; page->private = e.val, PG_SWAPCACHE).  -EEXIST if e is cached. */
int swap_cache_add(struct page *page, swp_entry_t e);
/* Take a locked page out of the swap cache (its reference goes too). */
void swap_cache_delete(struct page *page);
/* The cached page for e, referenced, or NULL. */
struct page *swap_cache_find(swp_entry_t e);
uint32_t swap_cache_nr_pages(void);
/* Drop e's cached page if nothing needs it any more: no PTE holds the entry,
 * nobody maps the page, no I/O is in flight (its slot is then free). */
void swap_cache_release(swp_entry_t e);
/* A PTE holding e goes away (munmap, exit, a map over it): drop the slot's
 * count, and if nobody else holds it, its cached page too. */
void swap_entry_free(swp_entry_t e);
/* The page for e, up to date, referenced; read from the device if needed
 * (*was_read = true: a major fault).  NULL with *err = -ENOMEM or -EIO. */
struct page *swap_in(swp_entry_t e, int *err, bool *was_read);
/* A fault on a PTE (pte_val) holding a swap entry, at va of vma in mm: read
 * the page back (or find it in the swap cache) and map it.  0 (also when the
 * PTE changed while we slept: the fault is retried), -ENOMEM or -EIO. */
struct mm;
struct vma;
int swap_fault(struct mm *mm, struct vma *vma, uintptr_t va, uint32_t pte_val, bool is_write,
	       bool *was_major);
/* swapoff: bring every page of device type back into memory and replace its
 * entries in every page table.  0, or -ENOMEM (some are still out). */
int swap_unuse(unsigned type);

/* The audit (mm/mm_audit.c): the cached page for e without a reference;
 * every swap entry found in a PTE, between begin and end, which compares
 * them with the slots' counts and returns the number of problems. */
struct page *swap_cache_find_noref(swp_entry_t e);
void swap_audit_begin(void);
void swap_audit_note_pte(swp_entry_t e);
int swap_audit_end(void);

#endif
