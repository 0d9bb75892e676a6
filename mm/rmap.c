/*
 * rmap.c — the reverse map: every PTE that maps a page, found through the
 * objects that own the page (include/corral/rmap.h explains the scheme).
 *
 * Three operations use it: page_referenced() (were you used lately? —
 * reclaim's aging), page_is_mlocked() (may you go at all? — no, while a
 * VM_LOCKED VMA maps you) and try_to_unmap() (let go of this page — before it
 * is dropped from the page cache or written to swap).  Both walk the VMAs that may map the
 * page and look at one PTE in each.  The walk costs one step per VMA of the
 * page's file or fork family, whatever the size of memory.
 * Next: mm/vmscan.c, which calls them.
 */
#include <corral/kmalloc.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/paging.h>
#include <corral/rmap.h>
#include <corral/swap.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

#include "vm_internal.h"

/* ---- VMAs joining and leaving ------------------------------------------- */

int rmap_prepare_anon(struct vma *vma)
{
	if (vma->anon_rmap)
		return 0;
	struct anon_rmap *ar = kzalloc(sizeof(*ar));
	if (!ar)
		return -ENOMEM;
	list_init(&ar->vmas);
	list_add_tail(&vma->anon_node, &ar->vmas);
	ar->nr_vmas = 1;
	vma->anon_rmap = ar;
	return 0;
}

void rmap_link_vma(struct vma *vma, const struct vma *from)
{
	if (from && from->anon_rmap) {
		vma->anon_rmap = from->anon_rmap;
		list_add_tail(&vma->anon_node, &vma->anon_rmap->vmas);
		vma->anon_rmap->nr_vmas++;
	}
	if (vma->file)
		list_add_tail(&vma->file_node, &vma->file->mappings);
}

void rmap_unlink_vma(struct vma *vma)
{
	struct anon_rmap *ar = vma->anon_rmap;
	if (ar) {
		list_del(&vma->anon_node);
		if (--ar->nr_vmas == 0)
			kfree(ar);
		vma->anon_rmap = NULL;
	}
	if (vma->file)
		list_del(&vma->file_node);
}

void rmap_set_anon(struct page *page, struct vma *vma, uintptr_t va)
{
	page->anon_rmap = vma->anon_rmap;
	page->index = (uint32_t)(va >> PAGE_SHIFT);
}

/* ---- the walk ------------------------------------------------------------ */

/* Called for each (VMA, address) where page may be mapped; false stops. */
typedef bool (*rmap_visit_fn)(struct page *page, struct vma *vma, uintptr_t va, void *arg);

static bool rmap_walk_anon(struct page *page, rmap_visit_fn visit, void *arg)
{
	struct anon_rmap *ar = page->anon_rmap;
	uintptr_t va = (uintptr_t)page->index << PAGE_SHIFT;
	if (!ar)
		return false; /* mapped without a reverse map: cannot be found */
	struct list_head *pos;
	list_for_each(pos, &ar->vmas) {
		struct vma *vma = list_entry(pos, struct vma, anon_node);
		if (va >= vma->start && va < vma->end && !visit(page, vma, va, arg))
			return false;
	}
	return true;
}

static bool rmap_walk_file(struct page *page, rmap_visit_fn visit, void *arg)
{
	struct inode *inode = page_file_mapping(page);
	if (!inode)
		return false;
	struct list_head *pos;
	list_for_each(pos, &inode->mappings) {
		struct vma *vma = list_entry(pos, struct vma, file_node);
		uint32_t nr_pages = (uint32_t)((vma->end - vma->start) >> PAGE_SHIFT);
		if (page->index < vma->file_pgoff || page->index - vma->file_pgoff >= nr_pages)
			continue;
		uintptr_t va = vma->start + ((uintptr_t)(page->index - vma->file_pgoff) << PAGE_SHIFT);
		if (!visit(page, vma, va, arg))
			return false;
	}
	return true;
}

/* Visit every place page may be mapped; false if a visit said stop or the
 * page cannot be walked. */
static bool rmap_walk(struct page *page, rmap_visit_fn visit, void *arg)
{
	if (!page_is_mapped(page))
		return true;
	if (page->flags & PG_ANON)
		return rmap_walk_anon(page, visit, arg);
	return rmap_walk_file(page, visit, arg);
}

/* The PTE at va in vma's address space if it maps page, else NULL. */
static uint32_t *rmap_pte_of(struct page *page, struct vma *vma, uintptr_t va)
{
	uint32_t *pte = vm_lookup_pte(vma->mm, va);
	if (!pte || !(*pte & PTE_PRESENT) || (*pte >> PAGE_SHIFT) != page_to_pfn(page))
		return NULL;
	return pte;
}

/* ---- page_referenced ---------------------------------------------------- */

static bool referenced_one(struct page *page, struct vma *vma, uintptr_t va, void *arg)
{
	uint32_t *pte = rmap_pte_of(page, vma, va);
	if (pte && (*pte & PTE_ACCESSED)) {
		*pte &= ~PTE_ACCESSED;
		vm_flush_page(vma->mm, va); /* the next use sets it again */
		(*(uint32_t *)arg)++;
	}
	return true;
}

uint32_t page_referenced(struct page *page)
{
	uint32_t nr = 0;
	rmap_walk(page, referenced_one, &nr);
	return nr;
}

/* ---- try_to_unmap ------------------------------------------------------- */

static bool unmap_one(struct page *page, struct vma *vma, uintptr_t va, void *arg)
{
	(void)arg;
	uint32_t *pte = rmap_pte_of(page, vma, va);
	if (!pte)
		return true;
	uint32_t old = *pte;
	if (page->flags & PG_ANON) {
		swp_entry_t entry = {page->private};
		if (!(page->flags & PG_SWAPCACHE) || swap_slot_dup(entry))
			return false; /* nowhere to find it again: leave it mapped */
		*pte = swp_entry_to_pte(entry);
		vma->mm->nr_swap_entries++;
	} else {
		*pte = 0; /* a later fault finds it in the page cache, or reads it */
	}
	vm_flush_page(vma->mm, va);
	vma->mm->nr_resident_pages--;
	vm_page_unmapped(page, old); /* the dirty bit, the count, the PTE's reference */
	return true;
}

bool try_to_unmap(struct page *page)
{
	rmap_walk(page, unmap_one, NULL);
	return !page_is_mapped(page);
}

/* ---- page_is_mlocked ----------------------------------------------------- */

static bool mlocked_one(struct page *page, struct vma *vma, uintptr_t va, void *arg)
{
	if (!(vma->flags & VM_LOCKED) || !rmap_pte_of(page, vma, va))
		return true;
	*(bool *)arg = true;
	return false; /* one locked mapping is enough */
}

bool page_is_mlocked(struct page *page)
{
	bool is_locked = false;
	rmap_walk(page, mlocked_one, &is_locked);
	return is_locked;
}

static bool count_one(struct page *page, struct vma *vma, uintptr_t va, void *arg)
{
	if (rmap_pte_of(page, vma, va))
		(*(uint32_t *)arg)++;
	return true;
}

uint32_t rmap_count_ptes(struct page *page)
{
	uint32_t nr = 0;
	rmap_walk(page, count_one, &nr);
	return nr;
}
