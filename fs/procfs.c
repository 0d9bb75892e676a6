/*
 * procfs.c — /proc: files whose text the kernel writes when they are opened.
 *
 *     /proc/meminfo, vmstat, mounts, swaps   whole-system numbers
 *     /proc/uptime, loadavg, stat, version, cpuinfo, filesystems
 *                                        the machine (fs/procfs_system.c)
 *     /proc/container_audit              runs the container audit when opened
 *     /proc/kmalloc_audit                runs kmalloc's audit, and its counters
 *     /proc/<pid>/status, cmdline, maps, container, stat, statm   one task each
 *     /proc/<pid>/exe, cwd               links: its program, its directory
 *     /proc/<pid>/fd/<n>                 links: what each descriptor has open
 *     /proc/self                         the pid directory of whoever looks
 *     /proc/sys/...                      switches that can be written (fs/procfs_sys.c)
 *
 * Nothing is stored: a lookup makes an inode describing what the name means,
 * and the inode goes when unused (sb->drops_unused_inodes).  So pid
 * directories come and go with the tasks, found through task_find and listed
 * through task_for_each.  An inode number says what it is:
 *
 *     1 the root, 2.. the root files, PID_INO(pid) a pid directory,
 *     PID_INO(pid) + 1 + i its i-th file, PID_INO(pid) + 15 its fd directory,
 *     FD_INO(pid, n) the link of its descriptor n
 *
 * and inode->private points at the file's entry in a table below.  An entry
 * with link_task is a symbolic link (fs/procfs_task.c writes its target when
 * it is read, so the lookup of /proc/self/exe walks to the program).  Opening a
 * file for reading runs its show function (fs/procfs_text.c) into a
 * page-sized buffer kept in file->private; reads copy from it; release frees
 * it.  A file with a store function is writable: each write hands its bytes
 * to store, whose errno the writer sees (`echo x > file`: Invalid argument).
 *
 * Locking: none of its own; task pointers are used only between a task_find
 * and the next sleep.  Read next: fs/procfs_text.c.
 */
#include <corral/kmalloc.h>
#include <corral/memlayout.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "procfs.h"

#define PROCFS_ROOT_INO 1
#define PROCFS_PID_INO_BASE 0x10000u
#define PROCFS_PID_INO(pid) (PROCFS_PID_INO_BASE + (uint32_t)(pid) * 16)
#define PROCFS_INO_PID(ino) ((int)(((ino) - PROCFS_PID_INO_BASE) / 16))
#define PROCFS_FD_DIR_INO(pid) (PROCFS_PID_INO(pid) + 15)
#define PROCFS_FD_INO_BASE 0x100000u /* above every pid directory's numbers */
#define PROCFS_FD_INO(pid, fd) (PROCFS_FD_INO_BASE + (uint32_t)(pid) * FILES_MAX + (uint32_t)(fd))
#define PROCFS_FD_INO_PID(ino) ((int)(((ino) - PROCFS_FD_INO_BASE) / FILES_MAX))
#define PROCFS_FD_INO_FD(ino) ((int)(((ino) - PROCFS_FD_INO_BASE) % FILES_MAX))
#define PROCFS_BUF_SIZE PAGE_SIZE

static const struct procfs_entry root_entries[] = {
	{"meminfo", procfs_show_meminfo, NULL, NULL, NULL},
	{"vmstat", procfs_show_vmstat, NULL, NULL, NULL},
	{"mounts", procfs_show_mounts, NULL, NULL, NULL},
	{"swaps", procfs_show_swaps, NULL, NULL, NULL},
	{"container_audit", procfs_show_container_audit, NULL, NULL, NULL},
	{"kmalloc_audit", procfs_show_kmalloc_audit, NULL, NULL, NULL},
	{"uptime", procfs_show_uptime, NULL, NULL, NULL},
	{"loadavg", procfs_show_loadavg, NULL, NULL, NULL},
	{"stat", procfs_show_stat, NULL, NULL, NULL},
	{"version", procfs_show_version, NULL, NULL, NULL},
	{"cpuinfo", procfs_show_cpuinfo, NULL, NULL, NULL},
	{"filesystems", procfs_show_filesystems, NULL, NULL, NULL},
};

/* At most 14: the 15th number of a pid directory is its fd directory's. */
static const struct procfs_entry pid_entries[] = {
	{"status", NULL, procfs_show_status, NULL, NULL},
	{"cmdline", NULL, procfs_show_cmdline, NULL, NULL},
	{"maps", NULL, procfs_show_maps, NULL, NULL},
	{"container", NULL, procfs_show_container, NULL, NULL},
	{"stat", NULL, procfs_show_stat_task, NULL, NULL},
	{"statm", NULL, procfs_show_statm, NULL, NULL},
	{"exe", NULL, NULL, NULL, procfs_link_exe},
	{"cwd", NULL, NULL, NULL, procfs_link_cwd},
};

