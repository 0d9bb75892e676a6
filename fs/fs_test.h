/*
 * fs_test.h — small helpers shared by the self tests in fs/ (namei_test.c, ...):
 * whole-file writes and reads through the VFS, and running a step as an
 * ordinary user.  Tests run in the boot task (pid 0, root); each must leave
 * the tree as it found it (the runner also checks that no page leaked).
 */
#ifndef FS_FS_TEST_H
#define FS_FS_TEST_H

#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

/* Create (or truncate) path and write len bytes of data; 0 or -errno. */
static inline int fst_write_file(const char *path, const void *data, size_t len)
{
	struct file *file;
	int err = vfs_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644, &file);
	if (err)
		return err;
	ssize_t n = file_write(file, data, len);
	file_put(file);
	return n < 0 ? (int)n : (size_t)n == len ? 0 : -EIO;
}

/* Read all of path (at most size bytes) into buf; bytes read or -errno. */
static inline ssize_t fst_read_file(const char *path, void *buf, size_t size)
{
	struct file *file;
	int err = vfs_open(path, O_RDONLY, 0, &file);
	if (err)
		return err;
	size_t done = 0;
	ssize_t n;
	while (done < size && (n = file_read(file, (char *)buf + done, size - done)) > 0)
		done += (size_t)n;
	file_put(file);
	return (ssize_t)done;
}

/* The current task's effective ids, swapped in and out around a step. */
static inline struct cred fst_become_user(uint32_t uid, uint32_t gid)
{
	struct cred saved = current->cred;
	current->cred.euid = current->cred.uid = uid;
	current->cred.egid = current->cred.gid = gid;
	return saved;
}

static inline void fst_restore_cred(struct cred saved)
{
	current->cred = saved;
}

/* Look path up and compare with want; the reference is dropped. */
static inline bool fst_lookup_is(const char *path, struct inode *want)
{
	struct inode *inode;
	if (vfs_lookup(path, &inode))
		return false;
	inode_put(inode);
	return inode == want;
}

#endif
