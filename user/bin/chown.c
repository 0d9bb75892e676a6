/*
 * chown.c — set owners:  chown OWNER[:GROUP] PATH...
 *
 * OWNER and GROUP are names from /etc/passwd and /etc/group, or numbers.
 * Without :GROUP the group is left as it is; "OWNER:" (nothing after the
 * colon) is OWNER's login group, as GNU chown reads it.
 */
#include <err.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: chown OWNER[:GROUP] PATH...\n";

static int parse_number(const char *s, unsigned *id)
{
	char *stop;
	unsigned long v = strtoul(s, &stop, 10);
	if (!*s || *stop)
		return -1;
	*id = (unsigned)v;
	return 0;
}

static int parse_user(const char *s, unsigned *uid, unsigned *login_gid)
{
	struct passwd *pw = getpwnam(s);
	if (pw) {
		*uid = pw->pw_uid;
		*login_gid = pw->pw_gid;
		return 0;
	}
	return parse_number(s, uid);
}

static int parse_group(const char *s, unsigned *gid)
{
	struct group *gr = getgrnam(s);
	if (gr) {
		*gid = gr->gr_gid;
		return 0;
	}
	return parse_number(s, gid);
}

/* "OWNER", "OWNER:GROUP" or "OWNER:"; gid -1 leaves the group alone. */
static void parse_spec(char *spec, unsigned *uid, unsigned *gid)
{
	char *colon = strchr(spec, ':');
	unsigned login_gid = (unsigned)-1;
	if (colon)
		*colon = '\0';
	int bad = parse_user(spec, uid, &login_gid) < 0;
	if (colon && colon[1])
		bad |= parse_group(colon + 1, gid) < 0;
	else if (colon)
		*gid = login_gid;
	if (colon)
		*colon = ':';
	if (bad || (colon && !colon[1] && login_gid == (unsigned)-1))
		errx(1, "invalid owner: %s", spec);
}

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	usage_need_two_operands(argc, argv, "operand", "operand");
	unsigned uid, gid = (unsigned)-1;
	parse_spec(argv[optind], &uid, &gid);
	int status = 0;
	for (int i = optind + 1; i < argc; i++) {
		if (chown(argv[i], uid, gid) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
	}
	return status;
}
