/*
 * procfs.h — what fs/procfs.c (the directories), fs/procfs_text.c (the
 * text of each file) and fs/procfs_sys.c (/proc/sys, the switches) share;
 * nothing outside procfs uses it.
 */
#ifndef FS_PROCFS_H
#define FS_PROCFS_H

#include <corral/task.h>
#include <corral/types.h>

struct task;
struct inode;
struct super_block;
struct dir_context;
struct file;

/* A file's text, made whole at open (so a read sees one consistent snapshot). */
struct procfs_buf {
	char *data;
	size_t size; /* bytes at data */
	size_t len;  /* bytes of text; the rest of a too-long text is dropped */
};

void procfs_printf(struct procfs_buf *b, const char *fmt, ...) __printf(2, 3);

/* A file: its name and the function that writes its text at open; a file
 * with store can also be written (mode 0644, root's), and each write(2)
 * hands its bytes to store, which returns 0 or -errno. */
struct procfs_entry {
	const char *name;
	int (*show)(struct procfs_buf *b);                      /* system files */
	int (*show_task)(struct procfs_buf *b, struct task *t); /* pid files */
	int (*store)(const char *text, size_t len);             /* writable files */
	/* A symbolic link of a pid directory: its target into buf (at most
	 * size bytes, no NUL); the length or -errno. */
	int (*link_task)(struct task *t, char *buf, size_t size);
};

/* Inodes (fs/procfs.c): a directory or a file of entry; owner NULL: root's. */
struct inode *procfs_make_dir(struct super_block *sb, uint32_t ino, struct task *owner);
struct inode *procfs_make_file(struct super_block *sb, uint32_t ino,
			       const struct procfs_entry *entry, struct task *owner);
int procfs_found(struct inode *inode, struct inode **out); /* -ENOMEM for NULL */

/* /proc/sys (fs/procfs_sys.c): inode numbers from PROCFS_SYS_INO on; the
 * first is /proc/sys itself. */
#define PROCFS_SYS_INO 0x1000u
bool procfs_is_sys_dir(const struct inode *dir);
/* name in dir: /proc itself (where only "sys" is /proc/sys's business) or a
 * directory under /proc/sys, ".." included. */
int procfs_sys_lookup(struct inode *dir, const char *name, size_t len, struct inode **out);
int procfs_sys_readdir(struct inode *dir, struct dir_context *ctx); /* ".", ".." too */

/* /proc files. */
int procfs_show_meminfo(struct procfs_buf *b);
int procfs_show_vmstat(struct procfs_buf *b);
int procfs_show_swaps(struct procfs_buf *b);
int procfs_show_mounts(struct procfs_buf *b);
int procfs_show_container_audit(struct procfs_buf *b);
int procfs_show_kmalloc_audit(struct procfs_buf *b);
/* /proc/<pid> files; t stays valid: nothing sleeps while they run. */
int procfs_show_status(struct procfs_buf *b, struct task *t);
int procfs_show_cmdline(struct procfs_buf *b, struct task *t);
int procfs_show_maps(struct procfs_buf *b, struct task *t);
int procfs_show_container(struct procfs_buf *b, struct task *t);
/* The state letter and word of /proc/PID/stat and status: R (running) */
void procfs_task_state(const struct task *t, char *letter, const char **word);

/* Whole-machine files (fs/procfs_system.c). */
int procfs_show_uptime(struct procfs_buf *b);
int procfs_show_loadavg(struct procfs_buf *b);
int procfs_show_stat(struct procfs_buf *b);
int procfs_show_version(struct procfs_buf *b);
int procfs_show_cpuinfo(struct procfs_buf *b);
int procfs_show_filesystems(struct procfs_buf *b);

/* One task's numbers and links (fs/procfs_task.c). */
int procfs_show_stat_task(struct procfs_buf *b, struct task *t);
int procfs_show_statm(struct procfs_buf *b, struct task *t);
int procfs_link_exe(struct task *t, char *buf, size_t size);
int procfs_link_cwd(struct task *t, char *buf, size_t size);
int procfs_link_fd(struct task *t, int fd, char *buf, size_t size);
struct file *procfs_task_file(struct task *t, int fd); /* borrowed, or NULL */

#endif
