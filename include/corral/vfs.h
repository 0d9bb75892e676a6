/*
 * vfs.h — the virtual filesystem: inodes, open files, mounts, fd tables.
 *
 * Layers (read top to bottom):
 *   system calls (fs/syscalls_file.c, fs/syscalls_path.c) — user pointers, fds, errno
 *   open files and fd tables (fs/file.c, fs/fdtable.c) — struct file: inode + position + flags
 *   operations by path (fs/vfs_ops.c, fs/vfs_dir.c)    — permission checks, then the fs
 *   path lookup (fs/namei.c)           — "/a/b/../c" → inode, crossing mounts
 *   inodes and mounts (fs/inode.c, fs/mount.c)
 *   filesystems: ramfs (/), devfs (/dev), procfs (/proc), pipes, later ext2, configfs
 *
 * There is no dentry cache: a path is resolved by asking each directory's
 * filesystem to look up the next name.  ".." is the filesystem's business
 * inside a filesystem; at the root of a mount, the VFS steps to the mount point
 * first.  A symbolic link is an inode whose filesystem keeps a path (its
 * readlink); the lookup walks that path in the link's place.  File operations
 * take kernel buffers: the system-call layer copies to and from user space.
 *
 * Reference counting: inode_get()/inode_put(); an inode whose nlink is 0 is
 * destroyed (its filesystem's evict) when its last reference goes, and so is
 * any unused inode of a filesystem that makes inodes on demand
 * (sb->drops_unused_inodes: procfs).  Other inodes (ramfs, devfs) live, with
 * no reference, until they are unlinked or their filesystem is unmounted.
 * Files have their own count (fork and dup share them).
 *
 * Locking: the kernel is not preemptive (include/corral/wait.h), so reference
 * counts, directory lists and the mount list are changed by task code that
 * does not sleep between checking and changing them; inode->lock (a mutex)
 * keeps a file's contents and size consistent across sleeps (page allocation,
 * later disk I/O).  Lock order: docs/locking.md.
 */
#ifndef CORRAL_VFS_H
#define CORRAL_VFS_H

#include <corral/kmem.h>
#include <corral/list.h>
#include <corral/page_tree.h>
#include <corral/string.h>
#include <corral/types.h>
#include <corral/wait.h>
#include <uapi/dirent.h>
#include <uapi/stat.h>

struct inode;
struct file;
struct poll_table;
struct super_block;
struct page;
struct page_cache_ops;
struct container;
struct mount;
struct pipe;

#define NAME_MAX 255
#define PATH_MAX 1024
#define FILES_MAX 64 /* open files per task */

struct dir_context {
	/* Called for each entry; returns non-zero to stop (the buffer is full). */
	int (*emit)(struct dir_context *ctx, const char *name, size_t len, uint32_t ino,
		    unsigned type);
	/* The filesystem's cursor: readdir starts at the entry at pos; while an
	 * entry is emitted pos is that entry's position, and the filesystem moves
	 * pos past it only when emit returned 0 (so a full buffer loses nothing). */
	uint64_t pos;
};

struct inode_operations {
	/* Find name in dir (".." included; "." never asked); 0 and *out (a new
	 * reference), or -ENOENT. */
	int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
	/* Create a regular file, device or fifo (mode has the type bits); -EEXIST
	 * if the name exists.  The VFS has checked permissions. */
	int (*create)(struct inode *dir, const char *name, size_t len, uint32_t mode,
		      uint32_t rdev, struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, size_t len, uint32_t mode,
		     struct inode **out);
	int (*rmdir)(struct inode *dir, const char *name, size_t len); /* -ENOTEMPTY */
	int (*unlink)(struct inode *dir, const char *name, size_t len);
	int (*link)(struct inode *dir, const char *name, size_t len, struct inode *target);
	/* The VFS has checked types, emptiness of a replaced directory and loops. */
	int (*rename)(struct inode *old_dir, const char *old_name, size_t old_len,
		      struct inode *new_dir, const char *new_name, size_t new_len);
	int (*setattr)(struct inode *inode); /* mode/uid/gid/size changed: persist */
	int (*truncate)(struct inode *inode, uint64_t size);
	/* Make a symbolic link name → target (target_len bytes, 1..PATH_MAX-1, no
	 * NUL needed), mode S_IFLNK | 0777, size target_len; -EEXIST if the name
	 * exists.  The VFS has checked permissions. */
	int (*symlink)(struct inode *dir, const char *name, size_t len, const char *target,
		       size_t target_len, struct inode **out);
	/* A symbolic link's target into buf: at most size bytes, no NUL added;
	 * returns the number of bytes copied. */
	int (*readlink)(struct inode *inode, char *buf, size_t size);
};

