/*
 * tty.c — the console as a terminal: canonical line editing, ^C, ^D.
 *
 * Typed characters arrive one by one from the serial and keyboard interrupt
 * handlers (tty_receive_char).  Editing happens there, as in a real terminal
 * line discipline, so echo and ^C work even while nobody is reading:
 *
 *   printable, tab   appended to the line being edited, echoed
 *   backspace, DEL   erase one character ("\b \b")
 *   ^U               erase the line
 *   ^C               throw the line away, echo ^C, send SIGINT to the
 *                    foreground process group
 *   ^D               finish the line without a newline; on an empty line, a
 *                    reader gets end of file (read returns 0)
 *   Enter (CR/LF)    finish the line with "\n"; a CR LF pair is one Enter
 *   ESC [ ...        escape sequences (arrow keys) are swallowed
 *
 * Finished lines wait in `ready` until tty_read takes them; readers sleep on
 * tty_readable.  Locking: tty_lock (interrupts off) guards all the state,
 * since the interrupt handlers write it and tasks read it.
 */
#include <corral/console.h>
#include <corral/device.h>
#include <corral/spinlock.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/tty.h>
#include <corral/uaccess.h>
#include <uapi/errno.h>
#include <uapi/ioctl.h>

#define TTY_LINE_MAX 1024 /* longer typed lines lose their tail, as in Linux (4096) */
#define TTY_READY_MAX 4096
#define KEY_BACKSPACE 0x08
#define KEY_DEL 0x7f
#define KEY_ESC 0x1b

static struct spinlock tty_lock = SPINLOCK_INIT("tty");
/* Under tty_lock: */
static char edit_line[TTY_LINE_MAX];
static size_t edit_len;
static char ready[TTY_READY_MAX]; /* finished input not yet read */
static size_t ready_len;
static int nr_eofs_pending;       /* ^D on an empty line: each makes one read return 0 */
static enum { ESC_NONE, ESC_START, ESC_CSI } esc_state;
static bool last_was_cr;
static int foreground_pgrp = 1;
static uint32_t nr_interrupts; /* ^C count: how in-kernel readers (the monitor) hear it */

static struct wait_queue tty_readable = WAIT_QUEUE_INIT(tty_readable);

static void tty_echo(const char *s, size_t len)
{
	console_write(s, len);
}

/* Move the edited line to the ready buffer.  Under tty_lock. */
static void tty_finish_line(bool with_newline)
{
	if (with_newline && edit_len < TTY_LINE_MAX)
		edit_line[edit_len++] = '\n';
	if (edit_len == 0) {
		nr_eofs_pending++;
	} else {
		size_t n = MIN(edit_len, TTY_READY_MAX - ready_len);
		memcpy(ready + ready_len, edit_line, n);
		ready_len += n;
	}
	edit_len = 0;
	wake_up(&tty_readable);
}

/* Returns true if c belonged to an escape sequence.  Under tty_lock. */
static bool tty_swallow_escape(char c)
{
	if (esc_state == ESC_START) {
		esc_state = (c == '[') ? ESC_CSI : ESC_NONE;
		return true;
	}
	if (esc_state == ESC_CSI) {
		if (c < 0x20 || c >= 0x40) /* a final byte ends the sequence */
			esc_state = ESC_NONE;
		return true;
	}
	if (c == KEY_ESC) {
		esc_state = ESC_START;
		return true;
	}
	return false;
}

static void tty_interrupt(void)
{
	edit_len = 0;
	ready_len = 0; /* as Linux's ISIG: typed-ahead lines go too */
	nr_eofs_pending = 0;
	tty_echo("^C", 2); /* the reader (the shell's handler) starts the new line */
	nr_interrupts++;
	wake_up(&tty_readable);
	signal_send_group(foreground_pgrp, SIGINT);
}

