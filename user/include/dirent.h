/*
 * dirent.h — reading directories: opendir/readdir/closedir over getdents64
 * (struct linux_dirent64 in <uapi/dirent.h>).  lib/dirent.c.
 */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <sys/types.h>
#include <uapi/dirent.h>

struct dirent {
	ino_t d_ino;
	unsigned char d_type; /* DT_* or DT_UNKNOWN */
	char d_name[256];
};

typedef struct dir DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);
int dirfd(DIR *dir);

#endif
