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
#include <corral/task.h>
#include <corral/vfs.h>
#include <corral/x86.h>
#include <uapi/errno.h>

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
		v->start = ALIGN_DOWN(addr, PAGE_SIZE);
		fault_stats.nr_stack_growths++;
		return v;
	}
	return NULL;
}

static int fault_break_cow(struct mm *mm, uintptr_t va, uint32_t *pte, struct vma *vma)
{
	struct page *old = pfn_to_page(*pte >> PAGE_SHIFT);
	bool is_file_page = old->flags & PG_FILE; /* the file's, even if truncated away */
	if (old->refcount == 1 && !is_file_page) { /* the other sharers are gone: take it over */
		*pte = (*pte & ~PTE_COW) | PTE_WRITE;
		invlpg(va); /* faults happen in the faulting task's own address space */
		fault_stats.nr_cow_reuses++;
		return 0;
	}
	struct page *copy = alloc_page();
	if (!copy)
		return -ENOMEM;
	memcpy(page_to_virt(copy), page_to_virt(old), PAGE_SIZE);
	container_charge_anon(copy, current->container);
	fault_stats.nr_cow_copies++;
	return vm_map_page(mm, va, copy, vm_pte_flags(vma->flags)); /* drops old's ref */
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
		container_count_major_fault(current->container);
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
	if (!(vma->flags & VM_SHARED) && is_write) { /* private: the store gets a copy */
		struct page *copy = alloc_page();
		if (!copy) {
			put_page(page);
			return -ENOMEM;
		}
		memcpy(page_to_virt(copy), page_to_virt(page), PAGE_SIZE);
		put_page(page);
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
	err = vm_map_page(mm, va, page, pte_flags); /* the PTE takes our reference */
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
	invlpg(va);
	return 0;
}

int fault_handle_user(struct mm *mm, uintptr_t addr, bool is_write, uintptr_t user_esp)
{
	if (!mm || addr >= KERNEL_BASE)
		return -EFAULT;
	fault_stats.nr_faults++;
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
	if (vma->file)
		return fault_file_page(mm, vma, va, is_write);
	void *zeroed = alloc_zeroed_page();
	if (!zeroed)
		return -ENOMEM;
	container_charge_anon(virt_to_page(zeroed), current->container);
	int err = vm_map_page(mm, va, virt_to_page(zeroed), vm_pte_flags(vma->flags));
	if (err)
		free_page(virt_to_page(zeroed));
	return err;
}

int fault_in_range(struct mm *mm, uintptr_t start, size_t len, bool is_write)
{
	for (uintptr_t va = ALIGN_DOWN(start, PAGE_SIZE); va < start + len; va += PAGE_SIZE) {
		uint32_t *pte = vm_lookup_pte(mm, va);
		bool is_ready = pte && (*pte & PTE_PRESENT) && !(is_write && (*pte & PTE_COW));
		if (is_ready)
			continue;
		int err = fault_handle_user(mm, va, is_write, va);
		if (err)
			return err;
	}
	return 0;
}
