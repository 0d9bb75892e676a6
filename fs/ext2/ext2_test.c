/*
 * ext2_test.c — self tests of ext2's pure parts, and of a mount of the real
 * disk when the self-test VM has one.
 *
 * Without a disk: the bitmap search (first free, wrap, full), the block
 * allocator on a pretend filesystem whose bitmaps live only in the buffer
 * cache (a full group spills into the next; a full filesystem is ENOSPC;
 * metadata is never handed out), the logical-block → path arithmetic for
 * 1 KiB and 4 KiB blocks up to the end of the triple-indirect range, and
 * directory-block checking of valid and corrupt records.  With the disk
 * (build/disk.img, made by scripts/mkdisk.sh): mount it at /mnt, read test
 * data and list a directory; then write and remove a file and a directory,
 * checking with ext2_audit (audit.c) that every free count stays in step.
 */
#include <corral/block.h>
#include <corral/device.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "../fs_test.h"
#include "ext2.h"

KTEST(ext2_bitmap_find_zero)
{
	uint8_t map[4] = {0xff, 0x0f, 0xff, 0x01}; /* free: 12..15, 25..31 */
	KT_EXPECT_EQ(ctx, ext2_bitmap_find_zero(map, 32, 0), 12);
	KT_EXPECT_EQ(ctx, ext2_bitmap_find_zero(map, 32, 14), 14);
	KT_EXPECT_EQ(ctx, ext2_bitmap_find_zero(map, 32, 16), 25);
	KT_EXPECT_EQ(ctx, ext2_bitmap_find_zero(map, 25, 16), 12); /* wraps */
	KT_EXPECT_EQ(ctx, ext2_bitmap_find_zero(map, 12, 5), -1);  /* full */
	uint8_t partial[2] = {0xff, 0x07};                         /* 11 bits, all used */
	KT_EXPECT_EQ(ctx, ext2_bitmap_find_zero(partial, 11, 9), -1);
	KT_EXPECT_EQ(ctx, ext2_bitmap_find_zero(partial, 12, 9), 11);
}

/* A pretend 1 KiB-block filesystem of two 64-block groups; its bitmaps are
 * new (zeroed) buffers, so no disk is read or written. */
static struct ext2_sb_info *fake_sbi(void)
{
	struct ext2_sb_info *sbi = kzalloc(sizeof(*sbi));
	struct ext2_group_desc *gd = kzalloc(2 * sizeof(*gd));
	if (!sbi || !gd) {
		kfree(sbi);
		kfree(gd);
		return NULL;
	}
	list_init(&sbi->bufs);
	strlcpy(sbi->name, "test", sizeof(sbi->name));
	sbi->groups = gd;
	sbi->nr_groups = 2;
	sbi->block_size = 1024;
	sbi->gdt_blocks = 1;
	sbi->itable_blocks = 1;
	sbi->super.s_first_data_block = 1;
	sbi->super.s_blocks_per_group = 64;
	sbi->super.s_blocks_count = 129;
	/* Each group: [sb][gdt][block bitmap][inode bitmap][inode table] data... */
	for (uint32_t g = 0; g < 2; g++) {
		uint32_t first = 1 + 64 * g;
		gd[g].bg_block_bitmap = first + 2;
		gd[g].bg_inode_bitmap = first + 3;
		gd[g].bg_inode_table = first + 4;
		gd[g].bg_free_blocks_count = 64 - 5;
		int err;
		struct ext2_buf *buf = ext2_buf_get_new(sbi, gd[g].bg_block_bitmap, &err);
		if (!buf)
			return NULL; /* the test reports it; the leak check catches the rest */
		buf->data[0] = 0x1f; /* the five metadata blocks */
		ext2_buf_put(sbi, buf);
	}
	sbi->super.s_free_blocks_count = 2 * (64 - 5);
	return sbi;
}

static void fake_sbi_free(struct ext2_sb_info *sbi)
{
	ext2_buf_free_all(sbi);
	kfree(sbi->groups);
	kfree(sbi);
}

