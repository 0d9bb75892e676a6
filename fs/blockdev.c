/*
 * blockdev.c — a disk as a file: /dev/hda and /dev/hdb, bytes at any offset.
 *
 * A disk moves whole 512-byte sectors; a file has bytes.  Reading or writing
 * the device file turns the byte range into sectors: the whole sectors in
 * the middle go straight between the caller's (kernel) buffer and the disk,
 * and a sector that is only partly covered at either end goes through a
 * one-sector bounce buffer, read first and, for a write, modified and
 * written back (read-modify-write).  Nothing is cached: every read reaches
 * the disk and every write has reached it (or its cache) when write returns.
 *
 *   offset 700, 1000 bytes:  sector 1 [188 | 324 bytes]  sector 2 [512]  sector 3 [164 | 348]
 *                                       bounce              direct         bounce
 *
 * The Unix rules at the edges: a read at or past the end returns 0 (end of
 * file) and one that crosses it is cut short; a write that crosses the end
 * is cut short, and one that starts at the end fails with ENOSPC.  Device
 * errors are EIO, unless some bytes were already moved (then their count).
 * Permissions (0660 root) are the VFS's business: open checks the mode.
 *
 * The ioctls disk tools ask (blockdev, fdisk, mkfs): the size in sectors
 * and bytes, the sector size (512), the block size (4096: the page size,
 * Linux's choice for a disk this size with nothing mounted), read-only (never),
 * and BLKFLSBUF, root's "write everything back and forget what is cached".
 *
 * Locking: bdev->rmw_lock (a mutex) is held across a write, so two writers
 * of the same partial sector cannot lose one of the writes.  file->pos is
 * moved by the caller's own system call (fs/file.c).
 * Read next: fs/block.c.
 */
#include <corral/block.h>
#include <corral/container_io.h>
#include <corral/device.h>
#include <corral/kmalloc.h>
#include <corral/string.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/swap.h>
#include <corral/task.h>
#include <corral/uaccess.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fs.h>

static uint64_t blockdev_size(const struct block_device *bdev)
{
	return bdev->nr_sectors << BLOCK_SECTOR_SHIFT;
}

static int blockdev_open(struct inode *inode, struct file *file)
{
	struct block_device *bdev = block_find_by_rdev(inode->rdev);
	if (!bdev)
		return -ENXIO;
	file->private = bdev;
	/* lseek(SEEK_END) measures from inode->size (fs/syscalls_file.c). */
	inode->size = blockdev_size(bdev);
	return 0;
}

/* One partly covered sector: read it, then copy out, or copy in and write. */
static int blockdev_partial(struct block_device *bdev, char *bounce, uint64_t sector,
			    uint32_t offset, char *data, size_t len, bool is_write)
{
	int err = block_read(bdev, sector, bounce, 1);
	if (err)
		return err;
	if (!is_write) {
		memcpy(data, bounce + offset, len);
		return 0;
	}
	memcpy(bounce + offset, data, len);
	return block_write(bdev, sector, bounce, 1);
}

/* Move len bytes at byte offset pos (inside the device); bytes moved, or
 * the error when none were. */
static ssize_t blockdev_io(struct block_device *bdev, char *buf, size_t len, uint64_t pos,
			   bool is_write)
{
	char *bounce = NULL;
	size_t done = 0;
	int err = 0;
	while (done < len && !err) {
		uint64_t sector = (pos + done) >> BLOCK_SECTOR_SHIFT;
		uint32_t offset = (uint32_t)((pos + done) & (BLOCK_SECTOR_SIZE - 1));
		size_t left = len - done;
		if (offset == 0 && left >= BLOCK_SECTOR_SIZE) {
			uint32_t n = (uint32_t)(left >> BLOCK_SECTOR_SHIFT);
			err = is_write ? block_write(bdev, sector, buf + done, n)
				       : block_read(bdev, sector, buf + done, n);
			if (!err)
				done += (size_t)n << BLOCK_SECTOR_SHIFT;
			continue;
		}
		if (!bounce && !(bounce = kmalloc(BLOCK_SECTOR_SIZE))) {
			err = -ENOMEM;
			break;
		}
		size_t chunk = MIN(left, BLOCK_SECTOR_SIZE - offset);
		err = blockdev_partial(bdev, bounce, sector, offset, buf + done, chunk, is_write);
		if (!err)
			done += chunk;
	}
	kfree(bounce);
	return done ? (ssize_t)done : err;
}

