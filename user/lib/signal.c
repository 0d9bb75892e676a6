/*
 * signal.c — sigaction, signal and the signal mask, over rt_sigaction (174)
 * and rt_sigprocmask (175) with an 8-byte sigset, as on Linux i386.
 *
 * Every handler is installed with SA_RESTORER and __restore_rt (syscall.S):
 * the kernel makes the restorer the handler's return address, and it calls
 * rt_sigreturn.  SA_SIGINFO is always set too: Linux builds the "rt" signal
 * frame that rt_sigreturn unwinds only for SA_SIGINFO handlers (others get the
 * old frame, for sigreturn 119).  A handler declared with one int argument
 * simply ignores the siginfo and context pointers it is also passed.  signal() gives BSD semantics
 * like glibc's: the handler stays installed and interrupted system calls restart (SA_RESTART).  A
 * program that wants a signal to interrupt a read uses sigaction without SA_RESTART.
 */
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>

void __restore_rt(void);

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct k_sigaction kact, kold;
	if (act) {
		kact.handler = act->sa_handler;
		kact.flags = (unsigned long)act->sa_flags | SA_RESTORER | SA_SIGINFO;
		kact.restorer = __restore_rt;
		kact.mask = act->sa_mask;
	}
	if (syscall4(__NR_rt_sigaction, sig, act ? &kact : 0, old ? &kold : 0, sizeof(sigset_t)) <
	    0)
		return -1;
	if (old) {
		old->sa_handler = kold.handler;
		old->sa_flags = (int)(kold.flags & ~(unsigned long)(SA_RESTORER | SA_SIGINFO));
		old->sa_mask = kold.mask;
	}
	return 0;
}

sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction act = {handler, 0, SA_RESTART}, old;
	if (sigaction(sig, &act, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	return (int)syscall4(__NR_rt_sigprocmask, how, set, old, sizeof(sigset_t));
}

static int sig_valid(int sig)
{
	if (sig < 1 || sig > NSIG) {
		errno = EINVAL;
		return 0;
	}
	return 1;
}

int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	*set = ~0ULL;
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (!sig_valid(sig))
		return -1;
	*set |= 1ULL << (sig - 1);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (!sig_valid(sig))
		return -1;
	*set &= ~(1ULL << (sig - 1));
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (!sig_valid(sig))
		return -1;
	return (*set >> (sig - 1)) & 1;
}
