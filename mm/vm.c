/*
 * vm.c — address spaces and their two-level page tables.
 *
 *   page directory (1024 PDEs) ─┬─ 0..767:   user page tables, made on demand
 *                               └─ 768..1023: the kernel half, copied from
 *                                             kernel_page_directory (mm/paging.c)
 *
 * A user PTE maps one page and holds a reference to its struct page.  Pages
 * shared copy-on-write after fork are mapped read-only with PTE_COW set in both
 * address spaces; the first write faults and mm/fault.c copies the page (or,
 * if no one else holds it any more, just makes it writable again).
 *
 * The struct, the page directory and every page table are kernel memory,
 * charged to the container of the task that made the address space (mm->kmem,
 * mm/kmem_charge.c).  mm_create and fork's copy of the page tables fail past
 * page_limit; a page table that a fault needs is charged even past it, since
 * the fault has made room for its user page already and cannot sleep here.
 * Next: mm/vma.c (the ranges), mm/fault.c (filling them in).
 */
#include <corral/container.h>
#include <corral/kmalloc.h>
#include <corral/memlayout.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/paging.h>
#include <corral/rmap.h>
#include <corral/string.h>
#include <corral/swap.h>
#include <corral/x86.h>
#include <uapi/errno.h>

#include "vm_internal.h"

#define PDX(va) ((va) >> 22)
#define PTX(va) (((va) >> 12) & 0x3ff)
#define PTE_ADDR(pte) ((pte) & ~0xfffu)

static struct mm *active_mm; /* whose page directory is in CR3 (NULL: the kernel's) */

/* What an address space costs the kernel before its first page table. */
#define MM_KMEM_BYTES ((uint32_t)sizeof(struct mm) + PAGE_SIZE)

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));
	uint32_t *pgdir = alloc_zeroed_page();
	if (!mm || !pgdir || kmem_charge(&mm->kmem, kmem_current_container(), MM_KMEM_BYTES)) {
		kfree(mm);
		if (pgdir)
			free_page(virt_to_page(pgdir));
		return NULL;
	}
	memcpy(&pgdir[KERNEL_PDE_FIRST], &kernel_page_directory[KERNEL_PDE_FIRST],
	       (PD_ENTRIES - KERNEL_PDE_FIRST) * sizeof(uint32_t));
	mm->pgdir = pgdir;
	list_init(&mm->vmas);
	mm->mmap_base = MM_MMAP_TOP;
	return mm;
}

void mm_activate(struct mm *mm)
{
	if (mm == active_mm)
		return;
	active_mm = mm;
	write_cr3(virt_to_phys(mm ? mm->pgdir : kernel_page_directory));
}

void vm_flush_page(struct mm *mm, uintptr_t va)
{
	if (mm == active_mm)
		invlpg(va);
}

/* How vm_walk treats a missing page table. */
enum vm_walk_mode {
	VM_WALK_LOOKUP, /* NULL */
	VM_WALK_FAULT,  /* make it, charged even past page_limit (never sleeps) */
	VM_WALK_COPY,   /* make it, or NULL past page_limit (fork, which made room) */
};

/* A new, empty page table for mm, charged to mm's container; NULL if there
 * is no memory or (VM_WALK_COPY) no room under page_limit. */
static uint32_t *vm_table_alloc(struct mm *mm, enum vm_walk_mode mode)
{
	uint32_t *table = alloc_zeroed_page();
	if (!table)
		return NULL;
	if (mode == VM_WALK_FAULT) {
		kmem_charge_force(&mm->kmem, NULL, PAGE_SIZE);
	} else if (kmem_charge_nowait(&mm->kmem, NULL, PAGE_SIZE)) {
		free_page(virt_to_page(table));
		return NULL;
	}
	mm->nr_pagetable_pages++;
	return table;
}

/* The PTE for va, making its page table as mode says. */
static uint32_t *vm_walk(struct mm *mm, uintptr_t va, enum vm_walk_mode mode)
{
	uint32_t *pde = &mm->pgdir[PDX(va)];
	if (!(*pde & PTE_PRESENT)) {
		if (mode == VM_WALK_LOOKUP)
			return NULL;
		uint32_t *table = vm_table_alloc(mm, mode);
		if (!table)
			return NULL;
		*pde = virt_to_phys(table) | PTE_PRESENT | PTE_WRITE | PTE_USER;
	}
	uint32_t *table = phys_to_virt(PTE_ADDR(*pde));
	return &table[PTX(va)];
}