KTEST(ext2_block_alloc_spills_and_fills)
{
	struct ext2_sb_info *sbi = fake_sbi();
	KT_ASSERT(ctx, sbi != NULL);
	uint32_t block;
	KT_EXPECT_EQ(ctx, ext2_block_alloc(sbi, 0, &block), 0);
	KT_EXPECT_EQ(ctx, block, 6); /* the first after group 0's metadata */
	KT_EXPECT_EQ(ctx, ext2_block_alloc(sbi, 1, &block), 0);
	KT_EXPECT_EQ(ctx, block, 70); /* the goal group's first free */
	for (int i = 0; i < 64 - 5 - 1; i++)
		KT_EXPECT_EQ(ctx, ext2_block_alloc(sbi, 0, &block), 0);
	KT_EXPECT_EQ(ctx, block, 64);
	KT_EXPECT_EQ(ctx, sbi->groups[0].bg_free_blocks_count, 0);
	KT_EXPECT_EQ(ctx, ext2_block_alloc(sbi, 0, &block), 0);
	KT_EXPECT_EQ(ctx, block, 71); /* group 0 is full: the next group */
	while (ext2_block_alloc(sbi, 0, &block) == 0)
		KT_EXPECT(ctx, ext2_block_is_data(sbi, block));
	KT_EXPECT_EQ(ctx, sbi->super.s_free_blocks_count, 0);
	KT_EXPECT_EQ(ctx, ext2_block_alloc(sbi, 1, &block), -ENOSPC);
	KT_EXPECT_EQ(ctx, ext2_block_free(sbi, 100), 0);
	KT_EXPECT_EQ(ctx, ext2_block_free(sbi, 100), -EIO); /* already free */
	KT_EXPECT_EQ(ctx, ext2_block_free(sbi, 67), -EIO);  /* group 1's bitmap */
	KT_EXPECT_EQ(ctx, ext2_block_alloc(sbi, 0, &block), 0);
	KT_EXPECT_EQ(ctx, block, 100);
	fake_sbi_free(sbi);
}

static bool path_is(uint32_t apb, uint32_t lblock, int depth, uint32_t a, uint32_t b,
		    uint32_t c, uint32_t d)
{
	uint32_t off[EXT2_MAX_DEPTH] = {0};
	uint32_t want[EXT2_MAX_DEPTH] = {a, b, c, d};
	if (ext2_block_path(apb, lblock, off) != depth)
		return false;
	for (int i = 0; i < depth; i++)
		if (off[i] != want[i])
			return false;
	return true;
}

KTEST(ext2_block_path_1k)
{
	const uint32_t a = 256;
	KT_EXPECT(ctx, path_is(a, 0, 1, 0, 0, 0, 0));
	KT_EXPECT(ctx, path_is(a, 11, 1, 11, 0, 0, 0));
	KT_EXPECT(ctx, path_is(a, 12, 2, 12, 0, 0, 0));
	KT_EXPECT(ctx, path_is(a, 12 + 255, 2, 12, 255, 0, 0));
	KT_EXPECT(ctx, path_is(a, 12 + 256, 3, 13, 0, 0, 0));
	KT_EXPECT(ctx, path_is(a, 12 + 256 + 257, 3, 13, 1, 1, 0));
	KT_EXPECT(ctx, path_is(a, 12 + 256 + 65535, 3, 13, 255, 255, 0));
	KT_EXPECT(ctx, path_is(a, 12 + 256 + 65536, 4, 14, 0, 0, 0));
	KT_EXPECT(ctx, path_is(a, 12 + 256 + 65536 + 65536 + 256 + 1, 4, 14, 1, 1, 1));
	KT_EXPECT(ctx, path_is(a, 12 + 256 + 65536 + 16777215, 4, 14, 255, 255, 255));
	uint32_t off[EXT2_MAX_DEPTH];
	KT_EXPECT_EQ(ctx, ext2_block_path(a, 12 + 256 + 65536 + 16777216, off), 0);
}

