/*
 * jobs.c — waiting for children.
 *
 * A foreground command is waited for by pid; its status becomes the shell's
 * ($?: the exit code, or 128 + N when signal N killed it).  A death by a signal
 * other than SIGINT and SIGPIPE is reported with the signal's name ("Killed"),
 * as shells do.  Background commands (&) are remembered in a small table; they
 * are reaped without waiting before each prompt, and "wait" waits for them.
 * There is no job control: background commands stay in the shell's process
 * group and simply ignore SIGINT and SIGQUIT.
 */
#include "sh.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_JOBS 64

struct job {
	pid_t pid;
	int done;
	int status; /* shell status, once done */
};

static struct job jobs[MAX_JOBS];
static int nr_jobs;

int status_of(int wait_status)
{
	if (WIFEXITED(wait_status))
		return WEXITSTATUS(wait_status);
	return 128 + WTERMSIG(wait_status);
}

int wait_foreground(pid_t pid)
{
	int st;
	for (;;) {
		pid_t got = waitpid(pid, &st, 0);
		if (got == pid)
			break;
		if (got < 0 && errno != EINTR)
			return 127;
	}
	if (WIFSIGNALED(st)) {
		int sig = WTERMSIG(st);
		if (sig == SIGINT && shell.interactive)
			shell.interrupted = 1; /* as if we had got it: abandon the command */
		if (sig != SIGINT && sig != SIGPIPE) {
			fflush(stdout);
			dprintf(2, "%s\n", strsignal(sig));
		}
	}
	return status_of(st);
}

void jobs_add(pid_t pid)
{
	if (nr_jobs == MAX_JOBS) { /* forget finished jobs to make room */
		int k = 0;
		for (int i = 0; i < nr_jobs; i++)
			if (!jobs[i].done)
				jobs[k++] = jobs[i];
		nr_jobs = k;
		if (nr_jobs == MAX_JOBS)
			nr_jobs--; /* forget the oldest that still runs: it is reaped later */
	}
	jobs[nr_jobs].pid = pid;
	jobs[nr_jobs].done = 0;
	jobs[nr_jobs++].status = 0;
}

static void job_finished(struct job *j, int wait_status)
{
	j->done = 1;
	j->status = status_of(wait_status);
}

void jobs_reap(void)
{
	for (int i = 0; i < nr_jobs; i++) {
		int st;
		if (!jobs[i].done && waitpid(jobs[i].pid, &st, WNOHANG) == jobs[i].pid)
			job_finished(&jobs[i], st);
	}
}

/* Waits for one background job (or all of them, pid -1).  A SIGINT stops the
 * wait.  Returns 0 with *status set, or -1 when pid is not a job of ours. */
int jobs_wait(pid_t pid, int *status)
{
	int found = 0;
	*status = 0;
	for (int i = 0; i < nr_jobs; i++) {
		struct job *j = &jobs[i];
		if (pid != -1 && j->pid != pid)
			continue;
		found = 1;
		while (!j->done) {
			int st;
			pid_t got = waitpid(j->pid, &st, 0);
			if (got == j->pid) {
				job_finished(j, st);
			} else if (got < 0 && errno == EINTR && shell.interrupted) {
				*status = 130;
				return 0;
			} else if (got < 0 && errno != EINTR) {
				j->done = 1; /* reaped elsewhere: its status is lost */
				j->status = 127;
			}
		}
		*status = j->status;
	}
	if (pid == -1) {
		*status = 0;
		nr_jobs = 0;
		return 0;
	}
	return found ? 0 : -1;
}
