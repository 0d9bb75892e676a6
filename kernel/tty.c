/*
 * tty.c — the console as a terminal: a termios line discipline (termios(3)).
 *
 * Typed bytes arrive one by one from the serial and keyboard interrupt
 * handlers (tty_receive_char) and are processed there, as in a real line
 * discipline, so echo and ^C work even while nobody reads:
 *
 *   1. c_iflag: ISTRIP, then CR and NL (IGNCR, ICRNL, INLCR).
 *   2. ISIG: VINTR, VQUIT, VSUSP send SIGINT, SIGQUIT, SIGTSTP to the
 *      foreground process group and flush the input (unless NOFLSH).
 *   3. ICANON on: line editing in edit_line (VERASE, VKILL, and with IEXTEN
 *      VWERASE and VLNEXT; VEOF; newline ends a line; escape sequences are
 *      swallowed); a finished line moves to the queue.  ICANON off: the byte
 *      goes to the queue as is.
 *   4. ECHO (and ECHOE, ECHOK, ECHOKE, ECHONL, ECHOCTL) through the output
 *      processing below.
 *
 * The queue holds what a read may take.  Each byte has a mark:
 *
 *     queue:  h i \n a b c x        (x: the 0 byte standing for a ^D on an
 *     mark:   . . L  . . L E         empty line, never handed to a reader)
 *
 * L ends a line (a canonical read stops after it), E is an end of file (a
 * canonical read stops before it, consuming it; a read that got nothing then
 * returns 0).  Raw reads ignore marks; there are none in raw mode, since
 * switching to it drops the E bytes and marks.  Switching back to canonical
 * marks what is queued as one line, as Linux does.
 *
 * Non-canonical reads follow VMIN and VTIME (tty_read_raw's table).
 * Output (writes and echo) goes through OPOST/ONLCR to the console drivers:
 * console_write turns "\n" into a new line, console_write_raw does not.
 * Read next: kernel/tty_ioctl.c (the ioctls), kernel/tty_job.c (job control),
 * fs/chardevs.c (the files).
 */
#include <corral/console.h>
#include <corral/spinlock.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/tty.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/ioctl.h>
#include <uapi/poll.h>

#define TTY_LINE_MAX 4096 /* as in Linux; past it typed bytes are refused with a bell */
#define TTY_QUEUE_MAX 4096
#define KEY_BACKSPACE 0x08
#define KEY_ESC 0x1b
#define TICKS_PER_VTIME (HZ / 10) /* VTIME counts tenths of a second */

enum queue_mark { MARK_NONE, MARK_LINE_END, MARK_EOF };

#define TTY_TERMIOS_DEFAULT                                                                \
	{                                                                                  \
		.c_iflag = ICRNL | IXON, .c_oflag = OPOST | ONLCR,                         \
		.c_cflag = B38400 | CS8 | CREAD,                                           \
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN, \
		.c_cc = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0},   \
	}

static struct spinlock tty_lock = SPINLOCK_INIT("tty");
/* All of this is under tty_lock, taken with interrupts off: the interrupt
 * handlers write it, tasks read and change it. */
static struct termios termios = TTY_TERMIOS_DEFAULT;
static char edit_line[TTY_LINE_MAX]; /* canonical: the line being typed */
static size_t edit_len;
static char queue[TTY_QUEUE_MAX];    /* input a read may take */
static uint8_t queue_mark[TTY_QUEUE_MAX]; /* enum queue_mark per byte */
static size_t queue_len;
static size_t nr_line_ends;          /* bytes in the queue marked L or E */
static uint64_t last_rx_jiffies;     /* when the last byte was queued (VTIME's timer) */
static enum { ESC_NONE, ESC_START, ESC_CSI } esc_state; /* canonical only */
static bool last_was_cr;             /* canonical: CR LF is one Enter */
static unsigned output_column;       /* the cursor's column (tty_track_column) */
static unsigned canon_column;        /* output_column when the edited line began */
static bool is_literal_next;         /* VLNEXT seen: the next byte is plain */
static int foreground_pgrp = 1;
static struct winsize winsize = {25, 80, 0, 0};
static uint32_t nr_interrupts;       /* VINTR count: how the monitor hears ^C */
static char *capture_buf;            /* self tests: output goes here instead */
static size_t capture_size, *capture_len;

