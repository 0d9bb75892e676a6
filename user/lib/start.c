/*
 * start.c — from the process stack to main() and back out through exit().
 *
 * crt0.S passes the address of argc; argv follows it and envp follows argv's
 * NULL.  main's return value becomes the exit status, so stdio buffers are
 * flushed and atexit handlers run as for an explicit exit().  __progname, the
 * name messages start with (err.h), is the last part of argv[0].
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char **environ;

int main(int argc, char **argv, char **envp);
_Noreturn void __libc_start(long *sp);

_Noreturn void __libc_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	environ = argv + argc + 1;
	if (argc > 0 && argv[0]) { /* the program's name for messages (err.h) */
		const char *slash = strrchr(argv[0], '/');
		__progname = slash ? slash + 1 : argv[0];
	}
	exit(main(argc, argv, environ));
}
