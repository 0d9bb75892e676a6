/*
 * calls.c — which system call to make, with which arguments, and how it is
 * counted and shown.
 *
 * fuzz_one_call() picks one of two things:
 *
 *   - most of the time an entry of call_table: a system call Corral
 *     implements (kernel/syscall.c) with a generator per argument, weighted
 *     so that the calls with the most code behind them come up most;
 *   - otherwise a number from 0 to 450 with arguments from arg_any(): calls
 *     that do not exist, and the ones that do, with nonsense.  Numbers whose
 *     Linux meaning could reach outside the fuzzer (reboot, kill, mount,
 *     ptrace, path-changing calls, ...) are never picked this way; the table
 *     makes them, carefully, through special.c.
 *
 * Every call goes through fuzz_syscall(), which logs it (-v), tells the
 * watchdog it started, makes it, and counts the result by errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fuzz.h"

enum arg_kind {
	A_NONE,
	A_FD,
	A_BUF,
	A_LEN,
	A_OFF,
	A_FLAGS,
	A_MODE,
	A_PID,
	A_SIG,
	A_ID,
	A_ANY,
	A_PATH,	 /* any path: the call only looks */
	A_SPATH, /* a scratch path: the call may change it */
	A_WHENCE,
	A_IOCTL,
	A_FCNTL,
	A_WAIT,
	A_HOW,
	A_SIGSET,
	A_SETSIZE,
	A_SIGACT,
	A_IOVEC,
	A_CLOCK,
	A_DIRFD, /* a descriptor or AT_FDCWD: for *at calls that only look */
	A_ATFLAGS,
	A_PRIOWHICH, /* getpriority's which: 0..2 mostly */
	A_SPECIAL, /* special.c builds the whole call */
};

struct call_entry {
	long nr;
	const char *name;
	uint8_t weight;
	uint8_t args[6];
};

