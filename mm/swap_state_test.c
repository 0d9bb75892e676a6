/*
 * swap_state_test.c — self tests of the swap cache and of swapping anonymous
 * pages out and in (mm/swap_state.c, mm/rmap.c, mm/vmscan.c), on the build's
 * swap image as /dev/hdb (skipped when there is none).  Address spaces are
 * never run: faults are made by calling the fault handler.
 */
#include <corral/container.h>
#include <corral/container_internal.h>
#include <corral/ktest.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/paging.h>
#include <corral/rmap.h>
#include <corral/string.h>
#include <corral/swap.h>
#include <corral/vmscan.h>
#include <uapi/errno.h>

#define A 0x10000000u
#define PG PAGE_SIZE

/* Turn on /dev/hdb if nothing is on; true if we did (and must turn it off). */
static bool sst_swap_on(bool *is_ours)
{
	struct swap_totals totals;
	swap_get_totals(&totals);
	*is_ours = false;
	if (totals.nr_devices)
		return true;
	if (swap_on("/dev/hdb", 0) != 0)
		return false;
	*is_ours = true;
	return true;
}

static void sst_swap_off(bool is_ours)
{
	if (is_ours)
		swap_off("/dev/hdb");
}

static uint32_t *pte_at(struct mm *mm, uintptr_t va)
{
	return vm_lookup_pte(mm, va);
}

static struct page *page_at(struct mm *mm, uintptr_t va)
{
	uint32_t *pte = pte_at(mm, va);
	return pte && (*pte & PTE_PRESENT) ? pfn_to_page(*pte >> PAGE_SHIFT) : NULL;
}

/* What reclaim does to an anonymous page, step by step: a slot, the swap
 * cache, every PTE.  The page is locked and referenced by the caller. */
static swp_entry_t sst_unmap_to_swap(struct page *page)
{
	swp_entry_t e = swap_slot_alloc(page->container);
	if (!e.val)
		return e;
	page_flag_set(page, PG_UPTODATE);
	if (swap_cache_add(page, e)) {
		swap_slot_put(e);
		return (swp_entry_t){0};
	}
	swap_slot_put(e); /* the count is for PTEs */
	page_flag_set(page, PG_DIRTY);
	try_to_unmap(page);
	return e;
}

KTEST(swap_cache_add_find_delete)
{
	bool is_ours;
	if (!sst_swap_on(&is_ours))
		KT_SKIP(ctx, "no swap device");
	struct page *page = alloc_page();
	KT_ASSERT(ctx, page != NULL);
	page_lock(page);
	swp_entry_t e = swap_slot_alloc(&root_container);
	KT_ASSERT(ctx, e.val != 0);
	KT_EXPECT_EQ(ctx, swap_slot_count(e), 1);
	KT_EXPECT_EQ(ctx, swap_cache_add(page, e), 0);
	KT_EXPECT_EQ(ctx, swap_cache_add(page, e), -EEXIST);
	KT_EXPECT(ctx, swap_slot_is_cached(e));
	KT_EXPECT_EQ(ctx, page->refcount, 2);
	struct page *found = swap_cache_find(e);
	KT_EXPECT(ctx, found == page);
	put_page(found);
	KT_EXPECT_EQ(ctx, swap_slot_put(e), 0); /* cached: the slot stays */
	KT_EXPECT(ctx, swap_entry_is_valid(e));
	swap_cache_delete(page); /* ... and now goes */
	KT_EXPECT(ctx, !swap_entry_is_valid(e));
	KT_EXPECT(ctx, swap_cache_find(e) == NULL);
	KT_EXPECT_EQ(ctx, page->refcount, 1);
	KT_EXPECT(ctx, !(page->flags & PG_SWAPCACHE));
	page_unlock(page);
	free_page(page);
	sst_swap_off(is_ours);
}

/* A page shared copy-on-write by parent and child: unmapping it puts its
 * swap entry in both PTEs; faults find it in the swap cache (no read), a
 * store by one side copies it, and the audit agrees all along. */