uint32_t *vm_lookup_pte(struct mm *mm, uintptr_t va)
{
	return vm_walk(mm, va, VM_WALK_LOOKUP);
}

/* A PTE now maps page: count it; a file page's first mapping counts it as
 * mapped for its container. */
void vm_page_mapped(struct page *page)
{
	if (__atomic_add_fetch(&page->mapcount, 1, __ATOMIC_RELAXED) == 1 &&
	    page_file_mapping(page))
		container_page_mapped(page);
}

/* A PTE that mapped page goes: a store through it (the CPU's dirty bit) makes
 * a file page dirty (or a swap-cache page newer than its slot), and the PTE's
 * reference is dropped. */
void vm_page_unmapped(struct page *page, uint32_t pte)
{
	if (pte & PTE_DIRTY) {
		if (page_file_mapping(page))
			page_mark_dirty(page);
		else if (page->flags & PG_ANON)
			page_flag_set(page, PG_DIRTY);
	}
	if (__atomic_sub_fetch(&page->mapcount, 1, __ATOMIC_RELAXED) == 0)
		container_page_unmapped(page);
	put_page(page);
}

/* A PTE's old contents go: a page's reference, or a swap entry's. */
static void vm_drop_pte(struct mm *mm, uint32_t pte)
{
	if (pte & PTE_PRESENT) {
		struct page *page = pfn_to_page(pte >> PAGE_SHIFT);
		swp_entry_t cached = {page_flag_is_set(page, PG_SWAPCACHE) ? page->private : 0};
		mm->nr_resident_pages--;
		vm_page_unmapped(page, pte);
		if (cached.val) /* a swapped-in page nobody maps or will read back: let go */
			swap_cache_release(cached);
	} else if (pte_is_swap(pte)) {
		mm->nr_swap_entries--;
		swap_entry_free(pte_to_swp_entry(pte));
	}
}

int vm_map_page(struct mm *mm, uintptr_t va, struct page *page, uint32_t pte_flags)
{
	uint32_t *pte = vm_walk(mm, va, VM_WALK_FAULT);
	if (!pte)
		return -ENOMEM;
	uint32_t old = *pte;
	vm_page_mapped(page);
	*pte = page_to_phys(page) | pte_flags | PTE_PRESENT | PTE_USER;
	mm->nr_resident_pages++;
	vm_flush_page(mm, va);
	vm_drop_pte(mm, old);
	return 0;
}

int vm_map_anon_page(struct mm *mm, struct vma *vma, uintptr_t va, struct page *page,
		     uint32_t pte_flags)
{
	int err = rmap_prepare_anon(vma);
	if (err)
		return err;
	rmap_set_anon(page, vma, va);
	return vm_map_page(mm, va, page, pte_flags);
}

void vm_unmap_pages(struct mm *mm, uintptr_t start, uintptr_t end)
{
	for (uintptr_t va = start; va < end; va += PAGE_SIZE) {
		uint32_t *pte = vm_walk(mm, va, VM_WALK_LOOKUP);
		if (!pte) {
			va = ALIGN_DOWN(va, LARGE_PAGE_SIZE) + LARGE_PAGE_SIZE - PAGE_SIZE;
			continue;
		}
		uint32_t old = *pte;
		if (old) {
			*pte = 0;
			vm_flush_page(mm, va);
			vm_drop_pte(mm, old);
		}
	}
}

/* msync: move the CPU's dirty bits of [start, end) to the pages (the PTE bit
 * is cleared, so later stores are seen again). */
void vm_sync_dirty_bits(struct mm *mm, uintptr_t start, uintptr_t end)
{
	for (uintptr_t va = start; va < end; va += PAGE_SIZE) {
		uint32_t *pte = vm_walk(mm, va, VM_WALK_LOOKUP);
		if (!pte) {
			va = ALIGN_DOWN(va, LARGE_PAGE_SIZE) + LARGE_PAGE_SIZE - PAGE_SIZE;
			continue;
		}
		if ((*pte & (PTE_PRESENT | PTE_DIRTY)) == (PTE_PRESENT | PTE_DIRTY)) {
			struct page *page = pfn_to_page(*pte >> 12);
			*pte &= ~PTE_DIRTY;
			vm_flush_page(mm, va);
			if (page_file_mapping(page))
				page_mark_dirty(page);
		}
	}
}

