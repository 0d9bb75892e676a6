/*
 * rmdir.c — remove empty directories.
 */
#include <err.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: rmdir DIR...\n";

int main(int argc, char **argv)
{
	int status = 0;
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	if (optind == argc)
		usage_error("missing operand");
	for (int i = optind; i < argc; i++) {
		if (rmdir(argv[i]) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
	}
	return status;
}
