/*
 * halt.c — stop the machine: sync the disks, then reboot(2) with POWER_OFF,
 * which on Corral leaves QEMU through isa-debug-exit (a clean stop).  Root only.
 * /bin/poweroff is the same program: a symbolic link to halt (user/user.mk),
 * so the usage names whichever name it was run by.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <sys/reboot.h>
#include <unistd.h>
#include <usage.h>

int main(int argc, char **argv)
{
	char usage[64];
	snprintf(usage, sizeof(usage), "usage: %s   (sync the disks, then stop the machine)\n",
		 __progname);
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	if (optind < argc)
		usage_error("extra operand '%s'", argv[optind]);
	if (geteuid() != 0) {
		errno = EPERM;
		err(1, "reboot");
	}
	sync();
	reboot(RB_POWER_OFF);
	err(1, "reboot");
}