struct file_operations {
	int (*open)(struct inode *inode, struct file *file);
	void (*release)(struct file *file);
	/* O_APPEND: write moves *pos to the end itself, under the inode's lock. */
	ssize_t (*read)(struct file *file, char *buf, size_t len, uint64_t *pos);
	ssize_t (*write)(struct file *file, const char *buf, size_t len, uint64_t *pos);
	int (*readdir)(struct file *file, struct dir_context *ctx);
	int (*ioctl)(struct file *file, uint32_t cmd, uintptr_t arg);
	/* Readiness, as POLL* bits (uapi/poll.h).  Calls poll_wait() for each
	 * wait queue a change is signalled on, *before* looking at the state (a
	 * change after the look then wakes the poller); must not sleep.  NULL:
	 * always readable and writable (POLL_DEFAULT_MASK). */
	unsigned (*poll)(struct file *file, struct poll_table *pt);
};

/* What statfs(2) reports (the system call turns it into Linux's statfs64). */
struct kstatfs {
	uint32_t f_type, f_bsize, f_namelen;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
};

struct super_operations {
	void (*evict)(struct inode *inode); /* free the filesystem's part of an inode */
	int (*sync)(struct super_block *sb);
	void (*put_super)(struct super_block *sb); /* optional: free sb->private at umount */
	int (*statfs)(struct super_block *sb, struct kstatfs *out); /* optional */
};

struct filesystem_type {
	const char *name; /* "ramfs", "devfs", "proc", ... as in mount -t */
	bool needs_device; /* mounts a block device (else "nodev" in /proc/filesystems) */
	/* Make a super block for this mount; source is the device path or "none". */
	int (*mount)(struct filesystem_type *type, const char *source, uint32_t flags,
		     struct super_block **out);
	struct filesystem_type *next;
};

struct super_block {
	struct filesystem_type *type;
	const struct super_operations *ops;
	struct inode *root;        /* holds one reference for the super block */
	uint32_t dev;              /* st_dev: sb_alloc gives an anonymous 0:N */
	uint32_t next_ino;         /* for filesystems that number inodes in memory */
	bool drops_unused_inodes;  /* inodes are made at lookup, freed when unused */
	bool has_page_cache;       /* file data lives in the page cache (charged to containers) */
	struct list_head inodes;   /* every live inode: inode.sb_node */
	void *private;
	int refcount;
};

struct inode {
	uint32_t ino;
	uint32_t mode;  /* S_IF* | permission bits */
	uint32_t nlink;
	uint32_t uid, gid;
	uint64_t size;  /* inode->lock for regular files */
	uint32_t rdev;  /* device number, for S_IFCHR/S_IFBLK (Linux's new_encode_dev) */
	uint32_t atime, mtime, ctime; /* seconds since 1970 UTC (the wall clock) */
	int refcount;
	struct super_block *sb;
	struct list_head sb_node; /* on sb->inodes */
	const struct inode_operations *iops;
	const struct file_operations *fops;
	struct mount *covered_by; /* a filesystem mounted on this directory, or NULL */
	struct mutex lock;        /* serialises changes to the contents */
	/* Page cache (include/corral/page_cache.h): the file's data pages by
	 * page index, under inode->lock; how they meet the disk (NULL: they are
	 * the only copy, as in ramfs). */
	const struct page_cache_ops *cache_ops;
	struct page_tree cache;
	uint32_t nr_cache_pages;
	/* The VMAs that map this file (struct vma.file_node), for the reverse
	 * map (mm/rmap.c).  Changed only where no one sleeps in between. */
	struct list_head mappings;
	/* Write-back (mm/writeback.c), under writeback_lock (interrupts off):
	 * dirty pages, and the place on the dirty-inode list while any exist. */
	uint32_t nr_dirty_pages;
	struct list_head dirty_node;
	uint64_t dirtied_at;      /* jiffies when it last went from clean to dirty */
	struct container *container; /* charged for the page cache (container_lock) */
	struct list_head container_node; /* on the container's file list */
	/* A FIFO's (or pipe(2)'s) pipe while some end is open, else NULL:
	 * fs/pipe.c's, changed with no sleep between test and set. */
	struct pipe *pipe;
	void *private;            /* the filesystem's */
};

