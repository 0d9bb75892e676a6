/*
 * device.h — character devices by number, as devfs shows them.
 *
 * A driver registers a name, a device number (major << 8 | minor, Linux's
 * numbers where they exist: tty 5:0, console 5:1, null 1:3, zero 1:5, hda 3:0, hdb 3:64)
 * and its file operations; devfs lists every registered device in /dev, and
 * opening the inode finds the operations by number.
 */
#ifndef CORRAL_DEVICE_H
#define CORRAL_DEVICE_H

#include <corral/types.h>

struct file_operations;

#define MKDEV(major, minor) (((major) << 8) | (minor))
#define DEV_MAJOR(dev) ((dev) >> 8)
#define DEV_MINOR(dev) ((dev)&0xff)

#define DEVICES_MAX 16

/* The device registry (fs/devices.c).  Names are at most DEVICE_NAME_MAX - 1
 * bytes; mode is S_IFCHR or S_IFBLK with permission bits.  0, -EEXIST (the
 * name or number is taken), -ENOSPC (DEVICES_MAX) or -EINVAL. */
#define DEVICE_NAME_MAX 16
int device_register(const char *name, uint32_t mode, uint32_t rdev,
		    const struct file_operations *fops);
const struct file_operations *device_find_fops(uint32_t rdev);
/* A device inode's operations: open finds the driver's by inode->rdev
 * (-ENXIO for a number no driver has) and puts them in the file. */
extern const struct file_operations device_node_fops;
/* Call f for each device (devfs readdir/lookup), in registration order (a
 * device's place in it never changes: devices are never unregistered); stops
 * at the first non-zero return of f and returns it (0 when f saw them all). */
int device_for_each(int (*f)(const char *name, uint32_t mode, uint32_t rdev, void *arg),
		    void *arg);

/* Register the built-in devices (console, null, zero): fs/devices.c. */
void devices_init(void);

#endif
