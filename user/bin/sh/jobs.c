/*
 * jobs.c — the job table: what the shell started and has not yet heard the
 * end of, and waiting for it.
 *
 * A job is one pipeline (one process, or several joined by |), started in
 * the foreground or with &.  Each has a number ([1], [2], ...: the lowest
 * free one), its processes with their last wait status, its text as
 * `jobs` shows it, and — under job control (jobctl.c) — its own process
 * group.  The current job (%+, the one fg and bg take by default) is the
 * one most recently stopped or put in the background; the previous one is
 * %-.  Jobs are named as POSIX says: %N, %% or %+, %-, %NAME (the text
 * starts with NAME), %?TEXT (contains TEXT).
 *
 * Every wait is a waitpid(-1, WUNTRACED), whose news goes to whichever job
 * has that pid: a background job that ends while the shell waits for a
 * foreground one is marked Done then, and reported before the next prompt
 * ("[1]+  Done                    sleep 1").  A foreground job's status
 * is its last process's ($?: the exit code, or 128 + N when signal N killed
 * or stopped it); a death by a signal other than SIGINT and SIGPIPE is
 * reported with the signal's name ("Killed"), as shells do.
 */
#include "sh.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_JOBS 100

enum proc_state { PROC_RUNNING, PROC_STOPPED, PROC_DONE };

struct proc {
	pid_t pid;
	enum proc_state state;
	int wait_status; /* the last news: exit, death or stop */
};

struct job {
	int id;            /* [N] */
	pid_t pgid;        /* its group under job control, else 0 */
	struct proc *procs;
	int nr_procs;
	char *text;
	int is_background; /* started with &, or bg: report its end */
	int reported;      /* the state last shown (enum job_state + 1; 0 none) */
};

static struct job *jobs[MAX_JOBS]; /* jobs[i] has id i + 1 */
static struct job *current_job, *previous_job;

int status_of(int wait_status)
{
	if (WIFEXITED(wait_status))
		return WEXITSTATUS(wait_status);
	if (WIFSTOPPED(wait_status))
		return 128 + WSTOPSIG(wait_status);
	return 128 + WTERMSIG(wait_status);
}

enum job_state job_state(const struct job *j)
{
	int stopped = 0;
	for (int i = 0; i < j->nr_procs; i++) {
		if (j->procs[i].state == PROC_RUNNING)
			return JOB_RUNNING;
		stopped |= j->procs[i].state == PROC_STOPPED;
	}
	return stopped ? JOB_STOPPED : JOB_DONE;
}

int job_id(const struct job *j)
{
	return j->id;
}

pid_t job_pgid(const struct job *j)
{
	return j->pgid;
}

const char *job_text(const struct job *j)
{
	return j->text;
}

/* ---- the table ------------------------------------------------------------ */

static int job_free_slot(void)
{
	int slot = 0;
	while (slot < MAX_JOBS && jobs[slot])
		slot++;
	return slot;
}

/* A full table (a script that starts jobs and never waits): forget the
 * ended ones, as POSIX allows once many are remembered. */
static void jobs_forget_done(void)
{
	jobs_reap();
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i] && job_state(jobs[i]) == JOB_DONE)
			job_free(jobs[i]);
}

struct job *job_new(const struct node *n, int background)
{
	int slot = job_free_slot();
	if (slot == MAX_JOBS) {
		jobs_forget_done();
		slot = job_free_slot();
	}
	if (slot == MAX_JOBS) {
		sh_error("too many jobs (%d): wait for some", MAX_JOBS);
		return NULL;
	}
	struct job *j = xmalloc(sizeof(*j));
	memset(j, 0, sizeof(*j));
	j->id = slot + 1;
	j->is_background = background;
	struct strbuf text = {NULL, 0, 0};
	node_to_text(n, &text);
	j->text = text.s ? sb_finish(&text) : xstrdup("");
	jobs[slot] = j;
	return j;
}

void job_add_process(struct job *j, pid_t pid)
{
	j->procs = xrealloc(j->procs, (size_t)(j->nr_procs + 1) * sizeof(*j->procs));
	j->procs[j->nr_procs++] = (struct proc){pid, PROC_RUNNING, 0};
	if (!j->pgid && shell.job_control)
		j->pgid = pid; /* the first process leads the group */
}

/* %+ is the job most recently stopped or sent to the background. */
void job_make_current(struct job *j)
{
	if (current_job == j)
		return;
	previous_job = current_job;
	current_job = j;
}

/* The newest job other than not, stopped ones first: what becomes %+ or %-
 * when a job leaves. */
static struct job *job_newest_except(const struct job *not1, const struct job *not2)
{
	struct job *best = NULL;
	for (int i = MAX_JOBS - 1; i >= 0; i--) {
		struct job *j = jobs[i];
		if (!j || j == not1 || j == not2)
			continue;
		if (!best || (job_state(j) == JOB_STOPPED && job_state(best) != JOB_STOPPED))
			best = j;
	}
	return best;
}

