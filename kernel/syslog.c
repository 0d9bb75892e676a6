/*
 * syslog.c — syslog(2) (glibc's klogctl): the kernel log for user space,
 * as dmesg reads it.
 *
 *     0 CLOSE, 1 OPEN       nothing to do                      root
 *     2 READ                wait for unread bytes, take them    root
 *     3 READ_ALL            the newest whole lines that fit     anyone
 *     4 READ_CLEAR          READ_ALL, then CLEAR                root
 *     5 CLEAR               READ_ALL starts after what is there root
 *     6 CONSOLE_OFF         only emergencies reach the console  root
 *     7 CONSOLE_ON          the level before CONSOLE_OFF        root
 *     8 CONSOLE_LEVEL       levels below len (1..8) print       root
 *     9 SIZE_UNREAD         bytes READ would return             root
 *    10 SIZE_BUFFER         the ring's size                     anyone
 *
 * The policy is Linux's with dmesg_restrict = 0: reading the whole log is
 * everyone's, everything that changes or consumes it is root's (EPERM
 * first, for any action, unknown ones included; then EINVAL for an unknown
 * action or a negative length, EFAULT for a bad buffer).  Each line reads
 * "<level>text\n" (kernel/printk.c keeps them so).
 *
 * READ polls: it naps a tenth of a second at a time until bytes arrive,
 * because a wake-up from printk would have to take the scheduler's lock,
 * and printk is called with that lock held.  Read next: kernel/printk.c.
 */
#include <corral/kmalloc.h>
#include <corral/printk.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/uaccess.h>
#include <uapi/errno.h>

enum {
	SYSLOG_CLOSE,
	SYSLOG_OPEN,
	SYSLOG_READ,
	SYSLOG_READ_ALL,
	SYSLOG_READ_CLEAR,
	SYSLOG_CLEAR,
	SYSLOG_CONSOLE_OFF,
	SYSLOG_CONSOLE_ON,
	SYSLOG_CONSOLE_LEVEL,
	SYSLOG_SIZE_UNREAD,
	SYSLOG_SIZE_BUFFER,
};

#define SYSLOG_QUIET_LEVEL 1 /* CONSOLE_OFF: emergencies only (Linux's minimum) */
#define SYSLOG_POLL_TICKS (HZ / 10)

static bool syslog_is_open_to_all(int action)
{
	return action == SYSLOG_READ_ALL || action == SYSLOG_SIZE_BUFFER;
}

/* READ, READ_ALL and READ_CLEAR: through a kernel buffer of at most the
 * ring's size (no more can ever be returned). */
static long syslog_read(int action, char *ubuf, int len)
{
	if (!ubuf || len < 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	size_t size = MIN((size_t)len, printk_syslog_buffer_size());
	int err = user_buffer_prepare(ubuf, size, true);
	if (err)
		return err;
	while (action == SYSLOG_READ && printk_syslog_unread() == 0)
		if (sleep_ticks_interruptible(SYSLOG_POLL_TICKS))
			return -EINTR;
	char *buf = kmalloc(size);
	if (!buf)
		return -ENOMEM;
	size_t n = action == SYSLOG_READ
		       ? printk_syslog_read(buf, size)
		       : printk_syslog_read_all(buf, size, action == SYSLOG_READ_CLEAR);
	err = copy_to_user(ubuf, buf, n);
	kfree(buf);
	return err ? err : (long)n;
}

long sys_syslog(int action, char *ubuf, int len)
{
	if (!syslog_is_open_to_all(action) && current->cred.euid != 0)
		return -EPERM;
	switch (action) {
	case SYSLOG_CLOSE:
	case SYSLOG_OPEN:
		return 0;
	case SYSLOG_READ:
	case SYSLOG_READ_ALL:
	case SYSLOG_READ_CLEAR:
		return syslog_read(action, ubuf, len);
	case SYSLOG_CLEAR:
		printk_syslog_clear();
		return 0;
	case SYSLOG_CONSOLE_OFF:
		printk_console_off(SYSLOG_QUIET_LEVEL);
		return 0;
	case SYSLOG_CONSOLE_ON:
		printk_console_on();
		return 0;
	case SYSLOG_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		printk_set_console_level(len);
		return 0;
	case SYSLOG_SIZE_UNREAD:
		return (long)printk_syslog_unread();
	case SYSLOG_SIZE_BUFFER:
		return (long)printk_syslog_buffer_size();
	default:
		return -EINVAL;
	}
}