/* readdir positions in the root: ".", "..", the files, "sys", "self", then pids. */
#define POS_ROOT_FILES 2
#define POS_SYS (POS_ROOT_FILES + ARRAY_SIZE(root_entries))
#define POS_SELF (POS_SYS + 1)
#define POS_PIDS (POS_SELF + 1)

static const struct inode_operations procfs_dir_iops;
static const struct inode_operations procfs_file_iops;
static const struct inode_operations procfs_link_iops;
static const struct file_operations procfs_dir_fops;
static const struct file_operations procfs_file_fops;

static bool name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(name, want, len) == 0;
}

static struct inode *procfs_inode(struct super_block *sb, uint32_t ino, uint32_t mode,
				  struct task *owner)
{
	struct inode *inode = inode_alloc(sb, mode);
	if (!inode)
		return NULL;
	inode->ino = ino;
	inode->uid = owner ? owner->cred.euid : 0;
	inode->gid = owner ? owner->cred.egid : 0;
	if (S_ISDIR(mode)) {
		inode->nlink = 2;
		inode->iops = &procfs_dir_iops;
		inode->fops = &procfs_dir_fops;
	} else {
		inode->fops = &procfs_file_fops;
	}
	return inode;
}

struct inode *procfs_make_dir(struct super_block *sb, uint32_t ino, struct task *owner)
{
	return procfs_inode(sb, ino, S_IFDIR | 0555, owner);
}

/* A link's target is written when it is read (procfs_readlink). */
static struct inode *procfs_make_link(struct super_block *sb, uint32_t ino, const void *entry,
				      struct task *owner)
{
	struct inode *inode = procfs_inode(sb, ino, S_IFLNK | 0777, owner);
	if (inode) {
		inode->private = (void *)entry;
		inode->iops = &procfs_link_iops;
		inode->fops = NULL;
	}
	return inode;
}

struct inode *procfs_make_file(struct super_block *sb, uint32_t ino,
			       const struct procfs_entry *entry, struct task *owner)
{
	if (entry->link_task)
		return procfs_make_link(sb, ino, entry, owner);
	bool is_readable = entry->show || entry->show_task;
	uint32_t mode = S_IFREG | (is_readable ? 0444 : 0) | (entry->store ? 0200 : 0);
	struct inode *inode = procfs_inode(sb, ino, mode, owner);
	if (inode) {
		inode->private = (void *)entry;
		inode->iops = &procfs_file_iops;
	}
	return inode;
}

int procfs_found(struct inode *inode, struct inode **out)
{
	*out = inode;
	return inode ? 0 : -ENOMEM;
}

static int procfs_pid_dir(struct super_block *sb, int pid, struct inode **out)
{
	struct task *t = task_find(pid);
	if (!t)
		return -ENOENT;
	return procfs_found(procfs_make_dir(sb, PROCFS_PID_INO(pid), t), out);
}

/* A decimal pid without sign or leading zeros, or -1. */
static int procfs_parse_pid(const char *name, size_t len)
{
	if (len == 0 || len > 5 || (name[0] == '0' && len > 1))
		return -1;
	int pid = 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		pid = pid * 10 + (name[i] - '0');
	}
	return pid <= TASK_MAX_PID ? pid : -1;
}

static int procfs_root_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	for (size_t i = 0; i < ARRAY_SIZE(root_entries); i++)
		if (name_is(name, len, root_entries[i].name))
			return procfs_found(procfs_make_file(dir->sb, POS_ROOT_FILES + i,
							     &root_entries[i], NULL),
					    out);
	if (name_is(name, len, "sys"))
		return procfs_sys_lookup(dir, name, len, out);
	if (name_is(name, len, "self"))
		return current ? procfs_pid_dir(dir->sb, current->pid, out) : -ENOENT;
	int pid = procfs_parse_pid(name, len);
	return pid < 0 ? -ENOENT : procfs_pid_dir(dir->sb, pid, out);
}

static bool procfs_is_fd_dir(const struct inode *dir)
{
	return dir->ino >= PROCFS_PID_INO_BASE && dir->ino < PROCFS_FD_INO_BASE &&
	       (dir->ino - PROCFS_PID_INO_BASE) % 16 == 15;
}

/* The fd directory is its owner's only (dr-x------), as on Linux. */
static int procfs_fd_dir(struct super_block *sb, struct task *t, struct inode **out)
{
	struct inode *dir = procfs_inode(sb, PROCFS_FD_DIR_INO(t->pid), S_IFDIR | 0500, t);
	return procfs_found(dir, out);
}

