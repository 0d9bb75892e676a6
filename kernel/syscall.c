/*
 * syscall.c — from `int $0x80` to the function that does the work.
 *
 * The number in eax picks an entry of syscall_table (Linux i386 numbering,
 * include/uapi/unistd.h); its arguments are ebx, ecx, edx, esi, edi, ebp.  The
 * result goes back in eax: a value, or -errno.  A number Corral does not
 * implement returns -ENOSYS and is logged once, so a program that needs more
 * says which call it wanted.  Calls that need the saved registers themselves
 * (fork, execve, sigreturn) get the trap frame.
 */
#include <corral/fail_alloc.h>
#include <corral/printk.h>
#include <corral/futex.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/tls.h>
#include <uapi/errno.h>
#include <uapi/unistd.h>

#define NR_SYSCALLS 450 /* Linux i386 has used numbers up to the 440s */

typedef long (*syscall_fn)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
typedef long (*syscall_frame_fn)(struct trap_frame *frame);

struct syscall_entry {
	const void *fn;
	bool wants_frame; /* fn is a syscall_frame_fn: it reads or rewrites the registers */
};

#define SYSCALL(nr, f) [nr] = {(const void *)(f), false}
#define SYSCALL_FRAME(nr, f) [nr] = {(const void *)(f), true}

static long sys_execve_frame(struct trap_frame *f)
{
	return sys_execve((const char *)f->ebx, (char *const *)f->ecx, (char *const *)f->edx, f);
}

