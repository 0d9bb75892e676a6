/*
 * signame.c — signal names: SIGKILL is "KILL" (sigabbrev_np, as glibc names
 * it), and back from "9", "KILL", "SIGKILL" or "kill" (sig_from_name), for
 * kill, the shell's kill and trap, and anything that prints a signal.
 */
#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {
    [SIGHUP] = "HUP",	[SIGINT] = "INT",	[SIGQUIT] = "QUIT", [SIGILL] = "ILL",
    [SIGTRAP] = "TRAP", [SIGABRT] = "ABRT",	[SIGBUS] = "BUS",   [SIGFPE] = "FPE",
    [SIGKILL] = "KILL", [SIGUSR1] = "USR1",	[SIGSEGV] = "SEGV", [SIGUSR2] = "USR2",
    [SIGPIPE] = "PIPE", [SIGALRM] = "ALRM",	[SIGTERM] = "TERM", [SIGSTKFLT] = "STKFLT",
    [SIGCHLD] = "CHLD", [SIGCONT] = "CONT",	[SIGSTOP] = "STOP", [SIGTSTP] = "TSTP",
    [SIGTTIN] = "TTIN", [SIGTTOU] = "TTOU",	[SIGURG] = "URG",   [SIGXCPU] = "XCPU",
    [SIGXFSZ] = "XFSZ", [SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF", [SIGWINCH] = "WINCH",
    [SIGIO] = "IO",	[SIGPWR] = "PWR",	[SIGSYS] = "SYS",
};
#define NR_NAMES ((int)(sizeof(names) / sizeof(names[0])))

const char *sigabbrev_np(int sig)
{
	return sig > 0 && sig < NR_NAMES ? names[sig] : NULL;
}

int sig_from_name(const char *s)
{
	if (isdigit((unsigned char)*s)) {
		char *end;
		long n = strtol(s, &end, 10);
		return (*end || n > NSIG) ? -1 : (int)n;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 1; i < NR_NAMES; i++)
		if (names[i] && strcasecmp(s, names[i]) == 0)
			return i;
	return -1;
}
