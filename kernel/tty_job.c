/*
 * tty_job.c — the console as a controlling terminal: the session it belongs
 * to, its foreground process group, and the checks that send SIGTTIN and
 * SIGTTOU to background jobs (POSIX.1 "General Terminal Interface", 11.1.3-4).
 *
 * A session leader makes the console its controlling terminal with
 * TIOCSCTTY (opening /dev/console does not, as on Linux; Corral's init does
 * the ioctl for each shell it starts).  From then on, a task of that session
 * whose process group is not the foreground one is in the background:
 *
 *   read                       SIGTTIN to its group, then the read starts
 *                              again once continued (-EIO if SIGTTIN is
 *                              blocked or ignored, or the group is orphaned)
 *   write with TOSTOP set,     SIGTTOU to its group, likewise (allowed if
 *   termios changes,           SIGTTOU is blocked or ignored — which is how a
 *   tcsetpgrp                  shell takes the terminal back from a job)
 *
 * Tasks of other sessions, and every task while no session holds the
 * console, are never stopped by it.  When the session leader exits, its
 * foreground group gets SIGHUP and SIGCONT and the console is free again.
 *
 * Locking: the session id is written only in task context, where the
 * kernel is not preemptive, and read as one aligned word; the foreground
 * group is kernel/tty.c's (its interrupt handler signals it).
 */
#include <corral/job_control.h>
#include <corral/task.h>
#include <corral/tty.h>
#include <uapi/errno.h>
#include <uapi/signal.h>

static int session_sid; /* the session the console belongs to; 0: none */

int tty_get_session(void)
{
	return session_sid;
}

/* Is the console current's controlling terminal? */
static bool tty_is_controlling(void)
{
	return session_sid && current->mm && current->sid == session_sid;
}

static bool tty_is_background(void)
{
	return tty_is_controlling() && current->pgid != tty_get_pgrp();
}

static bool signal_is_blocked_or_ignored(int sig)
{
	return (current->signals_blocked & (1ull << (sig - 1))) ||
	       current->sigactions[sig - 1].handler == SIG_IGN;
}

int tty_job_check_read(void)
{
	if (!tty_is_background())
		return 0;
	if (signal_is_blocked_or_ignored(SIGTTIN) || job_pgrp_is_orphaned(current->pgid, NULL))
		return -EIO;
	signal_send_group(current->pgid, SIGTTIN);
	return -EINTR; /* started again once the job is continued (kernel/signal.c) */
}

int tty_job_check_change(void)
{
	if (!tty_is_background() || signal_is_blocked_or_ignored(SIGTTOU))
		return 0;
	if (job_pgrp_is_orphaned(current->pgid, NULL))
		return -EIO;
	signal_send_group(current->pgid, SIGTTOU);
	return -EINTR;
}

/* TIOCSCTTY: a session leader without a terminal takes the console; one
 * another session holds only root may steal, with arg 1 (as Linux). */
int tty_job_set_controlling(int arg)
{
	if (current->sid != current->pid)
		return -EPERM;
	if (session_sid == current->sid)
		return 0;
	if (session_sid && !(arg == 1 && current->cred.euid == 0))
		return -EPERM;
	session_sid = current->sid;
	tty_set_pgrp(current->pgid);
	return 0;
}

static void tty_job_hang_up(void)
{
	int pgrp = tty_get_pgrp();
	session_sid = 0;
	tty_set_pgrp(0);
	if (pgrp > 0) {
		signal_send_group(pgrp, SIGHUP);
		signal_send_group(pgrp, SIGCONT);
	}
}

/* TIOCNOTTY: the caller gives up its controlling terminal; a session leader
 * gives it up for the whole session, its foreground group hung up. */
int tty_job_drop_controlling(void)
{
	if (!tty_is_controlling())
		return -ENOTTY;
	if (current->sid == current->pid)
		tty_job_hang_up();
	return 0;
}

/* TIOCSPGRP (tcsetpgrp): only on one's controlling terminal, to a group of
 * the same session. */
int tty_job_set_foreground(int pgrp)
{
	if (!tty_is_controlling())
		return -ENOTTY;
	int err = tty_job_check_change();
	if (err)
		return err;
	if (pgrp <= 0)
		return -EINVAL;
	if (!job_pgrp_exists_in_session(pgrp, session_sid))
		return -EPERM;
	tty_set_pgrp(pgrp);
	return 0;
}

/* TIOCGPGRP and TIOCGSID (tcgetpgrp, tcgetsid): ENOTTY unless it is the
 * caller's controlling terminal, as on Linux. */
int tty_job_get_foreground(void)
{
	return tty_is_controlling() ? tty_get_pgrp() : -ENOTTY;
}

int tty_job_get_session(void)
{
	return tty_is_controlling() ? session_sid : -ENOTTY;
}

void tty_session_leader_exited(const struct task *t)
{
	if (session_sid && t->pid == session_sid)
		tty_job_hang_up();
}
