/*
 * vmscan_test.c — self tests of reclaim (mm/vmscan.c) on the build's ext2
 * disk (skipped without one): clean file pages are dropped and read back
 * intact, pages used twice are promoted and survive, a mapped page whose
 * accessed bit is set gets a second chance, one whose bit is clear is
 * unmapped and dropped, a refused write keeps its page dirty, and global
 * reclaim takes from containers over their page_limit first.
 */
#include <corral/block.h>
#include <corral/container.h>
#include <corral/container_internal.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/lru.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/paging.h>
#include <corral/rmap.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <corral/vmscan.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define VST_MNT "/mnt" /* made by the initramfs: a mkdir here could grow /tmp */
#define BIG VST_MNT "/big" /* 1 MiB of numbered lines (scripts/mkdisk.sh) */
#define A 0x10000000u
#define PG PAGE_SIZE

static bool vst_mount(void)
{
	if (!block_find_by_name("hda"))
		return false;
	return vfs_mount("/dev/hda", VST_MNT, "ext2", 0) == 0;
}

static void vst_umount(void)
{
	vfs_umount(VST_MNT);
}

/* Read the whole file through the page cache; the bytes of its first line. */
static bool read_all(struct file *file, char first[16])
{
	static char buf[PG];
	file->pos = 0;
	bool is_first = true;
	for (;;) {
		ssize_t n = file_read(file, buf, sizeof(buf));
		if (n <= 0)
			return n == 0;
		if (is_first)
			memcpy(first, buf, 16);
		is_first = false;
	}
}

KTEST(vmscan_drops_clean_file_pages_and_reads_them_back)
{
	if (!vst_mount())
		KT_SKIP(ctx, "no ext2 disk");
	struct file *file;
	KT_ASSERT(ctx, vfs_open(BIG, O_RDONLY, 0, &file) == 0);
	char first[16];
	KT_EXPECT(ctx, read_all(file, first));
	struct inode *inode = file->inode;
	uint32_t nr_cached = inode->nr_cache_pages; /* 256, and what read-ahead took past the end */
	KT_EXPECT(ctx, nr_cached >= 256);
	uint64_t stolen = vm_event_count(VM_PGSTEAL_DIRECT) + vm_event_count(VM_PGSTEAL_KSWAPD);
	uint32_t freed = reclaim_pages(inode->container, 128);
	KT_EXPECT(ctx, freed >= 128);
	KT_EXPECT(ctx, inode->nr_cache_pages <= nr_cached - 128);
	uint64_t stolen_now = vm_event_count(VM_PGSTEAL_DIRECT) + vm_event_count(VM_PGSTEAL_KSWAPD);
	KT_EXPECT_EQ(ctx, stolen_now - stolen, freed);
	memset(first, 0, sizeof(first));
	KT_EXPECT(ctx, read_all(file, first)); /* from the disk again */
	KT_EXPECT(ctx, memcmp(first, "0000001: the qui", 16) == 0);
	KT_EXPECT(ctx, inode->nr_cache_pages >= 256);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	file_put(file);
	vst_umount();
}

/* A page read twice is promoted to the active list (mark_page_accessed):
 * reclaim takes the pages read once first. */
KTEST(vmscan_keeps_pages_used_twice)
{
	if (!vst_mount())
		KT_SKIP(ctx, "no ext2 disk");
	struct file *file;
	KT_ASSERT(ctx, vfs_open(BIG, O_RDONLY, 0, &file) == 0);
	static char buf[PG];
	KT_EXPECT_EQ(ctx, file_read(file, buf, PG), (ssize_t)PG); /* page 0, twice */
	file->pos = 0;
	KT_EXPECT_EQ(ctx, file_read(file, buf, PG), (ssize_t)PG);
	struct page *hot = page_cache_find(file->inode, 0);
	KT_ASSERT(ctx, hot != NULL);
	KT_EXPECT(ctx, hot->flags & PG_ACTIVE);
	char first[16];
	KT_EXPECT(ctx, read_all(file, first)); /* the rest, once */
	reclaim_pages(file->inode->container, 200);
	KT_EXPECT(ctx, hot->mapping == file->inode); /* still cached */
	KT_EXPECT(ctx, file->inode->nr_cache_pages < 256);
	put_page(hot);
	file_put(file);
	vst_umount();
}

/* A mapped page: reclaim asks the reverse map whether it was used. */
KTEST(vmscan_second_chance_for_mapped_pages)
{
	if (!vst_mount())
		KT_SKIP(ctx, "no ext2 disk");
	struct file *file;
	KT_ASSERT(ctx, vfs_open(BIG, O_RDONLY, 0, &file) == 0);
	struct inode *inode = file->inode;
	struct mm *mm = mm_create();
	KT_ASSERT(ctx, mm != NULL);
	KT_ASSERT(ctx, vma_insert_file(mm, A, A + 256 * PG, VM_READ, inode, 0) == 0);
	for (uint32_t i = 0; i < 256; i++)
		KT_ASSERT(ctx, fault_handle_user(mm, A + i * PG, false, 0) == 0);
	uint32_t *pte = vm_lookup_pte(mm, A);
	*pte |= PTE_ACCESSED; /* page 0 was used since, the others not */
	for (uint32_t i = 1; i < 256; i++)
		*vm_lookup_pte(mm, A + i * PG) &= ~PTE_ACCESSED;
	struct page *used = pfn_to_page(*pte >> PAGE_SHIFT);
	reclaim_pages(inode->container, 200); /* the oldest go first: pages 1, 2, ... */
	KT_EXPECT(ctx, *pte & PTE_PRESENT);   /* kept: its bit was set (and is now clear) */
	KT_EXPECT(ctx, !(*pte & PTE_ACCESSED));
	KT_EXPECT(ctx, used->flags & PG_ACTIVE);
	KT_EXPECT_EQ(ctx, *vm_lookup_pte(mm, A + 50 * PG), 0); /* unused: unmapped, dropped */
	KT_EXPECT(ctx, mm->nr_resident_pages < 256);
	KT_EXPECT_EQ(ctx, fault_handle_user(mm, A + 50 * PG, false, 0), 0); /* read back */
	char *va = page_to_virt(pfn_to_page(*vm_lookup_pte(mm, A + 50 * PG) >> PAGE_SHIFT));
	static char want[16];
	file->pos = 50 * PG;
	KT_EXPECT_EQ(ctx, file_read(file, want, sizeof(want)), (ssize_t)sizeof(want));
	KT_EXPECT(ctx, memcmp(va, want, sizeof(want)) == 0);
	mm_destroy(mm);
	file_put(file);
	vst_umount();
}