static const struct call_entry call_table[] = {
    {__NR_read, "read", 5, {A_FD, A_BUF, A_LEN}},
    {__NR_write, "write", 5, {A_FD, A_BUF, A_LEN}},
    {__NR_open, "open", 6, {A_SPECIAL}},
    {__NR_openat, "openat", 3, {A_SPECIAL}},
    {__NR_close, "close", 3, {A_FD}},
    {__NR_waitpid, "waitpid", 1, {A_PID, A_BUF, A_WAIT}},
    {__NR_wait4, "wait4", 1, {A_PID, A_BUF, A_WAIT, A_BUF}},
    {__NR_link, "link", 2, {A_SPATH, A_SPATH}},
    /* A link's target is a scratch path too: calls that follow links (open
     * with O_TRUNC, chmod, ...) must not be led outside. */
    {__NR_symlink, "symlink", 2, {A_SPATH, A_SPATH}},
    {__NR_symlinkat, "symlinkat", 1, {A_SPECIAL}},
    {__NR_lchown32, "lchown32", 1, {A_SPATH, A_ID, A_ID}},
    {__NR_fchownat, "fchownat", 1, {A_SPECIAL}},
    {__NR_fstatat64, "fstatat64", 2, {A_DIRFD, A_PATH, A_BUF, A_ATFLAGS}},
    {__NR_statx, "statx", 2, {A_DIRFD, A_PATH, A_ATFLAGS, A_ANY, A_BUF}},
    {__NR_readlinkat, "readlinkat", 1, {A_DIRFD, A_PATH, A_BUF, A_LEN}},
    {__NR_unlink, "unlink", 2, {A_SPATH}},
    {__NR_execve, "execve", 1, {A_SPECIAL}},
    {__NR_chdir, "chdir", 2, {A_PATH}},
    {__NR_fchdir, "fchdir", 1, {A_FD}},
    {__NR_time, "time", 1, {A_BUF}},
    {__NR_chmod, "chmod", 2, {A_SPATH, A_MODE}},
    {__NR_fchmod, "fchmod", 1, {A_SPECIAL}},
    {__NR_chown32, "chown32", 1, {A_SPATH, A_ID, A_ID}},
    {__NR_chown, "chown", 1, {A_SPATH, A_ID, A_ID}},
    {__NR_fchown32, "fchown32", 1, {A_SPECIAL}},
    {__NR_lseek, "lseek", 2, {A_FD, A_OFF, A_WHENCE}},
    {__NR__llseek, "_llseek", 2, {A_FD, A_OFF, A_OFF, A_BUF, A_WHENCE}},
    {__NR_getpid, "getpid", 1, {A_NONE}},
    {__NR_mount, "mount", 2, {A_SPECIAL}},
    {__NR_umount2, "umount2", 1, {A_SPATH, A_FLAGS}},
    {__NR_setuid, "setuid", 1, {A_ID}},
    {__NR_setuid32, "setuid32", 1, {A_ID}},
    {__NR_setgid32, "setgid32", 1, {A_ID}},
    {__NR_setgid, "setgid", 1, {A_ID}},
    {__NR_setresuid32, "setresuid32", 1, {A_ID, A_ID, A_ID}},
    {__NR_setresgid32, "setresgid32", 1, {A_ID, A_ID, A_ID}},
    {__NR_getuid, "getuid", 1, {A_NONE}},
    {__NR_geteuid32, "geteuid32", 1, {A_NONE}},
    {__NR_getegid32, "getegid32", 1, {A_NONE}},
    {__NR_getgroups32, "getgroups32", 1, {A_LEN, A_BUF}},
    {__NR_getgroups, "getgroups", 1, {A_LEN, A_BUF}},
    /* Any list, as root too: groups only ever add to a root child's rights,
     * which are all of them, and a user gets EPERM. */
    {__NR_setgroups32, "setgroups32", 1, {A_LEN, A_BUF}},
    {__NR_setgroups, "setgroups", 1, {A_LEN, A_BUF}},
    {__NR_getpriority, "getpriority", 1, {A_PRIOWHICH, A_PID}},
    {__NR_setpriority, "setpriority", 1, {A_SPECIAL}},
    {__NR_chroot, "chroot", 1, {A_SPECIAL}},
    {__NR_get_thread_area, "get_thread_area", 1, {A_BUF}},
    {__NR_alarm, "alarm", 1, {A_SPECIAL}},
    {__NR_setitimer, "setitimer", 1, {A_SPECIAL}},
    {__NR_getitimer, "getitimer", 1, {A_ANY, A_BUF}},
    {__NR_access, "access", 2, {A_PATH, A_MODE}},
    {__NR_sync, "sync", 1, {A_NONE}},
    {__NR_kill, "kill", 2, {A_SPECIAL}},
    {__NR_rename, "rename", 3, {A_SPATH, A_SPATH}},
    {__NR_mkdir, "mkdir", 3, {A_SPATH, A_MODE}},
    {__NR_mknod, "mknod", 2, {A_SPECIAL}},   /* scratch paths, harmless devices */
    {__NR_mknodat, "mknodat", 1, {A_SPECIAL}},
    {__NR_rmdir, "rmdir", 2, {A_SPATH}},
    {__NR_dup, "dup", 2, {A_FD}},
    {__NR_dup2, "dup2", 2, {A_FD, A_FD}},
    {__NR_dup3, "dup3", 1, {A_FD, A_FD, A_FLAGS}},
    {__NR_pipe, "pipe", 1, {A_SPECIAL}},
    {__NR_pipe2, "pipe2", 2, {A_SPECIAL}},
    {__NR_brk, "brk", 1, {A_SPECIAL}},
    {__NR_ioctl, "ioctl", 2, {A_FD, A_IOCTL, A_BUF}},
    {__NR_fcntl, "fcntl", 1, {A_FD, A_FCNTL, A_ANY}},
    {__NR_fcntl64, "fcntl64", 2, {A_FD, A_FCNTL, A_ANY}},
    {__NR_setpgid, "setpgid", 1, {A_PID, A_PID}},
    {__NR_getpgid, "getpgid", 1, {A_PID}},
    {__NR_getsid, "getsid", 1, {A_PID}},
    {__NR_getpgrp, "getpgrp", 1, {A_NONE}},
    {__NR_setsid, "setsid", 1, {A_NONE}},
    {__NR_getppid, "getppid", 1, {A_NONE}},
    {__NR_umask, "umask", 1, {A_MODE}},
    {__NR_readlink, "readlink", 1, {A_PATH, A_BUF, A_LEN}},
    {__NR_munmap, "munmap", 2, {A_SPECIAL}},
    {__NR_mprotect, "mprotect", 2, {A_SPECIAL}},
    {__NR_mmap2, "mmap2", 3, {A_SPECIAL}},
    {__NR_mlock, "mlock", 1, {A_BUF, A_LEN}},
    {__NR_munlock, "munlock", 1, {A_BUF, A_LEN}},
    {__NR_mlock2, "mlock2", 1, {A_BUF, A_LEN, A_FLAGS}},
    {__NR_mlockall, "mlockall", 1, {A_FLAGS}},
    {__NR_munlockall, "munlockall", 1, {A_NONE}},
    {__NR_sysinfo, "sysinfo", 1, {A_BUF}},
    {__NR_fsync, "fsync", 1, {A_FD}},
    {__NR_sigreturn, "sigreturn", 1, {A_SPECIAL}},
    {__NR_rt_sigreturn, "rt_sigreturn", 2, {A_SPECIAL}},
    {__NR_fork, "fork", 1, {A_SPECIAL}},
    {__NR_vfork, "vfork", 1, {A_SPECIAL}},
    {__NR_clone, "clone", 1, {A_SPECIAL}},
    {__NR_uname, "uname", 1, {A_BUF}},
    {__NR_readv, "readv", 2, {A_FD, A_IOVEC, A_LEN}},
    {__NR_writev, "writev", 2, {A_FD, A_IOVEC, A_LEN}},
    {__NR_sched_yield, "sched_yield", 1, {A_NONE}},
    {__NR_nanosleep, "nanosleep", 1, {A_SPECIAL}},
    {__NR_poll, "poll", 1, {A_SPECIAL}},
    {__NR_ppoll, "ppoll", 1, {A_SPECIAL}},
    {__NR_ppoll_time64, "ppoll_time64", 1, {A_SPECIAL}},
    {__NR_select, "select", 1, {A_SPECIAL}},
    {__NR__newselect, "_newselect", 1, {A_SPECIAL}},
    {__NR_pselect6, "pselect6", 1, {A_SPECIAL}},
    {__NR_pselect6_time64, "pselect6_time64", 1, {A_SPECIAL}},
    {__NR_rt_sigaction, "rt_sigaction", 3, {A_SIG, A_SIGACT, A_BUF, A_SETSIZE}},
    {__NR_rt_sigprocmask, "rt_sigprocmask", 2, {A_HOW, A_SIGSET, A_BUF, A_SETSIZE}},
    {__NR_pread64, "pread64", 2, {A_FD, A_BUF, A_LEN, A_OFF, A_OFF}},
    {__NR_pwrite64, "pwrite64", 2, {A_FD, A_BUF, A_LEN, A_OFF, A_OFF}},
    {__NR_getcwd, "getcwd", 1, {A_BUF, A_LEN}},
    {__NR_truncate64, "truncate64", 2, {A_SPATH, A_OFF, A_OFF}},
    {__NR_ftruncate64, "ftruncate64", 2, {A_FD, A_OFF, A_OFF}},
    {__NR_stat64, "stat64", 3, {A_PATH, A_BUF}},
    {__NR_lstat64, "lstat64", 2, {A_PATH, A_BUF}},
    {__NR_fstat64, "fstat64", 2, {A_FD, A_BUF}},
    {__NR_getdents64, "getdents64", 3, {A_FD, A_BUF, A_LEN}},
    {__NR_gettid, "gettid", 1, {A_NONE}},
    {__NR_set_thread_area, "set_thread_area", 1, {A_BUF}},
    {__NR_ugetrlimit, "ugetrlimit", 1, {A_ANY, A_BUF}},
    {__NR_prlimit64, "prlimit64", 1, {A_PID, A_ANY, A_BUF, A_BUF}},
    {__NR_sched_getaffinity, "sched_getaffinity", 1, {A_PID, A_LEN, A_BUF}},
    {__NR_getrandom, "getrandom", 1, {A_BUF, A_LEN, A_FLAGS}},
    {__NR_set_tid_address, "set_tid_address", 1, {A_BUF}},
    {__NR_set_robust_list, "set_robust_list", 1, {A_BUF, A_LEN}},
    {__NR_get_robust_list, "get_robust_list", 1, {A_PID, A_BUF, A_BUF}},
    {__NR_utimensat, "utimensat", 1, {A_DIRFD, A_SPATH, A_BUF, A_ATFLAGS}},
    {__NR_utimes, "utimes", 1, {A_SPATH, A_BUF}},
    {__NR_utime, "utime", 1, {A_SPATH, A_BUF}},
    {__NR_sendfile64, "sendfile64", 1, {A_FD, A_FD, A_BUF, A_LEN}},
    {__NR_sendfile, "sendfile", 1, {A_FD, A_FD, A_BUF, A_LEN}},
    {__NR_clock_gettime, "clock_gettime", 1, {A_CLOCK, A_BUF}},
    {__NR_clock_gettime64, "clock_gettime64", 1, {A_CLOCK, A_BUF}},
    {__NR_clock_getres, "clock_getres", 1, {A_CLOCK, A_BUF}},
    {__NR_clock_getres_time64, "clock_getres_time64", 1, {A_CLOCK, A_BUF}},
    {__NR_gettimeofday, "gettimeofday", 1, {A_BUF, A_BUF}},
    {__NR_settimeofday, "settimeofday", 1, {A_SPECIAL}},
    {__NR_clock_settime, "clock_settime", 1, {A_SPECIAL}},
    {__NR_clock_settime64, "clock_settime64", 1, {A_SPECIAL}},
    {__NR_clock_nanosleep, "clock_nanosleep", 1, {A_SPECIAL}},
    {__NR_clock_nanosleep_time64, "clock_nanosleep_time64", 1, {A_SPECIAL}},
    {__NR_times, "times", 1, {A_BUF}},
    {__NR_statfs64, "statfs64", 1, {A_PATH, A_LEN, A_BUF}},
    {FUZZ_NR_CONTAINER, "container", 3, {A_SPECIAL}},
};

