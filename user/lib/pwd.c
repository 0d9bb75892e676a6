/*
 * pwd.c — the user database (pwd.h): /etc/passwd read through etc_file.c.
 * getpwuid and getpwnam walk the whole file from its start each time, and
 * leave it closed, so a program that looks up a name now and then keeps no
 * descriptor open.
 */
#include <pwd.h>
#include <string.h>

#include "etc_file.h"

static struct etc_file passwd_file = {"/etc/passwd", NULL, NULL, 0};
static struct passwd entry;

struct passwd *getpwent(void)
{
	char *f[7];
	while (etc_file_next(&passwd_file, f, 7) == 0) {
		if (etc_parse_id(f[2], &entry.pw_uid) < 0 || etc_parse_id(f[3], &entry.pw_gid) < 0)
			continue;
		entry.pw_name = f[0];
		entry.pw_passwd = f[1];
		entry.pw_gecos = f[4];
		entry.pw_dir = f[5];
		entry.pw_shell = f[6];
		return &entry;
	}
	return NULL;
}

void setpwent(void)
{
	etc_file_rewind(&passwd_file);
}

void endpwent(void)
{
	etc_file_close(&passwd_file);
}

/* The first entry that matches name, or uid when name is NULL. */
static struct passwd *pw_find(const char *name, uid_t uid)
{
	struct passwd *pw;
	endpwent();
	while ((pw = getpwent()))
		if (name ? strcmp(pw->pw_name, name) == 0 : pw->pw_uid == uid)
			break;
	endpwent();
	return pw; /* its strings stay in the reader's buffer after close */
}

struct passwd *getpwuid(uid_t uid)
{
	return pw_find(NULL, uid);
}

struct passwd *getpwnam(const char *name)
{
	return pw_find(name, 0);
}
