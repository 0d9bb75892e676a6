/*
 * sync.c — write every dirty buffer and page to its disk.
 */
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: sync   (write every dirty page to its disk)\n";

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	if (optind < argc)
		usage_error("extra operand '%s'", argv[optind]);
	sync();
	return 0;
}
