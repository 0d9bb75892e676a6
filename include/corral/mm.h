/*
 * mm.h — address spaces: a page directory and the list of VMAs that say what
 * each range of user addresses is.
 *
 *   0x08048000  program text and data (ELF segments: file-backed in spirit,
 *               copied in at exec time for now)
 *   brk_start.. brk: the heap (anonymous, grows up with brk)
 *   ...         mmap area, allocated downward from MM_MMAP_TOP
 *   .. 0xBFFFF000 the stack (anonymous, VM_GROWSDOWN), argv/envp at its top
 *
 * Pages are mapped lazily: the page-fault handler (mm/fault.c) fills a page
 * the first time it is touched (demand zero), and copies a shared page the
 * first time a process writes it after fork (copy on write).  A VMA says what
 * is allowed; the page tables say what is present now.
 *
 * Locking: an address space belongs to one task (no threads share it), and the
 * kernel is not preemptive, so its VMA list and page tables change only in that
 * task's own context (or at fork/exit, when no one else can see it).
 */
#ifndef CORRAL_MM_H
#define CORRAL_MM_H

#include <corral/kmem.h>
#include <corral/list.h>
#include <corral/types.h>

/* Nothing below 64 KiB is ever mapped (Linux's mmap_min_addr): a kernel NULL
 * dereference, even at an offset, must fault rather than read user memory.
 * mmap(MAP_FIXED), exec and vma_insert refuse it with EPERM. */
#define USER_BASE 0x00010000u
#define USER_TEXT_BASE 0x08048000u
#define USER_STACK_TOP 0xbffff000u
#define USER_STACK_MAX (8u << 20)  /* the stack may grow to 8 MiB */
#define MM_MMAP_TOP 0xb0000000u    /* mmap allocates below here, downward */

/* vma->flags */
#define VM_READ 0x01
#define VM_WRITE 0x02
#define VM_EXEC 0x04
#define VM_SHARED 0x08    /* MAP_SHARED: writes are seen by all sharers, no COW */
#define VM_GROWSDOWN 0x10 /* the stack */
#define VM_HEAP 0x20      /* the brk area */
#define VM_LOCKED 0x40    /* mlock: populated, never reclaimed (mm/mlock.c) */

struct inode;
struct page;
struct path_name;

struct vma {
	uintptr_t start, end; /* [start, end), page aligned */
	uint32_t flags;       /* VM_* */
	struct inode *file;   /* backing file (referenced), or NULL: anonymous */
	uint32_t file_pgoff;  /* offset into the file, in pages */
	struct path_name *path; /* the file's name for /proc/N/maps (referenced), or NULL */
	struct list_head node; /* in mm->vmas, sorted by start */
	struct mm *mm;        /* the address space it belongs to */
	/* Reverse map (mm/rmap.c): the anon_rmap of its anonymous pages (made at
	 * the first one, shared with the VMAs forked from it), and its place on
	 * that object's list and on file->mappings. */
	struct anon_rmap *anon_rmap;
	struct list_head anon_node;
	struct list_head file_node;
};

struct mm {
	uint32_t *pgdir;       /* page directory (kernel virtual address) */
	struct list_head vmas; /* sorted, non-overlapping */
	uintptr_t brk_start, brk;
	uintptr_t mmap_base;   /* next mmap hint, moves down */
	uint32_t nr_resident_pages; /* user pages mapped (RSS) */
	uint32_t nr_swap_entries;   /* PTEs holding a swap entry (swapped out) */
	uint32_t nr_pagetable_pages;
	/* mlock (mm/mlock.c): the pages of its VM_LOCKED VMAs (Linux's
	 * locked_vm, /proc/N/status VmLck), changed only through mlock_charge
	 * and mlock_uncharge, under container_lock; VM_LOCKED if mlockall
	 * (MCL_FUTURE) asked that later mappings be locked too. */
	uint32_t nr_locked_pages;
	uint32_t def_flags;
	/* The struct, the page directory and the page tables, charged to the
	 * container of the task that made the address space (mm/vm.c). */
	struct kmem_charge kmem;
};

/* Address spaces (mm/vm.c). */
struct mm *mm_create(void);                    /* empty user half, shared kernel half */
struct mm *mm_copy(struct mm *parent);         /* fork: copy VMAs, share pages COW */
void mm_destroy(struct mm *mm);                /* free every user page and table */
void mm_activate(struct mm *mm);               /* load its page directory (NULL: kernel's) */

/* VMAs (mm/vma.c). */
struct vma *vma_find(struct mm *mm, uintptr_t addr); /* containing addr, or NULL */
int vma_insert(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags);
/* The same, backed by file from page file_pgoff on (NULL: anonymous); the
 * VMA holds a reference on the inode until vma_free. */
