/*
 * swap_state.c — the swap cache, and bringing swapped pages back.
 *
 * The swap cache maps a swap entry to the page in memory that holds its data
 * (a radix tree keyed by the entry).  A page is in it from the moment reclaim
 * gives it a slot until it is freed, and again from the moment a swap-in
 * starts reading it.  Because of it:
 *
 *   - a page shared by a fork family is written once and read back once:
 *     the second process to fault finds it in the cache;
 *   - a clean page (not written since it was read back) can be dropped again
 *     without writing: its slot still holds the same bytes;
 *   - a fault that races with the write of its page just takes the page back.
 *
 * A cached page has PG_SWAPCACHE, page->private = its entry, and one
 * reference held by the cache; the slot has its "cached" bit (mm/swapfile.c).
 * The tree changes only with the page locked, in task context, without
 * sleeping in between, on a kernel that is not preemptive: no other lock.
 * Next: mm/vmscan.c (swap-out), mm/fault.c (calls swap_fault).
 */
#include <corral/container.h>
#include <corral/container_internal.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/page_tree.h>
#include <corral/paging.h>
#include <corral/printk.h>
#include <corral/rmap.h>
#include <corral/swap.h>
#include <corral/task.h>
#include <corral/vmscan.h>
#include <uapi/errno.h>

#include "vm_internal.h"

static struct page_tree swap_cache = PAGE_TREE_INIT;

int swap_cache_add(struct page *page, swp_entry_t e)
{
	if (!swap_slot_cache_get(e))
		return -EEXIST;
	int err = page_tree_insert(&swap_cache, e.val, page);
	if (err) {
		swap_slot_cache_put(e);
		return err;
	}
	get_page(page);
	page->private = e.val;
	page_flag_set(page, PG_SWAPCACHE);
	return 0;
}

void swap_cache_delete(struct page *page)
{
	swp_entry_t e = {page->private};
	page_tree_remove(&swap_cache, e.val);
	page_flag_clear(page, PG_SWAPCACHE | PG_DIRTY); /* dirty: newer than a slot it has no more */
	page->private = 0;
	swap_slot_cache_put(e); /* frees the slot if no PTE holds it */
	put_page(page);
}

struct page *swap_cache_find(swp_entry_t e)
{
	struct page *page = page_tree_lookup(&swap_cache, e.val);
	if (page)
		get_page(page);
	return page;
}

uint32_t swap_cache_nr_pages(void)
{
	return swap_cache.nr_items;
}

void swap_cache_release(swp_entry_t e)
{
	struct page *page = swap_cache_find(e);
	if (!page)
		return;
	if (!page_is_mapped(page) && page_trylock(page)) {
		bool is_idle = !page_flag_is_set(page, PG_WRITEBACK) &&
			       page_flag_is_set(page, PG_SWAPCACHE) && page->private == e.val;
		if (is_idle && swap_slot_count(e) == 0)
			swap_cache_delete(page);
		page_unlock(page);
	}
	put_page(page);
}

void swap_entry_free(swp_entry_t e)
{
	if (!swap_entry_is_valid(e)) {
		pr_err("swap: freeing a bad swap entry %x\n", e.val);
		return;
	}
	if (swap_slot_put(e) == 0)
		swap_cache_release(e);
}

/* A fresh locked page in the swap cache under e, charged to e's container,
 * with its read started; NULL and *err, or NULL and *err = -EEXIST if
 * someone else added a page for e while we allocated. */
static struct page *swap_in_start(swp_entry_t e, int *err)
{
	struct page *page = alloc_user_page(false); /* may sleep, reclaiming */
	if (!page) {
		*err = -ENOMEM;
		return NULL;
	}
	page_trylock(page); /* fresh: nobody else can hold it */
	struct container *owner = swap_slot_owner(e);
	if (!owner)
		owner = current->container;
	container_get(owner); /* the slot may be freed, and its owner with it, while we sleep */
	*err = container_make_room(owner);
	if (*err || swap_cache_find_noref(e) || !swap_entry_is_valid(e)) {
		container_put(owner);
		page_unlock(page);
		put_page(page);
		if (!*err)
			*err = -EEXIST; /* someone else read it meanwhile, or it went: look again */
		return NULL;
	}
	container_charge_anon(page, owner);
	container_put(owner);
	*err = swap_cache_add(page, e);
	if (!*err) {
		*err = swap_read_page(page, e);
		if (!*err)
			return page;
		swap_cache_delete(page);
	}
	page_unlock(page);
	put_page(page);
	return NULL;
}

/* After a failed read the page must leave the cache, so the next fault
 * retries the read rather than finding a page of garbage. */
static void swap_in_failed(struct page *page)
{
	if (page_trylock(page)) {
		if (page_flag_is_set(page, PG_SWAPCACHE) && !page_flag_is_set(page, PG_UPTODATE))
			swap_cache_delete(page);
		page_unlock(page);
	}
}

