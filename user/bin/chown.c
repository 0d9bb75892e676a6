/*
 * chown.c — set owners:  chown UID[:GID] PATH...   (numbers: there is no
 * /etc/passwd).  Without :GID the group is left as it is.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse_id(const char *s, const char *end, unsigned *id)
{
	char *stop;
	if (s == end)
		return -1;
	unsigned long v = strtoul(s, &stop, 10);
	if (stop != end)
		return -1;
	*id = (unsigned)v;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		errx(1, "usage: chown UID[:GID] PATH...");
	unsigned uid, gid = (unsigned)-1;
	const char *spec = argv[1], *colon = strchr(spec, ':');
	if (parse_id(spec, colon ? colon : spec + strlen(spec), &uid) < 0 ||
	    (colon && parse_id(colon + 1, colon + 1 + strlen(colon + 1), &gid) < 0))
		errx(1, "invalid owner: %s", spec);
	int status = 0;
	for (int i = 2; i < argc; i++) {
		if (chown(argv[i], uid, gid) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
	}
	return status;
}
