/*
 * procfs_task.c — one task's numbers and names: /proc/PID/stat and statm,
 * and the targets of the links /proc/PID/exe, cwd and fd/N.
 *
 * stat is one line of 52 fields in proc(5)'s order; programs split it at
 * the last ')' (the name may hold spaces and parentheses) and scan the
 * rest by position, so every field is printed, 0 where Corral has no such
 * thing (real-time policies, threads beyond the one); the nice value is
 * kernel/priority.c's.  Times
 * are in ticks (USER_HZ = HZ = 100); sizes in bytes (vsize) or pages (rss).
 *
 *     pid (comm) state ppid pgrp session tty_nr tpgid flags
 *     minflt cminflt majflt cmajflt utime stime cutime cstime
 *     priority nice num_threads itrealvalue starttime vsize rss rsslim
 *     startcode endcode startstack kstkesp kstkeip
 *     signal blocked sigignore sigcatch wchan nswap cnswap exit_signal
 *     processor rt_priority policy delayacct_blkio_ticks guest_time
 *     cguest_time start_data end_data start_brk arg_start arg_end
 *     env_start env_end exit_code
 *
 * The links' targets are the names kept at open and exec (fs/path_name.c);
 * a pipe is "pipe:[INODE]", as on Linux.  Like Linux, only the task's owner
 * (and root) may read where another task's links point.
 *
 * Read next: fs/procfs.c (which makes these files and links).
 */
#include <corral/kmalloc.h>
#include <corral/memlayout.h>
#include <corral/mm.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/tty.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

#include "procfs.h"

#define PROCFS_PF_KTHREAD 0x00200000u	     /* Linux's flag for a kernel thread */
#define PROCFS_TTY_CONSOLE ((4u << 8) | 64u) /* /dev/ttyS0: major 4, minor 64 */
#define PROCFS_RSS_UNLIMITED 4294967295u     /* RLIM_INFINITY as a 32-bit long */
#define PROCFS_SIGCHLD 17
#define PROCFS_PRIO_BIAS 20 /* stat's priority: 20 + nice, as Linux */

/* Signal sets as decimal numbers of their first 32 signals (proc(5): obsolete
 * fields, kept for the programs that still print them). */
struct task_signal_sets {
	uint32_t pending, blocked, ignored, caught;
};

static void task_signal_sets(const struct task *t, struct task_signal_sets *s)
{
	s->pending = (uint32_t)t->signals_pending;
	s->blocked = (uint32_t)t->signals_blocked;
	s->ignored = s->caught = 0;
	for (int i = 0; i < 32 && i < NSIG; i++) {
		void (*handler)(int) = t->sigactions[i].handler;
		if (handler == SIG_IGN)
			s->ignored |= 1u << i;
		else if (handler != SIG_DFL)
			s->caught |= 1u << i;
	}
}

static void stat_ids_and_faults(struct procfs_buf *b, struct task *t)
{
	char letter;
	const char *word;
	procfs_task_state(t, &letter, &word);
	bool has_tty = t->mm && t->sid == tty_get_session(); /* its controlling terminal */
	procfs_printf(b, "%d (%s) %c %d %d %d %u %d %u ", t->pid, t->name, letter,
		      t->parent ? t->parent->pid : 0, t->pgid, t->sid,
		      has_tty ? PROCFS_TTY_CONSOLE : 0u, has_tty ? tty_get_pgrp() : -1,
		      t->mm ? 0u : PROCFS_PF_KTHREAD);
	procfs_printf(b, "%u %u %u %u ", t->nr_faults - t->nr_major_faults,
		      t->nr_children_faults - t->nr_children_major_faults, t->nr_major_faults,
		      t->nr_children_major_faults);
}

static void stat_times(struct procfs_buf *b, struct task *t)
{
	uint64_t utime = t->nr_user_ticks, stime = t->nr_ticks - t->nr_user_ticks;
	uint64_t cutime = t->nr_children_user_ticks;
	uint64_t cstime = t->nr_children_ticks - t->nr_children_user_ticks;
	/* priority (Linux shows 20 + nice for a normal task), nice, 1 thread,
	 * itrealvalue 0, then starttime. */
	procfs_printf(b, "%llu %llu %llu %llu %d %d 1 0 %llu ", utime, stime, cutime, cstime,
		      PROCFS_PRIO_BIAS + t->nice, t->nice, t->start_jiffies);
}

