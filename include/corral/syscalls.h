/*
 * syscalls.h — the system calls, one function each (Linux i386 numbering in
 * include/uapi/unistd.h; the table is kernel/syscall.c).
 *
 * Each takes its arguments as the user passed them (pointers are user
 * pointers, checked and copied by the implementation) and returns a value or
 * a negative errno, which goes back to user space unchanged in eax.
 */
#ifndef CORRAL_SYSCALLS_H
#define CORRAL_SYSCALLS_H

#include <corral/trap.h>
#include <corral/types.h>

/* Files and directories (fs/syscalls_file.c: descriptors and I/O;
 * fs/syscalls_path.c: paths, attributes, mounts). */
long sys_read(int fd, char *ubuf, size_t len);
long sys_prctl(int option, uint32_t arg2, uint32_t arg3, uint32_t arg4, uint32_t arg5);
long sys_write(int fd, const char *ubuf, size_t len);
long sys_readv(int fd, const void *uiov, int iovcnt);
long sys_sendfile(int out_fd, int in_fd, long *uoffset, size_t count);
long sys_sendfile64(int out_fd, int in_fd, int64_t *uoffset, size_t count);
long sys_writev(int fd, const void *uiov, int iovcnt);
long sys_pread64(int fd, char *ubuf, size_t len, uint32_t off_lo, uint32_t off_hi);
long sys_pwrite64(int fd, const char *ubuf, size_t len, uint32_t off_lo, uint32_t off_hi);
long sys_open(const char *upath, int flags, int mode);
long sys_openat(int dirfd, const char *upath, int flags, int mode);
long sys_close(int fd);
long sys_lseek(int fd, long offset, int whence);
long sys_llseek(int fd, uint32_t off_hi, uint32_t off_lo, uint64_t *uresult, int whence);
long sys_dup(int fd);
long sys_dup2(int oldfd, int newfd);
long sys_dup3(int oldfd, int newfd, int flags);
long sys_fcntl64(int fd, int cmd, uintptr_t arg);
long sys_ioctl(int fd, uint32_t cmd, uintptr_t arg);
long sys_pipe(int *ufds);
long sys_pipe2(int *ufds, int flags);
long sys_stat64(const char *upath, void *ustat);
long sys_lstat64(const char *upath, void *ustat);
long sys_fstatat64(int dirfd, const char *upath, void *ustat, int flags);
long sys_statx(int dirfd, const char *upath, int flags, unsigned int mask, void *ubuf);
long sys_fstat64(int fd, void *ustat);
long sys_getdents64(int fd, void *udirp, size_t count);
long sys_mkdir(const char *upath, int mode);
long sys_mknod(const char *upath, int mode, uint32_t dev);
long sys_mknodat(int dirfd, const char *upath, int mode, uint32_t dev);
long sys_rmdir(const char *upath);
long sys_unlink(const char *upath);
long sys_link(const char *uold, const char *unew);
long sys_rename(const char *uold, const char *unew);
long sys_chdir(const char *upath);
long sys_fchdir(int fd);
long sys_chroot(const char *upath);
long sys_statfs64(const char *upath, size_t size, void *ubuf);
long sys_fstatfs64(int fd, size_t size, void *ubuf);
long sys_getcwd(char *ubuf, size_t size);
long sys_chmod(const char *upath, int mode);
long sys_fchmod(int fd, int mode);
long sys_chown32(const char *upath, uint32_t uid, uint32_t gid);
long sys_fchown32(int fd, uint32_t uid, uint32_t gid);
long sys_lchown32(const char *upath, uint32_t uid, uint32_t gid);
long sys_fchownat(int dirfd, const char *upath, uint32_t uid, uint32_t gid, int flags);
long sys_access(const char *upath, int mode);
long sys_umask(int mask);
long sys_truncate64(const char *upath, uint32_t len_lo, uint32_t len_hi);
long sys_ftruncate64(int fd, uint32_t len_lo, uint32_t len_hi);
long sys_mount(const char *usource, const char *utarget, const char *utype, uint32_t flags,
	       const void *udata);
long sys_umount2(const char *utarget, int flags);
long sys_swapon(const char *upath, int flags);
long sys_swapoff(const char *upath);
long sys_sync(void);
long sys_fsync(int fd);
long sys_fdatasync(int fd);
long sys_symlink(const char *utarget, const char *upath);
long sys_symlinkat(const char *utarget, int dirfd, const char *upath);
long sys_readlink(const char *upath, char *ubuf, int size);
struct timespec;
struct timeval;
struct __kernel_timespec;
long sys_utime(const char *upath, const long *utimbuf);
long sys_utimes(const char *upath, const struct timeval *utimes);
long sys_futimesat(int dirfd, const char *upath, const struct timeval *utimes);
long sys_utimensat(int dirfd, const char *upath, const struct timespec *utimes, int flags);
long sys_utimensat_time64(int dirfd, const char *upath, const struct __kernel_timespec *utimes,
			  int flags);
long sys_readlinkat(int dirfd, const char *upath, char *ubuf, int size);

