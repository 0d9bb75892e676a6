/*
 * sys_proc.c — processes: fork, execve, exit, wait, kill, process groups and
 * sessions, what they used (getrusage, times), sched_yield.
 */
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t fork(void)
{
	return (pid_t)syscall0(__NR_fork);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)syscall3(__NR_execve, path, argv, envp);
}

/* exit_group ends the whole process, as Linux's _exit() does. */
_Noreturn void _exit(int status)
{
	for (;;)
		__sc1(__NR_exit_group, status);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return (pid_t)syscall4(__NR_wait4, pid, status, options, 0);
}

pid_t wait(int *status)
{
	return waitpid(-1, status, 0);
}

/* The kernel answers 20 - nice (1..40), so that no nice looks like an error. */
int getpriority(int which, int who)
{
	long ret = __syscall_ret(__sc2(__NR_getpriority, which, who));
	return ret < 0 ? -1 : 20 - (int)ret;
}

int setpriority(int which, int who, int nice)
{
	return (int)__syscall_ret(__sc3(__NR_setpriority, which, who, nice));
}

int sched_yield(void)
{
	return (int)__syscall_ret(__sc0(__NR_sched_yield));
}

pid_t getpid(void)
{
	return (pid_t)__sc0(__NR_getpid);
}

pid_t getppid(void)
{
	return (pid_t)__sc0(__NR_getppid);
}

int prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
	  unsigned long arg5)
{
	return (int)syscall5(__NR_prctl, option, arg2, arg3, arg4, arg5);
}

int kill(pid_t pid, int sig)
{
	return (int)syscall2(__NR_kill, pid, sig);
}

int raise(int sig)
{
	return kill(getpid(), sig);
}

int setpgid(pid_t pid, pid_t pgid)
{
	return (int)syscall2(__NR_setpgid, pid, pgid);
}

pid_t getpgrp(void)
{
	return (pid_t)__sc0(__NR_getpgrp);
}

pid_t getpgid(pid_t pid)
{
	return (pid_t)syscall1(__NR_getpgid, pid);
}

pid_t getsid(pid_t pid)
{
	return (pid_t)syscall1(__NR_getsid, pid);
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage)
{
	return (pid_t)syscall4(__NR_wait4, pid, status, options, usage);
}

int getrusage(int who, struct rusage *usage)
{
	return (int)syscall2(__NR_getrusage, who, usage);
}

clock_t times(struct tms *buf)
{
	return (clock_t)syscall1(__NR_times, buf);
}

pid_t setsid(void)
{
	return (pid_t)syscall0(__NR_setsid);
}

int pause(void)
{
	return (int)syscall0(__NR_pause);
}

unsigned int alarm(unsigned int seconds)
{
	return (unsigned int)__sc1(__NR_alarm, seconds);
}
