/*
 * syscalls_task.c — the process system calls: fork, execve, exit, wait4,
 * kill, ids and credentials, uname, reboot.  (Supplementary groups:
 * kernel/cred.c; nice values: kernel/priority.c; clocks and sleeping:
 * kernel/syscalls_time.c; process groups and sessions: kernel/job_control.c.)
 *
 * Each checks and copies its user arguments, then calls the task, signal or
 * scheduler functions that do the work (kernel/task.c, kernel/signal.c).
 */
#include <corral/futex.h>
#include <corral/kmalloc.h>
#include <corral/loadavg.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/swap.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/uaccess.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/prctl.h>
#include <uapi/signal.h>
#include <uapi/reboot.h>
#include <uapi/utsname.h>
#include <uapi/wait.h>

#define EXEC_MAX_ARGS 64
#define EXEC_ARG_BYTES 4096
#define SYSINFO_LOAD_SHIFT 16 /* sysinfo's loads: Linux's SI_LOAD_SHIFT */

long sys_exit(int code)
{
	task_exit((code & 0xff) << 8);
}

long sys_exit_group(int code)
{
	task_exit((code & 0xff) << 8); /* one thread per process: the same thing */
}

long sys_fork(struct trap_frame *frame)
{
	return task_fork(frame, NULL);
}

long sys_vfork(struct trap_frame *frame)
{
	return task_fork(frame, NULL); /* a full copy is a correct vfork */
}

long sys_clone(struct trap_frame *frame)
{
	/* The fork-like uses only: no new stack, no shared memory, files or
	 * threads; the thread-id words glibc's fork asks for.  clone's i386
	 * arguments: flags, newsp, parent_tid, tls, child_tid. */
	uint32_t flags = frame->ebx;
	const uint32_t tid_flags = CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
	if ((flags & ~(0xffu | tid_flags)) != 0 || frame->ecx != 0)
		return -ENOSYS;
	struct fork_tids tids = {
		.parent_tid = (flags & CLONE_PARENT_SETTID) ? (int *)frame->edx : NULL,
		.child_tid = (int *)frame->edi,
		.set_child_tid = flags & CLONE_CHILD_SETTID,
		.clear_child_tid = flags & CLONE_CHILD_CLEARTID,
	};
	return task_fork(frame, &tids);
}

/* Copy a NULL-terminated array of user strings into one kernel buffer;
 * vec gets kernel pointers into it.  Returns the count or -errno. */
static int exec_copy_strings(char *const *uvec, char **vec, char *buf, size_t *used)
{
	int n = 0;
	for (; uvec; n++) {
		char *ustr;
		if (n == EXEC_MAX_ARGS)
			return -E2BIG;
		if (copy_from_user(&ustr, &uvec[n], sizeof(ustr)))
			return -EFAULT;
		if (!ustr)
			break;
		int len = strncpy_from_user(buf + *used, ustr, EXEC_ARG_BYTES - *used);
		if (len < 0)
			return len == -ENAMETOOLONG ? -E2BIG : len;
		vec[n] = buf + *used;
		*used += (size_t)len + 1;
	}
	vec[n] = NULL;
	return n;
}

long sys_execve(const char *upath, char *const *uargv, char *const *uenvp,
		struct trap_frame *frame)
{
	(void)frame; /* elf_exec rewrites current->user_frame, which is this frame */
	char *path = kmalloc(PATH_MAX);
	char *buf = kmalloc(EXEC_ARG_BYTES);
	char **argv = kmalloc(sizeof(char *) * (EXEC_MAX_ARGS + 1));
	char **envp = kmalloc(sizeof(char *) * (EXEC_MAX_ARGS + 1));
	size_t used = 0;
	long err = -ENOMEM;
	if (!path || !buf || !argv || !envp)
		goto out;
	err = strncpy_from_user(path, upath, PATH_MAX);
	if (err < 0)
		goto out;
	err = exec_copy_strings(uargv, argv, buf, &used);
	if (err < 0)
		goto out;
	err = exec_copy_strings(uenvp, envp, buf, &used);
	if (err < 0)
		goto out;
	err = elf_exec(path, argv, envp);
out:
	kfree(path);
	kfree(buf);
	kfree(argv);
	kfree(envp);
	return err;
}