/* Waiting for descriptors (fs/poll.c). */
long sys_poll(void *ufds, uint32_t nfds, int timeout_ms);
long sys_ppoll(void *ufds, uint32_t nfds, void *uts, const void *umask, size_t masksize);
long sys_ppoll_time64(void *ufds, uint32_t nfds, void *uts, const void *umask, size_t masksize);
long sys_select(int n, void *uin, void *uout, void *uex, void *utv);
long sys_old_select(const void *uargs);
long sys_pselect6(int n, void *uin, void *uout, void *uex, void *uts, const void *usig);
long sys_pselect6_time64(int n, void *uin, void *uout, void *uex, void *uts, const void *usig);

/* Processes (kernel/syscalls_task.c). */
long sys_exit(int code);
long sys_exit_group(int code);
long sys_fork(struct trap_frame *frame);
long sys_vfork(struct trap_frame *frame);
long sys_clone(struct trap_frame *frame);
long sys_execve(const char *upath, char *const *uargv, char *const *uenvp,
		struct trap_frame *frame);
long sys_wait4(int pid, int *ustatus, int options, void *urusage);
long sys_times(void *ubuf);
long sys_getrusage(int who, void *urusage);
struct wait_usage;
int rusage_copy_child(void *urusage, const struct wait_usage *usage); /* kernel/rusage.c */
long sys_waitpid(int pid, int *ustatus, int options);
long sys_getpid(void);
long sys_getppid(void);
long sys_gettid(void);
long sys_kill(int pid, int sig);
long sys_tkill(int tid, int sig);
long sys_tgkill(int tgid, int tid, int sig);
long sys_setpgid(int pid, int pgid);
long sys_getpgid(int pid);
long sys_getpgrp(void);
long sys_setsid(void);
long sys_getsid(int pid);
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
/* Supplementary groups (kernel/cred.c); 16: the old 16-bit gid_t forms. */
long sys_getgroups32(int size, uint32_t *ulist);
long sys_setgroups32(int size, const uint32_t *ulist);
long sys_getgroups16(int size, uint16_t *ulist);
long sys_setgroups16(int size, const uint16_t *ulist);
long sys_setuid(uint32_t uid);
long sys_setgid(uint32_t gid);
long sys_setresuid(uint32_t r, uint32_t e, uint32_t s);
long sys_setresgid(uint32_t r, uint32_t e, uint32_t s);
/* Nice values (kernel/priority.c). */
long sys_getpriority(int which, int who);
long sys_setpriority(int which, int who, int nice);
long sys_uname(void *ubuf);
long sys_reboot(uint32_t magic1, uint32_t magic2, uint32_t cmd, void *arg);
long sys_sched_yield(void);


long sys_sysinfo(void *uinfo);
long sys_syslog(int action, char *ubuf, int len); /* kernel/syslog.c */

/* Clocks and sleeping (kernel/syscalls_time.c). */
long sys_time(uint32_t *ut);
long sys_gettimeofday(void *utv, void *utz);
long sys_settimeofday(const void *utv, const void *utz);
long sys_nanosleep(const void *ureq, void *urem);
long sys_restart_syscall(void);
long sys_clock_gettime(int clock, void *uts);
long sys_clock_gettime64(int clock, void *uts);
long sys_clock_settime(int clock, const void *uts);
long sys_clock_settime64(int clock, const void *uts);
long sys_clock_getres(int clock, void *ures);
long sys_clock_getres_time64(int clock, void *ures);
long sys_clock_nanosleep(int clock, int flags, const void *ureq, void *urem);
long sys_clock_nanosleep_time64(int clock, int flags, const void *ureq, void *urem);

/* Signals (kernel/signal.c). */
long sys_rt_sigaction(int sig, const void *uact, void *uoldact, size_t sigsetsize);
long sys_rt_sigprocmask(int how, const void *uset, void *uoldset, size_t sigsetsize);
long sys_rt_sigreturn(struct trap_frame *frame);
long sys_sigreturn(struct trap_frame *frame);
long sys_pause(void);
long sys_rt_sigsuspend(const void *umask, size_t sigsetsize);
long sys_sigsuspend(int unused1, int unused2, uint32_t mask);
long sys_alarm(uint32_t seconds);
long sys_getitimer(int which, void *uvalue);
long sys_setitimer(int which, const void *unew, void *uold);

/* Memory (mm/syscalls_mm.c). */
long sys_brk(uintptr_t new_brk);
long sys_mmap2(uintptr_t addr, size_t len, int prot, int flags, int fd, uint32_t pgoff);
long sys_msync(uintptr_t addr, size_t len, int flags);
long sys_munmap(uintptr_t addr, size_t len);
long sys_mprotect(uintptr_t addr, size_t len, int prot);
/* mm/mlock.c */
long sys_mlock(uintptr_t addr, size_t len);
long sys_mlock2(uintptr_t addr, size_t len, int flags);
long sys_munlock(uintptr_t addr, size_t len);
long sys_mlockall(int flags);
long sys_munlockall(void);

/* kernel/syscalls_limits.c */
struct rlimit64;
long sys_getrlimit(unsigned resource, unsigned long *ulim);
long sys_prlimit64(int pid, unsigned resource, const struct rlimit64 *unew,
		   struct rlimit64 *uold);
long sys_sched_getaffinity(int pid, unsigned len, unsigned long *umask);
long sys_getrandom(uint8_t *ubuf, size_t len, unsigned flags);

#endif