static int procfs_pid_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	int pid = PROCFS_INO_PID(dir->ino);
	struct task *t = task_find(pid);
	if (!t)
		return -ENOENT;
	for (size_t i = 0; i < ARRAY_SIZE(pid_entries); i++)
		if (name_is(name, len, pid_entries[i].name))
			return procfs_found(procfs_make_file(dir->sb, dir->ino + 1 + i,
							     &pid_entries[i], t),
					    out);
	if (name_is(name, len, "fd"))
		return procfs_fd_dir(dir->sb, t, out);
	return -ENOENT;
}

/* A decimal descriptor number that the task has open. */
static int procfs_fd_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	int pid = PROCFS_INO_PID(dir->ino);
	struct task *t = task_find(pid);
	int fd = procfs_parse_pid(name, len);
	if (!t)
		return -ENOENT;
	if (name_is(name, len, ".."))
		return procfs_pid_dir(dir->sb, pid, out);
	if (fd < 0 || !procfs_task_file(t, fd))
		return -ENOENT;
	return procfs_found(procfs_make_link(dir->sb, PROCFS_FD_INO(pid, fd), NULL, t), out);
}

static int procfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if (procfs_is_sys_dir(dir))
		return procfs_sys_lookup(dir, name, len, out);
	if (procfs_is_fd_dir(dir))
		return procfs_fd_lookup(dir, name, len, out);
	if (name_is(name, len, "..")) {
		inode_get(dir->sb->root);
		*out = dir->sb->root;
		return 0;
	}
	if (dir == dir->sb->root)
		return procfs_root_lookup(dir, name, len, out);
	return procfs_pid_lookup(dir, name, len, out);
}

static int procfs_emit_pid(struct task *t, void *arg)
{
	struct dir_context *ctx = arg;
	char name[12];
	if (t->pid == 0)
		return 0; /* the idle task: hidden, as in Linux */
	snprintf(name, sizeof(name), "%d", t->pid);
	return dir_emit_at(ctx, POS_PIDS + (uint64_t)t->pid, name, PROCFS_PID_INO(t->pid),
			      DT_DIR);
}

static int procfs_readdir_root(struct dir_context *ctx)
{
	for (size_t i = 0; i < ARRAY_SIZE(root_entries); i++)
		if (dir_emit_at(ctx, POS_ROOT_FILES + i, root_entries[i].name,
				   POS_ROOT_FILES + i, DT_REG))
			return 0;
	if (dir_emit_at(ctx, POS_SYS, "sys", PROCFS_SYS_INO, DT_DIR))
		return 0;
	if (current && dir_emit_at(ctx, POS_SELF, "self", PROCFS_PID_INO(current->pid), DT_DIR))
		return 0;
	task_for_each(procfs_emit_pid, ctx);
	return 0;
}

/* The descriptors the task has open, in order; it may have gone meanwhile. */
static int procfs_readdir_fds(struct inode *dir, struct dir_context *ctx)
{
	int pid = PROCFS_INO_PID(dir->ino);
	for (int fd = 0; fd < FILES_MAX; fd++) {
		struct task *t = task_find(pid); /* again each time: an emit may sleep */
		if (!t)
			return 0;
		if (!procfs_task_file(t, fd))
			continue;
		char name[12];
		snprintf(name, sizeof(name), "%d", fd);
		if (dir_emit_at(ctx, 2 + (uint64_t)fd, name, PROCFS_FD_INO(pid, fd), DT_LNK))
			return 0;
	}
	return 0;
}

static int procfs_readdir_pid(struct inode *dir, struct dir_context *ctx)
{
	for (size_t i = 0; i < ARRAY_SIZE(pid_entries); i++) {
		unsigned type = pid_entries[i].link_task ? DT_LNK : DT_REG;
		if (dir_emit_at(ctx, 2 + i, pid_entries[i].name, dir->ino + 1 + i, type))
			return 0;
	}
	int pid = PROCFS_INO_PID(dir->ino);
	dir_emit_at(ctx, 2 + ARRAY_SIZE(pid_entries), "fd", PROCFS_FD_DIR_INO(pid), DT_DIR);
	return 0;
}

static int procfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->inode;
	if (procfs_is_sys_dir(dir))
		return procfs_sys_readdir(dir, ctx);
	bool is_fd_dir = procfs_is_fd_dir(dir);
	uint32_t parent_ino = is_fd_dir ? PROCFS_PID_INO(PROCFS_INO_PID(dir->ino)) : PROCFS_ROOT_INO;
	if (dir_emit_at(ctx, 0, ".", dir->ino, DT_DIR) ||
	    dir_emit_at(ctx, 1, "..", parent_ino, DT_DIR))
		return 0;
	if (dir == dir->sb->root)
		return procfs_readdir_root(ctx);
	if (is_fd_dir)
		return procfs_readdir_fds(dir, ctx);
	return procfs_readdir_pid(dir, ctx);
}