#define NR_TABLE (sizeof(call_table) / sizeof(call_table[0]))
#define RANDOM_PERCENT 12 /* calls picked by number rather than from the table */
#define RANDOM_NR_MAX 450

/* Numbers never picked at random, by their Linux meaning (Corral implements
 * few of them today; the list is for the kernel it will become, and keeps a
 * run on a Linux host harmless too):
 *   - the child's end or a copy of it: exit, fork, vfork, clone, clone3,
 *     execve, sigreturn (the table makes these, carefully);
 *   - other processes: kill, tkill, tgkill, ptrace, rt_sigqueueinfo,
 *     process_vm_writev, pidfd_*, prlimit64, setpriority, sched_set*,
 *     ioprio_set, migrate_pages, move_pages;
 *   - the machine: reboot, iopl, ioperm, kexec, modules, swapon/off,
 *     settimeofday and the clocks, sethostname, vhangup, acct, syslog,
 *     quotactl, bpf, fanotify, keys, SysV IPC and mqueues, sockets;
 *   - the tree outside the scratch directory: open, creat, link, unlink,
 *     mknod, chmod, chown, rename, mkdir, rmdir, symlink, truncate, utime,
 *     xattrs, the *at calls, openat2, chdir, chroot, mount and the new mount
 *     API, pivot_root, open_by_handle_at;
 *   - the child's supplementary groups: setgroups, setgroups32 (the table
 *     makes them with a length and a buffer);
 *   - sleeps whose length would come from random memory: nanosleep, poll,
 *     select, epoll_wait, futex, timers, alarm, pause, sigsuspend,
 *     sigtimedwait. */