static const struct syscall_entry syscall_table[NR_SYSCALLS] = {
	SYSCALL(__NR_exit, sys_exit),
	SYSCALL_FRAME(__NR_fork, sys_fork),
	SYSCALL(__NR_read, sys_read),
	SYSCALL(__NR_write, sys_write),
	SYSCALL(__NR_open, sys_open),
	SYSCALL(__NR_close, sys_close),
	SYSCALL(__NR_waitpid, sys_waitpid),
	SYSCALL(__NR_link, sys_link),
	SYSCALL(__NR_unlink, sys_unlink),
	SYSCALL_FRAME(__NR_execve, sys_execve_frame),
	SYSCALL(__NR_chdir, sys_chdir),
	SYSCALL(__NR_statfs64, sys_statfs64),
	SYSCALL(__NR_fstatfs64, sys_fstatfs64),
	SYSCALL(__NR_time, sys_time),
	SYSCALL(__NR_chmod, sys_chmod),
	SYSCALL(__NR_lseek, sys_lseek),
	SYSCALL(__NR_getpid, sys_getpid),
	SYSCALL(__NR_mount, sys_mount),
	SYSCALL(__NR_setuid, sys_setuid),
	SYSCALL(__NR_getuid, sys_getuid),
	SYSCALL(__NR_alarm, sys_alarm),
	SYSCALL(__NR_setitimer, sys_setitimer),
	SYSCALL(__NR_getitimer, sys_getitimer),
	SYSCALL(__NR_restart_syscall, sys_restart_syscall),
	SYSCALL(__NR_pause, sys_pause),
	SYSCALL(__NR_times, sys_times),
	SYSCALL(__NR_getrusage, sys_getrusage),
	SYSCALL(__NR_sigsuspend, sys_sigsuspend),
	SYSCALL(__NR_rt_sigsuspend, sys_rt_sigsuspend),
	SYSCALL(__NR_access, sys_access),
	SYSCALL(__NR_sync, sys_sync),
	SYSCALL(__NR_kill, sys_kill),
	SYSCALL(__NR_tkill, sys_tkill),
	SYSCALL(__NR_tgkill, sys_tgkill),
	SYSCALL(__NR_rename, sys_rename),
	SYSCALL(__NR_mkdir, sys_mkdir),
	SYSCALL(__NR_mknod, sys_mknod),
	SYSCALL(__NR_rmdir, sys_rmdir),
	SYSCALL(__NR_dup, sys_dup),
	SYSCALL(__NR_pipe, sys_pipe),
	SYSCALL(__NR_brk, sys_brk),
	SYSCALL(__NR_setgid, sys_setgid),
	SYSCALL(__NR_getgid, sys_getgid),
	SYSCALL(__NR_geteuid, sys_geteuid),
	SYSCALL(__NR_getegid, sys_getegid),
	SYSCALL(__NR_getgroups, sys_getgroups16),
	SYSCALL(__NR_setgroups, sys_setgroups16),
	SYSCALL(__NR_umount2, sys_umount2),
	SYSCALL(__NR_ioctl, sys_ioctl),
	SYSCALL(__NR_fcntl, sys_fcntl64),
	SYSCALL(__NR_setpgid, sys_setpgid),
	SYSCALL(__NR_umask, sys_umask),
	SYSCALL(__NR_chroot, sys_chroot),
	SYSCALL(__NR_dup2, sys_dup2),
	SYSCALL(__NR_dup3, sys_dup3),
	SYSCALL(__NR_getppid, sys_getppid),
	SYSCALL(__NR_prctl, sys_prctl),
	SYSCALL(__NR_getpgrp, sys_getpgrp),
	SYSCALL(__NR_setsid, sys_setsid),
	SYSCALL(__NR_gettimeofday, sys_gettimeofday),
	SYSCALL(__NR_settimeofday, sys_settimeofday),
	SYSCALL(__NR_symlink, sys_symlink),
	SYSCALL(__NR_readlink, sys_readlink),
	SYSCALL(__NR_swapon, sys_swapon),
	SYSCALL(__NR_reboot, sys_reboot),
	SYSCALL(__NR_munmap, sys_munmap),
	SYSCALL(__NR_fchmod, sys_fchmod),
	SYSCALL(__NR_getpriority, sys_getpriority),
	SYSCALL(__NR_setpriority, sys_setpriority),
	SYSCALL(__NR_syslog, sys_syslog),
	SYSCALL(__NR_wait4, sys_wait4),
	SYSCALL(__NR_sysinfo, sys_sysinfo),
	SYSCALL(__NR_swapoff, sys_swapoff),
	SYSCALL(__NR_fsync, sys_fsync),
	SYSCALL(__NR_fdatasync, sys_fdatasync),
	SYSCALL_FRAME(__NR_sigreturn, sys_sigreturn),
	SYSCALL_FRAME(__NR_clone, sys_clone),
	SYSCALL(__NR_uname, sys_uname),
	SYSCALL(__NR_mprotect, sys_mprotect),
	SYSCALL(__NR_getpgid, sys_getpgid),
	SYSCALL(__NR_fchdir, sys_fchdir),
	SYSCALL(__NR__llseek, sys_llseek),
	SYSCALL(__NR_readv, sys_readv),
	SYSCALL(__NR_writev, sys_writev),
	SYSCALL(__NR_getsid, sys_getsid),
	SYSCALL(__NR_sched_yield, sys_sched_yield),
	SYSCALL(__NR_nanosleep, sys_nanosleep),
	SYSCALL(__NR_poll, sys_poll),
	SYSCALL(__NR_ppoll, sys_ppoll),
	SYSCALL(__NR_ppoll_time64, sys_ppoll_time64),
	SYSCALL(__NR_select, sys_old_select),
	SYSCALL(__NR__newselect, sys_select),
	SYSCALL(__NR_pselect6, sys_pselect6),
	SYSCALL(__NR_pselect6_time64, sys_pselect6_time64),
	SYSCALL_FRAME(__NR_rt_sigreturn, sys_rt_sigreturn),
	SYSCALL(__NR_rt_sigaction, sys_rt_sigaction),
	SYSCALL(__NR_rt_sigprocmask, sys_rt_sigprocmask),
	SYSCALL(__NR_pread64, sys_pread64),
	SYSCALL(__NR_pwrite64, sys_pwrite64),
	SYSCALL(__NR_chown, sys_chown32),
	SYSCALL(__NR_getcwd, sys_getcwd),
	SYSCALL_FRAME(__NR_vfork, sys_vfork),
	SYSCALL(__NR_mmap2, sys_mmap2),
	SYSCALL(__NR_msync, sys_msync),
	SYSCALL(__NR_mlock, sys_mlock),
	SYSCALL(__NR_munlock, sys_munlock),
	SYSCALL(__NR_mlockall, sys_mlockall),
	SYSCALL(__NR_munlockall, sys_munlockall),
	SYSCALL(__NR_mlock2, sys_mlock2),
	SYSCALL(__NR_truncate64, sys_truncate64),
	SYSCALL(__NR_ftruncate64, sys_ftruncate64),
	SYSCALL(__NR_stat64, sys_stat64),
	SYSCALL(__NR_lstat64, sys_lstat64),
	SYSCALL(__NR_fstat64, sys_fstat64),
	SYSCALL(__NR_lchown32, sys_lchown32),
	SYSCALL(__NR_getuid32, sys_getuid),
	SYSCALL(__NR_getgid32, sys_getgid),
	SYSCALL(__NR_geteuid32, sys_geteuid),
	SYSCALL(__NR_getegid32, sys_getegid),
	SYSCALL(__NR_getgroups32, sys_getgroups32),
	SYSCALL(__NR_setgroups32, sys_setgroups32),
	SYSCALL(__NR_fchown32, sys_fchown32),
	SYSCALL(__NR_setresuid32, sys_setresuid),
	SYSCALL(__NR_setresgid32, sys_setresgid),
	SYSCALL(__NR_chown32, sys_chown32),
	SYSCALL(__NR_setuid32, sys_setuid),
	SYSCALL(__NR_setgid32, sys_setgid),
	SYSCALL(__NR_getdents64, sys_getdents64),
	SYSCALL(__NR_fcntl64, sys_fcntl64),
	SYSCALL(__NR_gettid, sys_gettid),
	SYSCALL(__NR_set_thread_area, sys_set_thread_area),
	SYSCALL(__NR_get_thread_area, sys_get_thread_area),
	SYSCALL(__NR_exit_group, sys_exit_group),
	SYSCALL(__NR_set_tid_address, sys_set_tid_address),
	SYSCALL(__NR_futex, sys_futex),
	SYSCALL(__NR_getrlimit, sys_getrlimit),
	SYSCALL(__NR_ugetrlimit, sys_getrlimit),
	SYSCALL(__NR_prlimit64, sys_prlimit64),
	SYSCALL(__NR_sched_getaffinity, sys_sched_getaffinity),
	SYSCALL(__NR_getrandom, sys_getrandom),
	SYSCALL(__NR_clock_settime, sys_clock_settime),
	SYSCALL(__NR_clock_gettime, sys_clock_gettime),
	SYSCALL(__NR_clock_getres, sys_clock_getres),
	SYSCALL(__NR_clock_nanosleep, sys_clock_nanosleep),
	SYSCALL(__NR_openat, sys_openat),
	SYSCALL(__NR_fchownat, sys_fchownat),
	SYSCALL(__NR_fstatat64, sys_fstatat64),
	SYSCALL(__NR_statx, sys_statx),
	SYSCALL(__NR_mknodat, sys_mknodat),
	SYSCALL(__NR_symlinkat, sys_symlinkat),
	SYSCALL(__NR_readlinkat, sys_readlinkat),
	SYSCALL(__NR_pipe2, sys_pipe2),
	SYSCALL(__NR_clock_gettime64, sys_clock_gettime64),
	SYSCALL(__NR_clock_settime64, sys_clock_settime64),
	SYSCALL(__NR_clock_getres_time64, sys_clock_getres_time64),
	SYSCALL(__NR_clock_nanosleep_time64, sys_clock_nanosleep_time64),
	SYSCALL(__NR_utime, sys_utime),
	SYSCALL(__NR_utimes, sys_utimes),
	SYSCALL(__NR_futimesat, sys_futimesat),
	SYSCALL(__NR_utimensat, sys_utimensat),
	SYSCALL(__NR_utimensat_time64, sys_utimensat_time64),
	SYSCALL(__NR_sendfile, sys_sendfile),
	SYSCALL(__NR_sendfile64, sys_sendfile64),
	SYSCALL(__NR_set_robust_list, sys_set_robust_list),
	SYSCALL(__NR_get_robust_list, sys_get_robust_list),
};

