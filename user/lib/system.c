/*
 * system.c — calls about the machine rather than a process: uname, reboot and
 * klogctl (the kernel log).
 */
#include <sys/klog.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

int uname(struct utsname *buf)
{
	return (int)syscall1(__NR_uname, buf);
}

/* glibc's reboot(cmd): the two magic numbers guard against a stray call. */
int reboot(int cmd)
{
	return (int)syscall4(__NR_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, cmd, 0);
}

int klogctl(int type, char *buf, int len)
{
	return (int)syscall3(__NR_syslog, type, buf, len);
}
