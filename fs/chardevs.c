/*
 * chardevs.c — the character devices every Unix has: console, null, zero.
 *
 *   /dev/console  5:1  the terminal: kernel/tty.c's line discipline does the work
 *   /dev/tty      5:0  the controlling terminal: always the console here
 *   /dev/null     1:3  reads end at once, writes vanish
 *   /dev/zero     1:5  reads give zeros, writes vanish
 *
 * Each is a struct file_operations and one device_register() call; a new
 * driver (the disk, hda and hdb) follows the same pattern.
 * Read next: fs/devfs.c.
 */
#include <corral/device.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/tty.h>
#include <corral/vfs.h>
#include <uapi/fcntl.h>

static ssize_t console_read(struct file *file, char *buf, size_t len, uint64_t *pos)
{
	return tty_read(buf, len, file->flags & O_NONBLOCK);
}

static ssize_t console_write(struct file *file, const char *buf, size_t len, uint64_t *pos)
{
	return tty_write(buf, len);
}

static int console_ioctl(struct file *file, uint32_t cmd, uintptr_t arg)
{
	return tty_ioctl(cmd, arg);
}

static unsigned console_poll(struct file *file, struct poll_table *pt)
{
	return tty_poll(pt);
}

static const struct file_operations console_fops = {
	.read = console_read,
	.write = console_write,
	.ioctl = console_ioctl,
	.poll = console_poll,
};

static ssize_t null_read(struct file *file, char *buf, size_t len, uint64_t *pos)
{
	return 0;
}

static ssize_t sink_write(struct file *file, const char *buf, size_t len, uint64_t *pos)
{
	return (ssize_t)len;
}

static const struct file_operations null_fops = {
	.read = null_read,
	.write = sink_write,
};

static ssize_t zero_read(struct file *file, char *buf, size_t len, uint64_t *pos)
{
	memset(buf, 0, len);
	return (ssize_t)len;
}

static const struct file_operations zero_fops = {
	.read = zero_read,
	.write = sink_write,
};

static void chardev_register(const char *name, uint32_t rdev, const struct file_operations *fops)
{
	int err = device_register(name, S_IFCHR | 0666, rdev, fops);
	if (err)
		pr_err("devices: cannot register %s: error %d\n", name, err);
}

void devices_init(void)
{
	chardev_register("console", MKDEV(5, 1), &console_fops);
	chardev_register("tty", MKDEV(5, 0), &console_fops);
	chardev_register("null", MKDEV(1, 3), &null_fops);
	chardev_register("zero", MKDEV(1, 5), &zero_fops);
}