KTEST(swap_shared_cow_page_out_and_back)
{
	bool is_ours;
	if (!sst_swap_on(&is_ours))
		KT_SKIP(ctx, "no swap device");
	struct mm *parent = mm_create();
	KT_ASSERT(ctx, parent != NULL);
	KT_ASSERT(ctx, vma_insert(parent, A, A + PG, VM_READ | VM_WRITE) == 0);
	KT_ASSERT(ctx, fault_handle_user(parent, A, true, 0) == 0);
	struct page *page = page_at(parent, A);
	memset(page_to_virt(page), 0x5a, PG);
	struct mm *child = mm_copy(parent);
	KT_ASSERT(ctx, child != NULL);

	get_page(page);
	page_lock(page);
	swp_entry_t e = sst_unmap_to_swap(page);
	page_unlock(page);
	put_page(page); /* the swap cache holds it now */
	KT_ASSERT(ctx, e.val != 0);
	KT_EXPECT(ctx, pte_is_swap(*pte_at(parent, A)) && pte_is_swap(*pte_at(child, A)));
	KT_EXPECT_EQ(ctx, swap_slot_count(e), 2);
	KT_EXPECT_EQ(ctx, page->mapcount, 0);
	KT_EXPECT_EQ(ctx, parent->nr_swap_entries, 1);
	KT_EXPECT_EQ(ctx, parent->nr_resident_pages, 0);

	KT_EXPECT_EQ(ctx, fault_handle_user(parent, A, false, 0), 0); /* from the cache */
	KT_EXPECT(ctx, page_at(parent, A) == page);
	KT_EXPECT_EQ(ctx, swap_slot_count(e), 1);
	KT_EXPECT(ctx, *pte_at(parent, A) & PTE_COW); /* the child still holds the entry */
	KT_EXPECT_EQ(ctx, fault_handle_user(child, A, true, 0), 0); /* in, then copied */
	struct page *copy = page_at(child, A);
	KT_ASSERT(ctx, copy != NULL);
	KT_EXPECT(ctx, copy != page);
	KT_EXPECT_EQ(ctx, ((unsigned char *)page_to_virt(copy))[100], 0x5a);
	KT_EXPECT_EQ(ctx, swap_slot_count(e), 0);
	KT_EXPECT_EQ(ctx, fault_handle_user(parent, A, true, 0), 0); /* sole owner: reuse */
	KT_EXPECT(ctx, page_at(parent, A) == page);
	KT_EXPECT(ctx, !(page->flags & PG_SWAPCACHE)); /* it left the cache: the slot is free */
	KT_EXPECT(ctx, !swap_entry_is_valid(e));
	mm_destroy(child);
	mm_destroy(parent);
	KT_EXPECT_EQ(ctx, mm_audit(), 0);
	sst_swap_off(is_ours);
}

/* Out to the disk and back: the page is written, freed, and read back by a
 * fault (a major one) with its bytes intact. */
KTEST(swap_page_written_freed_and_read_back)
{
	bool is_ours;
	if (!sst_swap_on(&is_ours))
		KT_SKIP(ctx, "no swap device");
	struct mm *mm = mm_create();
	KT_ASSERT(ctx, mm != NULL);
	KT_ASSERT(ctx, vma_insert(mm, A, A + PG, VM_READ | VM_WRITE) == 0);
	KT_ASSERT(ctx, fault_handle_user(mm, A, true, 0) == 0);
	struct page *page = page_at(mm, A);
	for (uint32_t i = 0; i < PG / 4; i++)
		((uint32_t *)page_to_virt(page))[i] = i * 2654435761u;
	uint64_t nr_in = vm_event_count(VM_PSWPIN);

	get_page(page);
	page_lock(page);
	swp_entry_t e = sst_unmap_to_swap(page);
	KT_ASSERT(ctx, e.val != 0);
	page_flag_clear(page, PG_DIRTY);
	page_flag_set(page, PG_WRITEBACK);
	KT_ASSERT(ctx, swap_write_page(page, e) == 0);
	page_unlock(page);
	page_wait_writeback(page);
	KT_EXPECT(ctx, !page_flag_is_set(page, PG_ERROR));
	page_lock(page);
	swap_cache_delete(page);
	page_unlock(page);
	put_page(page); /* freed: the slot is the only copy now */
	KT_EXPECT(ctx, swap_cache_find(e) == NULL);
	KT_EXPECT_EQ(ctx, swap_slot_count(e), 1);

	KT_EXPECT_EQ(ctx, fault_handle_user(mm, A, false, 0), 0); /* read from the disk */
	struct page *back = page_at(mm, A);
	KT_ASSERT(ctx, back != NULL);
	bool is_intact = true;
	for (uint32_t i = 0; i < PG / 4; i++)
		is_intact &= ((uint32_t *)page_to_virt(back))[i] == i * 2654435761u;
	KT_EXPECT(ctx, is_intact);
	KT_EXPECT_EQ(ctx, vm_event_count(VM_PSWPIN), nr_in + 1);
	KT_EXPECT_EQ(ctx, mm->nr_swap_entries, 0);
	mm_destroy(mm);
	KT_EXPECT(ctx, !swap_entry_is_valid(e)); /* the cache let go with the last PTE */
	sst_swap_off(is_ours);
}
