/*
 * jobctl.c — job control: each job in a process group of its own, the
 * terminal handed to the foreground one, ^Z, and the builtins that move
 * jobs about (jobs, fg, bg, kill).
 *
 * An interactive shell whose standard input is its controlling terminal
 * turns job control on at start (POSIX's "monitor mode", set -m): it waits
 * until it is in the foreground, ignores SIGTSTP, SIGTTIN and SIGTTOU, and
 * leads a process group of its own.  Then every job gets a group named by
 * its first process (both the child and the shell call setpgid, so neither
 * can run ahead of the other), a foreground job gets the terminal
 * (tcsetpgrp), and its processes get the stop signals' default actions
 * back, so ^Z stops the job, not the shell.  When a foreground job ends or
 * stops the shell takes the terminal back; after a stop or a death by a
 * signal it also puts back its own terminal modes (a full-screen program
 * stopped in raw mode leaves the terminal raw), while after a normal exit it
 * keeps what the job set (stty).
 *
 * Without job control (scripts, sh -c, no terminal) jobs stay in the
 * shell's group, background ones ignore SIGINT and SIGQUIT and read
 * /dev/null, and fg and bg say "no job control".
 */
#include "sh.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static int tty_fd = -1;         /* the controlling terminal (close-on-exec copy) */
static pid_t shell_pgid;
static struct termios shell_modes;

static const int stop_signals[] = {SIGTSTP, SIGTTIN, SIGTTOU};
#define NR_STOP_SIGNALS 3

static void set_stop_signals(sighandler_t handler)
{
	for (int i = 0; i < NR_STOP_SIGNALS; i++)
		signal(stop_signals[i], handler);
}

void jobctl_init(void)
{
	if (!shell.interactive)
		return;
	pid_t pgrp;
	struct sigaction ttin;
	sigaction(SIGTTIN, NULL, &ttin);
	/* Started in the background (sh &): wait, stopped, to be brought back;
	 * with SIGTTIN ignored nothing would stop us, so no job control. */
	while ((pgrp = tcgetpgrp(0)) >= 0 && pgrp != getpgrp()) {
		if (ttin.sa_handler == SIG_IGN)
			return;
		kill(-getpgrp(), SIGTTIN);
	}
	if (pgrp < 0)
		return; /* no controlling terminal: no job control */
	int fd = dup(0);
	if (fd < 0)
		return;
	tty_fd = fd_move_high(fd);
	set_stop_signals(SIG_IGN);
	if (getpgrp() != getpid() && setpgid(0, 0) < 0 && errno != EPERM) {
		sh_error("cannot start job control: setpgid: %s", strerror(errno));
		set_stop_signals(SIG_DFL);
		return;
	}
	shell_pgid = getpgrp();
	tcsetpgrp(tty_fd, shell_pgid);
	tcgetattr(tty_fd, &shell_modes);
	shell.job_control = 1;
}

void jobctl_child(const struct job *j, int foreground)
{
	if (!shell.job_control)
		return;
	pid_t pgid = job_pgid(j) ? job_pgid(j) : getpid();
	setpgid(0, pgid);
	if (foreground)
		tcsetpgrp(tty_fd, pgid); /* SIGTTOU is still ignored here */
	set_stop_signals(SIG_DFL);
}

void jobctl_parent(struct job *j, pid_t pid, int foreground)
{
	job_add_process(j, pid);
	if (!shell.job_control)
		return;
	setpgid(pid, job_pgid(j)); /* fails harmlessly if the child did it and exec'd */
	if (foreground)
		tcsetpgrp(tty_fd, job_pgid(j));
}

void jobctl_take_terminal(int is_abnormal)
{
	if (!shell.job_control)
		return;
	tcsetpgrp(tty_fd, shell_pgid);
	if (is_abnormal)
		tcsetattr(tty_fd, TCSADRAIN, &shell_modes);
	else
		tcgetattr(tty_fd, &shell_modes);
}

int jobctl_may_exit(void)
{
	if (!shell.job_control || !jobs_any_stopped() ||
	    (shell.exit_warned_line && shell.exit_warned_line == shell.nr_lines - 1))
		return 1;
	shell.exit_warned_line = shell.nr_lines;
	sh_error("there are stopped jobs (exit again to leave them: they get SIGHUP)");
	return 0;
}

/* ---- builtins ------------------------------------------------------------- */

/* The job named by spec (NULL: the current one), or NULL after an error. */
static struct job *job_named(const char *who, const char *spec)
{
	const char *why = "no current job";
	struct job *j = spec ? job_find(spec, &why) : job_current();
	if (!j) {
		if (spec)
			sh_error("%s: %s: %s", who, spec, why);
		else
			sh_error("%s: %s", who, why);
	}
	return j;
}

static int check_job_control(const char *who)
{
	if (shell.job_control)
		return 0;
	sh_error("%s: no job control", who);
	return -1;
}

/* fg [%JOB]: continue the job in the foreground and wait for it. */
int bi_fg(int argc, char **argv)
{
	if (check_job_control("fg") < 0)
		return 1;
	if (argc > 2) {
		sh_error("usage: fg [%%JOB]");
		return 2;
	}
	struct job *j = job_named("fg", argc > 1 ? argv[1] : NULL);
	if (!j)
		return 1;
	printf("%s\n", job_text(j));
	fflush(stdout);
	job_mark_running(j, 0);
	tcsetpgrp(tty_fd, job_pgid(j));
	if (kill(-job_pgid(j), SIGCONT) < 0 && errno != ESRCH)
		sh_error("fg: %s", strerror(errno));
	return job_wait_foreground(j);
}

