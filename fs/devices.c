/*
 * devices.c — the registry of devices: name, number, file operations.
 *
 * Drivers register at boot (fs/chardevs.c for console, null and zero; the
 * disk driver for hda and hdb).  devfs (fs/devfs.c) shows the registry as
 * /dev, and opening a device inode — in /dev, or one mknod made on ramfs
 * or ext2 — swaps in the driver's file operations found here by device
 * number, as Linux's chrdev_open does (device_node_fops).
 *
 * Locking: registration happens at boot, in task context, before anything
 * looks at /dev; the table only grows, so readers need no lock.
 * Read next: fs/chardevs.c.
 */
#include <corral/device.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/stat.h>

struct device {
	char name[DEVICE_NAME_MAX];
	uint32_t mode; /* S_IFCHR or S_IFBLK, and permissions */
	uint32_t rdev;
	const struct file_operations *fops;
};

static struct device devices[DEVICES_MAX];
static int nr_devices;

static bool device_is_taken(const char *name, uint32_t rdev)
{
	for (int i = 0; i < nr_devices; i++)
		if (devices[i].rdev == rdev || strcmp(devices[i].name, name) == 0)
			return true;
	return false;
}

int device_register(const char *name, uint32_t mode, uint32_t rdev,
		    const struct file_operations *fops)
{
	size_t len = strnlen(name, DEVICE_NAME_MAX);
	if (len == 0 || len == DEVICE_NAME_MAX || strchr(name, '/') || !fops)
		return -EINVAL;
	if (!S_ISCHR(mode) && !S_ISBLK(mode))
		return -EINVAL;
	if (device_is_taken(name, rdev))
		return -EEXIST;
	if (nr_devices == DEVICES_MAX)
		return -ENOSPC;
	struct device *d = &devices[nr_devices];
	strlcpy(d->name, name, sizeof(d->name));
	d->mode = mode;
	d->rdev = rdev;
	d->fops = fops;
	nr_devices++; /* last: a reader never sees a half-made entry */
	return 0;
}

const struct file_operations *device_find_fops(uint32_t rdev)
{
	for (int i = 0; i < nr_devices; i++)
		if (devices[i].rdev == rdev)
			return devices[i].fops;
	return NULL;
}

int device_for_each(int (*f)(const char *name, uint32_t mode, uint32_t rdev, void *arg),
		    void *arg)
{
	for (int i = 0; i < nr_devices; i++) {
		int ret = f(devices[i].name, devices[i].mode, devices[i].rdev, arg);
		if (ret)
			return ret;
	}
	return 0;
}

/* Opening a device inode: the driver's operations replace these; a number
 * no driver registered is ENXIO (as Linux's "no such device or address"). */
static int device_node_open(struct inode *inode, struct file *file)
{
	const struct file_operations *fops = device_find_fops(inode->rdev);
	if (!fops)
		return -ENXIO;
	file->fops = fops;
	return fops->open ? fops->open(inode, file) : 0;
}

const struct file_operations device_node_fops = {
	.open = device_node_open,
};
