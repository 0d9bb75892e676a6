/*
 * dirent.c — opendir/readdir/closedir.
 *
 * A DIR is an open directory and a buffer of struct linux_dirent64 records
 * from getdents64 (220).  readdir walks the buffer record by record (each says
 * its own length, d_reclen) and refills it when it runs out; a getdents64
 * result of 0 is the end of the directory.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct dir {
	int fd;
	int pos, len; /* the unread records are buf[pos..len) */
	struct dirent entry;
	char buf[2048] __attribute__((aligned(8)));
};

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	DIR *dir = malloc(sizeof(*dir));
	if (!dir) {
		close(fd);
		return NULL;
	}
	dir->fd = fd;
	dir->pos = dir->len = 0;
	return dir;
}

struct dirent *readdir(DIR *dir)
{
	if (dir->pos >= dir->len) {
		long n = syscall3(__NR_getdents64, dir->fd, dir->buf, sizeof(dir->buf));
		if (n <= 0)
			return NULL; /* end (errno unchanged) or error (errno set) */
		dir->pos = 0;
		dir->len = (int)n;
	}
	struct linux_dirent64 *k = (struct linux_dirent64 *)(dir->buf + dir->pos);
	dir->pos += k->d_reclen;
	dir->entry.d_ino = k->d_ino;
	dir->entry.d_type = k->d_type;
	strlcpy(dir->entry.d_name, k->d_name, sizeof(dir->entry.d_name));
	return &dir->entry;
}

int closedir(DIR *dir)
{
	int ret = close(dir->fd);
	free(dir);
	return ret;
}

int dirfd(DIR *dir)
{
	return dir->fd;
}