/* The target of a pid directory's link (its entry) or of a descriptor's (no
 * entry: the number says which), written for each reader. */
static int procfs_readlink(struct inode *inode, char *buf, size_t size)
{
	const struct procfs_entry *entry = inode->private;
	bool is_fd = !entry;
	int pid = is_fd ? PROCFS_FD_INO_PID(inode->ino) : PROCFS_INO_PID(inode->ino);
	struct task *t = task_find(pid);
	if (!t)
		return -ENOENT;
	if (is_fd)
		return procfs_link_fd(t, PROCFS_FD_INO_FD(inode->ino), buf, size);
	return entry->link_task(t, buf, size);
}

static int procfs_open(struct inode *inode, struct file *file)
{
	const struct procfs_entry *entry = inode->private;
	uint32_t accmode = file->flags & O_ACCMODE;
	file->private = NULL;
	if (accmode != O_RDONLY && !entry->store)
		return -EACCES; /* root too: there is nothing to write to */
	if (accmode == O_WRONLY)
		return 0; /* a writer needs no text */
	if (!entry->show && !entry->show_task)
		return -EACCES; /* write-only (drop_caches): root too, as on Linux */
	struct procfs_buf *b = kmalloc(sizeof(*b));
	char *data = kmalloc(PROCFS_BUF_SIZE);
	if (!b || !data) {
		kfree(data);
		kfree(b);
		return -ENOMEM;
	}
	*b = (struct procfs_buf){data, PROCFS_BUF_SIZE, 0};
	/* Allocations first: nothing may sleep between task_find and the show
	 * (and meminfo's numbers then include this file's own buffer). */
	int err;
	if (entry->show_task) {
		struct task *t = task_find(PROCFS_INO_PID(inode->ino));
		err = t ? entry->show_task(b, t) : -ENOENT; /* ENOENT: the task has gone */
	} else {
		err = entry->show(b);
	}
	if (err) {
		kfree(data);
		kfree(b);
		return err;
	}
	file->private = b;
	return 0;
}

static ssize_t procfs_read(struct file *file, char *buf, size_t len, uint64_t *pos)
{
	struct procfs_buf *b = file->private;
	if (*pos >= b->len)
		return 0;
	size_t n = MIN(len, b->len - (size_t)*pos);
	memcpy(buf, b->data + *pos, n);
	*pos += n;
	return (ssize_t)n;
}

static ssize_t procfs_write(struct file *file, const char *buf, size_t len, uint64_t *pos)
{
	const struct procfs_entry *entry = file->inode->private;
	int err = entry->store(buf, len); /* open let only writable files be written */
	if (err)
		return err;
	*pos += len;
	return (ssize_t)len;
}

static void procfs_release(struct file *file)
{
	struct procfs_buf *b = file->private;
	if (!b)
		return;
	kfree(b->data);
	kfree(b);
}

/* O_TRUNC (the shell's `>`) truncates before the open: a switch has nothing
 * to cut, and a file without store cannot be written at all. */
static int procfs_truncate(struct inode *inode, uint64_t size)
{
	const struct procfs_entry *entry = inode->private;
	return entry->store ? 0 : -EACCES;
}

static const struct inode_operations procfs_dir_iops = {
	.lookup = procfs_lookup,
};

static const struct inode_operations procfs_file_iops = {
	.truncate = procfs_truncate,
};

static const struct inode_operations procfs_link_iops = {
	.readlink = procfs_readlink,
};

static const struct file_operations procfs_dir_fops = {
	.readdir = procfs_readdir,
};

static const struct file_operations procfs_file_fops = {
	.open = procfs_open,
	.read = procfs_read,
	.write = procfs_write,
	.release = procfs_release,
};

static int procfs_mount(struct filesystem_type *type, const char *source, uint32_t flags,
			struct super_block **out)
{
	struct super_block *sb = sb_alloc(type, NULL);
	struct inode *root = sb ? procfs_make_dir(sb, PROCFS_ROOT_INO, NULL) : NULL;
	if (!root) {
		kfree(sb);
		return -ENOMEM;
	}
	sb->drops_unused_inodes = true; /* after the root is made: the sb's reference keeps it */
	sb->root = root;
	*out = sb;
	return 0;
}

struct filesystem_type procfs_fs_type = {
	.name = "proc",
	.mount = procfs_mount,
};
