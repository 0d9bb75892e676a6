/*
 * id.c — who a process is:  id [-u | -g | -G] [-n] [-r] [USER]
 *
 * Without options, coreutils' line, names from /etc/passwd and /etc/group
 * in parentheses (left out for an id that has none):
 *
 *     uid=1000(user) gid=1000(user) groups=1000(user)
 *
 * with euid=/egid= after gid= when the effective ids differ from the real
 * ones.  groups= is the effective group first, then the supplementary
 * groups (getgroups).  For USER (a name or a uid) the ids are the ones
 * /etc/passwd gives, and the groups its login group and every group of
 * /etc/group that lists it as a member.  -u, -g, -G print only the user id,
 * the group id or all the group ids; -n their names instead; -r the real
 * ids instead of the effective ones.
 */
#include <err.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

#define ID_GROUPS_MAX 64

static const char usage[] = "usage: id [-u | -g | -G] [-n] [-r] [USER]\n";

struct ids {
	uid_t ruid, euid;
	gid_t rgid, egid;
	gid_t groups[ID_GROUPS_MAX]; /* the effective group first */
	int nr_groups;
};

static void add_group(struct ids *ids, gid_t gid)
{
	for (int i = 0; i < ids->nr_groups; i++)
		if (ids->groups[i] == gid)
			return;
	if (ids->nr_groups < ID_GROUPS_MAX)
		ids->groups[ids->nr_groups++] = gid;
}

static void ids_of_process(struct ids *ids)
{
	gid_t list[ID_GROUPS_MAX];
	ids->ruid = getuid();
	ids->euid = geteuid();
	ids->rgid = getgid();
	ids->egid = getegid();
	add_group(ids, ids->egid);
	int n = getgroups(ID_GROUPS_MAX, list);
	for (int i = 0; i < n; i++)
		add_group(ids, list[i]);
}

static void ids_of_user(struct ids *ids, const char *user)
{
	char *end;
	struct passwd *pw = getpwnam(user);
	if (!pw) {
		unsigned long uid = strtoul(user, &end, 10);
		pw = *user && !*end ? getpwuid((uid_t)uid) : NULL;
	}
	if (!pw)
		errx(1, "'%s': no such user", user);
	ids->ruid = ids->euid = pw->pw_uid;
	ids->rgid = ids->egid = pw->pw_gid;
	char name[64];
	snprintf(name, sizeof(name), "%s", pw->pw_name); /* pw is overwritten by the next lookup */
	add_group(ids, ids->egid);
	struct group *gr;
	setgrent();
	while ((gr = getgrent()))
		for (char **m = gr->gr_mem; *m; m++)
			if (strcmp(*m, name) == 0)
				add_group(ids, gr->gr_gid);
	endgrent();
}

static void print_user(const char *key, uid_t uid)
{
	struct passwd *pw = getpwuid(uid);
	printf("%s%u", key, uid);
	if (pw)
		printf("(%s)", pw->pw_name);
}

static void print_group(const char *key, gid_t gid)
{
	struct group *gr = getgrgid(gid);
	printf("%s%u", key, gid);
	if (gr)
		printf("(%s)", gr->gr_name);
}

static void print_full(const struct ids *ids)
{
	print_user("uid=", ids->ruid);
	print_group(" gid=", ids->rgid);
	if (ids->euid != ids->ruid)
		print_user(" euid=", ids->euid);
	if (ids->egid != ids->rgid)
		print_group(" egid=", ids->egid);
	for (int i = 0; i < ids->nr_groups; i++)
		print_group(i ? "," : " groups=", ids->groups[i]);
	putchar('\n');
}

/* One id alone (-u, -g): its number, or with -n its name (the number if none). */
static void print_one(unsigned id, int is_group, int by_name)
{
	const char *name = NULL;
	if (by_name && is_group) {
		struct group *gr = getgrgid(id);
		name = gr ? gr->gr_name : NULL;
	} else if (by_name) {
		struct passwd *pw = getpwuid(id);
		name = pw ? pw->pw_name : NULL;
	}
	if (name)
		printf("%s", name);
	else
		printf("%u", id);
}

int main(int argc, char **argv)
{
	int c, what = 0, by_name = 0, real = 0;
	struct ids ids = {0};
	while ((c = usage_getopt(argc, argv, "ugGnr", usage)) != -1) {
		if (c == 'n')
			by_name = 1;
		else if (c == 'r')
			real = 1;
		else if (what && what != c)
			usage_error("cannot print more than one choice of -u, -g and -G");
		else
			what = c;
	}
	if ((by_name || real) && !what)
		usage_error("cannot print only names or real ids in the default format");
	if (argc - optind > 1)
		usage_error("extra operand '%s'", argv[optind + 1]);
	if (optind < argc)
		ids_of_user(&ids, argv[optind]);
	else
		ids_of_process(&ids);
	if (what == 'u')
		print_one(real ? ids.ruid : ids.euid, 0, by_name);
	else if (what == 'g')
		print_one(real ? ids.rgid : ids.egid, 1, by_name);
	for (int i = 0; what == 'G' && i < ids.nr_groups; i++) {
		printf("%s", i ? " " : "");
		print_one(ids.groups[i], 1, by_name);
	}
	if (what)
		putchar('\n');
	else
		print_full(&ids);
	return 0;
}