int procfs_show_stat_task(struct procfs_buf *b, struct task *t)
{
	struct mm_usage u = {0};
	if (t->mm)
		mm_get_usage(t->mm, &u);
	struct task_signal_sets sigs;
	task_signal_sets(t, &sigs);
	stat_ids_and_faults(b, t);
	stat_times(b, t);
	procfs_printf(b, "%u %u %u ", u.nr_pages * PAGE_SIZE, u.nr_resident_pages,
		      PROCFS_RSS_UNLIMITED);
	/* startcode endcode startstack kstkesp kstkeip */
	procfs_printf(b, "%u %u %u 0 0 ", (unsigned)u.code_start, (unsigned)u.code_end,
		      (unsigned)u.stack_top);
	/* signal blocked sigignore sigcatch wchan nswap cnswap exit_signal processor */
	procfs_printf(b, "%u %u %u %u 0 0 0 %d 0 ", sigs.pending, sigs.blocked, sigs.ignored,
		      sigs.caught, PROCFS_SIGCHLD);
	/* rt_priority policy delayacct_blkio_ticks guest_time cguest_time
	 * start_data end_data start_brk arg_start arg_end env_start env_end */
	procfs_printf(b, "0 0 0 0 0 0 0 %u 0 0 0 0 ", (unsigned)u.brk_start);
	procfs_printf(b, "%d\n", t->state == TASK_ZOMBIE ? t->exit_status : 0);
	return 0;
}

/* size resident shared text lib data dt, in pages. */
int procfs_show_statm(struct procfs_buf *b, struct task *t)
{
	struct mm_usage u = {0};
	if (t->mm)
		mm_get_usage(t->mm, &u);
	procfs_printf(b, "%u %u 0 %u 0 %u 0\n", u.nr_pages, u.nr_resident_pages, u.nr_text_pages,
		      u.nr_data_pages);
	return 0;
}

/* Linux lets only the owner (and root) see where a task's links point. */
static int link_check_owner(const struct task *t)
{
	bool is_owner = current->cred.euid == 0 || current->cred.euid == t->cred.euid;
	return is_owner ? 0 : -EACCES;
}

static int link_copy(const char *text, char *buf, size_t size)
{
	size_t len = MIN(strlen(text), size);
	memcpy(buf, text, len);
	return (int)len;
}

int procfs_link_exe(struct task *t, char *buf, size_t size)
{
	int err = link_check_owner(t);
	if (err)
		return err;
	return t->exe ? link_copy(t->exe->text, buf, size) : -ENOENT; /* a kernel thread */
}

int procfs_link_cwd(struct task *t, char *buf, size_t size)
{
	int err = link_check_owner(t);
	if (err)
		return err;
	if (!t->cwd)
		return -ENOENT;
	/* The climb may sleep (a disk directory) and the task may go: hold
	 * its directories. */
	struct inode *cwd = t->cwd, *root = t->root;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	inode_get(cwd);
	inode_get(root);
	err = vfs_inode_path(cwd, root, path, PATH_MAX);
	inode_put(cwd);
	inode_put(root);
	if (!err)
		err = link_copy(path, buf, size);
	kfree(path);
	return err;
}

int procfs_link_fd(struct task *t, int fd, char *buf, size_t size)
{
	int err = link_check_owner(t);
	if (err)
		return err;
	struct file *file = procfs_task_file(t, fd);
	if (!file)
		return -ENOENT;
	if (file->path)
		return link_copy(file->path->text, buf, size);
	char text[32];
	snprintf(text, sizeof(text), "%s:[%u]", S_ISFIFO(file->inode->mode) ? "pipe" : "anon_inode",
		 file->inode->ino);
	return link_copy(text, buf, size);
}

struct file *procfs_task_file(struct task *t, int fd)
{
	if (!t->files || fd < 0 || fd >= FILES_MAX)
		return NULL;
	return t->files->fd[fd];
}
