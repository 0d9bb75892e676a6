/*
 * umount.c — detach the filesystems mounted on the given directories.
 */
#include <err.h>
#include <sys/mount.h>

int main(int argc, char **argv)
{
	int status = 0;
	if (argc < 2)
		errx(1, "usage: umount DIR...");
	for (int i = 1; i < argc; i++) {
		if (umount(argv[i]) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
	}
	return status;
}