struct mount {
	struct super_block *sb;
	struct inode *mountpoint; /* the covered directory, referenced (NULL for /) */
	struct mount *parent;     /* the mount holding mountpoint (NULL for /) */
	char path[PATH_MAX / 4];  /* where, for /proc/mounts */
	char source[64];
	struct list_head node;    /* on the mount list */
};

struct file {
	struct inode *inode;
	struct path_name *path; /* the absolute path it was opened by; NULL: none (a pipe) */
	const struct file_operations *fops;
	uint32_t flags;  /* O_* open flags (access mode, O_APPEND, O_NONBLOCK) */
	uint64_t pos;
	int refcount;
	void *private;   /* the filesystem's (pipe end, procfs text, ...) */
	/* Read-ahead (mm/filemap.c): where a sequential reader goes next, and
	 * how many pages to read ahead of it (grows while reads stay in order). */
	uint32_t ra_next_index;
	uint32_t ra_pages;
	struct kmem_charge kmem; /* the struct, charged to its opener's container (fs/file.c) */
};

struct files {
	struct file *fd[FILES_MAX];
	uint64_t cloexec; /* bit n: close fd n on exec */
	int refcount;
	struct kmem_charge kmem; /* the table, charged to its maker's container */
};

/* Inodes (fs/inode.c). */
struct inode *inode_alloc(struct super_block *sb, uint32_t mode); /* owner: current's euid */
void inode_get(struct inode *inode); /* NULL is ignored, as by inode_put */
void inode_put(struct inode *inode);
/* May the current task access inode with mask (R_OK|W_OK|X_OK)? 0 or -EACCES. */
int inode_permission(struct inode *inode, int mask);
bool inode_is_owner_or_root(struct inode *inode); /* chmod and the sticky bit */
uint32_t vfs_now(void);                  /* the wall clock in seconds, for inode times */
bool sb_has_busy_inodes(struct super_block *sb); /* for umount: see fs/mount.c */
/* A FIFO, device or socket inode's file operations, whichever filesystem
 * holds it (Linux's init_special_inode): FIFOs open as named pipes
 * (fs/fifo.c), devices reach their driver by inode->rdev (fs/devices.c),
 * sockets cannot be opened (ENXIO). */
void inode_init_special(struct inode *inode);
void sb_evict_all_inodes(struct super_block *sb);

static inline unsigned vfs_dtype(uint32_t mode) /* DT_* for readdir */
{
	return (mode & S_IFMT) >> 12;
}

/* For readdir of filesystems that number their entries: emit entry number pos
 * unless the cursor has passed it; returns 1 when the caller's buffer is full. */
static inline int dir_emit_at(struct dir_context *ctx, uint64_t pos, const char *name,
			      uint32_t ino, unsigned type)
{
	if (ctx->pos > pos)
		return 0;
	ctx->pos = pos;
	if (ctx->emit(ctx, name, strlen(name), ino, type))
		return 1;
	ctx->pos = pos + 1;
	return 0;
}

/* Filesystems and mounts (fs/mount.c). */
void fs_register(struct filesystem_type *type);
/* A zeroed super block with an anonymous device number and an empty inode list. */
struct super_block *sb_alloc(struct filesystem_type *type, const struct super_operations *ops);
int vfs_mount(const char *source, const char *target, const char *type, uint32_t flags);
int vfs_umount(const char *target);
struct inode *vfs_root(void);  /* borrowed: the root of the mount at / */
/* The mount whose filesystem's root is inode, or NULL. */
struct mount *vfs_mount_of_root(struct inode *inode);
/* Mount ramfs at /, unpack the initramfs, mount devfs at /dev.  Needs current
 * (the boot task), whose root and cwd it sets to /. */
void vfs_init(void);
/* Call f for each mount (for /proc/mounts), parents before children. */
void vfs_for_each_mount(void (*f)(struct mount *m, void *arg), void *arg);
/* Call f for each registered filesystem type (for /proc/filesystems). */
void vfs_for_each_fs_type(void (*f)(const struct filesystem_type *type, void *arg), void *arg);

