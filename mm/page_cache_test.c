/*
 * page_cache_test.c — self tests of the page cache (mm/page_cache.c,
 * mm/filemap.c, mm/writeback.c, mm/page_io.c) against a pretend disk.
 *
 * A file made in /tmp gets page-cache operations that read and write
 * fake_disk, an array in memory, and count what they are asked to do; the
 * tests read and write the file through the VFS and check what reached the
 * "disk", what stayed cached, dirty counts, read-ahead, errors and drops.
 */
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define FAKE_PAGES 16
#define FAKE_PATH "/tmp/pct_file"

static struct {
	uint8_t *data;            /* FAKE_PAGES pages */
	uint32_t nr_reads, nr_writes, nr_prepares;
	uint32_t bad_index;       /* reads of this page fail (UINT32_MAX: none) */
	bool is_full;             /* prepare_write says ENOSPC */
} fake;

static int fake_read_page(struct inode *inode, struct page *page)
{
	fake.nr_reads++;
	if (page->index == fake.bad_index || page->index >= FAKE_PAGES)
		return -EIO;
	memcpy(page_to_virt(page), fake.data + page->index * PAGE_SIZE, PAGE_SIZE);
	page_read_done(page, 0);
	return 0;
}

static int fake_write_page(struct inode *inode, struct page *page)
{
	fake.nr_writes++;
	if (page->index >= FAKE_PAGES)
		return -EIO;
	memcpy(fake.data + page->index * PAGE_SIZE, page_to_virt(page), PAGE_SIZE);
	page_write_done(page, 0);
	return 0;
}

static int fake_prepare_write(struct inode *inode, struct page *page, size_t from, size_t to)
{
	fake.nr_prepares++;
	return fake.is_full ? -ENOSPC : 0;
}

static const struct page_cache_ops fake_ops = {
	.read_page = fake_read_page,
	.write_page = fake_write_page,
	.prepare_write = fake_prepare_write,
};

static uint8_t pattern(uint32_t offset)
{
	return (uint8_t)(offset * 13 + (offset >> 12));
}

/* A file FAKE_PAGES pages long whose data is on the fake disk. */
static struct file *fake_file_open(void)
{
	fake.data = kmalloc(FAKE_PAGES * PAGE_SIZE);
	if (!fake.data)
		return NULL;
	for (uint32_t i = 0; i < FAKE_PAGES * PAGE_SIZE; i++)
		fake.data[i] = pattern(i);
	fake.nr_reads = fake.nr_writes = fake.nr_prepares = 0;
	fake.bad_index = UINT32_MAX;
	fake.is_full = false;
	struct file *file;
	if (vfs_open(FAKE_PATH, O_RDWR | O_CREAT | O_EXCL, 0600, &file)) {
		kfree(fake.data);
		return NULL;
	}
	file->inode->cache_ops = &fake_ops;
	file->inode->size = FAKE_PAGES * PAGE_SIZE;
	return file;
}

static void fake_file_close(struct file *file)
{
	struct inode *inode = file->inode;
	mutex_lock(&inode->lock);
	page_cache_truncate(inode, 0);
	inode->size = 0;
	inode->cache_ops = NULL;
	mutex_unlock(&inode->lock);
	file_put(file);
	vfs_unlink(FAKE_PATH);
	kfree(fake.data);
}

static bool buffer_matches_disk(const uint8_t *buf, uint32_t offset, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != pattern(offset + i))
			return false;
	return true;
}

KTEST(page_cache_reads_from_disk_once_and_reads_ahead)
{
	static uint8_t buf[PAGE_SIZE];
	struct file *file = fake_file_open();
	KT_ASSERT(ctx, file != NULL);
	KT_EXPECT_EQ(ctx, file_read(file, (char *)buf, 100), 100);
	KT_EXPECT(ctx, buffer_matches_disk(buf, 0, 100));
	uint32_t after_first = fake.nr_reads;
	KT_EXPECT(ctx, after_first > 1); /* page 0 and some read ahead */
	KT_EXPECT_EQ(ctx, file->inode->nr_cache_pages, after_first);
	file->pos = 0;
	KT_EXPECT_EQ(ctx, file_read(file, (char *)buf, PAGE_SIZE), PAGE_SIZE);
	KT_EXPECT_EQ(ctx, fake.nr_reads, after_first); /* from the cache */
	file->pos = 5 * PAGE_SIZE + 7; /* a jump: the window starts small again */
	uint32_t before_jump = fake.nr_reads;
	KT_EXPECT_EQ(ctx, file_read(file, (char *)buf, 10), 10);
	KT_EXPECT(ctx, buffer_matches_disk(buf, 5 * PAGE_SIZE + 7, 10));
	KT_EXPECT(ctx, fake.nr_reads > before_jump);
	KT_EXPECT_EQ(ctx, page_cache_audit_inode(file->inode), 0);
	fake_file_close(file);
}