long sys_wait4(int pid, int *ustatus, int options, void *urusage)
{
	int status = 0, child = 0;
	struct wait_usage usage;
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED))
		return -EINVAL;
	int err = task_wait_usage(pid, &status, options, &child, &usage);
	if (err)
		return err;
	if (child && ustatus && copy_to_user(ustatus, &status, sizeof(status)))
		return -EFAULT;
	if (urusage && rusage_copy_child(urusage, &usage))
		return -EFAULT;
	return child;
}

long sys_waitpid(int pid, int *ustatus, int options)
{
	return sys_wait4(pid, ustatus, options, NULL);
}

long sys_getpid(void) { return current->pid; }
long sys_gettid(void) { return current->pid; }
long sys_getppid(void) { return current->parent ? current->parent->pid : 0; }

/* prctl: the options programs use at start-up (glibc, busybox) and the
 * parent-death signal (a child that must not outlive its parent). */
long sys_prctl(int option, uint32_t arg2, uint32_t arg3, uint32_t arg4, uint32_t arg5)
{
	(void)arg3, (void)arg4, (void)arg5;
	switch (option) {
	case PR_SET_PDEATHSIG:
		if (arg2 > NSIG)
			return -EINVAL;
		current->pdeath_signal = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		return copy_to_user((void *)arg2, &current->pdeath_signal, sizeof(int));
	case PR_SET_NAME: {
		char name[16];
		if (copy_from_user(name, (const void *)arg2, sizeof(name)))
			return -EFAULT;
		name[sizeof(name) - 1] = '\0';
		strlcpy(current->name, name, sizeof(current->name));
		return 0;
	}
	case PR_GET_NAME: {
		char name[16] = {0};
		strlcpy(name, current->name, sizeof(name));
		return copy_to_user((void *)arg2, name, sizeof(name));
	}
	default:
		return -EINVAL;
	}
}
long sys_getuid(void) { return current->cred.uid; }
long sys_geteuid(void) { return current->cred.euid; }
long sys_getgid(void) { return current->cred.gid; }
long sys_getegid(void) { return current->cred.egid; }

static bool may_signal(const struct task *t)
{
	return current->cred.euid == 0 || current->cred.euid == t->cred.uid ||
	       current->cred.uid == t->cred.uid;
}

struct kill_request {
	int pgid, nr_found, err;
};

/* Count the targets of a group kill and check we may signal each. */
static int kill_check_one(struct task *t, void *arg)
{
	struct kill_request *req = arg;
	bool is_target = req->pgid == SIGNAL_EVERYONE ? t->pid > 1 && t != current
						      : t->pgid == req->pgid;
	if (!is_target || !t->mm || t->state == TASK_ZOMBIE)
		return 0;
	req->nr_found++;
	if (!may_signal(t))
		req->err = -EPERM;
	return 0;
}

long sys_kill(int pid, int sig)
{
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid > 0) {
		struct task *t = task_find(pid);
		if (!t || t->state == TASK_ZOMBIE)
			return -ESRCH;
		if (!may_signal(t))
			return -EPERM;
		return sig ? signal_send(t, sig) : 0;
	}
	struct kill_request req = {pid == 0 ? current->pgid : pid == -1 ? SIGNAL_EVERYONE : -pid,
				   0, 0};
	task_for_each(kill_check_one, &req);
	if (!req.nr_found)
		return -ESRCH;
	if (req.err)
		return req.err;
	return sig ? signal_send_group(req.pgid, sig) : 0;
}

/* tkill and tgkill name one thread; here every process is one thread whose
 * tid is its pid (and its thread-group id): glibc's raise() and abort()
 * use tgkill(getpid(), gettid(), sig). */
long sys_tgkill(int tgid, int tid, int sig)
{
	if (tgid <= 0 || tid <= 0 || sig < 0 || sig > NSIG)
		return -EINVAL;
	if (tgid != tid)
		return -ESRCH; /* no task has another task's thread group */
	return sys_kill(tid, sig);
}

long sys_tkill(int tid, int sig)
{
	return tid <= 0 ? -EINVAL : sys_tgkill(tid, tid, sig);
}