static int random_nr_is_forbidden(long nr)
{
	static const uint16_t forbidden[][2] = {
	    {1, 2},	{5, 5},	    {8, 12},	{14, 16},   {21, 22},	{25, 27},   {29, 30},
	    {37, 40},	{51, 52},   {61, 61},	{72, 72},   {74, 74},	{79, 79},   {81, 83},
	    {87, 88},	{92, 92},   {94, 95},	{97, 97},   {101, 103}, {104, 104}, {110, 111},
	    {115, 115}, {117, 117}, {119, 121}, {124, 124}, {128, 129}, {131, 131}, {133, 133},
	    {142, 142}, {154, 154}, {156, 156}, {162, 162}, {168, 168}, {173, 173}, {177, 179},
	    {182, 182}, {190, 190}, {193, 193}, {198, 198}, {206, 207}, {212, 212}, {217, 217},
	    {226, 238}, {240, 241}, {252, 252}, {256, 256}, {259, 260}, {264, 264}, {267, 268},
	    {270, 271}, {277, 280}, {283, 283}, {286, 289}, {294, 306}, {308, 309}, {317, 317},
	    {319, 320}, {335, 335}, {338, 343}, {348, 351}, {353, 353}, {357, 373}, {393, 402},
	    {404, 405}, {407, 407}, {409, 409}, {411, 414}, {419, 419}, {421, 422}, {424, 424},
	    {425, 435}, {437, 438}, {440, 443}, {449, 449},
	};
	for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++)
		if (nr >= forbidden[i][0] && nr <= forbidden[i][1])
			return 1;
	return 0;
}