/* Readers and pollers wait here for input (or a ^C, for the monitor). */
static struct wait_queue tty_readable = WAIT_QUEUE_INIT(tty_readable);

static bool lflag(tcflag_t bit)
{
	return termios.c_lflag & bit;
}

/* Is c the special character at index i?  0 means "disabled" (Linux). */
static bool is_cc(char c, int i)
{
	return termios.c_cc[i] != 0 && (unsigned char)c == termios.c_cc[i];
}

static bool is_ctrl(char c)
{
	return (unsigned char)c < 0x20 || (unsigned char)c == 0x7f;
}

/* ---- output ---------------------------------------------------------------- */

/* Bytes to the console, through OPOST/ONLCR.  Under tty_lock or not: the
 * console has its own lock (tty_lock -> console_lock). */
/* Where the cursor stands on its line, as far as the terminal's own output
 * moved it, so that erasing a tab can go back to where the tab began (as
 * Linux's n_tty does; other console output is not counted). */
static void tty_track_column(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || c == '\r')
			output_column = 0;
		else if (c == '\b' && output_column)
			output_column--;
		else if (c == '\t')
			output_column = (output_column | 7) + 1;
		else if (c >= 0x20 && c != 0x7f)
			output_column++;
	}
}

static void tty_output(const char *s, size_t len)
{
	tty_track_column(s, len);
	if (capture_buf) {
		size_t n = MIN(len, capture_size - *capture_len);
		memcpy(capture_buf + *capture_len, s, n);
		*capture_len += n;
	} else if ((termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR)) {
		console_write(s, len); /* the drivers make "\n" a new line */
	} else {
		console_write_raw(s, len);
	}
}

/* Echo one input byte: ECHOCTL shows a control byte as ^X (^? for DEL). */
static void tty_echo_char(char c)
{
	if (lflag(ECHOCTL) && is_ctrl(c) && c != '\t' && c != '\n') {
		char caret[2] = {'^', (char)(c ^ 0x40)};
		tty_output(caret, 2);
	} else {
		tty_output(&c, 1);
	}
}

static void tty_echo(char c)
{
	if (lflag(ECHO))
		tty_echo_char(c);
}

/* ---- the queue ---------------------------------------------------------------- */

/* A typed byte had no room and is lost: say so with the bell (Linux's
 * IMAXBEL), whatever ECHO says, rather than drop it silently. */
static void tty_ring_bell(void)
{
	tty_output("\a", 1);
}

static void queue_push(char c, enum queue_mark mark)
{
	if (queue_len == TTY_QUEUE_MAX) {
		tty_ring_bell(); /* full: the byte is lost, as on a real line */
		return;
	}
	queue[queue_len] = c;
	queue_mark[queue_len++] = (uint8_t)mark;
	if (mark != MARK_NONE)
		nr_line_ends++;
	last_rx_jiffies = jiffies_read();
}

/* Drop the first n queued bytes. */
static void queue_consume(size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (queue_mark[i] != MARK_NONE)
			nr_line_ends--;
	memmove(queue, queue + n, queue_len - n);
	memmove(queue_mark, queue_mark + n, queue_len - n);
	queue_len -= n;
}

static void tty_flush_input_locked(void)
{
	edit_len = 0;
	queue_len = 0;
	nr_line_ends = 0;
	esc_state = ESC_NONE;
	is_literal_next = false;
	wake_up(&tty_readable);
}

/* ---- canonical editing --------------------------------------------------------- */

/* Move the edited line to the queue, its last byte marked: a ^D on an empty
 * line queues an E byte. */
