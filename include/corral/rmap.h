/*
 * rmap.h — the reverse map: from a physical page to every PTE that maps it
 * (mm/rmap.c).
 *
 * Page tables answer "which page is at this address"; reclaim asks the
 * opposite question ("who maps this page?") to test the accessed bits of a
 * page or to unmap it.  The answer is object-based, not a list per page:
 *
 *   file page:  page->mapping (the inode) → inode->mappings → each VMA;
 *               the page is at vma->start + (index - vma->file_pgoff) pages
 *   anon page:  page->anon_rmap → its list of VMAs → each VMA;
 *               the page is at index << 12 (fork keeps addresses)
 *
 * An anon_rmap is made for a VMA at its first anonymous page and shared with
 * every VMA forked or split from it (a fork family), so one object finds a
 * page in the parent and in all children that still share it.  A VMA on the
 * list may no longer map the page (it was copied on write): the walk then
 * finds another page in the PTE and skips it.
 *
 * Locking: the kernel is not preemptive and runs on one CPU, so a walk that
 * does not sleep sees the lists and page tables stand still.  A walk looks at
 * a page only while it is mapped (a page with mapcount 0 may name a freed
 * anon_rmap).
 */
#ifndef CORRAL_RMAP_H
#define CORRAL_RMAP_H

#include <corral/list.h>
#include <corral/types.h>

struct page;
struct vma;
struct mm;

struct anon_rmap {
	struct list_head vmas; /* struct vma.anon_node */
	uint32_t nr_vmas;      /* freed when the last VMA leaves */
};

/* VMAs join and leave (mm/vma.c, mm/vm.c). */
int rmap_prepare_anon(struct vma *vma);              /* 0 or -ENOMEM */
void rmap_link_vma(struct vma *vma, const struct vma *from); /* fork, split: share */
void rmap_unlink_vma(struct vma *vma);               /* the VMA goes */

/* A freshly mapped anonymous page remembers where: vma's anon_rmap, va. */
void rmap_set_anon(struct page *page, struct vma *vma, uintptr_t va);

/* How many PTEs mapping page had their accessed bit set; the bits are
 * cleared.  A page that is not mapped returns 0. */
uint32_t page_referenced(struct page *page);

/* Does a locked VMA (VM_LOCKED, mm/mlock.c) map page now?  Then reclaim
 * must leave it.  Asked through the reverse map rather than kept in the page:
 * a page shared copy-on-write, or a file page, may be mapped by locked and
 * unlocked VMAs of several processes, and the answer changes with every
 * mlock, munlock, munmap, fork and exit — the walk sees the current truth at
 * the one moment it matters, and needs no count to keep right. */
bool page_is_mlocked(struct page *page);

/* Remove every PTE that maps page (locked, referenced by the caller; an
 * anonymous page must be in the swap cache: its PTEs get the swap entry).
 * The CPU's dirty bits move to the page.  True if no PTE maps it now. */
bool try_to_unmap(struct page *page);

/* For the audit: how many PTEs map page, counted through the reverse map. */
uint32_t rmap_count_ptes(struct page *page);

#endif