static long arg_whence(struct fuzz_child *c)
{
	return rng_percent(&c->rng, 80) ? (long)rng_below(&c->rng, 5) - 1 : arg_any(c);
}

static long arg_ioctl_cmd(struct fuzz_child *c)
{
	static const uint32_t cmds[] = {0x5401, 0x5402, 0x5403, 0x5404, 0x540f,	    0x5410,
					0x5413, 0x5414, 0x541b, 0x5421, 0x80045430, 0};
	return rng_percent(&c->rng, 80) ? (long)cmds[rng_below(&c->rng, 12)] : arg_flags(c);
}

static long arg_fcntl_cmd(struct fuzz_child *c)
{
	static const int32_t cmds[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1030, 1024, 1025, -1};
	return rng_percent(&c->rng, 85) ? (long)cmds[rng_below(&c->rng, 14)] : arg_flags(c);
}

static long arg_wait_options(struct fuzz_child *c)
{
	static const uint32_t opts[] = {1, 1, 3, 0x80000001, 0x40000001, 0x20000001, 0, 2};
	return (long)opts[rng_below(&c->rng, 8)];
}

/* A sigset in the junk buffer (any bits), or a bad pointer. */
static long arg_sigset(struct fuzz_child *c)
{
	if (rng_percent(&c->rng, 25))
		return arg_bad_pointer(c);
	uint32_t *set = c->sigset;
	set[0] = rng_percent(&c->rng, 30) ? 0xffffffffu : rng_next(&c->rng);
	set[1] = rng_next(&c->rng);
	return (long)(uintptr_t)set;
}

static long arg_setsize(struct fuzz_child *c)
{
	static const int32_t sizes[] = {8, 8, 8, 8, 0, 4, 16, -1, 128};
	return sizes[rng_below(&c->rng, 9)];
}

/* An iovec array of 1..8 entries: buffers and lengths from their generators. */
static long arg_iovec(struct fuzz_child *c)
{
	if (rng_percent(&c->rng, 15))
		return arg_bad_pointer(c);
	for (int i = 0; i < 8; i++) {
		c->iov[i][0] = (uint32_t)arg_buffer(c);
		c->iov[i][1] =
		    rng_percent(&c->rng, 70) ? rng_below(&c->rng, 512) : (uint32_t)arg_length(c);
	}
	return (long)(uintptr_t)c->iov;
}

static long arg_clock(struct fuzz_child *c)
{
	return rng_percent(&c->rng, 70) ? (long)rng_below(&c->rng, 8) : arg_any(c);
}

static long arg_at_flags(struct fuzz_child *c)
{
	static const uint32_t flags[] = {0, 0x100, 0x400, 0x800, 0x1000, 0x1100, 0xffffffff};
	return (long)flags[rng_below(&c->rng, 7)];
}