KTEST(page_cache_writes_back_dirty_pages)
{
	static uint8_t buf[2 * PAGE_SIZE];
	struct file *file = fake_file_open();
	KT_ASSERT(ctx, file != NULL);
	struct page_cache_stats before, dirty, after;
	page_cache_get_stats(&before);
	memset(buf, 0xab, sizeof(buf));
	file->pos = 3 * PAGE_SIZE + 100; /* partial pages at both ends: read first */
	KT_EXPECT_EQ(ctx, file_write(file, (char *)buf, PAGE_SIZE), PAGE_SIZE);
	page_cache_get_stats(&dirty);
	KT_EXPECT_EQ(ctx, dirty.nr_dirty, before.nr_dirty + 2);
	KT_EXPECT_EQ(ctx, fake.nr_writes, 0); /* nothing written yet */
	KT_EXPECT(ctx, fake.nr_prepares >= 2);
	KT_EXPECT_EQ(ctx, page_cache_writeback_inode(file->inode, true), 0);
	KT_EXPECT_EQ(ctx, fake.nr_writes, 2);
	page_cache_get_stats(&after);
	KT_EXPECT_EQ(ctx, after.nr_dirty, before.nr_dirty);
	KT_EXPECT(ctx, buffer_matches_disk(fake.data + 3 * PAGE_SIZE, 3 * PAGE_SIZE, 100));
	KT_EXPECT(ctx, fake.data[3 * PAGE_SIZE + 100] == 0xab);
	KT_EXPECT(ctx, fake.data[4 * PAGE_SIZE + 99] == 0xab);
	KT_EXPECT(ctx, buffer_matches_disk(fake.data + 4 * PAGE_SIZE + 100, 4 * PAGE_SIZE + 100,
					   PAGE_SIZE - 100));
	KT_EXPECT_EQ(ctx, page_cache_writeback_inode(file->inode, true), 0);
	KT_EXPECT_EQ(ctx, fake.nr_writes, 2); /* clean pages are not written again */
	fake_file_close(file);
}

KTEST(page_cache_drops_clean_pages_and_reads_them_again)
{
	static uint8_t buf[PAGE_SIZE];
	struct file *file = fake_file_open();
	KT_ASSERT(ctx, file != NULL);
	KT_EXPECT_EQ(ctx, file_read(file, (char *)buf, PAGE_SIZE), PAGE_SIZE);
	file->pos = 0;
	KT_EXPECT_EQ(ctx, file_write(file, "x", 1), 1); /* page 0 dirty, the rest clean */
	uint32_t cached = file->inode->nr_cache_pages;
	KT_EXPECT(ctx, page_cache_drop_clean() >= cached - 1);
	KT_EXPECT_EQ(ctx, file->inode->nr_cache_pages, 1); /* the dirty one stays */
	KT_EXPECT_EQ(ctx, page_cache_writeback_inode(file->inode, true), 0);
	page_cache_drop_clean();
	KT_EXPECT_EQ(ctx, file->inode->nr_cache_pages, 0);
	uint32_t reads = fake.nr_reads;
	file->pos = 0;
	KT_EXPECT_EQ(ctx, file_read(file, (char *)buf, 2), 2);
	KT_EXPECT(ctx, buf[0] == 'x' && buf[1] == pattern(1));
	KT_EXPECT(ctx, fake.nr_reads > reads);
	fake_file_close(file);
}

KTEST(page_cache_errors_surface_and_leave_nothing_behind)
{
	static uint8_t buf[PAGE_SIZE];
	struct file *file = fake_file_open();
	KT_ASSERT(ctx, file != NULL);
	fake.bad_index = 2;
	file->pos = 2 * PAGE_SIZE;
	KT_EXPECT_EQ(ctx, file_read(file, (char *)buf, 10), -EIO);
	KT_EXPECT(ctx, page_tree_lookup(&file->inode->cache, 2) == NULL);
	fake.bad_index = UINT32_MAX;
	file->pos = 2 * PAGE_SIZE;
	KT_EXPECT_EQ(ctx, file_read(file, (char *)buf, 10), 10); /* tried again, and works */
	fake.is_full = true;
	file->pos = FAKE_PAGES * PAGE_SIZE; /* growing the file needs new blocks */
	KT_EXPECT_EQ(ctx, file_write(file, "y", 1), -ENOSPC);
	KT_EXPECT_EQ(ctx, file->inode->size, FAKE_PAGES * PAGE_SIZE);
	KT_EXPECT_EQ(ctx, page_cache_audit_inode(file->inode), 0);
	fake_file_close(file);
}

KTEST(page_cache_truncate_frees_exactly_the_pages_past_the_end)
{
	static uint8_t buf[PAGE_SIZE];
	struct file *file = fake_file_open();
	KT_ASSERT(ctx, file != NULL);
	for (uint32_t i = 0; i < 4; i++) {
		file->pos = i * PAGE_SIZE;
		KT_EXPECT_EQ(ctx, file_read(file, (char *)buf, 1), 1);
	}
	struct inode *inode = file->inode;
	mutex_lock(&inode->lock);
	page_cache_truncate(inode, PAGE_SIZE + 10);
	inode->size = PAGE_SIZE + 10;
	mutex_unlock(&inode->lock);
	KT_EXPECT(ctx, page_tree_lookup(&inode->cache, 1) != NULL);
	uint32_t index = 2;
	KT_EXPECT(ctx, page_tree_next(&inode->cache, &index) == NULL);
	struct page *last = page_cache_find(inode, 1);
	KT_ASSERT(ctx, last != NULL);
	const uint8_t *data = page_to_virt(last);
	KT_EXPECT(ctx, data[9] == pattern(PAGE_SIZE + 9) && data[10] == 0 && data[PAGE_SIZE - 1] == 0);
	put_page(last);
	KT_EXPECT_EQ(ctx, page_cache_audit_inode(inode), 0);
	fake_file_close(file);
}
