/*
 * swapfile.c — swap devices: swapon, swapoff, the header, and what they add up to.
 *
 * Policy (Linux's): a swap device is a whole block device carrying mkswap's
 * version-1 header; root turns it on and off (swapon(2), swapoff(2)).  Up to
 * MAX_SWAPFILES devices are active at once; slots come from the device with
 * the highest priority that has one free, and a device turned on without a
 * priority ranks below those before it (-2, -3, ... as in /proc/swaps on
 * Linux).  Swap files (regular files) are not supported: ENOTBLK.  Swapoff
 * first stops allocation on the device, then asks swap_unuse() to bring its
 * pages back; if memory is short that fails with ENOMEM and the device goes
 * back into service as if nothing had happened.
 *
 * Mechanism: the device table swap_devices[] (a device's "type" is its index,
 * which swap entries carry), each with a slot map (mm/swap_slots.c); page
 * I/O goes through a fixed pool of block requests (mm/swap_io.c).
 *
 * Locking: swap_mutex serialises swapon and swapoff (they read the disk and
 * allocate, so they sleep).  swap_lock (a spinlock, interrupts off: I/O
 * completions count in-flight requests) guards the table's flags, every slot
 * map and the counters in struct swap_device.  It is never held together
 * with container_lock, in either order (mm/swap_slots.c says how charges
 * stay right).  Read next: mm/swap_slots.c.
 */
#include <corral/block.h>
#include <corral/kmalloc.h>
#include <corral/memlayout.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/stat.h>

#include "swap_internal.h"

#define SWAP_FLAG_PREFER 0x8000 /* Linux's swapon flags */
#define SWAP_FLAG_PRIO_MASK 0x7fff
#define SWAP_FLAG_DISCARD 0x10000
#define SWAP_FLAG_DISCARD_ONCE 0x20000
#define SWAP_FLAG_DISCARD_PAGES 0x40000
#define SWAP_FLAGS_VALID                                                                           \
	(SWAP_FLAG_PREFER | SWAP_FLAG_PRIO_MASK | SWAP_FLAG_DISCARD | SWAP_FLAG_DISCARD_ONCE |     \
	 SWAP_FLAG_DISCARD_PAGES)

struct spinlock swap_lock = SPINLOCK_INIT("swap");
struct mutex swap_mutex = MUTEX_INIT(swap_mutex, "swap");
struct swap_device swap_devices[MAX_SWAPFILES];
static int least_priority = -1; /* swap_mutex: the last default priority given */

void swap_init(void)
{
	swap_io_init();
}

/* ---- the header ----------------------------------------------------------- */

static int header_refuse(const char **why, const char *reason)
{
	*why = reason;
	return -EINVAL;
}

int swap_header_parse(const uint8_t *page, uint64_t device_pages, struct swap_header_info *info,
		      const char **why)
{
	const uint8_t *magic = page + PAGE_SIZE - SWAP_HEADER_MAGIC_LEN;
	if (memcmp(magic, "SWAP-SPACE", SWAP_HEADER_MAGIC_LEN) == 0)
		return header_refuse(why, "version 0 swap space (run mkswap again)");
	if (memcmp(magic, SWAP_HEADER_MAGIC, SWAP_HEADER_MAGIC_LEN) != 0)
		return header_refuse(why, "no swap signature");
	if (swap_get_le32(page + SWAP_HEADER_VERSION_OFFSET) != 1)
		return header_refuse(why, "header version is not 1");
	*info = (struct swap_header_info){0};
	info->last_page = swap_get_le32(page + SWAP_HEADER_LAST_PAGE_OFFSET);
	info->nr_badpages = swap_get_le32(page + SWAP_HEADER_NR_BAD_OFFSET);
	if (info->last_page == 0)
		return header_refuse(why, "empty swap area");
	if (info->nr_badpages > SWAP_HEADER_MAX_BADPAGES)
		return header_refuse(why, "too many bad pages");
	info->badpages = page + SWAP_HEADER_BADPAGES_OFFSET;
	for (uint32_t i = 0; i < info->nr_badpages; i++) {
		uint32_t bad = swap_get_le32(info->badpages + 4 * i);
		if (bad == 0 || bad > info->last_page)
			return header_refuse(why, "a bad page outside the swap area");
	}
	/* The header may claim more than the disk has (a copied image); use what is there. */
	uint64_t max = (uint64_t)info->last_page + 1;
	max = MIN(max, device_pages);
	max = MIN(max, (uint64_t)1 << SWAP_OFFSET_BITS);
	if (max < 2)
		return header_refuse(why, "no room for a slot");
	info->max_pages = (uint32_t)max;
	memcpy(info->uuid, page + SWAP_HEADER_UUID_OFFSET, sizeof(info->uuid));
	memcpy(info->label, page + SWAP_HEADER_LABEL_OFFSET, 16);
	info->label[16] = '\0';
	return 0;
}

