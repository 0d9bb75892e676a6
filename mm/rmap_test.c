/*
 * rmap_test.c — self tests of the reverse map (mm/rmap.c) on address spaces
 * that are never run: the fault handler is called directly, and the CPU's
 * accessed bits are set by hand where a program would have touched a page.
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
#include <corral/vfs.h>
#include <corral/vmscan.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define A 0x10000000u
#define PG PAGE_SIZE

static uint32_t *pte_at(struct mm *mm, uintptr_t va)
{
	return vm_lookup_pte(mm, va);
}

static struct page *page_at(struct mm *mm, uintptr_t va)
{
	uint32_t *pte = pte_at(mm, va);
	return pte && (*pte & PTE_PRESENT) ? pfn_to_page(*pte >> PAGE_SHIFT) : NULL;
}

static void touch(struct mm *mm, uintptr_t va) /* what the CPU does on an access */
{
	*pte_at(mm, va) |= PTE_ACCESSED;
}

/* A fork family shares one anon_rmap: the reverse map finds a page in parent
 * and child, and a copy made on write only where it is mapped. */
KTEST(rmap_finds_anon_page_in_fork_family)
{
	struct mm *parent = mm_create();
	KT_ASSERT(ctx, parent != NULL);
	KT_ASSERT(ctx, vma_insert(parent, A, A + 4 * PG, VM_READ | VM_WRITE) == 0);
	KT_ASSERT(ctx, fault_handle_user(parent, A + PG, true, 0) == 0);
	struct page *page = page_at(parent, A + PG);
	KT_ASSERT(ctx, page != NULL);
	KT_EXPECT_EQ(ctx, page->index, (A + PG) >> PAGE_SHIFT);
	KT_EXPECT(ctx, page->anon_rmap == vma_find(parent, A)->anon_rmap);

	struct mm *child = mm_copy(parent);
	KT_ASSERT(ctx, child != NULL);
	KT_EXPECT(ctx, vma_find(child, A)->anon_rmap == page->anon_rmap);
	KT_EXPECT_EQ(ctx, page->anon_rmap->nr_vmas, 2);
	KT_EXPECT_EQ(ctx, page->mapcount, 2);
	KT_EXPECT_EQ(ctx, rmap_count_ptes(page), 2);

	*pte_at(parent, A + PG) &= ~PTE_ACCESSED;
	*pte_at(child, A + PG) &= ~PTE_ACCESSED;
	KT_EXPECT_EQ(ctx, page_referenced(page), 0);
	touch(parent, A + PG);
	touch(child, A + PG);
	KT_EXPECT_EQ(ctx, page_referenced(page), 2);
	KT_EXPECT_EQ(ctx, page_referenced(page), 0); /* the bits were cleared */

	KT_EXPECT_EQ(ctx, fault_handle_user(child, A + PG, true, 0), 0); /* copy on write */
	struct page *copy = page_at(child, A + PG);
	KT_ASSERT(ctx, copy != NULL && copy != page);
	KT_EXPECT_EQ(ctx, rmap_count_ptes(page), 1);
	KT_EXPECT_EQ(ctx, rmap_count_ptes(copy), 1);
	KT_EXPECT(ctx, copy->anon_rmap == page->anon_rmap);
	mm_destroy(child);
	KT_EXPECT_EQ(ctx, page->anon_rmap->nr_vmas, 1);
	mm_destroy(parent);
}

/* munmap in the middle splits a VMA: both halves stay in the reverse map. */
KTEST(rmap_follows_vma_splits)
{
	struct mm *mm = mm_create();
	KT_ASSERT(ctx, mm != NULL);
	KT_ASSERT(ctx, vma_insert(mm, A, A + 4 * PG, VM_READ | VM_WRITE) == 0);
	KT_ASSERT(ctx, fault_handle_user(mm, A, true, 0) == 0);
	KT_ASSERT(ctx, fault_handle_user(mm, A + 3 * PG, true, 0) == 0);
	struct anon_rmap *ar = vma_find(mm, A)->anon_rmap;
	KT_ASSERT(ctx, ar != NULL);
	KT_EXPECT_EQ(ctx, vma_unmap_range(mm, A + PG, A + 2 * PG), 0);
	KT_EXPECT_EQ(ctx, ar->nr_vmas, 2);
	KT_EXPECT(ctx, vma_find(mm, A + 3 * PG)->anon_rmap == ar);
	KT_EXPECT_EQ(ctx, rmap_count_ptes(page_at(mm, A + 3 * PG)), 1);
	mm_destroy(mm);
}

