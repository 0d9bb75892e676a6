/*
 * unistd.h — Linux i386 system-call numbers: the ones Corral implements.
 *
 * Shared by the kernel (kernel/syscall.c) and the C library (user/lib).  The
 * numbers are Linux's (arch/x86/entry/syscalls/syscall_32.tbl), so an
 * unmodified static i386 binary calls the same services.  A number not in the
 * kernel's table returns -ENOSYS.
 */
#ifndef UAPI_UNISTD_H
#define UAPI_UNISTD_H

#define __NR_exit 1
#define __NR_fork 2
#define __NR_read 3
#define __NR_write 4
#define __NR_open 5
#define __NR_close 6
#define __NR_waitpid 7
#define __NR_link 9
#define __NR_unlink 10
#define __NR_execve 11
#define __NR_chdir 12
#define __NR_time 13
#define __NR_chmod 15
#define __NR_lseek 19
#define __NR_getpid 20
#define __NR_mount 21
#define __NR_setuid 23
#define __NR_getuid 24
#define __NR_alarm 27
#define __NR_pause 29
#define __NR_access 33
#define __NR_sync 36
#define __NR_kill 37
#define __NR_rename 38
#define __NR_mkdir 39
#define __NR_rmdir 40
#define __NR_dup 41
#define __NR_pipe 42
#define __NR_times 43
#define __NR_brk 45
#define __NR_setgid 46
#define __NR_getgid 47
#define __NR_geteuid 49
#define __NR_getegid 50
#define __NR_umount2 52
#define __NR_ioctl 54
#define __NR_fcntl 55
#define __NR_setpgid 57
#define __NR_umask 60
#define __NR_dup2 63
#define __NR_getppid 64
#define __NR_getpgrp 65
#define __NR_setsid 66
#define __NR_gettimeofday 78
#define __NR_settimeofday 79
#define __NR_symlink 83
#define __NR_readlink 85
#define __NR_swapon 87
#define __NR_reboot 88
#define __NR_munmap 91
#define __NR_fchmod 94
#define __NR_sysinfo 116
#define __NR_wait4 114
#define __NR_swapoff 115
#define __NR_fsync 118
#define __NR_sigreturn 119
#define __NR_clone 120
#define __NR_uname 122
#define __NR_mprotect 125
#define __NR_getpgid 132
#define __NR_fchdir 133
#define __NR__llseek 140
#define __NR_getdents 141
#define __NR_msync 144
#define __NR_readv 145
#define __NR_writev 146
#define __NR_getsid 147
#define __NR_fdatasync 148
#define __NR_sched_yield 158
#define __NR_nanosleep 162
#define __NR_poll 168
#define __NR_prctl 172
#define __NR_rt_sigreturn 173
#define __NR_rt_sigaction 174
#define __NR_rt_sigprocmask 175
#define __NR_rt_sigsuspend 179
#define __NR_pread64 180
#define __NR_pwrite64 181
#define __NR_chown 182
#define __NR_getcwd 183
#define __NR_vfork 190
#define __NR_mmap2 192
#define __NR_truncate64 193
#define __NR_ftruncate64 194
#define __NR_stat64 195
#define __NR_lstat64 196
#define __NR_fstat64 197
#define __NR_lchown32 198
#define __NR_getuid32 199
#define __NR_getgid32 200
#define __NR_getgroups32 205
#define __NR_geteuid32 201
#define __NR_getegid32 202
#define __NR_fchown32 207
#define __NR_setresuid32 208
#define __NR_setresgid32 210
#define __NR_chown32 212
#define __NR_setuid32 213
#define __NR_setgid32 214
#define __NR_getdents64 220
#define __NR_fcntl64 221
#define __NR_gettid 224
#define __NR_futex 240
#define __NR_set_thread_area 243
#define __NR_get_thread_area 244
#define __NR_exit_group 252
#define __NR_set_tid_address 258
#define __NR_clock_settime 264
#define __NR_clock_gettime 265
#define __NR_clock_getres 266
#define __NR_clock_nanosleep 267
#define __NR_statfs64 268
#define __NR_fstatfs64 269
#define __NR_openat 295
#define __NR_fchownat 298
#define __NR_fstatat64 300
#define __NR_symlinkat 304
#define __NR_readlinkat 305
#define __NR_dup3 330
#define __NR_pipe2 331
#define __NR_statx 383
#define __NR_clock_gettime64 403
#define __NR_clock_settime64 404
#define __NR_clock_getres_time64 406
#define __NR_clock_nanosleep_time64 407

#endif