/* Calls Corral leaves out on purpose, whose callers expect ENOSYS and carry
 * on (glibc registers rseq at every start, and tries clone3 before clone):
 * not worth a console line. */
static bool syscall_is_quietly_absent(uint32_t nr)
{
	return nr == __NR_rseq || nr == __NR_clone3;
}

static void syscall_report_unknown(uint32_t nr)
{
	static uint32_t reported[(NR_SYSCALLS + 31) / 32 + 1];
	uint32_t slot = nr < NR_SYSCALLS ? nr : NR_SYSCALLS;
	if (syscall_is_quietly_absent(nr))
		return;
	if (reported[slot / 32] & (1u << (slot % 32)))
		return;
	reported[slot / 32] |= 1u << (slot % 32);
	pr_warn("syscall: %s[%d] called unimplemented system call %u (-ENOSYS)\n",
		current->name, current->pid, nr);
}

void syscall_dispatch(struct trap_frame *frame)
{
	uint32_t nr = frame->eax;
	current->syscall_nr = (int)nr;
	const struct syscall_entry *e = nr < NR_SYSCALLS ? &syscall_table[nr] : NULL;
	sti(); /* system calls run with interrupts on */
	long ret;
	if (!e || !e->fn) {
		syscall_report_unknown(nr);
		ret = -ENOSYS;
	} else if (e->wants_frame) {
		ret = ((syscall_frame_fn)e->fn)(frame);
	} else {
		ret = ((syscall_fn)e->fn)(frame->ebx, frame->ecx, frame->edx, frame->esi,
					  frame->edi, frame->ebp);
	}
	fail_alloc_syscall_return(nr, ret); /* fault injection's check: a lost failure? */
	frame->eax = (uint32_t)ret;
}