KTEST(ext2_block_path_4k)
{
	const uint32_t a = 1024;
	KT_EXPECT(ctx, path_is(a, 1035, 2, 12, 1023, 0, 0));
	KT_EXPECT(ctx, path_is(a, 1036, 3, 13, 0, 0, 0));
	KT_EXPECT(ctx, path_is(a, 1036 + 1048575, 3, 13, 1023, 1023, 0));
	KT_EXPECT(ctx, path_is(a, 1036 + 1048576, 4, 14, 0, 0, 0));
	KT_EXPECT(ctx, path_is(a, 1036 + 1048576 + 1048576 * 3 + 1024 * 2 + 5, 4, 14, 3, 2, 5));
	uint32_t off[EXT2_MAX_DEPTH];
	KT_EXPECT_EQ(ctx, ext2_block_path(a, 0xffffffffu, off), 0);
}

/* One 64-byte directory block: ".", "..", "hello", the rest of the block. */
static void dir_block_make(uint8_t *blk)
{
	memset(blk, 0, 64);
	struct ext2_dirent *de = (void *)blk;
	de->inode = 2, de->rec_len = 12, de->name_len = 1, de->name[0] = '.';
	de = (void *)(blk + 12);
	de->inode = 2, de->rec_len = 12, de->name_len = 2, memcpy(de->name, "..", 2);
	de = (void *)(blk + 24);
	de->inode = 12, de->rec_len = 40, de->name_len = 5, memcpy(de->name, "hello", 5);
}

KTEST(ext2_dir_check_block_records)
{
	struct ext2_sb_info sbi;
	memset(&sbi, 0, sizeof(sbi));
	strlcpy(sbi.name, "test", sizeof(sbi.name));
	sbi.super.s_inodes_count = 100;
	uint8_t blk[64];
	struct ext2_dirent *last = (void *)(blk + 24);
	dir_block_make(blk);
	KT_EXPECT_EQ(ctx, ext2_dir_check_block(&sbi, 2, blk, 64), 0);
	last->rec_len = 44; /* runs off the block */
	KT_EXPECT_EQ(ctx, ext2_dir_check_block(&sbi, 2, blk, 64), -EIO);
	last->rec_len = 4; /* shorter than a header */
	KT_EXPECT_EQ(ctx, ext2_dir_check_block(&sbi, 2, blk, 64), -EIO);
	last->rec_len = 38; /* not a multiple of 4 */
	KT_EXPECT_EQ(ctx, ext2_dir_check_block(&sbi, 2, blk, 64), -EIO);
	dir_block_make(blk);
	last->name_len = 40; /* the name overflows the record */
	KT_EXPECT_EQ(ctx, ext2_dir_check_block(&sbi, 2, blk, 64), -EIO);
	dir_block_make(blk);
	last->inode = 1000; /* no such inode */
	KT_EXPECT_EQ(ctx, ext2_dir_check_block(&sbi, 2, blk, 64), -EIO);
	dir_block_make(blk);
	((struct ext2_dirent *)blk)->rec_len = 0; /* would loop forever */
	KT_EXPECT_EQ(ctx, ext2_dir_check_block(&sbi, 2, blk, 64), -EIO);
}

struct count_ctx {
	struct dir_context dc;
	int nr_entries;
};

static int count_entry(struct dir_context *ctx, const char *name, size_t len, uint32_t ino,
		       unsigned type)
{
	((struct count_ctx *)ctx)->nr_entries++;
	return 0;
}

