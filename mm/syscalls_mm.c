/*
 * syscalls_mm.c — the memory system calls: brk, mmap2, munmap, mprotect.
 *
 * They only change VMAs (and drop pages that leave them); pages arrive later,
 * one fault at a time (mm/fault.c), from the page cache for file mappings.
 * MAP_LOCKED (or mlockall(MCL_FUTURE)) locks a new mapping and fills it at
 * once, as mlock does (mm/mlock.c); locked heap growth too.
 * MAP_SHARED|MAP_ANONYMOUS memory is filled in at once, so that a fork
 * shares the very pages (there is no shmem object behind it).
 * Without MAP_FIXED the address is only a hint, and we ignore it: the mapping
 * goes where vma_find_free_range puts it, never below USER_BASE (64 KiB).
 */
#include <corral/memlayout.h>
#include <corral/mm.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/page_cache.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/mman.h>
#include <uapi/stat.h>

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

/* Grow the heap from old_end to new_end: the top heap VMA stretches (its
 * lock, if any, charged for the new pages) or a new one is made (locked if
 * mlockall(MCL_FUTURE) asked).  0 or -errno; nothing changes on failure. */
static int brk_grow(struct mm *mm, uintptr_t old_end, uintptr_t new_end)
{
	struct vma *heap = vma_find(mm, old_end - 1);
	if (new_end > MM_MMAP_TOP)
		return -ENOMEM;
	for (uintptr_t a = old_end; a < new_end; a += PAGE_SIZE)
		if (vma_find(mm, a))
			return -ENOMEM; /* would run into a mapping */
	bool is_heap = heap && (heap->flags & VM_HEAP);
	uint32_t vm_flags = is_heap ? heap->flags : VM_READ | VM_WRITE | VM_HEAP | mm->def_flags;
	uint32_t nr_pages = (uint32_t)((new_end - old_end) / PAGE_SIZE);
	int err = (vm_flags & VM_LOCKED) ? mlock_charge(mm, nr_pages) : 0;
	if (err)
		return err;
	if (is_heap)
		heap->end = new_end;
	else if ((err = vma_insert(mm, old_end, new_end, vm_flags)) != 0) {
		if (vm_flags & VM_LOCKED)
			mlock_uncharge(mm, nr_pages);
		return err;
	}
	if (vm_flags & VM_LOCKED)
		mlock_populate(mm, old_end, new_end); /* a failure shows at the first use */
	return 0;
}

long sys_brk(uintptr_t new_brk)
{
	struct mm *mm = current->mm;
	if (new_brk < mm->brk_start)
		return (long)mm->brk; /* a query (brk(0)) or nonsense: report the current break */
	uintptr_t old_end = ALIGN_UP(mm->brk, PAGE_SIZE);
	uintptr_t new_end = ALIGN_UP(new_brk, PAGE_SIZE);
	if (new_end > old_end && brk_grow(mm, old_end, new_end))
		return (long)mm->brk;
	if (new_end < old_end && vma_unmap_range(mm, new_end, old_end))
		return (long)mm->brk; /* no memory to split the heap: it stays as it was */
	mm->brk = new_brk;
	return (long)new_brk;
}

/* The file behind an mmap of fd, referenced, after Linux's checks: a regular
 * file whose data lives in the page cache, opened for reading, and for
 * writing too if stores are to reach it. */
static int mmap_get_file(int fd, int prot, int flags, struct inode **out,
			 struct path_name **path)
{
	struct file *file = fd_get(fd);
	if (!file)
		return -EBADF;
	struct inode *inode = file->inode;
	uint32_t accmode = file->flags & O_ACCMODE;
	if (!S_ISREG(inode->mode) || !inode->sb->has_page_cache)
		return -ENODEV;
	if (accmode == O_WRONLY)
		return -EACCES;
	if ((flags & MAP_SHARED) && (prot & PROT_WRITE) && accmode != O_RDWR)
		return -EACCES;
	inode_get(inode);
	*out = inode;
	*path = file->path;
	return 0;
}

/* Where the mapping goes: MAP_FIXED's address (whatever was there goes), or
 * a free range (the address is only a hint, and ignored); 0 with *err. */
