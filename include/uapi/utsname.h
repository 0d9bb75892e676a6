/*
 * utsname.h — struct new_utsname, what uname(122) fills (6 fields of 65 bytes).
 */
#ifndef UAPI_UTSNAME_H
#define UAPI_UTSNAME_H

struct new_utsname {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

#endif
