/*
 * fault.c — the page-fault handler for user addresses.
 *
 * A fault is either a page that is allowed but not yet there (demand zero:
 * give it a fresh zeroed page), a write to a copy-on-write page (copy it, or
 * take it over when nobody else shares it any more), a touch just below the
 * stack (grow the stack VMA), or a bad access: the caller then sends SIGSEGV
 * (user mode) or returns -EFAULT (a system call copying user memory).
 * In a file mapping the page comes from the page cache instead: shared
 * mappings map the cache page itself (the first store marks it dirty),
 * private ones map it read-only and copy it on the first store.
 * Next: mm/uaccess.c.
 */
#include <corral/container.h>
#include <corral/memlayout.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/paging.h>
#include <corral/string.h>
#include <corral/swap.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <corral/vmscan.h>
#include <corral/x86.h>
#include <uapi/errno.h>

#include "vm_internal.h"

#define STACK_GUARD_SLACK 65536 /* how far below esp a push may touch (pusha, enter) */

struct fault_stats {
	uint32_t nr_faults, nr_cow_copies, nr_cow_reuses, nr_stack_growths;
} fault_stats;

/* The stack VMA grows down to addr if the access looks like a push. */
static struct vma *fault_grow_stack(struct mm *mm, uintptr_t addr, uintptr_t user_esp)
{
	struct list_head *pos;
	list_for_each(pos, &mm->vmas) {
		struct vma *v = list_entry(pos, struct vma, node);
		if (!(v->flags & VM_GROWSDOWN) || v->start <= addr)
			continue;
		bool is_near_esp = addr + STACK_GUARD_SLACK >= user_esp;
		bool is_within_limit = v->end - ALIGN_DOWN(addr, PAGE_SIZE) <= USER_STACK_MAX;
		struct vma *below = vma_find(mm, addr);
		if (!is_near_esp || !is_within_limit || below)
			return NULL;
		uint32_t nr_new = (uint32_t)((v->start - ALIGN_DOWN(addr, PAGE_SIZE)) / PAGE_SIZE);
		if ((v->flags & VM_LOCKED) && mlock_charge(mm, nr_new))
			return NULL; /* a locked stack may not pass mlock_limit (mm/mlock.c) */
		v->start = ALIGN_DOWN(addr, PAGE_SIZE);
		fault_stats.nr_stack_growths++;
		return v;
	}
	return NULL;
}

/* Is the page behind a copy-on-write PTE ours alone, so the store can go to
 * it without a copy?  A page in the swap cache is, if no other PTE holds its
 * swap entry; it then leaves the cache (the slot's copy is about to be stale). */
static bool fault_can_reuse(struct page *page)
{
	if (!(page->flags & PG_ANON))
		return false; /* a file's page: the store goes to a private copy */
	if (!page_flag_is_set(page, PG_SWAPCACHE))
		return page->refcount == 1;
	swp_entry_t e = {page->private};
	if (page->refcount != 2 || page->mapcount != 1 || swap_slot_count(e) != 0 ||
	    page_flag_is_set(page, PG_WRITEBACK) || !page_trylock(page))
		return false;
	swap_cache_delete(page);
	page_unlock(page);
	return true;
}

static int fault_break_cow(struct mm *mm, uintptr_t va, uint32_t *pte, struct vma *vma)
{
	uint32_t pte_val = *pte;
	struct page *old = pfn_to_page(pte_val >> PAGE_SHIFT);
	if (fault_can_reuse(old)) { /* the other sharers are gone: take it over */
		*pte = (pte_val & ~PTE_COW) | PTE_WRITE;
		vm_flush_page(mm, va);
		fault_stats.nr_cow_reuses++;
		return 0;
	}
	get_page(old); /* reclaim may take it from the PTE while we allocate */
	struct page *copy = alloc_user_page(false);
	if (!copy) {
		put_page(old);
		return -ENOMEM;
	}
	memcpy(page_to_virt(copy), page_to_virt(old), PAGE_SIZE);
	put_page(old);
	int err = container_make_room(current->container); /* may sleep: before the check */
	pte = vm_lookup_pte(mm, va);
	if (err || !pte || *pte != pte_val) { /* it changed while we slept: fault again */
		put_page(copy);
		return err;
	}
	container_charge_anon(copy, current->container);
	fault_stats.nr_cow_copies++;
	return vm_map_anon_page(mm, vma, va, copy, vm_pte_flags(vma->flags)); /* drops old's ref */
}

/* A fault that waited for the disk: the task's majflt and its container's. */
static void fault_count_major(void)
{
	current->nr_major_faults++;
	container_count_major_fault(current->container);
}

/* The page of a file mapping at va, from the page cache (read from the disk
 * if needed: a major fault).  Past the end of the file: -EFAULT. */
static struct page *fault_file_get_page(struct vma *vma, uintptr_t va, int *err)
{
	struct inode *inode = vma->file;
	uint32_t index = vma->file_pgoff + (uint32_t)((va - vma->start) / PAGE_SIZE);
	struct page *page = NULL;
	bool was_read = false;
	mutex_lock(&inode->lock);
	if ((uint64_t)index * PAGE_SIZE < inode->size)
		page = page_cache_read_page(inode, index, err, &was_read);
	else
		*err = -ENXIO; /* past the end of the file: SIGBUS, as on Linux */
	mutex_unlock(&inode->lock);
	if (was_read)
		fault_count_major();
	if (!page && *err == -EIO)
		*err = -ENXIO; /* the disk failed us: SIGBUS too */
	return page;
}

