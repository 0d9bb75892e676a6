/*
 * init.c — starting user space: pid 1.
 *
 * The first task created after boot is a kernel thread, so it gets pid 1.  It
 * opens /dev/console as standard input, output and error, then execs the init
 * program (/bin/init, or the command line's init=PATH) and leaves the kernel
 * for user mode.  If that fails, or init=monitor was asked for, pid 1 runs the
 * in-kernel monitor instead, so the machine stays usable for debugging.
 */
#include <corral/cmdline.h>
#include <corral/mm.h>
#include <corral/monitor.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define INIT_DEFAULT_PATH "/bin/init"

void task_enter_user(struct trap_frame *frame) __noreturn;

static int init_open_console(void)
{
	struct file *console;
	current->files = files_alloc();
	if (!current->files)
		return -ENOMEM;
	int err = vfs_open("/dev/console", O_RDWR, 0, &console);
	if (err)
		return err;
	for (int fd = 0; fd < 3; fd++) {
		file_get(console);
		fd_install(console, fd, false);
	}
	file_put(console);
	return 0;
}

static void init_thread(void *arg)
{
	const char *path = arg;
	current->pgid = current->sid = current->pid;
	if (strcmp(path, "monitor") == 0)
		monitor_run();
	int err = init_open_console();
	char *const argv[] = {(char *)path, NULL};
	char *const envp[] = {"HOME=/", "PATH=/bin:/usr/bin", "TERM=linux", NULL};
	if (!err)
		err = elf_exec(path, argv, envp);
	if (err) {
		pr_err("init: cannot run %s (error %d); starting the monitor\n", path, err);
		monitor_run();
	}
	task_enter_user(current->user_frame);
}

void init_start(void)
{
	const char *path = cmdline_get(&boot_cmdline, "init");
	if (!path || !*path)
		path = INIT_DEFAULT_PATH;
	if (!kthread_create_init(init_thread, (void *)path))
		pr_err("init: could not be started\n");
}