static uintptr_t mmap_place(struct mm *mm, uintptr_t addr, size_t len, int flags, int *err)
{
	if (!(flags & MAP_FIXED)) {
		addr = vma_find_free_range(mm, len);
		*err = addr ? 0 : -ENOMEM;
		return addr;
	}
	if (addr & (PAGE_SIZE - 1) || addr >= KERNEL_BASE || len > KERNEL_BASE - addr) {
		*err = -EINVAL;
		return 0;
	}
	if (addr < USER_BASE) {
		*err = -EPERM; /* nothing below 64 KiB, for root too (Linux: mmap_min_addr) */
		return 0;
	}
	*err = vma_unmap_range(mm, addr, addr + len);
	return *err ? 0 : addr;
}

long sys_mmap2(uintptr_t addr, size_t len, int prot, int flags, int fd, uint32_t pgoff)
{
	struct mm *mm = current->mm;
	bool is_anonymous = flags & MAP_ANONYMOUS;
	if (!len || !(flags & (MAP_SHARED | MAP_PRIVATE)))
		return -EINVAL;
	if (len > KERNEL_BASE)
		return -ENOMEM;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!is_anonymous && pgoff > UINT32_MAX - len / PAGE_SIZE)
		return -EOVERFLOW;
	struct inode *file = NULL;
	struct path_name *path = NULL; /* borrowed from the open file */
	int err = is_anonymous ? 0 : mmap_get_file(fd, prot, flags, &file, &path);
	if (err)
		return err;
	uint32_t vm_flags = vm_flags_from_prot(prot) | ((flags & MAP_SHARED) ? VM_SHARED : 0);
	if ((flags & MAP_LOCKED) || (mm->def_flags & VM_LOCKED))
		vm_flags |= VM_LOCKED;
	/* Charged before MAP_FIXED unmaps what was there: a refusal changes nothing. */
	if (!err && (vm_flags & VM_LOCKED))
		err = mlock_charge(mm, (uint32_t)(len / PAGE_SIZE));
	bool is_charged = !err && (vm_flags & VM_LOCKED);
	if (!err)
		addr = mmap_place(mm, addr, len, flags, &err);
	if (!err)
		err = vma_insert_file(mm, addr, addr + len, vm_flags, file, is_anonymous ? 0 : pgoff);
	if (!err && path)
		vma_set_path(mm, addr, path);
	inode_put(file); /* the VMA has its own reference */
	if (err) {
		if (is_charged) /* the VMA that would have held the charge was not made */
			mlock_uncharge(mm, (uint32_t)(len / PAGE_SIZE));
		return err;
	}
	if (!(flags & MAP_FIXED))
		mm->mmap_base = addr;
	/* Shared anonymous memory is filled at once, so a fork shares the very
	 * pages (there is no shmem object behind it). */
	if (is_anonymous && (flags & MAP_SHARED) &&
	    (err = fault_in_range(mm, addr, len, vm_flags & VM_WRITE))) {
		vma_unmap_range(mm, addr, addr + len);
		return err;
	}
	if (vm_flags & VM_LOCKED)
		mlock_populate(mm, addr, addr + len); /* as Linux: a failure is not mmap's */
	return (long)addr;
}

/* Stores through shared file mappings of [addr, addr + len) reach the page
 * cache's dirty pages; MS_SYNC also writes them and waits. */
long sys_msync(uintptr_t addr, size_t len, int flags)
{
	struct mm *mm = current->mm;
	if (addr & (PAGE_SIZE - 1) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (addr >= KERNEL_BASE || len > KERNEL_BASE - addr)
		return -ENOMEM;
	int err = 0;
	for (uintptr_t a = addr; a < addr + len;) {
		struct vma *v = vma_find(mm, a);
		if (!v)
			return -ENOMEM; /* Linux: part of the range is not mapped */
		uintptr_t end = MIN(v->end, addr + len);
		if (v->file && (v->flags & VM_SHARED)) {
			vm_sync_dirty_bits(mm, a, end);
			if ((flags & MS_SYNC) && page_cache_writeback_inode(v->file, true))
				err = -EIO;
		}
		a = end;
	}
	return err;
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
