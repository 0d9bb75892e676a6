/*
 * sys_id.c — user and group ids.  The 32-bit-id calls (199, 200, 213, ...) are
 * the ones glibc uses on i386; the old 16-bit ones would truncate ids.
 */
#include <sys/syscall.h>
#include <unistd.h>

uid_t getuid(void)
{
	return (uid_t)__sc0(__NR_getuid32);
}

uid_t geteuid(void)
{
	return (uid_t)__sc0(__NR_geteuid32);
}

gid_t getgid(void)
{
	return (gid_t)__sc0(__NR_getgid32);
}

gid_t getegid(void)
{
	return (gid_t)__sc0(__NR_getegid32);
}

int setuid(uid_t uid)
{
	return (int)syscall1(__NR_setuid32, uid);
}

int setgid(gid_t gid)
{
	return (int)syscall1(__NR_setgid32, gid);
}

int getgroups(int size, gid_t list[])
{
	return (int)syscall2(__NR_getgroups32, size, list);
}
