/*
 * job_control.c — stopped tasks, orphaned process groups, and the calls that
 * make groups and sessions (setpgid, setsid): what a shell's ^Z, fg and bg
 * stand on (POSIX.1 "Job Control"; include/corral/job_control.h).
 *
 * A stop happens where every signal is acted on, on the way back to user
 * mode (signal_deliver): the task marks itself TASK_STOPPED, tells its
 * parent, and calls schedule(); only job_signal_sent_locked() — SIGCONT or
 * SIGKILL — makes it runnable again, and signal delivery goes on from there.
 * A system call the stop interrupted starts again (kernel/signal.c), so a
 * program never sees EINTR for a ^Z and fg.
 *
 * Locking: states, the unreported stop/continue and pgid/sid change under
 * tasks_lock, with interrupts off (the terminal sends stop signals from its
 * interrupt handler).  Wake-ups of the parent's wait4 happen after it.
 */
#include <corral/job_control.h>
#include <corral/task.h>
#include <corral/tty.h>
#include <uapi/errno.h>
#include <uapi/signal.h>

#define SIG_BIT(sig) (1ull << ((sig)-1))

/* Stopped user tasks, under tasks_lock: exits look for newly orphaned
 * groups with stopped members only while there are some. */
static int nr_stopped;

bool job_is_stop_signal(int sig)
{
	return sig >= 1 && sig <= NSIG && (JOB_STOP_SIGNALS & SIG_BIT(sig));
}