struct page *swap_in(swp_entry_t e, int *err, bool *was_read)
{
	for (;;) {
		struct page *page = swap_cache_find(e);
		if (!page) {
			if (!swap_entry_is_valid(e)) {
				*err = -EIO;
				return NULL;
			}
			page = swap_in_start(e, err);
			if (!page && *err == -EEXIST)
				continue; /* raced: the other page is in the cache now */
			if (!page)
				return NULL;
			*was_read = true;
			vm_count_event(VM_PSWPIN, page->container);
		}
		page_wait_unlocked(page);
		if (page_flag_is_set(page, PG_UPTODATE))
			return page;
		swap_in_failed(page);
		put_page(page);
		*err = -EIO;
		return NULL;
	}
}

/* Is swap more than half full?  Then a page back in memory gives its slot up
 * at once rather than keep a clean copy on the disk (Linux's vm_swap_full). */
static bool swap_is_half_full(void)
{
	struct swap_totals totals;
	swap_get_totals(&totals);
	return totals.nr_free * 2 < totals.nr_pages;
}

/* The PTE bits for a page coming back from swap into vma.  A private page
 * stays write-protected while it is in the swap cache, even when it is ours
 * alone: the first store faults, and the page then leaves the cache and gives
 * its slot back (fault.c, fault_can_reuse) — else a page read back and
 * rewritten would hold a slot for ever and swap would fill with stale copies. */
static uint32_t swap_pte_flags(struct vma *vma, bool is_writable_now)
{
	if (vma->flags & VM_SHARED)
		return vm_pte_flags(vma->flags);
	if (!(vma->flags & VM_WRITE))
		return 0;
	return is_writable_now ? PTE_WRITE : PTE_COW;
}

int swap_fault(struct mm *mm, struct vma *vma, uintptr_t va, uint32_t pte_val, bool is_write,
	       bool *was_major)
{
	swp_entry_t e = pte_to_swp_entry(pte_val);
	if (rmap_prepare_anon(vma))
		return -ENOMEM;
	int err = 0;
	struct page *page = swap_in(e, &err, was_major);
	if (!page) {
		if (err == -EIO)
			pr_err("swap: read error on swap entry %x: pid %d loses a page\n", e.val,
			       current->pid);
		return err;
	}
	uint32_t *pte = vm_lookup_pte(mm, va);
	if (!pte || *pte != pte_val) { /* someone brought it back while we slept */
		put_page(page);
		return 0;
	}
	bool is_exclusive = swap_slot_count(e) == 1 && !page_is_mapped(page);
	/* A store makes the slot's copy stale, and a swap more than half full
	 * wants its slots back: an exclusive page then leaves the cache (it gets
	 * a new slot if reclaimed again). */
	bool can_leave_cache = is_exclusive && (is_write || swap_is_half_full()) &&
			       !page_flag_is_set(page, PG_WRITEBACK) && page_trylock(page);
	rmap_set_anon(page, vma, va);
	vm_page_mapped(page); /* the PTE takes our reference */
	*pte = page_to_phys(page) | swap_pte_flags(vma, can_leave_cache) | PTE_PRESENT | PTE_USER;
	mm->nr_resident_pages++;
	mm->nr_swap_entries--;
	vm_flush_page(mm, va);
	if (can_leave_cache) {
		swap_slot_put(e);
		if (page_flag_is_set(page, PG_SWAPCACHE) && page->private == e.val)
			swap_cache_delete(page);
		page_unlock(page);
	} else {
		swap_entry_free(e);
	}
	return 0;
}

/* ---- swapoff ------------------------------------------------------------- */

struct unuse_find {
	int after_pid, pid;
};

static int unuse_next_task(struct task *t, void *arg)
{
	struct unuse_find *f = arg;
	if (t->mm && t->state != TASK_ZOMBIE && t->pid > f->after_pid &&
	    (f->pid == 0 || t->pid < f->pid))
		f->pid = t->pid;
	return 0;
}

/* The first PTE of mm at or after *va holding an entry of device type. */
static struct vma *unuse_find_pte(struct mm *mm, unsigned type, uintptr_t *va, uint32_t *pte_val)
{
	struct list_head *pos;
	list_for_each(pos, &mm->vmas) {
		struct vma *vma = list_entry(pos, struct vma, node);
		for (uintptr_t a = MAX(*va, vma->start); a < vma->end; a += PAGE_SIZE) {
			uint32_t *pte = vm_lookup_pte(mm, a);
			if (!pte) {
				a = ALIGN_DOWN(a, LARGE_PAGE_SIZE) + LARGE_PAGE_SIZE - PAGE_SIZE;
				continue;
			}
			if (pte_is_swap(*pte) && swp_type(pte_to_swp_entry(*pte)) == type) {
				*va = a;
				*pte_val = *pte;
				return vma;
			}
		}
	}
	return NULL;
}

