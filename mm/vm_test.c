/*
 * vm_test.c — self tests of VMAs, demand paging and copy on write
 * (mm/vma.c, mm/vm.c, mm/fault.c), on address spaces that are never run:
 * the fault handler is called directly, as the trap handler would.
 */
#include <corral/ktest.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/paging.h>
#include <corral/container.h>
#include <corral/page_cache.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/fcntl.h>
#include <uapi/errno.h>

#define A 0x10000000u
#define PG PAGE_SIZE

static uint32_t nr_vmas(struct mm *mm)
{
	uint32_t n = 0;
	struct list_head *pos;
	list_for_each(pos, &mm->vmas)
		n++;
	return n;
}

static struct page *page_at(struct mm *mm, uintptr_t va)
{
	uint32_t *pte = vm_lookup_pte(mm, va);
	return pte && (*pte & PTE_PRESENT) ? pfn_to_page(*pte >> PAGE_SHIFT) : NULL;
}

static uint32_t nr_mapped_pages(struct container *c)
{
	struct container_stat st;
	container_get_stat(c, &st);
	return st.nr_mapped_pages;
}

static bool is_writable(struct mm *mm, uintptr_t va)
{
	uint32_t *pte = vm_lookup_pte(mm, va);
	return pte && (*pte & PTE_WRITE);
}

KTEST(vm_vma_insert_split_and_unmap)
{
	struct mm *mm = mm_create();
	KT_ASSERT(ctx, mm != NULL);
	KT_EXPECT_EQ(ctx, vma_insert(mm, A, A + 8 * PG, VM_READ | VM_WRITE), 0);
	KT_EXPECT_EQ(ctx, vma_insert(mm, A + 4 * PG, A + 9 * PG, VM_READ), -EEXIST);
	KT_EXPECT_EQ(ctx, vma_insert(mm, A + 1, A + PG, VM_READ), -EINVAL);
	KT_EXPECT_EQ(ctx, vma_insert(mm, 0xc0000000u, 0xc0001000u, VM_READ), -EINVAL);
	KT_EXPECT_EQ(ctx, vma_unmap_range(mm, A + 2 * PG, A + 4 * PG), 0);
	KT_EXPECT_EQ(ctx, nr_vmas(mm), 2);
	KT_EXPECT(ctx, vma_find(mm, A + 3 * PG) == NULL);
	KT_EXPECT(ctx, vma_find(mm, A + 5 * PG) != NULL);
	KT_EXPECT_EQ(ctx, vma_protect_range(mm, A + 5 * PG, A + 6 * PG, VM_READ), 0);
	KT_EXPECT_EQ(ctx, nr_vmas(mm), 4);
	KT_EXPECT_EQ(ctx, vma_find(mm, A + 5 * PG)->flags & VM_WRITE, 0);
	KT_EXPECT_EQ(ctx, vma_protect_range(mm, A + 2 * PG, A + 5 * PG, VM_READ), -ENOMEM);
	mm_destroy(mm);
}

/* mmap_min_addr: nothing may be mapped below 64 KiB, not even one page. */
KTEST(vm_nothing_below_64k)
{
	struct mm *mm = mm_create();
	KT_ASSERT(ctx, mm != NULL);
	KT_EXPECT_EQ(ctx, vma_insert(mm, 0x1000, 0x2000, VM_READ | VM_WRITE), -EPERM);
	KT_EXPECT_EQ(ctx, vma_insert(mm, 0xf000, 0x11000, VM_READ), -EPERM);
	KT_EXPECT_EQ(ctx, vma_insert(mm, 0x10000, 0x11000, VM_READ), 0);
	KT_EXPECT_EQ(ctx, nr_vmas(mm), 1);
	mm_destroy(mm);
}

KTEST(vm_demand_zero_and_bad_access)
{
	struct mm *mm = mm_create();
	KT_ASSERT(ctx, mm != NULL);
	vma_insert(mm, A, A + 4 * PG, VM_READ | VM_WRITE);
	vma_insert(mm, A + 8 * PG, A + 9 * PG, VM_READ);
	KT_EXPECT(ctx, page_at(mm, A + PG) == NULL); /* nothing until touched */
	KT_EXPECT_EQ(ctx, fault_handle_user(mm, A + PG + 5, true, 0), 0);
	struct page *p = page_at(mm, A + PG);
	KT_ASSERT(ctx, p != NULL);
	KT_EXPECT_EQ(ctx, ((uint8_t *)page_to_virt(p))[5], 0);
	KT_EXPECT_EQ(ctx, mm->nr_resident_pages, 1);
	KT_EXPECT_EQ(ctx, fault_handle_user(mm, A + 6 * PG, false, 0), -EFAULT); /* hole */
	KT_EXPECT_EQ(ctx, fault_handle_user(mm, A + 8 * PG, true, 0), -EFAULT); /* read-only */
	KT_EXPECT_EQ(ctx, fault_handle_user(mm, 0xc0100000u, false, 0), -EFAULT); /* kernel */
	mm_destroy(mm);
}

