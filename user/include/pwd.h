/*
 * pwd.h — the user database, /etc/passwd (lib/pwd.c): one user a line,
 * "name:password:uid:gid:gecos:home:shell".
 *
 * Each lookup reads the file again (it is a few lines in RAM) and returns a
 * pointer to one static entry, overwritten by the next call: copy what you
 * keep.  NULL when there is no such user (or no file).
 */
#ifndef _PWD_H
#define _PWD_H

#include <sys/types.h>

struct passwd {
	char *pw_name;
	char *pw_passwd;
	uid_t pw_uid;
	gid_t pw_gid;
	char *pw_gecos;
	char *pw_dir;
	char *pw_shell;
};

struct passwd *getpwuid(uid_t uid);
struct passwd *getpwnam(const char *name);

/* Every entry in turn: setpwent, getpwent until NULL, endpwent. */
void setpwent(void);
struct passwd *getpwent(void);
void endpwent(void);

#endif