/* Bring back every page of task pid that lives on device type.  The task may
 * exit or exec while we sleep: it is found again by pid after each page. */
static int unuse_task(int pid, unsigned type)
{
	uintptr_t va = 0;
	for (;;) {
		struct task *t = task_find(pid);
		if (!t || !t->mm || t->state == TASK_ZOMBIE)
			return 0;
		uint32_t pte_val;
		struct vma *vma = unuse_find_pte(t->mm, type, &va, &pte_val);
		if (!vma)
			return 0;
		bool was_read = false;
		int err = swap_fault(t->mm, vma, va, pte_val, false, &was_read);
		if (err)
			return err;
		sched_yield_if_needed();
	}
}

/* Pages still cached for device type that no PTE needs any more leave the
 * cache (they stay in memory as plain anonymous pages if mapped). */
static void unuse_drop_cache(unsigned type)
{
	uint32_t key = 0;
	struct page *page;
	while ((page = page_tree_next(&swap_cache, &key)) != NULL) {
		swp_entry_t e = {key};
		if (swp_type(e) == type && swap_slot_count(e) == 0) {
			get_page(page);
			page_wait_writeback(page);
			page_lock(page);
			if (page_flag_is_set(page, PG_SWAPCACHE) && page->private == key)
				swap_cache_delete(page);
			page_unlock(page);
			put_page(page);
		}
		if (key++ == UINT32_MAX)
			break;
	}
}

/* Could memory take the device's pages?  Free pages above the reserve, the
 * page cache reclaim may drop, and room on the other swap devices (Linux's
 * swapoff asks the same before it starts). */
static bool unuse_has_room(unsigned type)
{
	struct page_cache_stats cache;
	page_cache_get_stats(&cache);
	struct swap_totals totals;
	swap_get_totals(&totals); /* the device being turned off is no longer counted */
	uint32_t nr_free = page_alloc_nr_free();
	uint32_t room = (nr_free > vm_watermarks.high ? nr_free - vm_watermarks.high : 0) +
			(cache.nr_pages - cache.nr_unevictable) + totals.nr_free;
	return swap_device_nr_used(type) <= room;
}

int swap_unuse(unsigned type)
{
	if (!unuse_has_room(type))
		return -ENOMEM;
	current->is_oom_exempt = true; /* out of memory half-way: fail, kill no one */
	struct unuse_find f = {0, 0};
	int err = 0;
	while (!err) {
		f.pid = 0;
		task_for_each(unuse_next_task, &f);
		if (!f.pid)
			break;
		err = unuse_task(f.pid, type);
		f.after_pid = f.pid;
	}
	current->is_oom_exempt = false;
	if (!err)
		unuse_drop_cache(type);
	return err;
}

/* ---- the audit's side (mm/mm_audit.c) ------------------------------------ */

/* PTEs seen holding each swap entry, during one audit walk: entry -> count,
 * the count stored in the pointer.  Made with interrupts off, no sleep. */
static struct page_tree audit_counts = PAGE_TREE_INIT;
static int audit_problems;

struct page *swap_cache_find_noref(swp_entry_t e)
{
	return page_tree_lookup(&swap_cache, e.val);
}

void swap_audit_begin(void)
{
	audit_problems = 0;
}

void swap_audit_note_pte(swp_entry_t e)
{
	if (!swap_entry_is_valid(e)) {
		if (audit_problems++ < 8)
			printk(KERN_ERR "audit: a PTE holds swap entry %x, not a slot in use\n", e.val);
		return;
	}
	uintptr_t n = (uintptr_t)page_tree_lookup(&audit_counts, e.val);
	if (n)
		page_tree_remove(&audit_counts, e.val);
	if (page_tree_insert(&audit_counts, e.val, (void *)(n + 1)) && audit_problems++ < 8)
		printk(KERN_ERR "audit: no memory to count swap entries\n");
}

/* Compare every slot a PTE holds with its count; empty the table. */
int swap_audit_end(void)
{
	uint32_t key = 0, nr_ptes = 0;
	void *item;
	while ((item = page_tree_next(&audit_counts, &key)) != NULL) {
		uint32_t seen = (uint32_t)(uintptr_t)item, count = swap_slot_count((swp_entry_t){key});
		nr_ptes += seen;
		if (seen != count && audit_problems++ < 8)
			printk(KERN_ERR "audit: swap entry %x has count %u, %u PTEs hold it\n", key,
			       count, seen);
		page_tree_remove(&audit_counts, key);
		if (key++ == UINT32_MAX)
			break;
	}
	uint32_t nr_counted = swap_slot_count_total();
	if (nr_counted != nr_ptes && audit_problems++ < 8)
		printk(KERN_ERR "audit: swap slots count %u holders, %u PTEs hold entries\n",
		       nr_counted, nr_ptes);
	return audit_problems;
}