KTEST(vm_copy_on_write_after_fork)
{
	struct mm *parent = mm_create();
	KT_ASSERT(ctx, parent != NULL);
	vma_insert(parent, A, A + 2 * PG, VM_READ | VM_WRITE);
	fault_handle_user(parent, A, true, 0);
	struct page *orig = page_at(parent, A);
	KT_ASSERT(ctx, orig != NULL);
	((char *)page_to_virt(orig))[0] = 'P';

	struct mm *child = mm_copy(parent);
	KT_ASSERT(ctx, child != NULL);
	KT_EXPECT(ctx, page_at(child, A) == orig); /* shared, not copied */
	KT_EXPECT_EQ(ctx, orig->refcount, 2);
	KT_EXPECT(ctx, !is_writable(parent, A) && !is_writable(child, A));

	KT_EXPECT_EQ(ctx, fault_handle_user(child, A, true, 0), 0); /* child writes: copy */
	struct page *copy = page_at(child, A);
	KT_EXPECT(ctx, copy != NULL && copy != orig);
	KT_EXPECT_EQ(ctx, ((char *)page_to_virt(copy))[0], 'P');
	KT_EXPECT_EQ(ctx, orig->refcount, 1);
	KT_EXPECT_EQ(ctx, fault_handle_user(parent, A, true, 0), 0); /* sole owner: reuse */
	KT_EXPECT(ctx, page_at(parent, A) == orig && is_writable(parent, A));
	mm_destroy(child);
	mm_destroy(parent);
}

KTEST(vm_stack_grows_down_near_esp_only)
{
	struct mm *mm = mm_create();
	KT_ASSERT(ctx, mm != NULL);
	vma_insert(mm, USER_STACK_TOP - 4 * PG, USER_STACK_TOP, VM_READ | VM_WRITE | VM_GROWSDOWN);
	uintptr_t esp = USER_STACK_TOP - 4 * PG;
	KT_EXPECT_EQ(ctx, fault_handle_user(mm, esp - 8, true, esp), 0);
	KT_EXPECT_EQ(ctx, vma_find(mm, esp - 8)->start, USER_STACK_TOP - 5 * PG);
	KT_EXPECT_EQ(ctx, fault_handle_user(mm, esp - (1u << 20), true, esp), -EFAULT);
	mm_destroy(mm);
}

/* A shared file mapping: faults map the page cache's own pages, counted as
 * mapped for the file's container while some PTE maps them; a store marks
 * the page dirty through the PTE's dirty bit when the mapping goes. */
KTEST(vm_file_mapping_maps_cache_pages)
{
	static char data[2 * PG];
	memset(data, 'm', sizeof(data));
	struct file *file;
	KT_ASSERT(ctx, vfs_open("/tmp/vmt_map", O_RDWR | O_CREAT | O_TRUNC, 0600, &file) == 0);
	KT_ASSERT(ctx, file_write(file, data, sizeof(data)) == (ssize_t)sizeof(data));
	struct inode *inode = file->inode;
	struct container *c = container_get_by_file(inode);
	struct mm *mm = mm_create();
	KT_ASSERT(ctx, mm != NULL);
	uint32_t mapped_before = nr_mapped_pages(c);
	KT_EXPECT_EQ(ctx, vma_insert_file(mm, A, A + 3 * PG, VM_READ | VM_WRITE | VM_SHARED, inode, 0), 0);
	KT_EXPECT_EQ(ctx, fault_handle_user(mm, A + 5, false, 0), 0);
	KT_EXPECT_EQ(ctx, fault_handle_user(mm, A + PG, true, 0), 0);
	KT_EXPECT(ctx, page_at(mm, A) == page_tree_lookup(&inode->cache, 0));
	KT_EXPECT(ctx, page_at(mm, A)->mapcount == 1);
	KT_EXPECT(ctx, is_writable(mm, A + PG) && !is_writable(mm, A));
	KT_EXPECT_EQ(ctx, nr_mapped_pages(c), mapped_before + 2);
	KT_EXPECT_EQ(ctx, fault_handle_user(mm, A + 2 * PG, false, 0), -ENXIO); /* past the end */
	mm_destroy(mm); /* drops the VMA's reference on the inode too */
	KT_EXPECT_EQ(ctx, nr_mapped_pages(c), mapped_before);
	container_put(c);
	file_put(file);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/vmt_map"), 0);
}