static int fault_file_page(struct mm *mm, struct vma *vma, uintptr_t va, bool is_write)
{
	int err = 0;
	struct page *page = fault_file_get_page(vma, va, &err);
	if (!page)
		return err;
	bool is_anon_copy = !(vma->flags & VM_SHARED) && is_write;
	if (is_anon_copy) { /* private: the store gets a copy */
		struct page *copy = alloc_user_page(false);
		if (!copy) {
			put_page(page);
			return -ENOMEM;
		}
		memcpy(page_to_virt(copy), page_to_virt(page), PAGE_SIZE);
		put_page(page);
		if (container_make_room(current->container)) {
			put_page(copy);
			return -ENOMEM;
		}
		container_charge_anon(copy, current->container);
		page = copy;
	}
	uint32_t pte_flags;
	if (vma->flags & VM_SHARED) {
		pte_flags = is_write ? PTE_WRITE : 0; /* a later first store faults: dirty */
		if (is_write)
			page_mark_dirty(page);
	} else {
		pte_flags = is_write ? PTE_WRITE : (vma->flags & VM_WRITE) ? PTE_COW : 0;
	}
	uint32_t *pte = vm_lookup_pte(mm, va);
	if (pte && *pte) { /* mapped (or swapped) by a racing fault while we slept */
		put_page(page);
		return 0;
	}
	err = is_anon_copy ? vm_map_anon_page(mm, vma, va, page, pte_flags)
			   : vm_map_page(mm, va, page, pte_flags); /* the PTE takes our reference */
	if (err)
		put_page(page);
	return err;
}

/* The first store to a shared file page mapped read-only: now it is dirty. */
static int fault_make_shared_writable(struct mm *mm, uintptr_t va, uint32_t *pte)
{
	struct page *page = pfn_to_page(*pte >> PAGE_SHIFT);
	page_mark_dirty(page);
	*pte |= PTE_WRITE;
	vm_flush_page(mm, va);
	return 0;
}

static int fault_anon_zero(struct mm *mm, struct vma *vma, uintptr_t va)
{
	struct page *page = alloc_user_page(true);
	if (!page)
		return -ENOMEM;
	int err = container_make_room(current->container);
	uint32_t *pte = vm_lookup_pte(mm, va);
	if (err || (pte && *pte)) { /* filled in while we slept (reclaim, another fault) */
		put_page(page);
		return err;
	}
	container_charge_anon(page, current->container);
	err = vm_map_anon_page(mm, vma, va, page, vm_pte_flags(vma->flags));
	if (err)
		put_page(page);
	return err;
}

static int fault_swap_page(struct mm *mm, struct vma *vma, uintptr_t va, uint32_t pte_val,
			   bool is_write)
{
	bool was_major = false;
	int err = swap_fault(mm, vma, va, pte_val, is_write, &was_major);
	if (was_major)
		fault_count_major();
	if (err)
		return err == -EIO ? -ENXIO : err; /* the swap device failed us: SIGBUS */
	uint32_t *pte = vm_lookup_pte(mm, va);
	if (is_write && pte && (*pte & PTE_PRESENT) && (*pte & PTE_COW))
		return fault_break_cow(mm, va, pte, vma); /* still shared: the store copies */
	return 0;
}

int fault_handle_user(struct mm *mm, uintptr_t addr, bool is_write, uintptr_t user_esp)
{
	if (!mm || addr >= KERNEL_BASE)
		return -EFAULT;
	fault_stats.nr_faults++;
	current->nr_faults++;
	container_count_fault(current->container, false);
	struct vma *vma = vma_find(mm, addr);
	if (!vma)
		vma = fault_grow_stack(mm, addr, user_esp);
	if (!vma || (is_write && !(vma->flags & VM_WRITE)) || !(vma->flags & (VM_READ | VM_WRITE)))
		return -EFAULT;

	uintptr_t va = ALIGN_DOWN(addr, PAGE_SIZE);
	uint32_t *pte = vm_lookup_pte(mm, va);
	if (pte && (*pte & PTE_PRESENT)) {
		if (is_write && (*pte & PTE_COW))
			return fault_break_cow(mm, va, pte, vma);
		if (is_write && !(*pte & PTE_WRITE) && vma->file && (vma->flags & VM_SHARED))
			return fault_make_shared_writable(mm, va, pte);
		return 0; /* already fixed (a spurious or racing fault) */
	}
	if (pte && pte_is_swap(*pte))
		return fault_swap_page(mm, vma, va, *pte, is_write);
	if (vma->file)
		return fault_file_page(mm, vma, va, is_write);
	return fault_anon_zero(mm, vma, va);
}

int fault_in_range(struct mm *mm, uintptr_t start, size_t len, bool is_write)
{
	for (uintptr_t va = ALIGN_DOWN(start, PAGE_SIZE); va < start + len; va += PAGE_SIZE) {
		uint32_t *pte = vm_lookup_pte(mm, va);
		bool is_ready = pte && (*pte & PTE_PRESENT) && !(is_write && (*pte & PTE_COW)) &&
				!(is_write && !(*pte & PTE_WRITE));
		if (is_ready)
			continue;
		int err = fault_handle_user(mm, va, is_write, va);
		if (err)
			return err;
	}
	return 0;
}
