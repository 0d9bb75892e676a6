/*
 * scratch.c — the only places a fuzz run changes: its scratch directory
 * /tmp/fuzz.PID, with one directory per batch inside (bN), and its own
 * container /configfs/container/fuzzPID (root only: others may not create
 * containers).
 *
 * The parent makes the batch directory before each batch and removes it,
 * with everything the child left in it, afterwards; the container too.  The
 * removal must not be fooled by what a child did:
 *   - a child may have mounted something in the batch directory (root):
 *     unmount first, and never descend into a directory on another device,
 *     which could be /proc or a second view of /configfs;
 *   - a child may have chmod'ed directories to 0: give them 0700 back first;
 *   - depth is bounded, in case the kernel allowed a loop (a hard link to a
 *     directory, a directory renamed into itself).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fuzz.h"

#define SCRATCH_DEPTH_MAX 16
#define MNT_DETACH 2

int scratch_create(char *dir, size_t size)
{
	snprintf(dir, size, "/tmp/fuzz.%d", (int)getpid());
	if (mkdir(dir, 0777) && errno != EEXIST)
		return -1;
	return chmod(dir, 0777); /* so a root child that became uid 1000 still works in it */
}

/* Make (or make again, and usable again) a batch directory. */
int scratch_make_batch_dir(const char *dir)
{
	if (mkdir(dir, 0777) && errno != EEXIST)
		return -1;
	return chmod(dir, 0777);
}

/* Unmount whatever a child mounted on path, mounts stacked on mounts too. */
static void scratch_unmount(const char *path)
{
	for (int i = 0; i < 8 && syscall2(__NR_umount2, path, 0) == 0; i++)
		;
	if (errno == EBUSY)
		syscall2(__NR_umount2, path, MNT_DETACH);
}

static int scratch_remove_at(const char *path, unsigned long long dev, int depth);

static void scratch_empty_dir(const char *path, unsigned long long dev, int depth)
{
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *e;
	char child[FUZZ_PATH_MAX];
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(child, sizeof(child), "%s/%s", path, e->d_name) >= (int)sizeof(child))
			continue;
		scratch_remove_at(child, dev, depth + 1);
	}
	closedir(d);
}

static int scratch_remove_at(const char *path, unsigned long long dev, int depth)
{
	struct stat st;
	if (depth > SCRATCH_DEPTH_MAX || lstat(path, &st))
		return -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	scratch_unmount(path);
	if (lstat(path, &st) || st.st_dev != dev)
		return -1; /* still a mount point: never descend into another filesystem */
	chmod(path, 0700);
	scratch_empty_dir(path, dev, depth);
	return rmdir(path);
}

/* Remove dir and everything in it.  Returns 0, or -1 if something stayed. */
int scratch_remove(const char *dir)
{
	struct stat st;
	if (lstat(dir, &st))
		return errno == ENOENT ? 0 : -1;
	scratch_unmount(dir);
	if (lstat(dir, &st))
		return -1;
	scratch_remove_at(dir, st.st_dev, 0);
	return lstat(dir, &st) == 0 ? -1 : 0;
}

void scratch_container_name(char *out, size_t size, pid_t owner)
{
	snprintf(out, size, "/configfs/container/fuzz%d", (int)owner);
}

/* The container, and the bad names container.c tries to create beside and
 * below it, in case the kernel took one.  ("/.." is /configfs/container
 * itself: only ever tried with mkdir, never removed.)  Returns 0, or -1 if
 * one of them is still there. */
int scratch_container_remove(const char *container)
{
	static const char *const names[] = {"/sub", "!", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", ""};
	char path[128];
	int err = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", container, names[i]);
		scratch_unmount(path); /* root may have mounted a ramfs on it */
		if (rmdir(path) && errno != ENOENT && errno != EINVAL) {
			fprintf(stderr, "fuzz: cannot remove %s: %s\n", path, strerror(errno));
			err = -1;
		}
	}
	return err;
}