/* SIGCHLD for a stop or a continue, unless the parent said SA_NOCLDSTOP. */
static void job_notify_parent_locked(struct task *t)
{
	struct task *parent = t->parent;
	if (parent && !(parent->sigactions[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		signal_send_locked(parent, SIGCHLD);
}

static void job_wake_parent_waiting(struct task *t)
{
	if (t->parent)
		wake_up(&t->parent->child_exited);
}

bool job_stop_current(int sig)
{
	/* POSIX: the terminal's stop signals do nothing to an orphaned group
	 * (nobody would be left to continue it); SIGSTOP always stops. */
	if (sig != SIGSTOP && job_pgrp_is_orphaned(current->pgid, NULL))
		return false;
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	if (current->signals_pending & SIG_BIT(SIGKILL)) {
		spin_unlock_irqrestore(&tasks_lock, flags);
		return false;
	}
	current->state = TASK_STOPPED;
	current->wake_at_jiffies = 0; /* not on the sleep list: no timeout ends a stop */
	current->stop_signal_unreported = sig;
	current->is_continued_unreported = false;
	nr_stopped++;
	job_notify_parent_locked(current);
	struct task *me = current;
	spin_unlock_irqrestore(&tasks_lock, flags);
	job_wake_parent_waiting(me);
	schedule(); /* back when SIGCONT or SIGKILL made us runnable */
	return true;
}

/* SIGCONT: reported to the parent; SIGKILL: the exit will be. */
static void job_resume_locked(struct task *t, bool is_continued)
{
	t->stop_signal_unreported = 0;
	nr_stopped--;
	sched_wake_stopped(t);
	if (!is_continued)
		return;
	t->is_continued_unreported = true;
	job_notify_parent_locked(t);
	/* wake_up takes only the queue's and the run queue's locks: safe under
	 * tasks_lock (neither is ever held around it). */
	if (t->parent)
		wake_up(&t->parent->child_exited);
}

void job_signal_sent_locked(struct task *t, int sig)
{
	if (job_is_stop_signal(sig))
		t->signals_pending &= ~SIG_BIT(SIGCONT);
	if (sig != SIGCONT && sig != SIGKILL)
		return;
	if (sig == SIGCONT) /* even if SIGCONT itself is ignored or blocked */
		t->signals_pending &= ~JOB_STOP_SIGNALS;
	if (t->state == TASK_STOPPED)
		job_resume_locked(t, sig == SIGCONT);
}

struct pgrp_query {
	int pgid, sid;
	const struct task *ignore;
};

/* Non-zero when t is a live member of the group whose parent keeps the group
 * from being orphaned: one in another group of the same session. */
static int pgrp_has_outside_parent(struct task *t, void *arg)
{
	const struct pgrp_query *q = arg;
	if (t->pgid != q->pgid || t == q->ignore || t->state == TASK_ZOMBIE || !t->mm)
		return 0;
	const struct task *p = t->parent;
	return p && p != q->ignore && p->pgid != q->pgid && p->sid == t->sid && p->pid > 0;
}

bool job_pgrp_is_orphaned(int pgid, const struct task *ignore)
{
	struct pgrp_query q = {pgid, 0, ignore};
	return task_for_each(pgrp_has_outside_parent, &q) == 0;
}

/* The same with tasks_lock held. */
static bool job_pgrp_is_orphaned_locked(int pgid, const struct task *ignore)
{
	struct pgrp_query q = {pgid, 0, ignore};
	return task_for_each_locked(pgrp_has_outside_parent, &q) == 0;
}

static int pgrp_member_in_session(struct task *t, void *arg)
{
	const struct pgrp_query *q = arg;
	return t->pgid == q->pgid && t->sid == q->sid && t->state != TASK_ZOMBIE && t->mm;
}

bool job_pgrp_exists_in_session(int pgid, int sid)
{
	struct pgrp_query q = {pgid, sid, NULL};
	return task_for_each(pgrp_member_in_session, &q) != 0;
}

/* A group the exit may orphan: one that t links to the rest of its session
 * (t's own group when its parent is outside it; a child's group when t is
 * outside it).  Groups that were orphaned already are left alone. */
static void job_note_group(struct job_exit_groups *g, int pgid)
{
	for (int i = 0; i < g->nr; i++)
		if (g->pgids[i] == pgid)
			return;
	if (g->nr < JOB_EXIT_GROUPS_MAX)
		g->pgids[g->nr++] = pgid;
}

void job_note_exit_groups(const struct task *t, struct job_exit_groups *g)
{
	g->nr = 0;
	if (!__atomic_load_n(&nr_stopped, __ATOMIC_RELAXED))
		return; /* nothing could be left stopped in an orphaned group */
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	const struct task *p = t->parent;
	if (p && p->pgid != t->pgid && p->sid == t->sid &&
	    !job_pgrp_is_orphaned_locked(t->pgid, NULL))
		job_note_group(g, t->pgid);
	struct list_head *pos;
	list_for_each(pos, &t->children) {
		const struct task *c = list_entry(pos, struct task, sibling);
		if (c->pgid != t->pgid && c->sid == t->sid && !job_pgrp_is_orphaned_locked(c->pgid, NULL))
			job_note_group(g, c->pgid);
	}
	spin_unlock_irqrestore(&tasks_lock, flags);
}

static int pgrp_has_stopped_member(struct task *t, void *arg)
{
	return t->pgid == *(const int *)arg && t->state == TASK_STOPPED;
}

void job_task_exited(struct task *t, const struct job_exit_groups *g)
{
	tty_session_leader_exited(t);
	for (int i = 0; i < g->nr; i++) {
		int pgid = g->pgids[i];
		if (!job_pgrp_is_orphaned(pgid, t) || !task_for_each(pgrp_has_stopped_member, &pgid))
			continue;
		signal_send_group(pgid, SIGHUP);
		signal_send_group(pgid, SIGCONT);
	}
}

/* ---- process groups and sessions -------------------------------------------- */

/* setpgid (57), POSIX's rules: the caller or one of its children that has
 * not exec'd yet (EACCES after), in the caller's session, not a session
 * leader (EPERM); into a new group named by its own pid or an existing one
 * of the same session (EPERM otherwise). */
long sys_setpgid(int pid, int pgid)
{
	if (pid < 0 || pgid < 0)
		return -EINVAL;
	struct task *t = pid ? task_find(pid) : current;
	if (!t || t->state == TASK_ZOMBIE || (t != current && t->parent != current))
		return -ESRCH;
	if (t != current && t->has_execed)
		return -EACCES;
	if (t->sid != current->sid || t->pid == t->sid)
		return -EPERM;
	if (!pgid)
		pgid = t->pid;
	if (pgid != t->pid && !job_pgrp_exists_in_session(pgid, current->sid))
		return -EPERM;
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	t->pgid = pgid;
	spin_unlock_irqrestore(&tasks_lock, flags);
	return 0;
}

long sys_getpgid(int pid)
{
	if (pid < 0)
		return -ESRCH;
	struct task *t = pid ? task_find(pid) : current;
	return t ? t->pgid : -ESRCH;
}

long sys_getpgrp(void)
{
	return current->pgid;
}

static int task_has_pgid(struct task *t, void *arg)
{
	return t->pgid == *(const int *)arg && t->state != TASK_ZOMBIE;
}

/* setsid (66): a new session and group, both named by the caller's pid; not
 * for a group leader (its group would straddle two sessions).  The new
 * session has no controlling terminal until its leader opens one. */
long sys_setsid(void)
{
	int pid = current->pid;
	if (task_for_each(task_has_pgid, &pid))
		return -EPERM;
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	current->sid = current->pgid = pid;
	spin_unlock_irqrestore(&tasks_lock, flags);
	return pid;
}

long sys_getsid(int pid)
{
	if (pid < 0)
		return -ESRCH;
	struct task *t = pid ? task_find(pid) : current;
	return t ? t->sid : -ESRCH;
}
