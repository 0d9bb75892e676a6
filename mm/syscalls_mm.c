/*
 * syscalls_mm.c — the memory system calls: brk, mmap2, munmap, mprotect.
 *
 * They only change VMAs (and drop pages that leave them); pages arrive later,
 * one fault at a time.  Anonymous mappings only for now: file mappings come
 * with the page cache.  MAP_SHARED|MAP_ANONYMOUS memory is filled in at once,
 * so that a fork shares the very pages (there is no shmem object behind it).
 * Without MAP_FIXED the address is only a hint, and we ignore it: the mapping
 * goes where vma_find_free_range puts it, never below USER_BASE (64 KiB).
 */
#include <corral/memlayout.h>
#include <corral/mm.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <uapi/errno.h>
#include <uapi/mman.h>

static uint32_t vm_flags_from_prot(int prot)
{
	uint32_t flags = 0;
	if (prot & PROT_READ)
		flags |= VM_READ;
	if (prot & PROT_WRITE)
		flags |= VM_WRITE | VM_READ; /* x86 cannot write without reading */
	if (prot & PROT_EXEC)
		flags |= VM_EXEC | VM_READ;
	return flags;
}

long sys_brk(uintptr_t new_brk)
{
	struct mm *mm = current->mm;
	if (new_brk < mm->brk_start)
		return (long)mm->brk; /* a query (brk(0)) or nonsense: report the current break */
	uintptr_t old_end = ALIGN_UP(mm->brk, PAGE_SIZE);
	uintptr_t new_end = ALIGN_UP(new_brk, PAGE_SIZE);
	if (new_end > old_end) {
		struct vma *heap = vma_find(mm, old_end - 1);
		if (new_end > MM_MMAP_TOP)
			return (long)mm->brk;
		for (uintptr_t a = old_end; a < new_end; a += PAGE_SIZE)
			if (vma_find(mm, a))
				return (long)mm->brk; /* would run into a mapping */
		if (heap && (heap->flags & VM_HEAP))
			heap->end = new_end;
		else if (vma_insert(mm, old_end, new_end, VM_READ | VM_WRITE | VM_HEAP))
			return (long)mm->brk;
	} else if (new_end < old_end && vma_unmap_range(mm, new_end, old_end)) {
		return (long)mm->brk; /* no memory to split the heap: it stays as it was */
	}
	mm->brk = new_brk;
	return (long)new_brk;
}

long sys_mmap2(uintptr_t addr, size_t len, int prot, int flags, int fd, uint32_t pgoff)
{
	struct mm *mm = current->mm;
	(void)pgoff;
	if (!len || !(flags & MAP_ANONYMOUS))
		return (flags & MAP_ANONYMOUS) ? -EINVAL : -ENODEV; /* no file mappings yet */
	if (!(flags & (MAP_SHARED | MAP_PRIVATE)) || (fd != -1 && fd != 0))
		return -EINVAL;
	if (len > KERNEL_BASE)
		return -ENOMEM;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (flags & MAP_FIXED) {
		if (addr & (PAGE_SIZE - 1) || addr >= KERNEL_BASE || len > KERNEL_BASE - addr)
			return -EINVAL;
		if (addr < USER_BASE)
			return -EPERM; /* nothing below 64 KiB, for root too (Linux: mmap_min_addr) */
		int err = vma_unmap_range(mm, addr, addr + len); /* ENOMEM: no VMA to split */
		if (err)
			return err;
	} else {
		addr = vma_find_free_range(mm, len);
		if (!addr)
			return -ENOMEM;
	}
	uint32_t vm_flags = vm_flags_from_prot(prot) | ((flags & MAP_SHARED) ? VM_SHARED : 0);
	int err = vma_insert(mm, addr, addr + len, vm_flags);
	if (err)
		return err;
	if (!(flags & MAP_FIXED))
		mm->mmap_base = addr;
	if ((flags & MAP_SHARED) && (err = fault_in_range(mm, addr, len, vm_flags & VM_WRITE))) {
		vma_unmap_range(mm, addr, addr + len);
		return err;
	}
	return (long)addr;
}

long sys_munmap(uintptr_t addr, size_t len)
{
	if (addr & (PAGE_SIZE - 1) || !len || addr >= KERNEL_BASE || len > KERNEL_BASE - addr)
		return -EINVAL;
	return vma_unmap_range(current->mm, addr, addr + ALIGN_UP(len, PAGE_SIZE));
}

long sys_mprotect(uintptr_t addr, size_t len, int prot)
{
	if (addr & (PAGE_SIZE - 1) || addr >= KERNEL_BASE || len > KERNEL_BASE - addr)
		return -EINVAL;
	if (!len)
		return 0;
	return vma_protect_range(current->mm, addr, addr + ALIGN_UP(len, PAGE_SIZE),
				 vm_flags_from_prot(prot));
}