static long arg_of_kind(struct fuzz_child *c, enum arg_kind kind)
{
	switch (kind) {
	case A_FD:
		return arg_fd(c);
	case A_BUF:
		return arg_buffer(c);
	case A_LEN:
		return arg_length(c);
	case A_OFF:
		return arg_offset(c);
	case A_FLAGS:
		return arg_flags(c);
	case A_MODE:
		return arg_mode(c);
	case A_PID:
		return arg_pid(c);
	case A_SIG:
		return arg_signal(c);
	case A_ID:
		return arg_id(c);
	case A_PATH:
		return (long)(uintptr_t)arg_path(c);
	case A_SPATH:
		return (long)(uintptr_t)arg_scratch_path(c);
	case A_WHENCE:
		return arg_whence(c);
	case A_IOCTL:
		return arg_ioctl_cmd(c);
	case A_FCNTL:
		return arg_fcntl_cmd(c);
	case A_WAIT:
		return arg_wait_options(c);
	case A_HOW:
		return rng_percent(&c->rng, 80) ? (long)rng_below(&c->rng, 4) : arg_any(c);
	case A_SIGSET:
		return arg_sigset(c);
	case A_SETSIZE:
		return arg_setsize(c);
	case A_SIGACT:
		return special_sigaction_arg(c);
	case A_IOVEC:
		return arg_iovec(c);
	case A_CLOCK:
		return arg_clock(c);
	case A_DIRFD:
		return rng_percent(&c->rng, 40) ? AT_FDCWD : arg_fd(c);
	case A_ATFLAGS:
		return arg_at_flags(c);
	case A_PRIOWHICH:
		return rng_percent(&c->rng, 80) ? (long)rng_below(&c->rng, 3) : arg_any(c);
	case A_ANY:
		return arg_any(c);
	default:
		return 0;
	}
}

static const struct call_entry *pick_entry(struct fuzz_child *c)
{
	static uint32_t total_weight;
	if (!total_weight)
		for (size_t i = 0; i < NR_TABLE; i++)
			total_weight += call_table[i].weight;
	uint32_t w = rng_below(&c->rng, total_weight);
	for (size_t i = 0; i < NR_TABLE; i++) {
		if (w < call_table[i].weight)
			return &call_table[i];
		w -= call_table[i].weight;
	}
	return &call_table[0];
}

static void call_from_table(struct fuzz_child *c, const struct call_entry *e)
{
	struct fuzz_call call = {.nr = e->nr, .name = e->name};
	if (e->args[0] == A_SPECIAL) {
		special_call(c, &call); /* draws its arguments, then makes the call(s) */
		return;
	}
	for (int i = 0; i < 6 && e->args[i] != A_NONE; i++) {
		call.arg[i] = arg_of_kind(c, (enum arg_kind)e->args[i]);
		call.is_path[i] = e->args[i] == A_PATH || e->args[i] == A_SPATH;
		call.nr_args = i + 1;
	}
	fuzz_syscall(c, &call);
}

static void call_by_number(struct fuzz_child *c)
{
	long nr;
	do
		nr = (long)rng_below(&c->rng, RANDOM_NR_MAX + 1);
	while (random_nr_is_forbidden(nr));
	struct fuzz_call call = {.nr = nr, .name = NULL, .nr_args = 6};
	for (int i = 0; i < 6; i++)
		call.arg[i] = arg_any(c);
	fuzz_syscall(c, &call);
}

void fuzz_one_call(struct fuzz_child *c)
{
	if (rng_percent(&c->rng, RANDOM_PERCENT))
		call_by_number(c);
	else
		call_from_table(c, pick_entry(c));
}

/* ---- making a call: log, count, fix up ---- */

/* Keep the cwd inside the batch directory, so that relative paths, which
 * destructive calls may use, cannot name anything else.  The batch directory
 * itself may be gone or chmod'ed to 0 by now: make it usable again.  Never
 * fall back to the scratch directory or "/": "." would then be theirs. */
static void fuzz_keep_cwd_inside(struct fuzz_child *c)
{
	char cwd[256];
	size_t n = strlen(c->batch_dir);
	long r = __sc2(__NR_getcwd, cwd, sizeof(cwd));
	if (r > 0 && strncmp(cwd, c->batch_dir, n) == 0 && (cwd[n] == '\0' || cwd[n] == '/'))
		return;
	if (__sc1(__NR_chdir, c->batch_dir) == 0)
		return;
	__sc2(__NR_mkdir, c->batch_dir, 0777);
	__sc2(__NR_chmod, c->batch_dir, 0777);
	if (__sc1(__NR_chdir, c->batch_dir) < 0)
		__sc1(__NR_exit, 0); /* nowhere safe to stand: the next child carries on */
}