void tty_receive_char(char c)
{
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	bool is_lf_after_cr = c == '\n' && last_was_cr;
	last_was_cr = c == '\r';
	if (is_lf_after_cr || tty_swallow_escape(c)) {
		/* nothing more to do */
	} else if (c == '\r' || c == '\n') {
		tty_echo("\n", 1);
		tty_finish_line(true);
	} else if (c == KEY_BACKSPACE || c == KEY_DEL) {
		if (edit_len) {
			edit_len--;
			tty_echo("\b \b", 3);
		}
	} else if (c == CTRL('U')) {
		for (; edit_len; edit_len--)
			tty_echo("\b \b", 3);
	} else if (c == CTRL('C')) {
		tty_interrupt();
	} else if (c == CTRL('D')) {
		tty_finish_line(false);
	} else if (((unsigned char)c >= ' ' || c == '\t') && edit_len + 1 < TTY_LINE_MAX) {
		edit_line[edit_len++] = c;
		tty_echo(&c, 1);
	}
	spin_unlock_irqrestore(&tty_lock, flags);
}

static bool tty_has_input(void)
{
	return ready_len > 0 || nr_eofs_pending > 0;
}

/* Take up to len bytes of finished input, one line at most. */
static ssize_t tty_take(char *buf, size_t len)
{
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	ssize_t n = 0;
	if (ready_len) {
		char *nl = memchr(ready, '\n', ready_len);
		size_t line = nl ? (size_t)(nl - ready) + 1 : ready_len;
		n = (ssize_t)MIN(len, line);
		memcpy(buf, ready, (size_t)n);
		memmove(ready, ready + n, ready_len - (size_t)n);
		ready_len -= (size_t)n;
	} else if (nr_eofs_pending) {
		nr_eofs_pending--;
	} else {
		n = -EAGAIN;
	}
	spin_unlock_irqrestore(&tty_lock, flags);
	return n;
}

ssize_t tty_read(char *buf, size_t len)
{
	if (len == 0)
		return 0;
	for (;;) {
		int err = wait_event_interruptible(&tty_readable, tty_has_input());
		if (err)
			return err;
		ssize_t n = tty_take(buf, len);
		if (n != -EAGAIN)
			return n;
	}
}

ssize_t tty_write(const char *buf, size_t len)
{
	console_write(buf, len);
	return (ssize_t)len;
}

/* struct termios as Linux i386 passes it to TCGETS: canonical, echo, signals. */
struct linux_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[19];
};

static int tty_get_termios(uintptr_t arg)
{
	struct linux_termios t = {
		.c_iflag = 0x0500,  /* ICRNL | IXON */
		.c_oflag = 0x0005,  /* OPOST | ONLCR */
		.c_cflag = 0x00bf,  /* B38400 | CS8 | CREAD */
		.c_lflag = 0x8a3b,  /* ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN */
		.c_cc = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0},
	};
	return copy_to_user((void *)arg, &t, sizeof(t));
}

int tty_ioctl(uint32_t cmd, uintptr_t arg)
{
	switch (cmd) {
	case TCGETS:
		return tty_get_termios(arg);
	case TCSETS:
	case TCSETS + 1: /* TCSETSW */
	case TCSETS + 2: /* TCSETSF */
		return 0;    /* accepted; the console stays canonical */
	case TIOCGPGRP:
		return copy_to_user((void *)arg, &foreground_pgrp, sizeof(int));
	case TIOCSPGRP: {
		int pgrp;
		if (copy_from_user(&pgrp, (const void *)arg, sizeof(pgrp)))
			return -EFAULT;
		if (pgrp <= 0)
			return -EINVAL;
		foreground_pgrp = pgrp;
		return 0;
	}
	case TIOCGWINSZ: {
		struct winsize ws = {25, 80, 0, 0};
		return copy_to_user((void *)arg, &ws, sizeof(ws));
	}
	default:
		return -ENOTTY;
	}
}

/* For in-kernel readers (the monitor), which get no signals: a ^C typed while
 * they wait makes this return -EINTR. */
int tty_read_line(char *buf, size_t size)
{
	uint32_t seen = nr_interrupts;
	ssize_t n = -EAGAIN;
	while (n == -EAGAIN) {
		int err = wait_event_interruptible(&tty_readable,
						   tty_has_input() || nr_interrupts != seen);
		if (err || nr_interrupts != seen)
			return -EINTR;
		n = tty_take(buf, size - 1);
	}
	if (n <= 0)
		return n == 0 ? TTY_EOF : (int)n;
	if (buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return (int)n;
}