void job_free(struct job *j)
{
	jobs[j->id - 1] = NULL;
	if (current_job == j) {
		current_job = previous_job;
		previous_job = NULL;
	}
	if (previous_job == j)
		previous_job = NULL;
	if (!current_job)
		current_job = job_newest_except(NULL, NULL);
	if (!previous_job)
		previous_job = job_newest_except(current_job, NULL);
	free(j->procs);
	free(j->text);
	free(j);
}

static struct job *job_of_pid(pid_t pid, struct proc **proc)
{
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = jobs[i];
		for (int k = 0; j && k < j->nr_procs; k++) {
			if (j->procs[k].pid == pid) {
				*proc = &j->procs[k];
				return j;
			}
		}
	}
	return NULL;
}

/* What waitpid said about pid goes to its job (pids of no job: ignored). */
static struct job *job_record(pid_t pid, int wait_status)
{
	struct proc *p;
	struct job *j = job_of_pid(pid, &p);
	if (!j)
		return NULL;
	if (WIFSTOPPED(wait_status)) {
		p->state = PROC_STOPPED;
	} else if (WIFCONTINUED(wait_status)) {
		p->state = PROC_RUNNING;
		return j;
	} else {
		p->state = PROC_DONE;
	}
	p->wait_status = wait_status;
	if (job_state(j) == JOB_STOPPED)
		job_make_current(j);
	return j;
}

/* One waitpid(-1); 1 if something was recorded, 0 if nothing (WNOHANG) or
 * a signal interrupted it, -1 when there are no children left. */
static int job_wait_once(int options)
{
	int st;
	pid_t got = waitpid(-1, &st, options | WUNTRACED | WCONTINUED);
	if (got > 0) {
		job_record(got, st);
		return 1;
	}
	return got < 0 && errno == ECHILD ? -1 : 0;
}

/* The job's status: its last process's. */
static int job_status(const struct job *j)
{
	return j->nr_procs ? status_of(j->procs[j->nr_procs - 1].wait_status) : 0;
}

/* ---- reporting ------------------------------------------------------------- */

/* "Done", "Exit 3", "Killed", "Stopped", "Stopped (tty input)", "Running". */
static void job_state_text(const struct job *j, char *buf, size_t size)
{
	enum job_state state = job_state(j);
	const struct proc *last = &j->procs[j->nr_procs - 1];
	if (state == JOB_RUNNING) {
		snprintf(buf, size, "Running");
	} else if (state == JOB_STOPPED) {
		for (int i = 0; i < j->nr_procs; i++)
			if (j->procs[i].state == PROC_STOPPED)
				last = &j->procs[i];
		snprintf(buf, size, "%s", strsignal(WSTOPSIG(last->wait_status)));
	} else if (WIFSIGNALED(last->wait_status)) {
		snprintf(buf, size, "%s", strsignal(WTERMSIG(last->wait_status)));
	} else if (WEXITSTATUS(last->wait_status)) {
		snprintf(buf, size, "Exit %d", WEXITSTATUS(last->wait_status));
	} else {
		snprintf(buf, size, "Done");
	}
}

static char job_mark(const struct job *j)
{
	return j == current_job ? '+' : j == previous_job ? '-' : ' ';
}

/* "[1]+  Stopped                 vi notes": bash's layout. */
void job_print(const struct job *j, int with_pids, FILE *out)
{
	char state[48];
	job_state_text(j, state, sizeof(state));
	fprintf(out, "[%d]%c  ", j->id, job_mark(j));
	if (with_pids)
		fprintf(out, "%d ", (int)j->procs[0].pid);
	fprintf(out, "%-24s%s%s\n", state, j->text,
		job_state(j) == JOB_RUNNING && j->is_background ? " &" : "");
}

/* Before a prompt (and after jobs): what changed since it was last shown —
 * stopped jobs, and background jobs that ended, which leave the table. */
void jobs_notify(int interactive)
{
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = jobs[i];
		if (!j)
			continue;
		enum job_state state = job_state(j);
		int is_news = j->reported != (int)state + 1 && state != JOB_RUNNING;
		if (is_news && interactive && (state == JOB_STOPPED || j->is_background)) {
			fflush(stdout);
			job_print(j, 0, stderr);
		}
		j->reported = (int)state + 1;
		if (state == JOB_DONE)
			job_free(j);
	}
}

int jobs_any_stopped(void)
{
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i] && job_state(jobs[i]) == JOB_STOPPED)
			return 1;
	return 0;
}

/* Collect what happened to the children without waiting. */
void jobs_reap(void)
{
	while (job_wait_once(WNOHANG) > 0)
		;
}

/* ---- waiting --------------------------------------------------------------- */