/* A write-back the filesystem refuses for want of memory (ext2 allocates a
 * request record per page) leaves the page dirty, with no error: it is still
 * the only copy of the data, and a later round writes it. */
KTEST(vmscan_refused_write_keeps_the_page_dirty)
{
	if (!vst_mount())
		KT_SKIP(ctx, "no ext2 disk");
	struct file *file;
	KT_ASSERT(ctx, vfs_open(VST_MNT "/vst_dirty", O_RDWR | O_CREAT | O_TRUNC, 0644, &file) == 0);
	static char data[PG];
	memset(data, 'd', sizeof(data));
	KT_ASSERT(ctx, file_write(file, data, PG) == (ssize_t)PG);
	struct page *page = page_cache_find(file->inode, 0);
	KT_ASSERT(ctx, page != NULL);
	KT_EXPECT(ctx, page_flag_is_set(page, PG_DIRTY));
	kmalloc_fail_next(1); /* ext2's request record */
	KT_EXPECT_EQ(ctx, page_cache_writeback_inode(file->inode, true), 0);
	KT_EXPECT(ctx, page_flag_is_set(page, PG_DIRTY));
	KT_EXPECT(ctx, !page_flag_is_set(page, PG_ERROR) && !page_flag_is_set(page, PG_WRITEBACK));
	KT_EXPECT_EQ(ctx, page_cache_writeback_inode(file->inode, true), 0); /* now it goes */
	KT_EXPECT(ctx, !page_flag_is_set(page, PG_DIRTY));
	put_page(page);
	file_put(file);
	KT_EXPECT_EQ(ctx, vfs_unlink(VST_MNT "/vst_dirty"), 0);
	vst_umount();
}

static uint32_t file_pages_of(struct container *c)
{
	struct container_stat st;
	container_get_stat(c, &st);
	return st.nr_file_pages;
}

/* A clean file of npages pages on the disk, its cache charged to c. */
static struct file *vst_clean_file(const char *path, uint32_t npages, struct container *c)
{
	struct file *file;
	if (vfs_open(path, O_RDWR | O_CREAT | O_TRUNC, 0644, &file) != 0)
		return NULL;
	static char data[PG];
	memset(data, 'o', sizeof(data));
	for (uint32_t i = 0; i < npages; i++)
		file_write(file, data, PG);
	page_cache_writeback_inode(file->inode, true);
	struct container *from = container_get_by_file(file->inode);
	container_move_file(c, file->inode, from);
	container_put(from);
	return file;
}

/* Global reclaim takes a container's pages over its page_limit first: one
 * within its limit keeps all of its own while the other still has excess,
 * and gives its share only for what the excess does not cover. */
KTEST(vmscan_global_reclaim_takes_from_over_limit_containers_first)
{
	if (!vst_mount())
		KT_SKIP(ctx, "no ext2 disk");
	struct container *over, *within; /* within first: scanned before over by id */
	KT_ASSERT(ctx, container_create("vst-within", &within) == 0);
	KT_ASSERT(ctx, container_create("vst-over", &over) == 0);
	over->page_limit = 32; /* set by hand: no handler run to race with */
	struct file *big;
	KT_ASSERT(ctx, vfs_open(BIG, O_RDONLY, 0, &big) == 0);
	char first[16];
	KT_EXPECT(ctx, read_all(big, first));
	struct container *root = container_get_by_file(big->inode);
	KT_EXPECT_EQ(ctx, container_move_file(within, big->inode, root), 0);
	container_put(root);
	struct file *mine = vst_clean_file(VST_MNT "/vst_over", 128, over);
	KT_ASSERT(ctx, mine != NULL);
	KT_EXPECT_EQ(ctx, file_pages_of(over), 128);
	uint32_t within_before = file_pages_of(within);
	KT_EXPECT(ctx, within_before >= 256);
	uint32_t root_before = file_pages_of(&root_container);

	KT_EXPECT(ctx, reclaim_pages(NULL, 64) >= 64);
	KT_EXPECT_EQ(ctx, file_pages_of(within), within_before); /* untouched */
	KT_EXPECT_EQ(ctx, file_pages_of(&root_container), root_before);
	KT_EXPECT(ctx, file_pages_of(over) <= 128 - 64);
	/* Asked for more than the rest of the excess (about 32): others give too. */
	KT_EXPECT(ctx, reclaim_pages(NULL, 128) >= 128);
	KT_EXPECT(ctx, file_pages_of(over) <= 32);
	KT_EXPECT(ctx, file_pages_of(within) < within_before);
	KT_EXPECT_EQ(ctx, container_audit(), 0);

	container_destroy(over);
	container_destroy(within);
	file_put(mine);
	file_put(big);
	KT_EXPECT_EQ(ctx, vfs_unlink(VST_MNT "/vst_over"), 0);
	vst_umount();
}