/* setuid as Linux: root sets all ids; others may only go back to their real id. */
long sys_setuid(uint32_t uid)
{
	struct cred *c = &current->cred;
	if (c->euid == 0)
		c->uid = c->euid = uid;
	else if (uid == c->uid)
		c->euid = uid;
	else
		return -EPERM;
	return 0;
}

long sys_setgid(uint32_t gid)
{
	struct cred *c = &current->cred;
	if (c->euid == 0)
		c->gid = c->egid = gid;
	else if (gid == c->gid)
		c->egid = gid;
	else
		return -EPERM;
	return 0;
}

long sys_setresuid(uint32_t r, uint32_t e, uint32_t s)
{
	(void)s;
	if (current->cred.euid != 0 && ((r != (uint32_t)-1 && r != current->cred.uid) ||
					(e != (uint32_t)-1 && e != current->cred.uid)))
		return -EPERM;
	if (r != (uint32_t)-1)
		current->cred.uid = r;
	if (e != (uint32_t)-1)
		current->cred.euid = e;
	return 0;
}

long sys_setresgid(uint32_t r, uint32_t e, uint32_t s)
{
	(void)s;
	if (current->cred.euid != 0 && ((r != (uint32_t)-1 && r != current->cred.gid) ||
					(e != (uint32_t)-1 && e != current->cred.gid)))
		return -EPERM;
	if (r != (uint32_t)-1)
		current->cred.gid = r;
	if (e != (uint32_t)-1)
		current->cred.egid = e;
	return 0;
}

long sys_uname(void *ubuf)
{
	static const struct new_utsname uts = {
		"Corral", "corral", "0.1", "#1 teaching kernel with containers", "i686", "(none)",
	};
	return copy_to_user(ubuf, &uts, sizeof(uts));
}

long sys_reboot(uint32_t magic1, uint32_t magic2, uint32_t cmd, void *arg)
{
	(void)arg;
	if (current->cred.euid != 0)
		return -EPERM;
	if (magic1 != LINUX_REBOOT_MAGIC1 || magic2 != LINUX_REBOOT_MAGIC2)
		return -EINVAL;
	if (cmd == LINUX_REBOOT_CMD_RESTART) {
		printk("reboot: restarting\n");
		machine_reboot();
	}
	if (cmd == LINUX_REBOOT_CMD_HALT || cmd == LINUX_REBOOT_CMD_POWER_OFF) {
		printk("reboot: power down\n");
		qemu_exit(QEMU_EXIT_SUCCESS);
	}
	return -EINVAL;
}

long sys_sched_yield(void)
{
	sched_yield_current();
	return 0;
}

/* sysinfo(2), as free and uptime read it: uptime in whole seconds rounded
 * up (as Linux), the load averages with 16 fraction bits (SI_LOAD_SHIFT),
 * memory in units of mem_unit bytes (a page), procs the number of tasks.
 * sharedram and bufferram are 0: Corral has neither shmem nor a buffer
 * cache in the page allocator's sense (meminfo's Shmem and Buffers agree). */
long sys_sysinfo(void *uinfo)
{
	struct {
		int32_t uptime;
		uint32_t loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
		uint16_t procs, pad;
		uint32_t totalhigh, freehigh, mem_unit;
		char reserved[8];
	} info;
	memset(&info, 0, sizeof(info));
	uint64_t now = jiffies_read();
	info.uptime = (int32_t)((now + HZ - 1) / HZ);
	uint32_t loads[3];
	loadavg_get(loads);
	for (int i = 0; i < 3; i++)
		info.loads[i] = loads[i] << (SYSINFO_LOAD_SHIFT - LOADAVG_SHIFT);
	struct page_alloc_stats ps;
	page_alloc_get_stats(&ps);
	info.totalram = ps.nr_managed_pages;
	info.freeram = ps.nr_free_pages;
	struct swap_totals swap;
	swap_get_totals(&swap);
	info.totalswap = swap.nr_pages;
	info.freeswap = swap.nr_free;
	struct task_counts counts;
	task_get_counts(&counts);
	info.procs = (uint16_t)MIN(counts.nr_tasks, 0xffffu);
	info.mem_unit = PAGE_SIZE;
	return copy_to_user(uinfo, &info, sizeof(info));
}
