/*
 * whoami.c — the name of the effective user, from /etc/passwd:  whoami
 * (id -un).  A user id with no name there is an error, as in coreutils.
 */
#include <err.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: whoami   (the effective user's name)\n";

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	if (optind < argc)
		usage_error("extra operand '%s'", argv[optind]);
	uid_t uid = geteuid();
	struct passwd *pw = getpwuid(uid);
	if (!pw)
		errx(1, "cannot find name for user ID %u", uid);
	puts(pw->pw_name);
	return 0;
}
