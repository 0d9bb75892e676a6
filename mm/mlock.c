/*
 * mlock.c — locked memory: mlock, munlock, mlockall, munlockall, mlock2 and
 * the charge every locked VMA holds against its container's mlock_limit.
 *
 * Policy (Linux's, docs/locked-memory.md):
 *   - a lock belongs to a VMA (VM_LOCKED); mlock splits VMAs at the range's
 *     ends as mprotect does.  Every page mapped through a locked VMA stays in
 *     memory: reclaim asks the reverse map (page_is_mlocked, mm/rmap.c) and
 *     skips such pages, so a page shared copy-on-write with a child that did
 *     not lock it, or a file page mapped by a locked and an unlocked VMA, is
 *     kept as long as one locked VMA maps it;
 *   - mlock faults every page of the range in (MAP_POPULATE), except with
 *     MLOCK_ONFAULT / MCL_ONFAULT and for PROT_NONE VMAs;
 *   - locks are not inherited by a fork's child (vma_copy drops VM_LOCKED,
 *     mm_create starts with def_flags 0) and go with munmap, exec and exit;
 *   - mlockall(MCL_FUTURE) sets mm->def_flags: later mmaps, brk and stack
 *     growth are locked (and charged) as they come.
 *
 * Counting: mm->nr_locked_pages is the size of the mm's locked VMAs in
 * pages (Linux's locked_vm: VmLck); a container's locked pages are the sum
 * over its tasks (container_nr_locked_pages_locked), so they move with a
 * task (addtask, rmdir) and vanish at exit without bookkeeping of their own.
 * Whoever sets VM_LOCKED charges first (mlock_charge: checked against
 * mlock_limit and added under one hold of container_lock, with no sleep
 * between it and setting the flag); vma_free gives the charge back.
 * Two caps: RLIMIT_MEMLOCK, 8 MiB of locked mappings per process for a task
 * that is not root (Linux's default; kernel/syscalls_limits.c reports it,
 * there is no setrlimit), and the container's mlock_limit, for everyone.
 * Next: mm/rmap.c (page_is_mlocked) and mm/vmscan.c (its caller).
 */
#include <corral/container_internal.h>
#include <corral/memlayout.h>
#include <corral/mm.h>
#include <corral/panic.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <uapi/errno.h>
#include <uapi/mman.h>

/* ---- the charge ------------------------------------------------------------ */

uint32_t container_nr_locked_pages_locked(const struct container *c)
{
	uint32_t nr_pages = 0;
	struct list_head *pos;
	list_for_each(pos, &c->tasks) {
		const struct task *t = list_entry(pos, struct task, container_node);
		if (t->mm) /* NULL: a kernel thread, or a task exiting (its VMAs are gone) */
			nr_pages += t->mm->nr_locked_pages;
	}
	return nr_pages;
}

/* Charge nr_pages for mm, whose task is in c: 0 or -ENOMEM past mlock_limit. */
int mlock_charge_container(struct container *c, struct mm *mm, uint32_t nr_pages)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	uint64_t after = (uint64_t)container_nr_locked_pages_locked(c) + nr_pages;
	bool is_over = c->mlock_limit != CONTAINER_NO_LIMIT && after > c->mlock_limit;
	if (!is_over)
		mm->nr_locked_pages += nr_pages;
	spin_unlock_irqrestore(&container_lock, flags);
	return is_over ? -ENOMEM : 0;
}

int mlock_charge(struct mm *mm, uint32_t nr_pages)
{
	if (!nr_pages)
		return 0;
	bool is_root = current->cred.euid == 0; /* Linux: CAP_IPC_LOCK passes the rlimit */
	if (!is_root && (uint64_t)mm->nr_locked_pages + nr_pages > MLOCK_RLIMIT_PAGES)
		return -ENOMEM;
	struct container *c = current->container ? current->container : &root_container;
	return mlock_charge_container(c, mm, nr_pages);
}

void mlock_uncharge(struct mm *mm, uint32_t nr_pages)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	assert(mm->nr_locked_pages >= nr_pages);
	mm->nr_locked_pages -= nr_pages;
	spin_unlock_irqrestore(&container_lock, flags);
}

int container_set_mlock_limit(struct container *c, uint32_t nr_pages)
{
	if (c == &root_container)
		return -EINVAL;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->mlock_limit = nr_pages;
	spin_unlock_irqrestore(&container_lock, flags);
	return 0;
}

/* The audit's recount (mm/mm_audit.c): the pages of mm's VM_LOCKED VMAs. */
uint32_t mlock_count_vma_pages(struct mm *mm)
{
	uint32_t nr_pages = 0;
	struct list_head *pos;
	list_for_each(pos, &mm->vmas) {
		struct vma *v = list_entry(pos, struct vma, node);
		if (v->flags & VM_LOCKED)
			nr_pages += (uint32_t)((v->end - v->start) / PAGE_SIZE);
	}
	return nr_pages;
}

/* ---- populating ------------------------------------------------------------- */

int mlock_populate(struct mm *mm, uintptr_t start, uintptr_t end)
{
	for (uintptr_t a = start; a < end;) {
		struct vma *v = vma_find(mm, a);
		if (!v)
			return -ENOMEM;
		uintptr_t stop = MIN(v->end, end);
		/* A private writable VMA gets its own pages now (COW broken), as
		 * Linux does, so no later store has to allocate. */
		bool is_write = (v->flags & VM_WRITE) && !(v->flags & VM_SHARED);
		if (v->flags & (VM_READ | VM_WRITE | VM_EXEC)) {
			int err = fault_in_range(mm, a, stop - a, is_write);
			if (err)
				return err;
		}
		a = stop; /* fault_in_range may sleep, but only this task changes mm */
	}
	return 0;
}