/* Read and check the first page of bdev. */
static int swap_read_header(struct block_device *bdev, const char *path,
			    struct swap_header_info *info, uint8_t *page)
{
	uint64_t device_pages = bdev->nr_sectors / (PAGE_SIZE / BLOCK_SECTOR_SIZE);
	if (device_pages < 2) {
		pr_err("swap: %s: too small for swap\n", path);
		return -EINVAL;
	}
	int err = block_read(bdev, 0, page, PAGE_SIZE / BLOCK_SECTOR_SIZE);
	if (err)
		return err;
	const char *why = NULL;
	err = swap_header_parse(page, device_pages, info, &why);
	if (err) {
		pr_err("swap: %s: %s\n", path, why);
		return err;
	}
	if (info->max_pages <= info->last_page)
		pr_warn("swap: %s: header says %u pages, using the %u there are\n", path,
			info->last_page + 1, info->max_pages);
	return 0;
}

/* ---- swapon ------------------------------------------------------------- */

static bool swap_bdev_is_active_locked(struct block_device *bdev)
{
	for (int i = 0; i < MAX_SWAPFILES; i++)
		if ((swap_devices[i].flags & SWAP_DEV_USED) && swap_devices[i].bdev == bdev)
			return true;
	return false;
}

bool swap_bdev_is_active(struct block_device *bdev)
{
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	bool is_active = swap_bdev_is_active_locked(bdev);
	spin_unlock_irqrestore(&swap_lock, flags);
	return is_active;
}

static int swap_free_type(void)
{
	for (int i = 0; i < MAX_SWAPFILES; i++)
		if (!(swap_devices[i].flags & SWAP_DEV_USED))
			return i;
	return -1;
}

int swap_activate(struct block_device *bdev, struct inode *inode, const char *path, int priority)
{
	if (swap_bdev_is_active(bdev)) /* swap_mutex: no swapon in between */
		return -EBUSY;
	int type = swap_free_type();
	if (type < 0)
		return -EPERM; /* Linux's answer when MAX_SWAPFILES are on */
	uint8_t *page = kmalloc(PAGE_SIZE);
	if (!page)
		return -ENOMEM;
	struct swap_header_info info;
	struct swap_device *dev = &swap_devices[type];
	int err = swap_read_header(bdev, path, &info, page);
	if (!err) {
		/* The table entry is unused: nobody else looks at its fields. */
		dev->bdev = bdev;
		dev->inode = inode;
		strlcpy(dev->path, path, sizeof(dev->path));
		dev->priority = priority;
		dev->max_pages = info.max_pages;
		err = swap_map_create(dev, &info);
		if (err == -EINVAL)
			pr_err("swap: %s: no usable page\n", path);
	}
	kfree(page);
	if (err)
		return err;
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	dev->nr_inuse = 0;
	dev->next = 1;
	dev->nr_io_in_flight = 0;
	dev->flags = SWAP_DEV_USED | SWAP_DEV_WRITEOK;
	spin_unlock_irqrestore(&swap_lock, flags);
	pr_info("swap: adding %uk swap on %s, priority %d\n", dev->nr_pages * (PAGE_SIZE / 1024),
		path, priority);
	return 0;
}

/* The path as the device will be listed: absolute, as given otherwise. */
static void swap_display_path(const char *path, char *buf, size_t size)
{
	if (path[0] == '/' || vfs_getcwd(buf, size) != 0) {
		strlcpy(buf, path, size);
		return;
	}
	size_t len = strlen(buf);
	snprintf(buf + len, size - len, "%s%s", len > 1 ? "/" : "", path);
}

/* The block device behind path; its inode (referenced) in *inode. */
static int swap_lookup_bdev(const char *path, struct inode **inode, struct block_device **bdev,
			    int not_blk_err)
{
	int err = vfs_lookup(path, inode);
	if (err)
		return err;
	if (!S_ISBLK((*inode)->mode))
		err = not_blk_err;
	else if (!(*bdev = block_find_by_rdev((*inode)->rdev)))
		err = -ENXIO;
	if (err)
		inode_put(*inode);
	return err;
}