static void tty_finish_line(bool is_eof)
{
	size_t room = TTY_QUEUE_MAX - queue_len;
	if (edit_len == 0 && is_eof) {
		queue_push(0, MARK_EOF);
	} else if (room > 0) {
		size_t n = MIN(edit_len, room);
		if (n < edit_len)
			tty_ring_bell(); /* the queue is full of earlier lines: the tail goes */
		for (size_t i = 0; i + 1 < n; i++)
			queue_push(edit_line[i], MARK_NONE);
		queue_push(edit_line[n - 1], MARK_LINE_END);
	} else if (edit_len > 0) {
		tty_ring_bell();
	}
	edit_len = 0;
	wake_up(&tty_readable);
}

/* Take the last edited byte back off the screen: ^X took two columns. */
/* Columns the echo of c takes: "^X" for a control character with ECHOCTL
 * (a tab is its own case: it depends on where it starts). */
static unsigned tty_echo_width(char c)
{
	return lflag(ECHOCTL) && is_ctrl(c) && c != '\t' ? 2 : 1;
}

/* The column the echo of the first n bytes of the line being typed ends at. */
static unsigned tty_column_after(size_t n)
{
	unsigned column = canon_column;
	for (size_t i = 0; i < n; i++) {
		char c = edit_line[i];
		column = c == '\t' ? (column | 7) + 1 : column + tty_echo_width(c);
	}
	return column;
}

static void tty_erase_one(void)
{
	char c = edit_line[--edit_len];
	if (!lflag(ECHO))
		return;
	if (!lflag(ECHOE)) {
		tty_echo_char((char)termios.c_cc[VERASE]);
		return;
	}
	if (c == '\t') { /* back to where the tab began: no spaces to rub out */
		unsigned column = tty_column_after(edit_len);
		while (output_column > column)
			tty_output("\b", 1);
		return;
	}
	for (unsigned i = 0; i < tty_echo_width(c); i++)
		tty_output("\b \b", 3);
}

static void tty_kill_line(char c)
{
	if (lflag(ECHO) && !lflag(ECHOKE)) {
		tty_echo_char(c);
		if (lflag(ECHOK))
			tty_output("\n", 1);
		edit_len = 0;
		return;
	}
	while (edit_len)
		tty_erase_one();
}

/* ^W: the spaces before the cursor, then the word before them. */
static void tty_erase_word(void)
{
	while (edit_len && (edit_line[edit_len - 1] == ' ' || edit_line[edit_len - 1] == '\t'))
		tty_erase_one();
	while (edit_len && edit_line[edit_len - 1] != ' ' && edit_line[edit_len - 1] != '\t')
		tty_erase_one();
}

/* Returns true if c belonged to an escape sequence (arrow keys): a line
 * editor with no cursor motion has no use for them. */
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

static bool is_line_end(char c)
{
	return c == '\n' || is_cc(c, VEOL) || is_cc(c, VEOL2);
}

static void tty_receive_canonical(char c)
{
	bool is_extended = lflag(IEXTEN);
	if (tty_swallow_escape(c))
		return;
	if (is_cc(c, VERASE) || c == KEY_BACKSPACE) { /* ^H too: serial terminals send it */
		if (edit_len)
			tty_erase_one();
	} else if (is_cc(c, VKILL)) {
		tty_kill_line(c);
	} else if (is_extended && is_cc(c, VWERASE)) {
		tty_erase_word();
	} else if (is_extended && is_cc(c, VLNEXT)) {
		is_literal_next = true;
		if (lflag(ECHO) && lflag(ECHOCTL))
			tty_output("^\b", 2);
	} else if (is_cc(c, VEOF)) {
		tty_finish_line(true); /* no echo, as on Linux */
	} else if (is_line_end(c)) {
		if (edit_len < TTY_LINE_MAX)
			edit_line[edit_len++] = c;
		if (lflag(ECHO) || (c == '\n' && lflag(ECHONL)))
			tty_echo_char(c);
		tty_finish_line(false);
	} else if (edit_len + 1 < TTY_LINE_MAX) { /* room kept for the newline */
		if (!edit_len)
			canon_column = output_column;
		edit_line[edit_len++] = c;
		tty_echo(c);
	} else {
		tty_ring_bell(); /* the line is full: only editing and Enter get in */
	}
}

