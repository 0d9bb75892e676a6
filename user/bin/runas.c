/*
 * runas.c — run a command as another user:  runas USER CMD [ARG...]
 * USER is a name from /etc/passwd or a number.  The group id is set to the
 * user's group from /etc/passwd (for a number with no entry, the same
 * number), first, while still allowed to.  Like env and nice, a command that
 * is not found gives 127, one that cannot be run 126; options end at USER.
 */
#include <err.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: runas USER CMD [ARG...]   (USER: a name or a uid)\n";

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "+", usage) != -1)
		continue; /* no options but --help */
	if (argc - optind < 2)
		usage_error(optind == argc ? "missing USER" : "missing command");
	const char *user = argv[optind];
	char *end;
	struct passwd *pw = getpwnam(user);
	unsigned long uid = pw ? pw->pw_uid : strtoul(user, &end, 10);
	unsigned long gid = pw ? pw->pw_gid : uid;
	if (!pw && (!*user || *end))
		errx(1, "invalid user: %s", user);
	if (!pw && (pw = getpwuid((uid_t)uid)))
		gid = pw->pw_gid;
	if (setgid((gid_t)gid) < 0)
		err(1, "setgid");
	if (setuid((uid_t)uid) < 0)
		err(1, "setuid");
	execvp(argv[optind + 1], argv + optind + 1);
	int status = errno == ENOENT ? 127 : 126;
	warn("%s", argv[optind + 1]);
	return status;
}
