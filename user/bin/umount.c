/*
 * umount.c — detach the filesystems mounted on the given directories.
 */
#include <err.h>
#include <sys/mount.h>
#include <usage.h>

static const char usage[] = "usage: umount DIR...\n";

int main(int argc, char **argv)
{
	int status = 0;
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	if (optind == argc)
		usage_error("missing operand");
	for (int i = optind; i < argc; i++) {
		if (umount(argv[i]) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
	}
	return status;
}
