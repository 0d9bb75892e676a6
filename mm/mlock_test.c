/*
 * mlock_test.c — self tests of locked memory (mm/mlock.c) and of reclaim
 * leaving locked pages alone (page_is_mlocked in mm/rmap.c, its caller in
 * mm/vmscan.c), on address spaces that are never run: a page shared
 * copy-on-write is locked while the locking parent maps it, and its child's
 * copy is not; a file page mapped by a locked and an unlocked VMA is locked;
 * a fork's child inherits no lock; a split keeps the charge right; reclaim
 * of a file mapped through a locked VMA keeps the locked pages and takes the
 * others; mlock_limit refuses a charge and changes nothing.
 */
#include <corral/block.h>
#include <corral/container.h>
#include <corral/container_internal.h>
#include <corral/ktest.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/paging.h>
#include <corral/rmap.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <corral/vmscan.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define A 0x10000000u
#define PG PAGE_SIZE

static struct page *page_at(struct mm *mm, uintptr_t va)
{
	uint32_t *pte = vm_lookup_pte(mm, va);
	return pte && (*pte & PTE_PRESENT) ? pfn_to_page(*pte >> PAGE_SHIFT) : NULL;
}

KTEST(mlock_cow_page_locked_only_where_the_locker_maps_it)
{
	struct mm *parent = mm_create();
	KT_ASSERT(ctx, parent != NULL);
	KT_ASSERT(ctx, vma_insert(parent, A, A + 4 * PG, VM_READ | VM_WRITE) == 0);
	KT_ASSERT(ctx, fault_handle_user(parent, A + PG, true, 0) == 0);
	struct page *page = page_at(parent, A + PG);
	KT_ASSERT(ctx, page != NULL);
	KT_EXPECT(ctx, !page_is_mlocked(page));
	/* Lock the middle two pages: the VMA splits in three, two pages charged. */
	KT_ASSERT(ctx, mlock_set_range(parent, A + PG, A + 3 * PG, true) == 0);
	KT_EXPECT_EQ(ctx, parent->nr_locked_pages, 2);
	KT_EXPECT(ctx, vma_find(parent, A)->end == A + PG);
	KT_EXPECT(ctx, vma_find(parent, A + PG)->flags & VM_LOCKED);
	KT_EXPECT(ctx, !(vma_find(parent, A + 3 * PG)->flags & VM_LOCKED));
	KT_EXPECT(ctx, page_is_mlocked(page));

	struct mm *child = mm_copy(parent); /* shares the page, not the lock */
	KT_ASSERT(ctx, child != NULL);
	KT_EXPECT_EQ(ctx, child->nr_locked_pages, 0);
	KT_EXPECT(ctx, !(vma_find(child, A + PG)->flags & VM_LOCKED));
	KT_EXPECT(ctx, page_at(child, A + PG) == page);
	KT_EXPECT(ctx, page_is_mlocked(page)); /* the parent's mapping is locked */
	KT_EXPECT_EQ(ctx, fault_handle_user(child, A + PG, true, 0), 0); /* copy on write */
	struct page *copy = page_at(child, A + PG);
	KT_ASSERT(ctx, copy != NULL && copy != page);
	KT_EXPECT(ctx, !page_is_mlocked(copy)); /* same anon_rmap, but only the child maps it */
	KT_EXPECT(ctx, page_is_mlocked(page));
	mm_destroy(child);

	/* munmap of part of a locked VMA gives that part's charge back. */
	KT_EXPECT_EQ(ctx, vma_unmap_range(parent, A + 2 * PG, A + 3 * PG), 0);
	KT_EXPECT_EQ(ctx, parent->nr_locked_pages, 1);
	KT_EXPECT_EQ(ctx, mlock_set_range(parent, A, A + 2 * PG, false), 0);
	KT_EXPECT_EQ(ctx, parent->nr_locked_pages, 0);
	KT_EXPECT(ctx, !page_is_mlocked(page));
	/* A hole in the range: -ENOMEM, and nothing locked. */
	KT_EXPECT_EQ(ctx, mlock_set_range(parent, A, A + 4 * PG, true), -ENOMEM);
	KT_EXPECT_EQ(ctx, parent->nr_locked_pages, 0);
	KT_EXPECT(ctx, !(vma_find(parent, A)->flags & VM_LOCKED));
	KT_EXPECT_EQ(ctx, mlock_set_range(parent, A + 3 * PG, A + 4 * PG, true), 0);
	/* The audit's recount agrees, and sees a count gone wrong. */
	KT_EXPECT_EQ(ctx, mlock_count_vma_pages(parent), parent->nr_locked_pages);
	parent->nr_locked_pages++;
	KT_EXPECT(ctx, mlock_count_vma_pages(parent) != parent->nr_locked_pages);
	parent->nr_locked_pages--;
	mm_destroy(parent); /* vma_free gives the last charge back (asserts it was there) */
}

