/*
 * tty_ioctl.c — the terminal's ioctls (tty_ioctl(4)), Linux's numbers and
 * layouts: the user-facing edge of kernel/tty.c.
 *
 * Each request copies its argument in or out of user memory and calls one of
 * tty.c's setters or getters, which check and change the state in one place
 * under the tty's lock; nothing here touches that state itself.
 *
 *   TCGETS, TCSETS, TCSETSW, TCSETSF   struct termios (TCSETSF flushes input first)
 *   TCFLSH                              TCIFLUSH, TCOFLUSH, TCIOFLUSH
 *   TCSBRK                              tcdrain: output is synchronous, so at once
 *   TIOCGWINSZ, TIOCSWINSZ              struct winsize (80x25 until set; a change
 *                                       sends SIGWINCH to the foreground group)
 *   TIOCGPGRP, TIOCSPGRP, TIOCGSID      the foreground process group, the session
 *   TIOCSCTTY, TIOCNOTTY                take or give up the controlling terminal
 *                                       (kernel/tty_job.c: the job-control rules;
 *                                       a background job changing termios or the
 *                                       foreground group gets SIGTTOU)
 *   FIONREAD, TIOCOUTQ                  bytes a read would get; 0
 *
 * Anything else is ENOTTY; a bad pointer EFAULT; a bad value EINVAL.
 */
#include <corral/task.h>
#include <corral/tty.h>
#include <corral/uaccess.h>
#include <uapi/errno.h>
#include <uapi/ioctl.h>

static int tty_ioctl_set_termios(uint32_t cmd, uintptr_t arg)
{
	struct termios t;
	if (copy_from_user(&t, (const void *)arg, sizeof(t)))
		return -EFAULT;
	if (cmd == TCSETSF)
		tty_flush_input();
	tty_set_termios(&t); /* TCSETSW: output has drained already */
	return 0;
}

static int tty_ioctl_flush(uintptr_t which)
{
	switch (which) {
	case TCIFLUSH:
	case TCIOFLUSH:
		tty_flush_input();
		return 0;
	case TCOFLUSH:
		return 0; /* nothing waits to go out */
	}
	return -EINVAL;
}

static int tty_ioctl_set_pgrp(uintptr_t arg)
{
	int pgrp;
	if (copy_from_user(&pgrp, (const void *)arg, sizeof(pgrp)))
		return -EFAULT;
	return tty_job_set_foreground(pgrp);
}

/* TIOCGPGRP, TIOCGSID: a group or session id, or -ENOTTY. */
static int tty_ioctl_put_id(uintptr_t arg, int id)
{
	if (id < 0)
		return id;
	return copy_to_user((void *)arg, &id, sizeof(id));
}

static int tty_ioctl_get_winsize(uintptr_t arg)
{
	struct winsize ws = {0};
	tty_get_winsize(&ws.ws_row, &ws.ws_col);
	return copy_to_user((void *)arg, &ws, sizeof(ws));
}

static int tty_ioctl_set_winsize(uintptr_t arg)
{
	struct winsize ws;
	if (copy_from_user(&ws, (const void *)arg, sizeof(ws)))
		return -EFAULT;
	if (tty_set_winsize(ws.ws_row, ws.ws_col))
		signal_send_group(tty_get_pgrp(), SIGWINCH);
	return 0;
}

static int tty_ioctl_put_int(uintptr_t arg, int value)
{
	return copy_to_user((void *)arg, &value, sizeof(value));
}

int tty_ioctl(uint32_t cmd, uintptr_t arg)
{
	struct termios t;
	switch (cmd) {
	case TCGETS:
		tty_get_termios(&t);
		return copy_to_user((void *)arg, &t, sizeof(t));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
	case TCFLSH: {
		int err = tty_job_check_change(); /* a background job: SIGTTOU */
		if (err)
			return err;
		return cmd == TCFLSH ? tty_ioctl_flush(arg) : tty_ioctl_set_termios(cmd, arg);
	}
	case TCSBRK:
		return 0;
	case TIOCGPGRP:
		return tty_ioctl_put_id(arg, tty_job_get_foreground());
	case TIOCGSID:
		return tty_ioctl_put_id(arg, tty_job_get_session());
	case TIOCSPGRP:
		return tty_ioctl_set_pgrp(arg);
	case TIOCGWINSZ:
		return tty_ioctl_get_winsize(arg);
	case TIOCSWINSZ:
		return tty_ioctl_set_winsize(arg);
	case TIOCSCTTY:
		return tty_job_set_controlling((int)arg);
	case TIOCNOTTY:
		return tty_job_drop_controlling();
	case FIONREAD:
		return tty_ioctl_put_int(arg, (int)tty_nr_readable());
	case TIOCOUTQ:
		return tty_ioctl_put_int(arg, 0);
	}
	return -ENOTTY;
}
