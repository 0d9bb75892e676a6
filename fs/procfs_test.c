/*
 * procfs_test.c — /proc, mounted for the test under /tmp: meminfo agrees with
 * the page allocator, mounts lists the mounts, self is the current task's
 * directory, pid directories exist only for live tasks, the /proc/sys switches
 * are root's to write; a task's stat has Linux's 52 fields (a sleeping
 * thread's state, parent and name), the links exe and fd/N name what was
 * opened (the path kept in struct file, fs/path_name.c), and the machine's
 * files have their shapes.
 */
#include <corral/fail_alloc.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/page.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <uapi/wait.h>

#include "fs_test.h"

#define PT_DIR "/tmp/pt_proc"

static char text[PAGE_SIZE];

static bool proc_mount(void)
{
	return vfs_mkdir(PT_DIR, 0755) == 0 && vfs_mount("proc", PT_DIR, "proc", 0) == 0;
}

static void proc_unmount(struct ktest_ctx *ctx)
{
	KT_EXPECT_EQ(ctx, vfs_umount(PT_DIR), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir(PT_DIR), 0);
}

/* The number after "name:" in meminfo text, or -1. */
static long meminfo_value(const char *meminfo, const char *name)
{
	const char *line = meminfo;
	size_t len = strlen(name);
	while (line && *line) {
		if (strncmp(line, name, len) == 0 && line[len] == ':') {
			uint32_t value = 0;
			const char *p = line + len + 1;
			while (*p == ' ')
				p++;
			while (*p >= '0' && *p <= '9')
				value = value * 10 + (uint32_t)(*p++ - '0');
			return strncmp(p, " kB\n", 4) == 0 ? (long)value : -1;
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return -1;
}

KTEST(procfs_meminfo_agrees_with_page_alloc)
{
	KT_ASSERT(ctx, proc_mount());
	memset(text, 0, sizeof(text));
	ssize_t len = fst_read_file(PT_DIR "/meminfo", text, sizeof(text) - 1);
	KT_EXPECT(ctx, len > 0);
	struct page_alloc_stats stats;
	page_alloc_get_stats(&stats);
	long total = meminfo_value(text, "MemTotal");
	long free_kb = meminfo_value(text, "MemFree");
	KT_EXPECT_EQ(ctx, total, stats.nr_managed_pages * 4);
	/* Made at open, with the text buffer already taken; the reads since then
	 * took nothing, so the two agree within the file's own bookkeeping. */
	KT_EXPECT(ctx, free_kb > 0 && free_kb <= total);
	KT_EXPECT(ctx, free_kb >= (long)stats.nr_free_pages * 4 - 16 &&
			       free_kb <= (long)stats.nr_free_pages * 4 + 16);
	KT_EXPECT(ctx, meminfo_value(text, "Cached") >= 0);
	KT_EXPECT(ctx, meminfo_value(text, "Inactive(file)") >= 0);
	KT_EXPECT(ctx, meminfo_value(text, "PageTables") >= 0);
	KT_EXPECT(ctx, strstr(text, "MemTotal:   ") == text); /* Linux's columns */
	proc_unmount(ctx);
}

KTEST(procfs_mounts_vmstat_and_self)
{
	KT_ASSERT(ctx, proc_mount());
	memset(text, 0, sizeof(text));
	KT_EXPECT(ctx, fst_read_file(PT_DIR "/mounts", text, sizeof(text) - 1) > 0);
	KT_EXPECT(ctx, strstr(text, "ramfs / ramfs rw 0 0\n") == text);
	KT_EXPECT(ctx, strstr(text, "devfs /dev devfs rw 0 0\n") != NULL);
	KT_EXPECT(ctx, strstr(text, "proc " PT_DIR " proc rw 0 0\n") != NULL);

	memset(text, 0, sizeof(text));
	KT_EXPECT(ctx, fst_read_file(PT_DIR "/vmstat", text, sizeof(text) - 1) > 0);
	KT_EXPECT(ctx, str_starts_with(text, "nr_free_pages "));

	char want[32];
	memset(text, 0, sizeof(text));
	KT_EXPECT(ctx, fst_read_file(PT_DIR "/self/status", text, sizeof(text) - 1) > 0);
	snprintf(want, sizeof(want), "\nPid:\t%d\n", current->pid);
	KT_EXPECT(ctx, strstr(text, want) != NULL);
	snprintf(want, sizeof(want), "Name:\t%s\n", current->name);
	KT_EXPECT(ctx, str_starts_with(text, want));
	KT_EXPECT(ctx, strstr(text, "\nUid:\t0\t0\t0\t0\n") != NULL);

	memset(text, 0, sizeof(text));
	KT_EXPECT_EQ(ctx, fst_read_file(PT_DIR "/self/container", text, sizeof(text) - 1), 2);
	KT_EXPECT_STREQ(ctx, text, "/\n");
	proc_unmount(ctx);
}

KTEST(procfs_pid_directories_follow_the_tasks)
{
	KT_ASSERT(ctx, proc_mount());
	struct inode *self, *by_pid, *inode;
	char path[48];
	snprintf(path, sizeof(path), PT_DIR "/%d", current->pid);
	KT_EXPECT_EQ(ctx, vfs_lookup(PT_DIR "/self", &self), 0);
	KT_EXPECT_EQ(ctx, vfs_lookup(path, &by_pid), 0);
	KT_EXPECT_EQ(ctx, self->ino, by_pid->ino);
	KT_EXPECT(ctx, S_ISDIR(self->mode));
	inode_put(self);
	inode_put(by_pid);
	KT_EXPECT_EQ(ctx, vfs_lookup(PT_DIR "/32000", &inode), -ENOENT);
	KT_EXPECT_EQ(ctx, vfs_lookup(PT_DIR "/007", &inode), -ENOENT);
	KT_EXPECT_EQ(ctx, vfs_lookup(PT_DIR "/self/nonesuch", &inode), -ENOENT);
	struct inode *proc_root;
	KT_ASSERT(ctx, vfs_lookup(PT_DIR, &proc_root) == 0);
	KT_EXPECT(ctx, fst_lookup_is(PT_DIR "/self/..", proc_root));
	inode_put(proc_root);
	struct file *file;
	KT_EXPECT_EQ(ctx, vfs_open(PT_DIR "/newfile", O_WRONLY | O_CREAT, 0644, &file), -EACCES);
	KT_EXPECT_EQ(ctx, vfs_open(PT_DIR "/meminfo", O_RDONLY, 0, &file), 0);
	KT_EXPECT_EQ(ctx, vfs_umount(PT_DIR), -EBUSY); /* an open file */
	KT_EXPECT_EQ(ctx, file_write(file, "x", 1), -EBADF);
	file_put(file);
	proc_unmount(ctx);
}

/* /proc/sys/debug/fail_alloc: a directory tree, a file root may write (its
 * store's errno comes back), a user may not; the switch is left as found. */
KTEST(procfs_sys_switch_is_writable_by_root_only)
{
	struct fail_alloc_stats saved;
	fail_alloc_get_stats(&saved);
	KT_ASSERT(ctx, proc_mount());
	struct inode *inode;
	KT_ASSERT(ctx, vfs_lookup(PT_DIR "/sys/debug/fail_alloc", &inode) == 0);
	KT_EXPECT_EQ(ctx, inode->mode, S_IFREG | 0644);
	KT_EXPECT_EQ(ctx, inode->uid, 0);
	inode_put(inode);
	struct inode *sys, *up; /* inodes are made per lookup: compare numbers */
	KT_ASSERT(ctx, vfs_lookup(PT_DIR "/sys", &sys) == 0);
	KT_ASSERT(ctx, vfs_lookup(PT_DIR "/sys/debug/..", &up) == 0);
	KT_EXPECT(ctx, S_ISDIR(sys->mode) && up->ino == sys->ino);
	inode_put(up);
	inode_put(sys);
	KT_EXPECT_EQ(ctx, fst_write_file(PT_DIR "/meminfo", "1", 1), -EACCES); /* no store */

	KT_EXPECT_EQ(ctx, fst_write_file(PT_DIR "/sys/debug/fail_alloc", "1/50,9\n", 7), 0);
	memset(text, 0, sizeof(text));
	KT_EXPECT(ctx, fst_read_file(PT_DIR "/sys/debug/fail_alloc", text, sizeof(text) - 1) > 0);
	KT_EXPECT(ctx, strstr(text, "rate 1/50\nseed 9\nchecked ") == text);
	KT_EXPECT_EQ(ctx, fst_write_file(PT_DIR "/sys/debug/fail_alloc", "x", 1), -EINVAL);
	struct cred cred = fst_become_user(1000, 1000);
	int err = fst_write_file(PT_DIR "/sys/debug/fail_alloc", "0", 1);
	fst_restore_cred(cred);
	KT_EXPECT_EQ(ctx, err, -EACCES);
	KT_EXPECT_EQ(ctx, fst_write_file(PT_DIR "/sys/debug/fail_alloc", "0", 1), 0);
	memset(text, 0, sizeof(text));
	KT_EXPECT(ctx, fst_read_file(PT_DIR "/sys/debug/fail_alloc", text, sizeof(text) - 1) > 0);
	KT_EXPECT(ctx, strstr(text, "rate 0%\nseed 9\n") == text);
	fail_alloc_set(&saved.rate, saved.seed);
	proc_unmount(ctx);
}

/* A kernel thread that sleeps (interruptibly) until told to go. */
struct sleeper {
	struct wait_queue wq;
	bool may_go;
};

static void sleeper_run(void *arg)
{
	struct sleeper *s = arg;
	wait_event_interruptible(&s->wq, s->may_go);
}

/* The fields after the last ')' of a stat line, split at spaces; their count. */
static int stat_split(char *line, char **fields, int max)
{
	char *p = NULL;
	for (char *q = line; *q; q++)
		if (*q == ')')
			p = q; /* the last one: the name may hold its own */
	int n = 0;
	while (p && *p && n < max) {
		while (*p == ' ' || *p == ')' || *p == '\n')
			*p++ = '\0';
		if (*p)
			fields[n++] = p;
		while (*p && *p != ' ' && *p != '\n')
			p++;
	}
	return n;
}

KTEST(procfs_pid_stat_has_linux_fields)
{
	static struct sleeper s;
	wait_queue_init(&s.wq);
	s.may_go = false;
	struct task *t = kthread_create("ktest-stat-sleeper", sleeper_run, &s);
	KT_ASSERT(ctx, t != NULL);
	int pid = t->pid;
	while (t->state != TASK_SLEEPING)
		schedule(); /* let it reach its wait */
	KT_ASSERT(ctx, proc_mount());
	char path[48], want[48];
	snprintf(path, sizeof(path), PT_DIR "/%d/stat", pid);
	memset(text, 0, sizeof(text));
	KT_EXPECT(ctx, fst_read_file(path, text, sizeof(text) - 1) > 0);
	/* The name is the base name cut to 15 characters, as Linux's comm. */
	snprintf(want, sizeof(want), "%d (ktest-stat-slee) ", pid);
	KT_EXPECT(ctx, str_starts_with(text, want));
	char *fields[64];
	int n = stat_split(text, fields, 64);
	KT_EXPECT_EQ(ctx, n + 2, 52);
	if (n >= 38) {
		KT_EXPECT_STREQ(ctx, fields[0], "S"); /* sleeping, interruptibly */
		snprintf(want, sizeof(want), "%d", current->pid);
		KT_EXPECT_STREQ(ctx, fields[1], want); /* its parent: us */
		KT_EXPECT_STREQ(ctx, fields[4], "0");  /* a kernel thread has no tty */
		KT_EXPECT_STREQ(ctx, fields[6], "2097152"); /* PF_KTHREAD */
		KT_EXPECT_STREQ(ctx, fields[15], "20");     /* priority */
		KT_EXPECT_STREQ(ctx, fields[35], "17");     /* exit_signal SIGCHLD */
	}
	s.may_go = true;
	wake_up(&s.wq);
	int status, got;
	KT_EXPECT_EQ(ctx, task_wait(pid, &status, 0, &got), 0);
	proc_unmount(ctx);
}

KTEST(procfs_links_name_what_was_opened)
{
	KT_ASSERT(ctx, proc_mount());
	struct file *file;
	KT_ASSERT(ctx, vfs_open("/tmp/../tmp//pt_proc/./meminfo", O_RDONLY, 0, &file) == 0);
	KT_ASSERT(ctx, file->path != NULL);
	KT_EXPECT_STREQ(ctx, file->path->text, PT_DIR "/meminfo"); /* made clean */
	struct files *saved_files = current->files; /* the idle task has none */
	if (!saved_files)
		current->files = files_alloc();
	int fd = current->files ? fd_install(file, 0, false) : -ENOMEM;
	if (fd < 0)
		file_put(file);
	KT_ASSERT(ctx, fd >= 0);
	char path[48], target[64];
	snprintf(path, sizeof(path), PT_DIR "/self/fd/%d", fd);
	struct inode *link;
	KT_ASSERT(ctx, vfs_lookup_at(NULL, path, 0, &link) == 0);
	KT_EXPECT(ctx, S_ISLNK(link->mode));
	int len = vfs_readlink(link, target, sizeof(target) - 1);
	inode_put(link);
	KT_EXPECT_EQ(ctx, len, (int)strlen(PT_DIR "/meminfo"));
	target[len > 0 ? len : 0] = '\0';
	KT_EXPECT_STREQ(ctx, target, PT_DIR "/meminfo");
	KT_EXPECT_EQ(ctx, fd_close(fd), 0);
	KT_EXPECT_EQ(ctx, vfs_lookup_at(NULL, path, 0, &link), -ENOENT);
	if (!saved_files) {
		files_put(current->files);
		current->files = NULL;
	}
	/* The idle task exec'd nothing: its exe names nothing. */
	KT_EXPECT_EQ(ctx, vfs_lookup(PT_DIR "/self/exe", &link), -ENOENT);
	proc_unmount(ctx);
}

KTEST(procfs_machine_files_have_their_shapes)
{
	KT_ASSERT(ctx, proc_mount());
	memset(text, 0, sizeof(text));
	KT_EXPECT(ctx, fst_read_file(PT_DIR "/stat", text, sizeof(text) - 1) > 0);
	KT_EXPECT(ctx, str_starts_with(text, "cpu  "));
	KT_EXPECT(ctx, strstr(text, "\ncpu0 ") != NULL);
	KT_EXPECT(ctx, strstr(text, "\nbtime ") != NULL);
	KT_EXPECT(ctx, strstr(text, "\nprocs_blocked ") != NULL);
	memset(text, 0, sizeof(text));
	KT_EXPECT(ctx, fst_read_file(PT_DIR "/loadavg", text, sizeof(text) - 1) > 0);
	KT_EXPECT(ctx, text[1] == '.' && text[4] == ' '); /* "0.00 " */
	memset(text, 0, sizeof(text));
	KT_EXPECT(ctx, fst_read_file(PT_DIR "/filesystems", text, sizeof(text) - 1) > 0);
	KT_EXPECT(ctx, str_starts_with(text, "nodev\tramfs\n"));
	KT_EXPECT(ctx, strstr(text, "\n\text2\n") != NULL);
	proc_unmount(ctx);
}