static void fuzz_note_result(struct fuzz_child *c, const struct fuzz_call *call, long ret)
{
	switch (call->nr) {
	case __NR_open:
	case __NR_openat:
	case __NR_dup:
	case __NR_dup2:
	case __NR_dup3:
	case __NR_fcntl:
	case __NR_fcntl64:
		fuzz_remember_fd(c, ret);
		break;
	case __NR_mmap2:
		fuzz_remember_map(c, ret);
		break;
	case __NR_chdir:
	case __NR_fchdir:
		fuzz_keep_cwd_inside(c);
		break;
	}
	struct fuzz_shared *s = c->shared;
	if (ret >= 0 || ret < -4095)
		s->nr_returns_ok++;
	else
		s->nr_errors[-ret <= FUZZ_MAX_ERRNO ? -ret : FUZZ_MAX_ERRNO + 1]++;
}

/* Before a call: log it, and tell the parent where a new child would carry
 * on if this call kills this one (the next call, with the random stream as
 * it is now: every draw for this call is made). */
void fuzz_call_begin(struct fuzz_child *c, const struct fuzz_call *call)
{
	if (c->verbose)
		fuzz_log_call(c, call);
	struct fuzz_shared *s = c->shared;
	s->next_index = c->call_index + 1;
	s->next_rng = c->rng.state;
	s->current_nr = (int32_t)call->nr;
}

void fuzz_call_end(struct fuzz_child *c, const struct fuzz_call *call, long ret)
{
	fuzz_note_result(c, call, ret);
	if (c->verbose)
		fuzz_log_result(c, ret);
}

/* A few calls enter the kernel with the direction flag set (sigframe.c). */
#define DF_PERCENT 2

long fuzz_syscall(struct fuzz_child *c, struct fuzz_call *call)
{
	call->with_df = rng_percent(&c->rng, DF_PERCENT);
	fuzz_call_begin(c, call);
	long (*trap)(long, long, long, long, long, long, long) =
	    call->with_df ? syscall_with_df : __syscall;
	long ret = trap(call->nr, call->arg[0], call->arg[1], call->arg[2], call->arg[3],
			call->arg[4], call->arg[5]);
	fuzz_call_end(c, call, ret);
	return ret;
}

/* ---- -v: one line per call, written before the call so a panic shows it ---- */

/* A path argument as text too, when it is one of the generators' own strings
 * (all in the program's image); anything else might fault if read. */
static size_t log_path(char *out, size_t size, long arg)
{
	const char *p = (const char *)arg;
	if (!fuzz_is_own_string(p))
		return 0;
	size_t n = 0;
	n += (size_t)snprintf(out + n, size - n, " \"");
	for (int i = 0; p[i] && i < 48 && n + 8 < size; i++)
		n += (size_t)snprintf(out + n, size - n,
				      (p[i] >= 32 && p[i] < 127) ? "%c" : "\\x%02x",
				      (unsigned char)p[i]);
	n += (size_t)snprintf(out + n, size - n, "%s\"", strlen(p) > 48 ? "..." : "");
	return n;
}

void fuzz_log_call(struct fuzz_child *c, const struct fuzz_call *call)
{
	char line[400];
	size_t n = (size_t)snprintf(line, sizeof(line), "fuzz: %u.%u ", c->batch, c->call_index);
	if (call->name)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s(", call->name);
	else
		n += (size_t)snprintf(line + n, sizeof(line) - n, "syscall%ld(", call->nr);
	for (int i = 0; i < call->nr_args && n < sizeof(line) - 80; i++) {
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s0x%lx", i ? ", " : "",
				      (unsigned long)call->arg[i]);
		if (call->is_path[i])
			n += log_path(line + n, sizeof(line) - n, call->arg[i]);
	}
	n += (size_t)snprintf(line + n, sizeof(line) - n, ")%s", call->with_df ? " [DF set]" : "");
	__sc3(__NR_write, FUZZ_LOG_FD, line, n);
}

void fuzz_log_result(struct fuzz_child *c, long ret)
{
	char line[32];
	(void)c;
	int n = snprintf(line, sizeof(line), " = %ld\n", ret);
	__sc3(__NR_write, FUZZ_LOG_FD, line, n);
}