/* A foreground child died of a signal: report it as shells do. */
static void job_report_death(const struct job *j)
{
	for (int i = 0; i < j->nr_procs; i++) {
		int st = j->procs[i].wait_status;
		if (j->procs[i].state != PROC_DONE || !WIFSIGNALED(st))
			continue;
		int sig = WTERMSIG(st);
		if (sig == SIGINT && shell.interactive)
			shell.interrupted = 1; /* as if we had got it: abandon the command */
		if (sig != SIGINT && sig != SIGPIPE && i == j->nr_procs - 1) {
			fflush(stdout);
			dprintf(2, "%s\n", strsignal(sig));
		}
	}
}

int job_wait_foreground(struct job *j)
{
	if (!j->nr_procs) { /* nothing was started */
		job_free(j);
		return 2;
	}
	while (job_state(j) == JOB_RUNNING) {
		if (job_wait_once(0) < 0)
			break; /* the children were reaped elsewhere: nothing to wait for */
	}
	int status = job_status(j);
	const struct proc *last = &j->procs[j->nr_procs - 1];
	jobctl_take_terminal(job_state(j) == JOB_STOPPED || WIFSIGNALED(last->wait_status));
	if (job_state(j) == JOB_STOPPED) {
		j->is_background = 0;
		job_make_current(j);
		j->reported = JOB_STOPPED + 1;
		fflush(stdout);
		dprintf(2, "\n");
		job_print(j, 0, stderr);
		for (int i = 0; i < j->nr_procs; i++)
			if (j->procs[i].state == PROC_STOPPED)
				status = status_of(j->procs[i].wait_status);
		return status;
	}
	job_report_death(j);
	if (job_state(j) != JOB_RUNNING)
		job_free(j);
	return status;
}

/* A child that is no job (command substitution): its status. */
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
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGINT && shell.interactive)
		shell.interrupted = 1;
	return status_of(st);
}

/* Wait for job j to end (wait builtin): its status; a SIGINT stops the wait
 * (130); a job that stops counts as its stop status, as in bash. */
int job_wait_end(struct job *j)
{
	while (job_state(j) == JOB_RUNNING) {
		if (shell.interrupted)
			return 130;
		if (job_wait_once(0) < 0)
			break;
	}
	int status = job_status(j);
	if (job_state(j) == JOB_DONE) {
		j->reported = JOB_DONE + 1;
		job_free(j);
	}
	return status;
}

/* wait with no operand: every job; 0, or 130 on a SIGINT. */
int jobs_wait_all(void)
{
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = jobs[i];
		if (j && job_state(j) == JOB_RUNNING && job_wait_end(j) == 130 && shell.interrupted)
			return 130;
	}
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i] && job_state(jobs[i]) == JOB_DONE)
			job_free(jobs[i]);
	return 0;
}

/* ---- naming jobs ------------------------------------------------------------- */

struct job *job_by_pid(pid_t pid)
{
	struct proc *p;
	return job_of_pid(pid, &p);
}

struct job *job_current(void)
{
	return current_job;
}

/* %N, %%, %+, %-, %NAME, %?TEXT; NULL with the reason in *why. */
struct job *job_find(const char *spec, const char **why)
{
	*why = "no such job";
	if (spec[0] != '%')
		return NULL;
	const char *s = spec + 1;
	if (!*s || strcmp(s, "%") == 0 || strcmp(s, "+") == 0) {
		*why = "no current job";
		return current_job;
	}
	if (strcmp(s, "-") == 0) {
		*why = "no previous job";
		return previous_job;
	}
	char *end;
	long id = strtol(s, &end, 10);
	if (*s >= '0' && *s <= '9')
		return *end == '\0' && id >= 1 && id <= MAX_JOBS ? jobs[id - 1] : NULL;
	struct job *found = NULL;
	int contains = *s == '?';
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = jobs[i];
		int matches = j && (contains ? strstr(j->text, s + 1) != NULL
					     : strncmp(j->text, s, strlen(s)) == 0);
		if (matches && found) {
			*why = "ambiguous job spec";
			return NULL;
		}
		if (matches)
			found = j;
	}
	return found;
}

/* Every job, in order, for the jobs builtin. */
struct job *job_next(const struct job *after)
{
	for (int i = after ? after->id : 0; i < MAX_JOBS; i++)
		if (jobs[i])
			return jobs[i];
	return NULL;
}

pid_t job_pid(const struct job *j, int i)
{
	return i < j->nr_procs ? j->procs[i].pid : 0;
}

/* bg and fg: its stopped processes are running again (SIGCONT sent). */
void job_mark_running(struct job *j, int background)
{
	for (int i = 0; i < j->nr_procs; i++)
		if (j->procs[i].state == PROC_STOPPED)
			j->procs[i].state = PROC_RUNNING;
	j->is_background = background;
	j->reported = JOB_RUNNING + 1;
}