static int job_continue_in_background(const char *spec)
{
	struct job *j = job_named("bg", spec);
	if (!j)
		return 1;
	if (job_state(j) == JOB_RUNNING) {
		sh_error("bg: job %d already in background", job_id(j));
		return 0;
	}
	job_mark_running(j, 1);
	job_make_current(j);
	printf("[%d]+ %s &\n", job_id(j), job_text(j));
	fflush(stdout);
	kill(-job_pgid(j), SIGCONT);
	return 0;
}

/* bg [%JOB...]: continue stopped jobs in the background. */
int bi_bg(int argc, char **argv)
{
	if (check_job_control("bg") < 0)
		return 1;
	if (argc == 1)
		return job_continue_in_background(NULL);
	int status = 0;
	for (int i = 1; i < argc; i++)
		status |= job_continue_in_background(argv[i]);
	return status;
}

static void job_show(const struct job *j, int with_pids, int only_pids)
{
	if (only_pids)
		printf("%d\n", (int)job_pid(j, 0));
	else
		job_print(j, with_pids, stdout);
}

/* jobs [-l | -p] [%JOB...]: the table, with pids (-l) or only the leaders' (-p). */
int bi_jobs(int argc, char **argv)
{
	int with_pids = 0, only_pids = 0, i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-l") == 0) {
			with_pids = 1;
		} else if (strcmp(argv[i], "-p") == 0) {
			only_pids = 1;
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			sh_error("jobs: %s: invalid option", argv[i]);
			sh_error("usage: jobs [-l | -p] [%%JOB...]");
			return 2;
		}
	}
	jobs_reap();
	int status = 0;
	if (i == argc) {
		for (struct job *j = job_next(NULL); j; j = job_next(j))
			job_show(j, with_pids, only_pids);
	}
	for (; i < argc; i++) {
		struct job *j = job_named("jobs", argv[i]);
		if (j)
			job_show(j, with_pids, only_pids);
		else
			status = 1;
	}
	fflush(stdout);
	jobs_notify(0); /* what was listed as Done is gone now */
	return status;
}

static int kill_list(const char *arg)
{
	if (!arg) {
		for (int sig = 1; sigabbrev_np(sig); sig++)
			printf("%2d) SIG%s\n", sig, sigabbrev_np(sig));
		return 0;
	}
	int is_number = arg[0] >= '0' && arg[0] <= '9';
	int n = is_number ? atoi(arg) : sig_from_name(arg);
	if (is_number && n > 128) /* an exit status: 128 + the signal */
		n -= 128;
	if (n < 0 || !sigabbrev_np(n)) {
		sh_error("kill: %s: invalid signal", arg);
		return 1;
	}
	if (is_number)
		printf("%s\n", sigabbrev_np(n));
	else
		printf("%d\n", n);
	return 0;
}

/* A stopped job that was sent SIGKILL ends at once; SIGTERM or SIGHUP would
 * wait, pending, until it is continued, so it gets SIGCONT too (as bash does).
 * Either way it is running to its end now: wait %N waits for that. */
static void job_after_kill(struct job *j, int sig)
{
	if (job_state(j) != JOB_STOPPED)
		return;
	if (sig == SIGTERM || sig == SIGHUP)
		kill(-job_pgid(j), SIGCONT);
	if (sig == SIGKILL || sig == SIGTERM || sig == SIGHUP)
		job_mark_running(j, 1);
}

/* One operand of kill: %JOB (its group, or each process without job
 * control) or a pid (negative: a group). */
static int kill_one(const char *arg, int sig)
{
	if (arg[0] == '%') {
		struct job *j = job_named("kill", arg);
		if (!j)
			return 1;
		if (!shell.job_control) {
			for (int i = 0; job_pid(j, i); i++)
				kill(job_pid(j, i), sig);
			return 0;
		}
		if (kill(-job_pgid(j), sig) < 0) {
			sh_error("kill: %s: %s", arg, strerror(errno));
			return 1;
		}
		job_after_kill(j, sig);
		return 0;
	}
	char *end;
	long pid = strtol(arg, &end, 10);
	if (!*arg || *end) {
		sh_error("kill: %s: arguments must be process or job IDs", arg);
		return 1;
	}
	if (kill((pid_t)pid, sig) < 0) {
		sh_error("kill: %ld: %s", pid, strerror(errno));
		return 1;
	}
	return 0;
}

/* kill [-s SIG | -SIG | -N] [--] PID|%JOB...; kill -l [N]. */
int bi_kill(int argc, char **argv)
{
	int sig = SIGTERM, i = 1;
	if (argc > 1 && strcmp(argv[1], "-l") == 0)
		return kill_list(argc > 2 ? argv[2] : NULL);
	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		sig = sig_from_name(argv[2]);
		i = 3;
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1] && strcmp(argv[1], "--") != 0) {
		sig = sig_from_name(argv[1] + 1);
		i = 2;
	}
	if (sig < 0) {
		const char *name = argv[i - 1];
		sh_error("kill: %s: invalid signal", name[0] == '-' ? name + 1 : name);
		return 1;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc) {
		sh_error("usage: kill [-s SIG | -SIG] PID|%%JOB... or kill -l [N]");
		return 2;
	}
	int status = 0;
	for (; i < argc; i++)
		status |= kill_one(argv[i], sig);
	return status;
}
