/*
 * runas.c — run a command as another user:  runas UID CMD [ARG...]
 * The group id is set to UID as well (first, while still allowed to).  Like
 * env and nice, a command that is not found gives 127, one that cannot be run 126.
 */
#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		errx(1, "usage: runas UID CMD [ARG...]");
	char *end;
	unsigned long id = strtoul(argv[1], &end, 10);
	if (!*argv[1] || *end)
		errx(1, "invalid uid: %s", argv[1]);
	if (setgid((gid_t)id) < 0)
		err(1, "setgid");
	if (setuid((uid_t)id) < 0)
		err(1, "setuid");
	execvp(argv[2], argv + 2);
	int status = errno == ENOENT ? 127 : 126;
	warn("%s", argv[2]);
	return status;
}