/* A literal byte after VLNEXT (canonical only, as on Linux): stored whatever
 * it is, over the "^" that VLNEXT showed. */
static void tty_receive_literal(char c)
{
	is_literal_next = false;
	if (lflag(ECHO) && lflag(ECHOCTL))
		tty_output("\b", 1);
	if (edit_len + 1 < TTY_LINE_MAX) {
		edit_line[edit_len++] = c;
		tty_echo(c);
	} else {
		tty_ring_bell();
	}
}

/* ---- signals --------------------------------------------------------------------- */

/* VINTR, VQUIT, VSUSP: the signal for c, or 0. */
static int tty_signal_for(char c)
{
	if (!lflag(ISIG))
		return 0;
	if (is_cc(c, VINTR))
		return SIGINT;
	if (is_cc(c, VQUIT))
		return SIGQUIT;
	if (is_cc(c, VSUSP))
		return SIGTSTP;
	return 0;
}

static void tty_send_signal(char c, int sig)
{
	if (!lflag(NOFLSH))
		tty_flush_input_locked(); /* as Linux's ISIG: typed-ahead lines go too */
	tty_echo(c);                      /* "^C"; the reader starts the new line */
	if (sig == SIGINT)
		nr_interrupts++;
	wake_up(&tty_readable);
	signal_send_group(foreground_pgrp, sig);
}

/* ---- input --------------------------------------------------------------------- */

/* c_iflag's mapping of CR and NL; false: drop the byte (IGNCR). */
static bool tty_map_input(char *c)
{
	if (termios.c_iflag & ISTRIP)
		*c &= 0x7f;
	if (*c == '\r') {
		if (termios.c_iflag & IGNCR)
			return false;
		if (termios.c_iflag & ICRNL)
			*c = '\n';
	} else if (*c == '\n' && (termios.c_iflag & INLCR)) {
		*c = '\r';
	}
	return true;
}

static void tty_receive_locked(char c)
{
	if (is_literal_next && lflag(ICANON)) {
		tty_receive_literal(c);
		return;
	}
	is_literal_next = false;
	/* Canonical mode takes CR LF as one Enter (a terminal that sends both);
	 * Linux does not, but it has no serial harness typing at it. */
	bool is_lf_after_cr = c == '\n' && last_was_cr && lflag(ICANON);
	last_was_cr = c == '\r';
	if (is_lf_after_cr || !tty_map_input(&c))
		return;
	int sig = tty_signal_for(c);
	if (sig) {
		tty_send_signal(c, sig);
	} else if (lflag(ICANON)) {
		tty_receive_canonical(c);
	} else {
		queue_push(c, MARK_NONE);
		tty_echo(c);
		wake_up(&tty_readable);
	}
}

void tty_receive_char(char c)
{
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	tty_receive_locked(c);
	spin_unlock_irqrestore(&tty_lock, flags);
}

/* ---- reading ------------------------------------------------------------------- */

/* A canonical read: up to len bytes of the first line, or 0 at an E mark.
 * -EAGAIN when no line is finished.  Under tty_lock. */
static ssize_t tty_take_line(char *buf, size_t len)
{
	if (nr_line_ends == 0)
		return -EAGAIN;
	size_t end = 0;
	while (queue_mark[end] == MARK_NONE)
		end++;
	bool is_eof = queue_mark[end] == MARK_EOF;
	size_t line = is_eof ? end : end + 1; /* bytes a reader gets */
	size_t n = MIN(len, line);
	memcpy(buf, queue, n);
	queue_consume(n == line && is_eof ? n + 1 : n);
	return (ssize_t)n;
}