/* The built-in filesystems (vfs_init registers them). */
extern struct filesystem_type ramfs_fs_type;  /* fs/ramfs.c */
extern struct filesystem_type devfs_fs_type;  /* fs/devfs.c */
extern struct filesystem_type procfs_fs_type; /* fs/procfs.c */
extern struct filesystem_type ext2_fs_type;   /* fs/ext2/super.c */

/* Path lookup (fs/namei.c).  Paths are kernel strings; relative ones start
 * at base, or at current's cwd when base is NULL.  Symbolic links before the
 * last name are always followed; one in the last name only with
 * LOOKUP_FOLLOW, or when a '/' comes after it.  More than MAXSYMLINKS links
 * in one lookup: -ELOOP. */
#define LOOKUP_FOLLOW 1 /* follow a symbolic link in the last name */
#define MAXSYMLINKS 40  /* Linux's limit */
int vfs_lookup(const char *path, struct inode **out); /* follows, as stat(2) */
int vfs_lookup_at(struct inode *base, const char *path, unsigned flags, struct inode **out);
/* Resolve all but the last component: *dir (a reference, a directory) and the
 * last name, pointing into path ("" for "/", "." or ".." as written); a link
 * in the last name is not followed. */
int vfs_lookup_parent(const char *path, struct inode **dir, const char **name, size_t *len);
int vfs_lookup_parent_at(struct inode *base, const char *path, struct inode **dir,
			 const char **name, size_t *len);
/* One step: name in dir, with "." and "..", crossing mounts both ways. */
int vfs_lookup_child(struct inode *dir, const char *name, size_t len, struct inode **out);

/*
 * A lookup stopped before its last name, for a caller that looks at the last
 * name itself and may follow a link found there (open with O_CREAT):
 *
 *     vfs_walk_start(&w, base, path);      w.dir, w.name: the last name
 *     ... vfs_lookup_child(w.dir, w.name, w.len, &inode) is a link:
 *     vfs_walk_follow_link(&w, inode);     w.dir, w.name: the last name of its target
 *     vfs_walk_finish(&w);                 always, whatever the results
 *
 * w.name may point into the link text the walk keeps, so it is valid until
 * the next follow or the finish.
 */
struct path_walk {
	struct inode *dir;    /* the last name's directory: a reference */
	const char *name;     /* the last name; "" when there is none ("/") */
	size_t len;
	bool must_be_dir;     /* a '/' comes after the last name */
	/* namei.c's: where the walk is */
	const char *pos;       /* the next character to walk */
	bool is_in_link_text;  /* pos points into link_text */
	const char *path_rest; /* in link text: the caller's path still to walk, or NULL */
	char *link_text;       /* kmalloc'd at the first link: text, then scratch */
	int nr_links;          /* links followed so far */
};
int vfs_walk_start(struct path_walk *w, struct inode *base, const char *path);
int vfs_walk_follow_link(struct path_walk *w, struct inode *link);
void vfs_walk_finish(struct path_walk *w);

/* Operations by path (fs/vfs_ops.c, fs/vfs_dir.c): what the system calls use. */
int vfs_open(const char *path, uint32_t flags, uint32_t mode, struct file **out);
int vfs_open_at(struct inode *base, const char *path, uint32_t flags, uint32_t mode,
		struct file **out);
int vfs_mkdir(const char *path, uint32_t mode);
/* mknod(2)'s policy: mode's type (S_IFIFO, S_IFREG or 0, S_IFCHR, S_IFBLK,
 * S_IFSOCK) and permission bits (less the umask); rdev for devices. */
int vfs_mknod_at(struct inode *base, const char *path, uint32_t mode, uint32_t rdev);
int vfs_rmdir(const char *path);
int vfs_unlink(const char *path);
int vfs_link(const char *old_path, const char *new_path); /* old_path's link is not followed */
/* A symbolic link at path (relative to base, as vfs_lookup_at) to target. */
int vfs_symlink_at(struct inode *base, const char *target, const char *path);
int vfs_rename(const char *old_path, const char *new_path);
int vfs_chmod(struct inode *inode, uint32_t mode);
int vfs_chown(struct inode *inode, uint32_t uid, uint32_t gid); /* (uint32_t)-1: keep */
/* Times in seconds since 1970; NULL leaves one as it is.  explicit_times: the
 * caller gave values (owner or root only), not "now" (write permission will do). */