/* mlockall: each VMA in turn.  A page that cannot be mapped is passed over,
 * as Linux does (a file mapping past the end of its file stays locked,
 * unpopulated there); running out of memory is not: the caller hears of it
 * (-ENOMEM), the locks staying as they are, so no failure goes unreported. */
static int mlock_populate_all(struct mm *mm)
{
	struct list_head *pos;
	list_for_each(pos, &mm->vmas) { /* only this task changes the list */
		struct vma *v = list_entry(pos, struct vma, node);
		if (mlock_populate(mm, v->start, v->end) == -ENOMEM)
			return -ENOMEM;
	}
	return 0;
}

/* ---- setting and clearing VM_LOCKED ----------------------------------------- */

/* Pages in [start, end) (whole VMAs: split already) whose lock would change. */
static uint32_t mlock_count_changing(struct mm *mm, uintptr_t start, uintptr_t end, bool lock)
{
	uint32_t nr_pages = 0;
	struct list_head *pos;
	list_for_each(pos, &mm->vmas) {
		struct vma *v = list_entry(pos, struct vma, node);
		if (v->start >= start && v->end <= end && !!(v->flags & VM_LOCKED) != lock)
			nr_pages += (uint32_t)((v->end - v->start) / PAGE_SIZE);
	}
	return nr_pages;
}

static void mlock_set_flags(struct mm *mm, uintptr_t start, uintptr_t end, bool lock)
{
	struct list_head *pos;
	list_for_each(pos, &mm->vmas) {
		struct vma *v = list_entry(pos, struct vma, node);
		if (v->start >= start && v->end <= end)
			v->flags = lock ? v->flags | VM_LOCKED : v->flags & ~VM_LOCKED;
	}
}

/* Lock or unlock [start, end): every page must be mapped (-ENOMEM).  The
 * charge and the flags change together (no sleep between), so a refused
 * mlock leaves every lock as it was (the splits stay, as after mprotect). */
int mlock_set_range(struct mm *mm, uintptr_t start, uintptr_t end, bool lock)
{
	if (!vma_range_is_mapped(mm, start, end))
		return -ENOMEM;
	int err = vma_split_range(mm, start, end);
	if (err)
		return err;
	uint32_t nr_pages = mlock_count_changing(mm, start, end, lock);
	if (lock && (err = mlock_charge(mm, nr_pages)))
		return err;
	mlock_set_flags(mm, start, end, lock);
	if (!lock && nr_pages)
		mlock_uncharge(mm, nr_pages);
	return 0;
}

/* Linux's checks: the range is page-aligned outward (the start rounded down,
 * the end up); one that wraps past 4 GiB is -EINVAL, one that reaches the
 * kernel is not mapped (-ENOMEM).  *end == *start: nothing to do. */
static int mlock_range_of(uintptr_t addr, size_t len, uintptr_t *start, uintptr_t *end)
{
	uint64_t first = addr & ~(uintptr_t)(PAGE_SIZE - 1);
	uint64_t last = ((uint64_t)addr + len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	if (last > UINT32_MAX)
		return -EINVAL;
	if (last > KERNEL_BASE)
		return -ENOMEM;
	*start = (uintptr_t)first;
	*end = (uintptr_t)last;
	return 0;
}

/* Linux's mlock reports a failed populate as EAGAIN (no memory now) or
 * ENOMEM (a page that cannot be mapped); the lock itself stays. */
static long mlock_populate_errno(int err)
{
	return err == -ENOMEM ? -EAGAIN : err ? -ENOMEM : 0;
}

long sys_mlock2(uintptr_t addr, size_t len, int flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	uintptr_t start, end;
	int err = mlock_range_of(addr, len, &start, &end);
	if (err || start == end)
		return err;
	struct mm *mm = current->mm;
	err = mlock_set_range(mm, start, end, true);
	if (err || (flags & MLOCK_ONFAULT))
		return err;
	return mlock_populate_errno(mlock_populate(mm, start, end));
}

long sys_mlock(uintptr_t addr, size_t len)
{
	return sys_mlock2(addr, len, 0);
}

long sys_munlock(uintptr_t addr, size_t len)
{
	uintptr_t start, end;
	int err = mlock_range_of(addr, len, &start, &end);
	if (err || start == end)
		return err;
	return mlock_set_range(current->mm, start, end, false);
}

/* mlockall: MCL_CURRENT locks every VMA now, MCL_FUTURE what comes later
 * (and only that: locks already made stay, as in Linux).  Refused past
 * mlock_limit with nothing changed. */
long sys_mlockall(int flags)
{
	int known = MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT;
	if (!flags || (flags & ~known) || flags == MCL_ONFAULT)
		return -EINVAL;
	struct mm *mm = current->mm;
	if (flags & MCL_CURRENT) {
		int err = mlock_charge(mm, mlock_count_changing(mm, 0, KERNEL_BASE, true));
		if (err)
			return err;
		mlock_set_flags(mm, 0, KERNEL_BASE, true);
	}
	mm->def_flags = (flags & MCL_FUTURE) ? VM_LOCKED : 0;
	if ((flags & MCL_CURRENT) && !(flags & MCL_ONFAULT))
		return mlock_populate_errno(mlock_populate_all(mm)); /* EAGAIN: no memory now */
	return 0;
}

long sys_munlockall(void)
{
	struct mm *mm = current->mm;
	uint32_t nr_pages = mlock_count_changing(mm, 0, KERNEL_BASE, false);
	mlock_set_flags(mm, 0, KERNEL_BASE, false);
	if (nr_pages)
		mlock_uncharge(mm, nr_pages);
	mm->def_flags = 0;
	return 0;
}
