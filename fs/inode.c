/*
 * inode.c — inodes: allocation, reference counts, permission checks.
 *
 * An inode is one file, directory or device as its filesystem describes it.
 * Every live inode is on its super block's list (sb->inodes), so that umount
 * can tell whether the filesystem is in use and can free everything at once.
 *
 * Life of an inode:
 *   inode_alloc()  refcount 1, on sb->inodes
 *   inode_get/put  lookups, open files, cwd, mount points hold references
 *   refcount 0     nlink 0 (unlinked) or sb->drops_unused_inodes → destroyed now:
 *                  the filesystem's evict, then its page cache, then the memory;
 *                  otherwise it stays, owned by its filesystem, until unlink or umount
 *
 * Permissions follow Unix: the owner's, group's or others' rwx bits, chosen by
 * the effective uid, then the effective gid or a supplementary group.  Root (euid 0) may do anything, except execute a
 * file that has no x bit at all (as Linux).
 *
 * Locking: reference counts change in task context only, never in interrupt
 * handlers; the kernel is not preemptive, so a get or put is never interrupted
 * by another task.  Read next: fs/mount.c.
 */
#include <corral/container.h>
#include <corral/device.h>
#include <corral/kmalloc.h>
#include <corral/page_cache.h>
#include <corral/panic.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

/* Before the scheduler gives the kernel a current task, it acts as root. */
static const struct cred *fs_current_cred(void)
{
	static const struct cred kernel_cred; /* all ids 0, no groups */
	return current ? &current->cred : &kernel_cred;
}

/* Inode times are 32-bit seconds since 1970, as in ext2: good until 2106. */
uint32_t vfs_now(void)
{
	return (uint32_t)time_realtime_seconds();
}

struct inode *inode_alloc(struct super_block *sb, uint32_t mode)
{
	struct inode *inode = kzalloc(sizeof(*inode));
	if (!inode)
		return NULL;
	const struct cred *cred = fs_current_cred();
	inode->ino = sb->next_ino++;
	inode->mode = mode;
	inode->nlink = 1;
	inode->uid = cred->euid;
	inode->gid = cred->egid;
	inode->atime = inode->mtime = inode->ctime = vfs_now();
	inode->refcount = 1;
	inode->sb = sb;
	mutex_init(&inode->lock, "inode");
	list_init(&inode->dirty_node);
	list_init(&inode->mappings);
	list_add_tail(&inode->sb_node, &sb->inodes);
	return inode;
}

/* A socket inode (bound AF_UNIX name) exists, but there are no sockets. */
static int socket_node_open(struct inode *inode, struct file *file)
{
	return -ENXIO;
}

static const struct file_operations socket_node_fops = {
	.open = socket_node_open,
};

void inode_init_special(struct inode *inode)
{
	if (S_ISFIFO(inode->mode))
		inode->fops = &fifo_fops;
	else if (S_ISCHR(inode->mode) || S_ISBLK(inode->mode))
		inode->fops = &device_node_fops;
	else if (S_ISSOCK(inode->mode))
		inode->fops = &socket_node_fops;
}

void inode_get(struct inode *inode)
{
	if (!inode)
		return;
	assert(inode->refcount >= 0);
	inode->refcount++;
}

static void inode_destroy(struct inode *inode)
{
	/* A file that still exists keeps what was written to it; an unlinked
	 * one's dirty pages are thrown away, never written. */
	if (inode->nlink > 0)
		page_cache_writeback_inode(inode, true);
	page_cache_evict_inode(inode);
	if (inode->sb->ops && inode->sb->ops->evict)
		inode->sb->ops->evict(inode);
	container_file_detach(inode);
	list_del(&inode->sb_node);
	kfree(inode);
}

void inode_put(struct inode *inode)
{
	if (!inode)
		return;
	assert(inode->refcount > 0);
	if (--inode->refcount > 0)
		return;
	if (inode->nlink == 0 || inode->sb->drops_unused_inodes)
		inode_destroy(inode);
}

/* Is any inode of sb in use, other than the root's own reference (the super
 * block's) and one more on the root (the caller's, from looking it up)? */
bool sb_has_busy_inodes(struct super_block *sb)
{
	struct list_head *pos;
	list_for_each(pos, &sb->inodes) {
		struct inode *inode = list_entry(pos, struct inode, sb_node);
		int expected = inode == sb->root ? 2 : 0;
		if (inode->refcount > expected)
			return true;
	}
	return false;
}

/* Umount: free every inode of sb, whatever its counts (none is in use). */
void sb_evict_all_inodes(struct super_block *sb)
{
	while (!list_is_empty(&sb->inodes))
		inode_destroy(list_first_entry(&sb->inodes, struct inode, sb_node));
	sb->root = NULL;
}

bool inode_is_owner_or_root(struct inode *inode)
{
	const struct cred *cred = fs_current_cred();
	return cred->euid == 0 || cred->euid == inode->uid;
}

int inode_permission(struct inode *inode, int mask)
{
	const struct cred *cred = fs_current_cred();
	mask &= R_OK | W_OK | X_OK;
	if (cred->euid == 0) {
		bool is_unexecutable = !S_ISDIR(inode->mode) && !(inode->mode & 0111);
		return (mask & X_OK) && is_unexecutable ? -EACCES : 0;
	}
	uint32_t bits;
	if (cred->euid == inode->uid)
		bits = inode->mode >> 6;
	else if (cred_is_in_group(cred, inode->gid))
		bits = inode->mode >> 3;
	else
		bits = inode->mode;
	return ((bits & 7) & (uint32_t)mask) == (uint32_t)mask ? 0 : -EACCES;
}