int vfs_set_times(struct inode *inode, const uint32_t *atime, const uint32_t *mtime,
		  bool explicit_times);
int vfs_truncate(struct inode *inode, uint64_t size); /* no permission check */
/* A symbolic link's target (no NUL, at most size bytes): its length, or -EINVAL
 * when inode is not a link. */
int vfs_readlink(struct inode *inode, char *buf, size_t size);
int vfs_chdir(const char *path);
int vfs_chroot(const char *path); /* root only: EPERM */
/* The cwd's path from the task's root; "(unreachable)/..." when outside it. */
int vfs_getcwd(char *buf, size_t size);
/* The path of inode as seen from root (NULL: the global root); 0 or -errno. */
int vfs_inode_path(struct inode *inode, struct inode *root, char *buf, size_t size);

/* Names of opened things (fs/path_name.c): an absolute path shared by
 * reference (an open file, the VMAs mapping it, the task that exec'd it). */
struct path_name {
	int refcount;
	char text[]; /* NUL-terminated */
};
struct path_name *path_name_make(const char *text); /* NULL: no memory */
struct path_name *path_name_get(struct path_name *name); /* NULL is passed through */
void path_name_put(struct path_name *name);              /* NULL is ignored */
/* The clean absolute path of path opened from base (NULL: the cwd); 0 or -ENOMEM. */
int path_name_for_open(struct inode *base, const char *path, struct path_name **out);

/* Open files (fs/file.c). */
struct file *file_alloc(struct inode *inode, uint32_t flags); /* takes its own inode reference */
void file_get(struct file *file);
void file_put(struct file *file);
ssize_t file_read(struct file *file, char *buf, size_t len);
ssize_t file_write(struct file *file, const char *buf, size_t len);
/* At an explicit position; file->pos stays (pread64/pwrite64). */
ssize_t file_pread(struct file *file, char *buf, size_t len, uint64_t pos);
ssize_t file_pwrite(struct file *file, const char *buf, size_t len, uint64_t pos);

/* fd tables (fs/fdtable.c).  fd_install and fd_install_at take over the
 * caller's file reference on success. */
struct files *files_alloc(void);
struct files *files_copy(struct files *files); /* for fork */
void files_put(struct files *files);
void files_close_on_exec(struct files *files);
int fd_install(struct file *file, int min_fd, bool is_cloexec); /* in current; fd or -EMFILE */
int fd_install_at(struct file *file, int fd, bool is_cloexec); /* closes what fd held */
struct file *fd_get(int fd);   /* borrowed from current's table, or NULL */
int fd_close(int fd);
bool fd_is_cloexec(int fd);
void fd_set_cloexec(int fd, bool is_cloexec);

/* Pipes (fs/pipe.c). */
#define PIPE_BUF 4096 /* writes up to this size are atomic */
int pipe_create(struct file **read_end, struct file **write_end);
/* Named pipes (fs/fifo.c): a FIFO inode's operations, whose open finds or
 * makes the inode's pipe and applies the POSIX open rules. */
extern const struct file_operations fifo_fops;

/* Waiting for several files at once (fs/poll.c): poll, select and their
 * kin are made of this.  A file op's poll hands its queues to poll_wait (pt
 * may be NULL: only asking). */
#define POLL_DEFAULT_MASK 0x0145 /* POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM */
#define POLL_FOREVER UINT64_MAX  /* a deadline that never comes */
void poll_wait(struct poll_table *pt, struct wait_queue *wq);
unsigned file_poll(struct file *file, struct poll_table *pt);
struct poll_file {
	struct file *file; /* a reference held by the caller; NULL: skipped */
	unsigned events;   /* the bits wanted (poll adds POLLERR and POLLHUP) */
	unsigned revents;  /* out: file_poll's bits & events (kept as is for NULL) */
};
/* Sleep until one file has a wanted bit, a signal comes, or jiffies reach
 * deadline (at once if it has passed; POLL_FOREVER: no deadline).  Returns
 * how many have revents, 0 at the deadline, -EINTR or -ENOMEM. */
int poll_files(struct poll_file *pf, unsigned n, uint64_t deadline);

/* The initramfs (fs/initramfs.c): unpack a cpio newc archive under /. */
int initramfs_unpack(const void *archive, size_t size);

#endif