/* The build's disk.img, read through a mount: the test data is there. */
KTEST(ext2_mount_reads_the_disk)
{
	if (!block_find_by_name("hda"))
		KT_SKIP(ctx, "no disk attached");
	struct inode *mnt;
	if (vfs_lookup("/mnt", &mnt) != 0)
		KT_SKIP(ctx, "no /mnt");
	bool is_mounted = mnt->covered_by != NULL;
	inode_put(mnt);
	if (is_mounted)
		KT_SKIP(ctx, "/mnt is in use");
	int err = vfs_mount("/dev/hda", "/mnt", "ext2", 0);
	if (err == -EINVAL)
		KT_SKIP(ctx, "hda holds no ext2 this driver takes");
	KT_ASSERT(ctx, err == 0);
	static char buf[64];
	KT_EXPECT_EQ(ctx, fst_read_file("/mnt/hello.txt", buf, sizeof(buf)), 16);
	KT_EXPECT(ctx, memcmp(buf, "hello from ext2\n", 16) == 0);
	KT_EXPECT_EQ(ctx, fst_read_file("/mnt/fastlink", buf, sizeof(buf)), 16);
	KT_EXPECT_EQ(ctx, fst_read_file("/mnt/big", buf, 16), 16);
	KT_EXPECT(ctx, memcmp(buf, "0000001: the qui", 16) == 0);
	struct file *dir;
	KT_EXPECT_EQ(ctx, vfs_open("/mnt/many", O_RDONLY | O_DIRECTORY, 0, &dir), 0);
	if (dir) {
		struct count_ctx cc = {{count_entry, 0}, 0};
		KT_EXPECT_EQ(ctx, dir->fops->readdir(dir, &cc.dc), 0);
		KT_EXPECT_EQ(ctx, cc.nr_entries, 302); /* 300 files, ".", ".." */
		file_put(dir);
	}
	KT_EXPECT_EQ(ctx, vfs_umount("/mnt"), 0);
}

static int append_file(const char *path, const void *data, size_t len)
{
	struct file *file;
	int err = vfs_open(path, O_WRONLY | O_CREAT | O_APPEND, 0644, &file);
	if (err)
		return err;
	ssize_t n = file_write(file, data, len);
	file_put(file);
	return n == (ssize_t)len ? 0 : n < 0 ? (int)n : -EIO;
}

static struct ext2_sb_info *mnt_sbi(void)
{
	struct inode *root;
	if (vfs_lookup("/mnt", &root))
		return NULL;
	struct ext2_sb_info *sbi = root->sb->type == &ext2_fs_type ? EXT2_SB(root->sb) : NULL;
	inode_put(root);
	return sbi;
}

/* Mount the VM's disk at /mnt for a test that writes it: its superblock, or
 * NULL when the test is skipped (no disk, no ext2, /mnt in use) or failed. */
static struct ext2_sb_info *mount_hda(struct ktest_ctx *ctx)
{
	if (!block_find_by_name("hda")) {
		ktest_skip(ctx, "no disk attached");
		return NULL;
	}
	int err = vfs_mount("/dev/hda", "/mnt", "ext2", 0);
	if (err == -EINVAL || err == -EBUSY) {
		ktest_skip(ctx, "hda holds no ext2 this driver takes, or /mnt is in use");
		return NULL;
	}
	struct ext2_sb_info *sbi = err ? NULL : mnt_sbi();
	if (!sbi)
		ktest_fail(ctx, __FILE__, __LINE__, "mounting /dev/hda at /mnt");
	return sbi;
}

static int audit_mnt(struct ext2_sb_info *sbi)
{
	mutex_lock(&sbi->lock);
	int nr_bad = ext2_audit(sbi);
	mutex_unlock(&sbi->lock);
	return nr_bad;
}

/* Allocating and freeing on the real disk keeps every count in step, and the
 * audit notices a count broken on purpose.  Writes the VM's disk copy. */
