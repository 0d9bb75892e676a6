/*
 * job_control.h — stopping and continuing tasks, process groups and
 * sessions (kernel/job_control.c), as POSIX job control needs them.
 *
 * A stop signal (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU) with its default action
 * stops the task on its way back to user mode; SIGCONT continues it.  Each
 * change is reported to the parent (SIGCHLD unless it asked SA_NOCLDSTOP,
 * and wait4's WUNTRACED / WCONTINUED).  A process group is orphaned when no
 * member has a parent in another group of the same session: nobody is left
 * to continue it, so terminal stop signals are discarded there, and when an
 * exit orphans a group with stopped members they get SIGHUP then SIGCONT.
 */
#ifndef CORRAL_JOB_CONTROL_H
#define CORRAL_JOB_CONTROL_H

#include <corral/types.h>

struct task;

#define JOB_STOP_SIGNALS                                                        \
	((1ull << (SIGSTOP - 1)) | (1ull << (SIGTSTP - 1)) | (1ull << (SIGTTIN - 1)) | \
	 (1ull << (SIGTTOU - 1)))

bool job_is_stop_signal(int sig);

/* From signal delivery: stop current for sig, until SIGCONT or SIGKILL.
 * Returns false (and does not stop) for a terminal stop signal sent to an
 * orphaned process group. */
bool job_stop_current(int sig);

/* From signal_send_locked (tasks_lock held): what sending sig does to t's
 * stop state — SIGCONT resumes it and drops pending stops, a stop signal
 * drops a pending SIGCONT, SIGKILL wakes a stopped task to die. */
void job_signal_sent_locked(struct task *t, int sig);

/* Is process group pgid orphaned, not counting task ignore (an exiting one)? */
bool job_pgrp_is_orphaned(int pgid, const struct task *ignore);

/* Does a task in process group pgid exist in session sid? */
bool job_pgrp_exists_in_session(int pgid, int sid);

/* Around task_exit's hand-over of t's children to init: note the groups t
 * keeps from being orphaned, then (children gone) those its exit orphaned
 * get SIGHUP + SIGCONT if they have stopped members, as POSIX asks; a
 * session leader's terminal goes free (kernel/tty_job.c).  At most
 * JOB_EXIT_GROUPS_MAX groups per exit are looked at. */
#define JOB_EXIT_GROUPS_MAX 8
struct job_exit_groups {
	int pgids[JOB_EXIT_GROUPS_MAX];
	int nr;
};
void job_note_exit_groups(const struct task *t, struct job_exit_groups *g);
void job_task_exited(struct task *t, const struct job_exit_groups *g);

#endif