/* The PTE bits a present page gets in a VMA with these flags. */
uint32_t vm_pte_flags(uint32_t vm_flags)
{
	return (vm_flags & VM_WRITE) ? PTE_WRITE : 0;
}

void vm_protect_pages(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t vm_flags)
{
	for (uintptr_t va = start; va < end; va += PAGE_SIZE) {
		uint32_t *pte = vm_walk(mm, va, VM_WALK_LOOKUP);
		if (!pte || !(*pte & PTE_PRESENT))
			continue;
		bool is_cow = *pte & PTE_COW;
		*pte &= ~(PTE_WRITE | PTE_USER);
		if ((vm_flags & VM_WRITE) && !is_cow)
			*pte |= PTE_WRITE;
		/* PROT_NONE: keep the page, but hide it from user mode. */
		if (vm_flags & (VM_READ | VM_WRITE | VM_EXEC))
			*pte |= PTE_USER;
		vm_flush_page(mm, va);
	}
}

/* fork: one PTE of the parent's, shared with the child.  Private writable
 * pages become copy-on-write in both; a swap entry gains a holder. */
static int vm_share_pte(struct mm *child, uint32_t *pte, uint32_t *child_pte, bool is_cow)
{
	if (pte_is_swap(*pte)) {
		if (swap_slot_dup(pte_to_swp_entry(*pte)))
			return -ENOMEM;
		*child_pte = *pte;
		child->nr_swap_entries++;
		return 0;
	}
	if (is_cow)
		*pte = (*pte & ~PTE_WRITE) | PTE_COW;
	struct page *page = pfn_to_page(*pte >> PAGE_SHIFT);
	get_page(page);
	vm_page_mapped(page);
	*child_pte = *pte & ~PTE_DIRTY; /* the parent's PTE keeps the store it saw */
	child->nr_resident_pages++;
	return 0;
}

static int vm_share_range(struct mm *child, struct mm *parent, struct vma *vma)
{
	bool is_cow = (vma->flags & VM_WRITE) && !(vma->flags & VM_SHARED);
	for (uintptr_t va = vma->start; va < vma->end; va += PAGE_SIZE) {
		uint32_t *pte = vm_walk(parent, va, VM_WALK_LOOKUP);
		if (!pte) {
			va = ALIGN_DOWN(va, LARGE_PAGE_SIZE) + LARGE_PAGE_SIZE - PAGE_SIZE;
			continue;
		}
		if (!*pte)
			continue;
		uint32_t *child_pte = vm_walk(child, va, VM_WALK_COPY);
		if (!child_pte)
			return -ENOMEM;
		int err = vm_share_pte(child, pte, child_pte, is_cow);
		if (err)
			return err;
	}
	return 0;
}

struct mm *mm_copy(struct mm *parent)
{
	struct mm *child = mm_create();
	if (!child)
		return NULL;
	/* Room for a copy of every page table now, while we may sleep: the
	 * copy charges them one by one and cannot reclaim in the middle. */
	if (kmem_make_room(&child->kmem, NULL, parent->nr_pagetable_pages * PAGE_SIZE)) {
		mm_destroy(child);
		return NULL;
	}
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	child->mmap_base = parent->mmap_base;
	struct list_head *pos;
	list_for_each(pos, &parent->vmas) {
		struct vma *v = list_entry(pos, struct vma, node);
		if (vma_copy(child, v) || vm_share_range(child, parent, v)) {
			mm_destroy(child);
			return NULL;
		}
	}
	if (parent == active_mm)
		write_cr3(read_cr3()); /* the parent's PTEs lost their write bits */
	return child;
}

void mm_destroy(struct mm *mm)
{
	if (mm == active_mm)
		mm_activate(NULL);
	while (!list_is_empty(&mm->vmas)) {
		struct vma *v = list_first_entry(&mm->vmas, struct vma, node);
		vm_unmap_pages(mm, v->start, v->end);
		list_del(&v->node);
		vma_free(v);
	}
	for (unsigned i = 0; i < KERNEL_PDE_FIRST; i++)
		if (mm->pgdir[i] & PTE_PRESENT)
			free_page(pfn_to_page(mm->pgdir[i] >> 12));
	free_page(virt_to_page(mm->pgdir));
	kmem_uncharge(&mm->kmem);
	kfree(mm);
}