/* A file page mapped shared by two address spaces, one of them locked. */
KTEST(mlock_file_page_locked_by_one_mapping_of_two)
{
	static char data[PG];
	memset(data, 'm', sizeof(data));
	struct file *file;
	KT_ASSERT(ctx, vfs_open("/tmp/mlt_map", O_RDWR | O_CREAT | O_TRUNC, 0600, &file) == 0);
	KT_ASSERT(ctx, file_write(file, data, sizeof(data)) == (ssize_t)sizeof(data));
	struct mm *one = mm_create(), *two = mm_create();
	KT_ASSERT(ctx, one && two);
	uint32_t flags = VM_READ | VM_SHARED;
	KT_ASSERT(ctx, vma_insert_file(one, A, A + PG, flags, file->inode, 0) == 0);
	KT_ASSERT(ctx, vma_insert_file(two, A + 8 * PG, A + 9 * PG, flags, file->inode, 0) == 0);
	KT_ASSERT(ctx, fault_handle_user(one, A, false, 0) == 0);
	KT_ASSERT(ctx, fault_handle_user(two, A + 8 * PG, false, 0) == 0);
	struct page *page = page_at(one, A);
	KT_ASSERT(ctx, page != NULL && page == page_at(two, A + 8 * PG));
	KT_EXPECT(ctx, !page_is_mlocked(page));
	KT_ASSERT(ctx, mlock_set_range(two, A + 8 * PG, A + 9 * PG, true) == 0);
	KT_EXPECT(ctx, page_is_mlocked(page));
	mm_destroy(two); /* the locked mapping goes: the page may go too */
	KT_EXPECT(ctx, !page_is_mlocked(page));
	mm_destroy(one);
	file_put(file);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/mlt_map"), 0);
}

/* Reclaim of a file whose first pages are mapped through a locked VMA: the
 * locked pages stay mapped, the others are dropped (ext2: ramfs pages are
 * never reclaimed at all). */
KTEST(mlock_reclaim_keeps_locked_pages)
{
	if (!block_find_by_name("hda") || vfs_mount("/dev/hda", "/mnt", "ext2", 0) != 0)
		KT_SKIP(ctx, "no ext2 disk");
	struct file *file;
	KT_ASSERT(ctx, vfs_open("/mnt/big", O_RDONLY, 0, &file) == 0);
	struct mm *mm = mm_create();
	KT_ASSERT(ctx, mm != NULL);
	KT_ASSERT(ctx, vma_insert_file(mm, A, A + 256 * PG, VM_READ, file->inode, 0) == 0);
	for (uint32_t i = 0; i < 256; i++)
		KT_ASSERT(ctx, fault_handle_user(mm, A + i * PG, false, 0) == 0);
	KT_ASSERT(ctx, mlock_set_range(mm, A, A + 64 * PG, true) == 0);
	for (uint32_t i = 0; i < 256; i++) /* nobody used any of them since */
		*vm_lookup_pte(mm, A + i * PG) &= ~PTE_ACCESSED;
	uint64_t culled = vm_event_count(VM_UNEVICTABLE_CULLED);
	reclaim_pages(file->inode->container, 256);
	uint32_t nr_locked_kept = 0, nr_other_kept = 0;
	for (uint32_t i = 0; i < 256; i++) {
		bool is_kept = page_at(mm, A + i * PG) != NULL;
		nr_locked_kept += i < 64 && is_kept;
		nr_other_kept += i >= 64 && is_kept;
	}
	KT_EXPECT_EQ(ctx, nr_locked_kept, 64);
	KT_EXPECT(ctx, nr_other_kept < 192); /* the unlocked ones could and did go */
	KT_EXPECT(ctx, vm_event_count(VM_UNEVICTABLE_CULLED) > culled);
	mm_destroy(mm);
	file_put(file);
	vfs_umount("/mnt");
}

/* mlock_limit: a charge past it is refused and changes nothing; the
 * container's count is its tasks' locked pages. */
KTEST(mlock_limit_refuses_and_changes_nothing)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-mlock", &c) == 0);
	static struct mm mm; /* a stand-in: only its count is used */
	static struct task t;
	mm = (struct mm){0};
	t = (struct task){.pid = 30500, .mm = &mm};
	list_init(&t.container_node);
	container_task_join(c, &t);
	struct container_stat st;
	container_get_stat(c, &st);
	KT_EXPECT_EQ(ctx, st.mlock_limit, CONTAINER_NO_LIMIT);
	KT_EXPECT_EQ(ctx, container_set_mlock_limit(c, 10), 0);
	KT_EXPECT_EQ(ctx, mlock_charge_container(c, &mm, 8), 0);
	KT_EXPECT_EQ(ctx, mlock_charge_container(c, &mm, 3), -ENOMEM);
	container_get_stat(c, &st);
	KT_EXPECT_EQ(ctx, st.nr_locked_pages, 8);
	KT_EXPECT_EQ(ctx, mm.nr_locked_pages, 8);
	KT_EXPECT_EQ(ctx, mlock_charge_container(c, &mm, 2), 0); /* exactly at the limit */
	KT_EXPECT_EQ(ctx, container_set_mlock_limit(c, 5), 0);  /* below the count: allowed */
	KT_EXPECT_EQ(ctx, mlock_charge_container(c, &mm, 1), -ENOMEM);
	mlock_uncharge(&mm, 10);
	container_get_stat(c, &st);
	KT_EXPECT_EQ(ctx, st.nr_locked_pages, 0);
	KT_EXPECT_EQ(ctx, container_set_mlock_limit(&root_container, 5), -EINVAL);
	container_task_leave(&t);
	container_destroy(c);
}