static ssize_t blockdev_read(struct file *file, char *buf, size_t len, uint64_t *pos)
{
	struct block_device *bdev = file->private;
	uint64_t size = blockdev_size(bdev);
	if (*pos >= size || len == 0)
		return 0;
	len = (size_t)MIN((uint64_t)len, size - *pos);
	container_io_throttle(NULL); /* io_bps_max: the debt of earlier calls first */
	ssize_t n = blockdev_io(bdev, buf, len, *pos, false);
	if (n > 0)
		*pos += (uint64_t)n;
	return n;
}

static ssize_t blockdev_write(struct file *file, const char *buf, size_t len, uint64_t *pos)
{
	struct block_device *bdev = file->private;
	uint64_t size = blockdev_size(bdev);
	if (swap_bdev_is_active(bdev))
		return -ETXTBSY; /* as Linux: the kernel's swap slots are not yours */
	if (len == 0)
		return 0;
	if (*pos >= size)
		return -ENOSPC;
	len = (size_t)MIN((uint64_t)len, size - *pos);
	container_io_throttle(NULL); /* before the mutex: other writers never wait for us */
	mutex_lock(&bdev->rmw_lock);
	/* blockdev_io only reads from buf when writing. */
	ssize_t n = blockdev_io(bdev, (char *)buf, len, *pos, true);
	mutex_unlock(&bdev->rmw_lock);
	if (n > 0)
		*pos += (uint64_t)n;
	return n;
}

static void blockdev_sync_mount(struct mount *m, void *arg)
{
	const struct block_device *bdev = arg;
	if (m->sb->dev == bdev->rdev && m->sb->ops && m->sb->ops->sync)
		m->sb->ops->sync(m->sb);
}

/* BLKFLSBUF, as sync and drop_caches would do it for this disk: dirty file
 * pages out (all of them: write-back is not sorted by disk), the metadata
 * of a filesystem mounted from it, the disk's own write cache, then the
 * clean file pages of that filesystem.  The device file itself caches
 * nothing (see the top of this file). */
static int blockdev_flush_buffers(struct block_device *bdev)
{
	if (current && current->cred.euid != 0)
		return -EACCES; /* Linux: CAP_SYS_ADMIN */
	int err = page_cache_sync_all();
	vfs_for_each_mount(blockdev_sync_mount, bdev);
	int flush_err = block_flush(bdev);
	page_cache_drop_clean_dev(bdev->rdev);
	return err ? err : flush_err;
}

static int blockdev_put_int(uintptr_t arg, int value)
{
	return copy_to_user((void *)arg, &value, sizeof(value));
}

static int blockdev_ioctl(struct file *file, uint32_t cmd, uintptr_t arg)
{
	struct block_device *bdev = file->private;
	uint64_t size = blockdev_size(bdev);
	switch (cmd) {
	case BLKGETSIZE: {
		unsigned long nr_sectors = (unsigned long)bdev->nr_sectors;
		if (nr_sectors != bdev->nr_sectors)
			return -EFBIG; /* does not fit an unsigned long: use BLKGETSIZE64 */
		return copy_to_user((void *)arg, &nr_sectors, sizeof(nr_sectors));
	}
	case BLKGETSIZE64:
		return copy_to_user((void *)arg, &size, sizeof(size));
	case BLKSSZGET:
		return blockdev_put_int(arg, BLOCK_SECTOR_SIZE);
	case BLKBSZGET:
		return blockdev_put_int(arg, PAGE_SIZE);
	case BLKROGET:
		return blockdev_put_int(arg, 0);
	case BLKFLSBUF:
		return blockdev_flush_buffers(bdev);
	}
	return -ENOTTY;
}

static const struct file_operations blockdev_fops = {
	.open = blockdev_open,
	.read = blockdev_read,
	.write = blockdev_write,
	.ioctl = blockdev_ioctl,
};

int blockdev_make_node(struct block_device *bdev)
{
	return device_register(bdev->name, S_IFBLK | 0660, bdev->rdev, &blockdev_fops);
}
