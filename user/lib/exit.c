/*
 * exit.c — leaving a program: exit (atexit handlers, then stdio flushed, then
 * _exit), _Exit, and abort (SIGABRT, whatever the program did with it).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define ATEXIT_MAX 32

static void (*atexit_handlers[ATEXIT_MAX])(void);
static int nr_atexit;

int atexit(void (*function)(void))
{
	if (nr_atexit == ATEXIT_MAX)
		return -1;
	atexit_handlers[nr_atexit++] = function;
	return 0;
}

_Noreturn void exit(int status)
{
	while (nr_atexit > 0) /* in the reverse order of registration */
		atexit_handlers[--nr_atexit]();
	fflush(NULL);
	_exit(status);
}

_Noreturn void _Exit(int status)
{
	_exit(status);
}

_Noreturn void abort(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGABRT);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGABRT);
	signal(SIGABRT, SIG_DFL); /* a handler returned, or it was ignored */
	raise(SIGABRT);
	_exit(127);
}