/* A file page mapped shared in two address spaces: try_to_unmap removes
 * both PTEs, moves the CPU's dirty bit to the page and counts the page as
 * unmapped for its container; a later fault maps it again. */
KTEST(rmap_unmaps_shared_file_page)
{
	static char data[2 * PG];
	memset(data, 'r', sizeof(data));
	struct file *file;
	KT_ASSERT(ctx, vfs_open("/tmp/rmt_map", O_RDWR | O_CREAT | O_TRUNC, 0600, &file) == 0);
	KT_ASSERT(ctx, file_write(file, data, sizeof(data)) == (ssize_t)sizeof(data));
	struct inode *inode = file->inode;
	struct container *c = inode->container;
	uint32_t mapped_before = c->nr_mapped_pages;
	struct mm *one = mm_create(), *two = mm_create();
	KT_ASSERT(ctx, one && two);
	uint32_t flags = VM_READ | VM_WRITE | VM_SHARED;
	KT_ASSERT(ctx, vma_insert_file(one, A, A + 2 * PG, flags, inode, 0) == 0);
	KT_ASSERT(ctx, vma_insert_file(two, A + 8 * PG, A + 9 * PG, flags, inode, 1) == 0);
	KT_ASSERT(ctx, fault_handle_user(one, A + PG, false, 0) == 0);
	KT_ASSERT(ctx, fault_handle_user(two, A + 8 * PG, false, 0) == 0);
	struct page *page = page_at(one, A + PG);
	KT_ASSERT(ctx, page != NULL && page == page_at(two, A + 8 * PG));
	KT_EXPECT_EQ(ctx, rmap_count_ptes(page), 2);
	KT_EXPECT_EQ(ctx, c->nr_mapped_pages, mapped_before + 1);
	*pte_at(two, A + 8 * PG) |= PTE_DIRTY; /* a store through the second mapping */

	get_page(page);
	page_lock(page);
	KT_EXPECT(ctx, try_to_unmap(page));
	page_unlock(page);
	KT_EXPECT_EQ(ctx, page->mapcount, 0);
	KT_EXPECT(ctx, page_at(one, A + PG) == NULL && page_at(two, A + 8 * PG) == NULL);
	KT_EXPECT_EQ(ctx, *pte_at(one, A + PG), 0);
	KT_EXPECT_EQ(ctx, c->nr_mapped_pages, mapped_before);
	KT_EXPECT_EQ(ctx, one->nr_resident_pages, 0);
	put_page(page);

	KT_EXPECT_EQ(ctx, fault_handle_user(one, A + PG, false, 0), 0); /* back from the cache */
	KT_EXPECT(ctx, page_at(one, A + PG) == page);
	mm_destroy(one);
	mm_destroy(two);
	KT_EXPECT(ctx, list_is_empty(&inode->mappings));
	file_put(file);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rmt_map"), 0);
}

/* An anonymous page outside the swap cache has nowhere to go: try_to_unmap
 * leaves it mapped rather than lose it. */
KTEST(rmap_keeps_anon_page_without_swap_slot)
{
	struct mm *mm = mm_create();
	KT_ASSERT(ctx, mm != NULL);
	KT_ASSERT(ctx, vma_insert(mm, A, A + PG, VM_READ | VM_WRITE) == 0);
	KT_ASSERT(ctx, fault_handle_user(mm, A, true, 0) == 0);
	struct page *page = page_at(mm, A);
	KT_ASSERT(ctx, page != NULL);
	get_page(page);
	page_lock(page);
	KT_EXPECT(ctx, !try_to_unmap(page));
	page_unlock(page);
	KT_EXPECT(ctx, page_at(mm, A) == page);
	put_page(page);
	mm_destroy(mm);
}

/* The audit recounts mapcounts from every task's page tables: a page whose
 * count lies is reported, and the truth restored passes again. */
KTEST(rmap_audit_catches_wrong_counts)
{
	struct page *page = alloc_page(); /* mapped by no PTE */
	KT_ASSERT(ctx, page != NULL);
	KT_EXPECT_EQ(ctx, mm_audit(), 0);
	page->mapcount = 1;
	KT_EXPECT_EQ(ctx, mm_audit(), 1);
	page->mapcount = 0;
	KT_EXPECT_EQ(ctx, mm_audit(), 0);
	free_page(page);
}
