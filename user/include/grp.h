/*
 * grp.h — the group database, /etc/group (lib/grp.c): one group a line,
 * "name:password:gid:member,member,...".
 *
 * As pwd.h: each lookup reads the file, the result is one static entry
 * overwritten by the next call, NULL when there is no such group.
 */
#ifndef _GRP_H
#define _GRP_H

#include <sys/types.h>

struct group {
	char *gr_name;
	char *gr_passwd;
	gid_t gr_gid;
	char **gr_mem; /* the members' names, NULL-terminated */
};

struct group *getgrgid(gid_t gid);
struct group *getgrnam(const char *name);

/* Every entry in turn: setgrent, getgrent until NULL, endgrent. */
void setgrent(void);
struct group *getgrent(void);
void endgrent(void);

#endif
