/*
 * chmod.c — set permission bits:  chmod MODE PATH...   (MODE in octal, e.g. 644)
 */
#include <err.h>
#include <stdlib.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		errx(1, "usage: chmod MODE PATH...");
	char *end;
	unsigned long mode = strtoul(argv[1], &end, 8);
	if (!*argv[1] || *end || mode > 07777)
		errx(1, "invalid mode: %s", argv[1]);
	int status = 0;
	for (int i = 2; i < argc; i++) {
		if (chmod(argv[i], (mode_t)mode) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
	}
	return status;
}
