/*
 * signal.h — signals: kill, sigaction, signal, the signal mask.
 *
 * Numbers, flags and the kernel's struct k_sigaction are in <uapi/signal.h>.
 * sigaction() here always passes SA_RESTORER and the library's restorer
 * (lib/syscall.S: it calls rt_sigreturn), as glibc does on i386.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <sys/types.h>
#include <uapi/signal.h>

typedef unsigned long long sigset_t; /* bit (sig - 1); what rt_sigaction takes */
typedef void (*sighandler_t)(int);
typedef int sig_atomic_t;

struct sigaction {
	sighandler_t sa_handler;
	sigset_t sa_mask;
	int sa_flags;
};

int kill(pid_t pid, int sig);
int raise(int sig);
sighandler_t signal(int sig, sighandler_t handler);
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

/* Signal names (lib/signame.c): SIGKILL -> "KILL"; NULL past the named ones.
 * sig_from_name takes "9", "KILL", "SIGKILL" or "kill"; -1 if none. */
const char *sigabbrev_np(int sig);
int sig_from_name(const char *s);

#endif