KTEST(ext2_counts_add_up_on_the_disk)
{
	struct ext2_sb_info *sbi = mount_hda(ctx);
	if (!sbi)
		return; /* skipped or failed, said by mount_hda */
	KT_EXPECT_EQ(ctx, audit_mnt(sbi), 0);
	uint32_t free_blocks = sbi->super.s_free_blocks_count;
	uint32_t free_inodes = sbi->super.s_free_inodes_count;
	static uint8_t data[8192];
	memset(data, 0x5a, sizeof(data));
	KT_EXPECT_EQ(ctx, vfs_mkdir("/mnt/kt_dir", 0755), 0);
	for (int i = 0; i < 40; i++) /* 320 KiB: past the single-indirect range */
		KT_EXPECT_EQ(ctx, append_file("/mnt/kt_dir/f", data, sizeof(data)), 0);
	KT_EXPECT(ctx, sbi->super.s_free_blocks_count < free_blocks - 320);
	KT_EXPECT_EQ(ctx, sbi->super.s_free_inodes_count, free_inodes - 2);
	KT_EXPECT_EQ(ctx, audit_mnt(sbi), 0);
	sbi->groups[0].bg_free_blocks_count++; /* break one count: the audit sees it */
	KT_EXPECT_EQ(ctx, audit_mnt(sbi), 2);   /* the group, and the sum */
	sbi->groups[0].bg_free_blocks_count--;
	KT_EXPECT_EQ(ctx, vfs_unlink("/mnt/kt_dir/f"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/mnt/kt_dir"), 0);
	KT_EXPECT_EQ(ctx, sbi->super.s_free_blocks_count, free_blocks);
	KT_EXPECT_EQ(ctx, sbi->super.s_free_inodes_count, free_inodes);
	KT_EXPECT_EQ(ctx, audit_mnt(sbi), 0);
	KT_EXPECT_EQ(ctx, vfs_umount("/mnt"), 0);
}

/* A FIFO and a device node on ext2: made, read back from the disk after a
 * remount (the device number from i_block), opened, and removed with every
 * count back where it was (a device's i_block is not a block to free). */
KTEST(ext2_fifo_and_device_nodes)
{
	struct ext2_sb_info *sbi = mount_hda(ctx);
	if (!sbi)
		return; /* skipped or failed, said by mount_hda */
	uint32_t free_blocks = sbi->super.s_free_blocks_count;
	uint32_t free_inodes = sbi->super.s_free_inodes_count;
	KT_EXPECT_EQ(ctx, vfs_mknod_at(NULL, "/mnt/kt_fifo", S_IFIFO | 0644, 0), 0);
	KT_EXPECT_EQ(ctx, vfs_mknod_at(NULL, "/mnt/kt_zero", S_IFCHR | 0666, MKDEV(1, 5)), 0);
	KT_EXPECT_EQ(ctx, vfs_umount("/mnt"), 0);
	KT_ASSERT(ctx, vfs_mount("/dev/hda", "/mnt", "ext2", 0) == 0);
	sbi = mnt_sbi();
	KT_ASSERT(ctx, sbi != NULL);
	struct inode *inode;
	KT_ASSERT(ctx, vfs_lookup("/mnt/kt_zero", &inode) == 0);
	KT_EXPECT(ctx, S_ISCHR(inode->mode));
	KT_EXPECT_EQ(ctx, inode->rdev, MKDEV(1, 5));
	inode_put(inode);
	static char buf[4] = {1, 1, 1, 1};
	KT_EXPECT_EQ(ctx, fst_read_file("/mnt/kt_zero", buf, sizeof(buf)), 4);
	KT_EXPECT_EQ(ctx, buf[0], 0);
	struct file *f = NULL;
	KT_ASSERT(ctx, vfs_open("/mnt/kt_fifo", O_RDWR | O_NONBLOCK, 0, &f) == 0);
	KT_EXPECT(ctx, S_ISFIFO(f->inode->mode));
	KT_EXPECT_EQ(ctx, file_write(f, "ab", 2), 2);
	KT_EXPECT_EQ(ctx, file_read(f, buf, sizeof(buf)), 2);
	file_put(f);
	KT_EXPECT_EQ(ctx, vfs_unlink("/mnt/kt_fifo"), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink("/mnt/kt_zero"), 0);
	KT_EXPECT_EQ(ctx, sbi->super.s_free_blocks_count, free_blocks);
	KT_EXPECT_EQ(ctx, sbi->super.s_free_inodes_count, free_inodes);
	KT_EXPECT_EQ(ctx, audit_mnt(sbi), 0);
	KT_EXPECT_EQ(ctx, vfs_umount("/mnt"), 0);
}
