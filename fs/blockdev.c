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
 * Locking: bdev->rmw_lock (a mutex) is held across a write, so two writers
 * of the same partial sector cannot lose one of the writes.  file->pos is
 * moved by the caller's own system call (fs/file.c).
 * Read next: fs/block.c.
 */
#include <corral/block.h>
#include <corral/device.h>
#include <corral/kmalloc.h>
#include <corral/string.h>
#include <corral/swap.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

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
	mutex_lock(&bdev->rmw_lock);
	/* blockdev_io only reads from buf when writing. */
	ssize_t n = blockdev_io(bdev, (char *)buf, len, *pos, true);
	mutex_unlock(&bdev->rmw_lock);
	if (n > 0)
		*pos += (uint64_t)n;
	return n;
}

static const struct file_operations blockdev_fops = {
	.open = blockdev_open,
	.read = blockdev_read,
	.write = blockdev_write,
};

int blockdev_make_node(struct block_device *bdev)
{
	return device_register(bdev->name, S_IFBLK | 0660, bdev->rdev, &blockdev_fops);
}