/* Bytes a raw read must have before it returns (termios(3)'s four cases). */
struct raw_plan {
	size_t need;	   /* 0: return what is there */
	uint64_t deadline; /* jiffies when it returns anyway; 0: none */
};

static struct raw_plan tty_raw_plan(size_t len, uint64_t start)
{
	size_t min = termios.c_cc[VMIN];
	uint64_t time = (uint64_t)termios.c_cc[VTIME] * TICKS_PER_VTIME;
	struct raw_plan p = {MIN(min, len), 0};
	if (min == 0 && time)
		p = (struct raw_plan){1, start + time};	 /* a timeout from the call */
	else if (min && time && queue_len)
		p.deadline = last_rx_jiffies + time;	 /* the inter-byte timer */
	return p;
}

/* One try at a read under tty_lock: the bytes taken, or -EAGAIN to wait
 * (*deadline: until when; 0 none). */
static ssize_t tty_try_read(char *buf, size_t len, uint64_t start, bool is_nonblocking,
			    uint64_t *deadline)
{
	*deadline = 0;
	if (lflag(ICANON))
		return tty_take_line(buf, len);
	struct raw_plan p = tty_raw_plan(len, start);
	bool is_timed_out = p.deadline && jiffies_read() >= p.deadline;
	bool is_enough = queue_len >= p.need || (is_nonblocking && queue_len) || is_timed_out;
	if (!is_enough)
		*deadline = p.deadline;
	if (!is_enough || (queue_len == 0 && p.need > 0 && !is_timed_out))
		return -EAGAIN;
	size_t n = MIN(len, queue_len);
	memcpy(buf, queue, n);
	queue_consume(n);
	return (ssize_t)n;
}

ssize_t tty_read(char *buf, size_t len, bool is_nonblocking)
{
	int err = tty_job_check_read(); /* a background job: SIGTTIN */
	if (err)
		return err;
	if (len == 0)
		return 0;
	uint64_t start = jiffies_read(), deadline;
	struct wait_entry entry = {0};
	ssize_t n;
	for (;;) {
		/* Queued and marked sleeping before looking: a byte that arrives
		 * after the look wakes us, and nothing is lost. */
		wait_prepare(&tty_readable, &entry, true);
		uint32_t flags = spin_lock_irqsave(&tty_lock);
		n = tty_try_read(buf, len, start, is_nonblocking, &deadline);
		spin_unlock_irqrestore(&tty_lock, flags);
		if (n != -EAGAIN || is_nonblocking)
			break;
		if (signal_is_pending()) {
			n = -EINTR;
			break;
		}
		if (deadline)
			sched_arm_timeout(deadline);
		schedule();
	}
	wait_finish(&tty_readable, &entry);
	return n;
}

ssize_t tty_write(const char *buf, size_t len)
{
	if (lflag(TOSTOP)) {
		int err = tty_job_check_change(); /* a background job: SIGTTOU */
		if (err)
			return err;
	}
	tty_output(buf, len);
	return (ssize_t)len;
}

static bool tty_is_readable_locked(void)
{
	if (lflag(ICANON))
		return nr_line_ends > 0;
	/* Linux: MIN bytes when it counts alone (TIME 0), else one. */
	size_t min = termios.c_cc[VMIN];
	return queue_len >= (min && !termios.c_cc[VTIME] ? min : 1);
}

unsigned tty_poll(struct poll_table *pt)
{
	poll_wait(pt, &tty_readable); /* first: a byte after the look wakes the poller */
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	bool is_readable = tty_is_readable_locked();
	spin_unlock_irqrestore(&tty_lock, flags);
	return POLLOUT | POLLWRNORM | (is_readable ? POLLIN | POLLRDNORM : 0);
}

static bool tty_has_line(void)
{
	return nr_line_ends > 0;
}

