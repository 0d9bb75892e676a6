/*
 * chmod.c — set permission bits:  chmod MODE PATH...   (MODE in octal, e.g. 644)
 */
#include <err.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <usage.h>

static const char usage[] = "usage: chmod MODE PATH...   (MODE in octal: 644, 4755)\n";

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	usage_need_two_operands(argc, argv, "operand", "operand");
	const char *text = argv[optind];
	char *end;
	unsigned long mode = strtoul(text, &end, 8);
	if (!*text || *end || mode > 07777)
		errx(1, "invalid mode: %s", text);
	int status = 0;
	for (int i = optind + 1; i < argc; i++) {
		if (chmod(argv[i], (mode_t)mode) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
	}
	return status;
}
