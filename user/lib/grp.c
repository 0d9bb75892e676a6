/*
 * grp.c — the group database (grp.h): /etc/group read through etc_file.c.
 * A group's member list is cut at its commas into a fixed array of
 * GROUP_MEMBERS_MAX names (more are not kept: Corral's file has none).
 */
#include <grp.h>
#include <string.h>

#include "etc_file.h"

#define GROUP_MEMBERS_MAX 64

static struct etc_file group_file = {"/etc/group", NULL, NULL, 0};
static struct group entry;
static char *members[GROUP_MEMBERS_MAX + 1];

static void gr_split_members(char *list)
{
	int n = 0;
	for (char *name = list; *list && n < GROUP_MEMBERS_MAX; name = list) {
		list += strcspn(list, ",");
		if (*list)
			*list++ = '\0';
		if (*name)
			members[n++] = name;
	}
	members[n] = NULL;
}

struct group *getgrent(void)
{
	char *f[4];
	while (etc_file_next(&group_file, f, 4) == 0) {
		if (etc_parse_id(f[2], &entry.gr_gid) < 0)
			continue;
		entry.gr_name = f[0];
		entry.gr_passwd = f[1];
		gr_split_members(f[3]);
		entry.gr_mem = members;
		return &entry;
	}
	return NULL;
}

void setgrent(void)
{
	etc_file_rewind(&group_file);
}

void endgrent(void)
{
	etc_file_close(&group_file);
}

/* The first entry that matches name, or gid when name is NULL. */
static struct group *gr_find(const char *name, gid_t gid)
{
	struct group *gr;
	endgrent();
	while ((gr = getgrent()))
		if (name ? strcmp(gr->gr_name, name) == 0 : gr->gr_gid == gid)
			break;
	endgrent();
	return gr;
}

struct group *getgrgid(gid_t gid)
{
	return gr_find(NULL, gid);
}

struct group *getgrnam(const char *name)
{
	return gr_find(name, 0);
}