int swap_on(const char *path, int flags)
{
	if ((uint32_t)flags & ~(uint32_t)SWAP_FLAGS_VALID)
		return -EINVAL;
	struct inode *inode;
	struct block_device *bdev;
	int err = swap_lookup_bdev(path, &inode, &bdev, -ENOTBLK);
	if (err)
		return err;
	char *name = kmalloc(SWAP_PATH_MAX);
	if (!name) {
		inode_put(inode);
		return -ENOMEM;
	}
	swap_display_path(path, name, SWAP_PATH_MAX);
	mutex_lock(&swap_mutex);
	int priority =
	    (flags & SWAP_FLAG_PREFER) ? (flags & SWAP_FLAG_PRIO_MASK) : least_priority - 1;
	err = swap_activate(bdev, inode, name, priority);
	if (!err && !(flags & SWAP_FLAG_PREFER))
		least_priority--;
	mutex_unlock(&swap_mutex);
	kfree(name);
	if (err)
		inode_put(inode);
	return err;
}

/* ---- swapoff ------------------------------------------------------------ */

static uint32_t swap_device_nr_inuse(struct swap_device *dev)
{
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	uint32_t n = dev->nr_inuse;
	spin_unlock_irqrestore(&swap_lock, flags);
	return n;
}

static void swap_set_writeok(struct swap_device *dev, bool is_writeok)
{
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	if (is_writeok)
		dev->flags |= SWAP_DEV_WRITEOK;
	else
		dev->flags &= ~SWAP_DEV_WRITEOK;
	spin_unlock_irqrestore(&swap_lock, flags);
}

int swap_deactivate(unsigned type)
{
	struct swap_device *dev = &swap_devices[type];
	swap_set_writeok(dev, false); /* no new slots from here on */
	int err = 0;
	if (swap_device_nr_inuse(dev) > 0) {
		err = swap_unuse(type);
		/* swap_unuse sleeps: a slot taken meanwhile (a fork's dup of an
		 * entry, say) means the pages did not all come back. */
		if (!err && swap_device_nr_inuse(dev) > 0)
			err = -ENOMEM;
	}
	if (err) {
		swap_set_writeok(dev, true);
		return err;
	}
	swap_io_wait_idle(dev);
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	dev->flags = 0;
	spin_unlock_irqrestore(&swap_lock, flags);
	/* Unpublished: no slot function finds it any more, so the maps are ours. */
	swap_map_destroy(dev);
	printk(KERN_DEBUG "swap: removed %s\n", dev->path); /* the log only: Linux says nothing */
	inode_put(dev->inode);
	dev->inode = NULL;
	dev->bdev = NULL;
	return 0;
}

int swap_off(const char *path)
{
	struct inode *inode;
	struct block_device *bdev;
	int err = swap_lookup_bdev(path, &inode, &bdev, -EINVAL);
	if (err)
		return err == -ENXIO ? -EINVAL : err;
	inode_put(inode); /* the device is found by its disk, whatever the node */
	mutex_lock(&swap_mutex);
	err = -EINVAL;
	for (unsigned type = 0; type < MAX_SWAPFILES; type++) {
		struct swap_device *dev = &swap_devices[type];
		if ((dev->flags & SWAP_DEV_USED) && dev->bdev == bdev) {
			err = swap_deactivate(type);
			break;
		}
	}
	mutex_unlock(&swap_mutex);
	return err;
}

/* ---- what they add up to -------------------------------------------------- */

void swap_get_totals(struct swap_totals *totals)
{
	*totals = (struct swap_totals){0};
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	for (int i = 0; i < MAX_SWAPFILES; i++) {
		struct swap_device *dev = &swap_devices[i];
		/* A device being turned off no longer counts (as on Linux). */
		if (!(dev->flags & SWAP_DEV_WRITEOK))
			continue;
		totals->nr_devices++;
		totals->nr_pages += dev->nr_pages;
		totals->nr_free += dev->nr_pages - dev->nr_inuse;
	}
	spin_unlock_irqrestore(&swap_lock, flags);
	swap_io_get_counts(&totals->nr_pages_in, &totals->nr_pages_out);
}

void swap_for_each_device(void (*f)(const struct swap_device_info *info, void *arg), void *arg)
{
	struct swap_device_info info;
	for (unsigned type = 0; type < MAX_SWAPFILES; type++) {
		struct swap_device *dev = &swap_devices[type];
		uint32_t flags = spin_lock_irqsave(&swap_lock);
		bool is_used = dev->flags & SWAP_DEV_USED;
		if (is_used) {
			strlcpy(info.path, dev->path, sizeof(info.path));
			info.type = type;
			info.priority = dev->priority;
			info.nr_pages = dev->nr_pages;
			info.nr_used = dev->nr_inuse;
		}
		spin_unlock_irqrestore(&swap_lock, flags);
		if (is_used)
			f(&info, arg);
	}
}

uint32_t swap_device_nr_used(unsigned type)
{
	if (type >= MAX_SWAPFILES)
		return 0;
	return swap_device_nr_inuse(&swap_devices[type]);
}
