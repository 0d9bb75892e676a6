/*
 * halt.c — stop the machine: sync the disks, then reboot(2) with POWER_OFF,
 * which on Corral leaves QEMU through isa-debug-exit (a clean stop).  Root only.
 * /bin/poweroff is the same program: a symbolic link to halt (user/user.mk).
 */
#include <err.h>
#include <errno.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
	if (geteuid() != 0) {
		errno = EPERM;
		err(1, "reboot");
	}
	sync();
	reboot(RB_POWER_OFF);
	err(1, "reboot");
}