int tty_read_line(char *buf, size_t size)
{
	uint32_t seen = nr_interrupts;
	ssize_t n = -EAGAIN;
	while (n == -EAGAIN) {
		int err = wait_event_interruptible(&tty_readable,
						   tty_has_line() || nr_interrupts != seen);
		if (err || nr_interrupts != seen)
			return -EINTR;
		uint32_t flags = spin_lock_irqsave(&tty_lock);
		n = tty_take_line(buf, size - 1);
		spin_unlock_irqrestore(&tty_lock, flags);
	}
	if (n <= 0)
		return n == 0 ? TTY_EOF : (int)n;
	if (buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return (int)n;
}

/* ---- the state, for tty_ioctl.c ------------------------------------------------ */

void tty_get_termios(struct termios *out)
{
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	*out = termios;
	spin_unlock_irqrestore(&tty_lock, flags);
}

/* Canonical to raw: the line being typed and every finished one become plain
 * bytes (E bytes go).  Raw to canonical: what is queued becomes one line. */
static void tty_switch_mode(bool is_canonical)
{
	if (!is_canonical) {
		size_t kept = 0;
		for (size_t i = 0; i < queue_len; i++)
			if (queue_mark[i] != MARK_EOF)
				queue[kept++] = queue[i];
		queue_len = kept;
		memset(queue_mark, MARK_NONE, queue_len);
		nr_line_ends = 0;
		for (size_t i = 0; i < edit_len; i++)
			queue_push(edit_line[i], MARK_NONE);
		edit_len = 0;
	} else if (queue_len) {
		queue_mark[queue_len - 1] = MARK_LINE_END;
		nr_line_ends = 1;
	}
	esc_state = ESC_NONE;
	last_was_cr = false;
	wake_up(&tty_readable); /* a waiting read looks at the new mode */
}

void tty_set_termios(const struct termios *t)
{
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	bool was_canonical = lflag(ICANON);
	termios = *t;
	if (was_canonical != lflag(ICANON))
		tty_switch_mode(lflag(ICANON));
	else
		wake_up(&tty_readable); /* VMIN or VTIME may have changed */
	spin_unlock_irqrestore(&tty_lock, flags);
}

void tty_flush_input(void)
{
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	tty_flush_input_locked();
	spin_unlock_irqrestore(&tty_lock, flags);
}

/* Canonical: the bytes of the finished lines (E bytes are not data). */
size_t tty_nr_readable(void)
{
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	size_t n = queue_len;
	if (lflag(ICANON)) {
		size_t last_end = queue_len;
		while (last_end > 0 && queue_mark[last_end - 1] == MARK_NONE)
			last_end--;
		n = 0;
		for (size_t i = 0; i < last_end; i++)
			n += queue_mark[i] != MARK_EOF;
	}
	spin_unlock_irqrestore(&tty_lock, flags);
	return n;
}

int tty_get_pgrp(void)
{
	return foreground_pgrp; /* one aligned word: read whole */
}

void tty_set_pgrp(int pgrp)
{
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	foreground_pgrp = pgrp;
	spin_unlock_irqrestore(&tty_lock, flags);
}

void tty_get_winsize(unsigned short *rows, unsigned short *cols)
{
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	*rows = winsize.ws_row;
	*cols = winsize.ws_col;
	spin_unlock_irqrestore(&tty_lock, flags);
}

bool tty_set_winsize(unsigned short rows, unsigned short cols)
{
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	bool is_changed = winsize.ws_row != rows || winsize.ws_col != cols;
	winsize.ws_row = rows;
	winsize.ws_col = cols;
	spin_unlock_irqrestore(&tty_lock, flags);
	return is_changed;
}

void tty_capture_output(char *buf, size_t size, size_t *len)
{
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	capture_buf = buf;
	capture_size = size;
	capture_len = len;
	spin_unlock_irqrestore(&tty_lock, flags);
}

void tty_reset_for_test(void)
{
	static const struct termios defaults = TTY_TERMIOS_DEFAULT;
	tty_set_termios(&defaults);
	tty_flush_input();
	uint32_t flags = spin_lock_irqsave(&tty_lock);
	last_was_cr = false;
	spin_unlock_irqrestore(&tty_lock, flags);
}
