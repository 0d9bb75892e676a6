/*
 * init.c — process 1: sets up the console, runs /etc/rc, then keeps a shell
 * on the console for ever.
 *
 *   1. fds 0, 1 and 2 are opened on /dev/console if the kernel did not.
 *   2. "/bin/sh /etc/rc" runs and is waited for (mounts, swap).
 *   3. /etc/motd, the message of the day, is printed once, before the first
 *      shell's prompt (a missing file is no error).
 *   4. A shell is started on the console; when it exits (exit, ctrl-D) a new
 *      one is started.  Meanwhile init waits for *any* child, which reaps the
 *      orphans the kernel re-parents to process 1.
 *
 * Run by hand (not as pid 1) init does nothing at all: running /etc/rc a
 * second time would mount everything twice, and a second shell would read
 * the console beside the first.  It says so and exits 1; --help and bad
 * options follow the usage convention (lib/usage.c).  As pid 1 it never looks
 * at its arguments: nothing may stop the boot.
 *
 * Each shell runs in a session (and process group) of its own, with the
 * console as its controlling terminal and foreground group, so ctrl-C reaches
 * the shell and its commands, never init.  init itself ignores the terminal
 * signals; its children get the default dispositions back before exec.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <usage.h>

#define CONSOLE "/dev/console"
#define MOTD "/etc/motd"

static const char usage[] = "usage: init   (process 1 only: the kernel starts it at boot)\n";

static const int terminal_signals[] = {SIGINT, SIGQUIT, SIGTSTP, SIGHUP, SIGTERM};
#define NR_TERMINAL_SIGNALS ((int)(sizeof(terminal_signals) / sizeof(terminal_signals[0])))

static void open_console_fds(void)
{
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		int got = open(CONSOLE, O_RDWR);
		if (got >= 0 && got != fd) {
			dup2(got, fd);
			close(got);
		}
	}
}

/* In a child, before exec: signals back to default; with new_session, its own
 * session with the console as its controlling terminal, in the foreground
 * (errors ignored: the fds we have still work). */
static void child_setup(int new_session)
{
	for (int i = 0; i < NR_TERMINAL_SIGNALS; i++)
		signal(terminal_signals[i], SIG_DFL);
	if (!new_session)
		return;
	setsid();
	int fd = open(CONSOLE, O_RDWR);
	if (fd >= 0) {
		ioctl(fd, TIOCSCTTY, 1); /* 1: take it from a session that died holding it */
		for (int i = 0; i < 3; i++)
			dup2(fd, i);
		if (fd > 2)
			close(fd);
	}
	pid_t me = getpid();
	ioctl(0, TIOCSPGRP, &me);
}

static pid_t spawn(char *const argv[], int new_session)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		child_setup(new_session);
		execve(argv[0], argv, environ);
		warn("%s", argv[0]);
		_exit(127);
	}
	if (pid < 0)
		warn("fork");
	return pid;
}

/* The message of the day, copied to the console as it is. */
static void print_motd(void)
{
	char buf[512];
	ssize_t n;
	int fd = open(MOTD, O_RDONLY);
	if (fd < 0)
		return;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write(1, buf, (size_t)n);
	close(fd);
}

/* Not process 1: say why nothing happens, and leave. */
static _Noreturn void refuse(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	if (optind < argc)
		usage_error("extra operand '%s'", argv[optind]);
	errx(1, "already running (pid 1); this copy would run /etc/rc and a shell again, "
		"so it does nothing");
}

/* Waits until pid exits, reaping every other child that ends meanwhile. */
static void wait_for(pid_t pid)
{
	for (;;) {
		pid_t got = wait(NULL);
		if (got == pid || (got < 0 && errno != EINTR))
			return;
	}
}

int main(int argc, char **argv)
{
	if (getpid() != 1)
		refuse(argc, argv);
	open_console_fds();
	for (int i = 0; i < NR_TERMINAL_SIGNALS; i++)
		signal(terminal_signals[i], SIG_IGN);
	setenv("PATH", "/bin:/usr/bin", 0);
	setenv("HOME", "/", 0);

	char *rc[] = {"/bin/sh", "/etc/rc", NULL};
	pid_t pid = spawn(rc, 0);
	if (pid > 0)
		wait_for(pid);

	print_motd();
	char *shell[] = {"/bin/sh", NULL};
	for (;;) {
		time_t started = time(NULL);
		pid = spawn(shell, 1);
		if (pid > 0)
			wait_for(pid);
		if (pid < 0 || time(NULL) - started < 1)
			sleep(1); /* a shell that cannot start must not spin */
	}
}