int vma_insert_file(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags,
		    struct inode *file, uint32_t file_pgoff);
void vma_free(struct vma *v); /* unlinked already; drops the file reference */
/* Name the file mapping that starts at start (fs/path_name.c; a reference is taken). */
void vma_set_path(struct mm *mm, uintptr_t start, struct path_name *path);
/* fork: the same VMA in child, sharing v's file and anon_rmap (no pages). */
int vma_copy(struct mm *child, const struct vma *v);
int vma_unmap_range(struct mm *mm, uintptr_t start, uintptr_t end); /* splits VMAs */
int vma_protect_range(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags);
uintptr_t vma_find_free_range(struct mm *mm, size_t len); /* 0 if none */
/* What an address space adds up to, for /proc/N/stat and statm. */
struct mm_usage {
	uint32_t nr_pages;          /* every VMA's pages, mapped or not (vsize) */
	uint32_t nr_resident_pages; /* mapped (rss) */
	uint32_t nr_text_pages;     /* executable */
	uint32_t nr_data_pages;     /* private and writable: data, heap, stack */
	uintptr_t code_start, code_end, stack_top, brk_start;
};
void mm_get_usage(struct mm *mm, struct mm_usage *out);
/* Write /proc/N/maps text (Linux format) into buf; returns its length. */
size_t mm_format_maps(struct mm *mm, char *buf, size_t size);

/* Page tables (mm/vm.c). */
int vm_map_page(struct mm *mm, uintptr_t va, struct page *page, uint32_t pte_flags);
/* The same for an anonymous page of vma: it joins vma's reverse map. */
int vm_map_anon_page(struct mm *mm, struct vma *vma, uintptr_t va, struct page *page,
		     uint32_t pte_flags);
uint32_t *vm_lookup_pte(struct mm *mm, uintptr_t va); /* NULL if no page table */
void vm_unmap_pages(struct mm *mm, uintptr_t start, uintptr_t end); /* drop page refs */
void vm_protect_pages(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t vm_flags);
uint32_t vm_pte_flags(uint32_t vm_flags); /* the PTE bits a VMA's pages get */
void vm_sync_dirty_bits(struct mm *mm, uintptr_t start, uintptr_t end); /* msync */

/* 0, -EFAULT (a bad access: SIGSEGV), -ENXIO (a file mapping past the end
 * of its file, or a read error: SIGBUS) or -ENOMEM. */
int fault_handle_user(struct mm *mm, uintptr_t addr, bool is_write, uintptr_t user_esp);
/* Make [start, start+len) present and (if is_write) writable now. */
int fault_in_range(struct mm *mm, uintptr_t start, size_t len, bool is_write);

/* Locked memory (mm/mlock.c).  Charge: nr more locked pages for mm (whose
 * task is current or being set up), checked against RLIMIT_MEMLOCK (for a
 * task that is not root) and its container's mlock_limit; 0 or -ENOMEM, and
 * nothing changes on failure.  Uncharge: a locked VMA (or part) went away. */
#define MLOCK_RLIMIT_PAGES 2048u /* RLIMIT_MEMLOCK: 8 MiB, Linux's default */
int mlock_charge(struct mm *mm, uint32_t nr_pages);
struct container;
int mlock_charge_container(struct container *c, struct mm *mm, uint32_t nr_pages); /* c: mm's task's */
void mlock_uncharge(struct mm *mm, uint32_t nr_pages);
/* For the audit: the pages of mm's locked VMAs, recounted (should equal
 * mm->nr_locked_pages). */
uint32_t mlock_count_vma_pages(struct mm *mm);
/* Lock (charging mm's task's container) or unlock [start, end), page
 * aligned, splitting VMAs at the ends; no populate.  0, -ENOMEM (not all
 * mapped, or past mlock_limit: then no lock changed). */
int mlock_set_range(struct mm *mm, uintptr_t start, uintptr_t end, bool lock);
/* Fault in [start, end) of a locked range, as mlock does (PROT_NONE VMAs
 * are skipped); 0 or -errno from the fault. */
int mlock_populate(struct mm *mm, uintptr_t start, uintptr_t end);
/* Split the VMAs so that start and end fall on VMA boundaries (munmap,
 * mprotect and mlock cover part of a VMA so); 0 or -ENOMEM. */
int vma_split_range(struct mm *mm, uintptr_t start, uintptr_t end);
/* Is every page of [start, end) in some VMA?  (mprotect and mlock: -ENOMEM if not.) */
bool vma_range_is_mapped(struct mm *mm, uintptr_t start, uintptr_t end);

/* Program loading (kernel/elf.c): replace current's image; 0 or -errno. */
int elf_exec(const char *path, char *const *argv, char *const *envp);

#endif
