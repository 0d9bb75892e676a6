/*
 * tty.h — the console terminal (kernel/tty.c, kernel/tty_ioctl.c): a termios
 * line discipline between the console's input interrupts and its readers.
 *
 *   interrupt handlers ──tty_receive_char──> input processing (c_iflag, ISIG,
 *       canonical editing or raw bytes, echo) ──> the input queue ──tty_read──> readers
 *   writers ──tty_write──> output processing (OPOST, ONLCR) ──> console_write
 *
 * /dev/console and /dev/tty (fs/chardevs.c) are this one terminal.
 */
#ifndef CORRAL_TTY_H
#define CORRAL_TTY_H

#include <corral/types.h>
#include <uapi/termios.h>

struct poll_table;

#define TTY_EOF (-1) /* ^D on an empty line */

/* A typed character, from the serial or keyboard interrupt handler. */
void tty_receive_char(char c);

/* The file side (fs/chardevs.c).  tty_read blocks per the mode (canonical: a
 * line; raw: VMIN/VTIME), returns 0 at end of file, -EINTR, or -EAGAIN when
 * is_nonblocking and nothing is there.  tty_poll: POLLIN when a read would
 * not block, POLLOUT always. */
ssize_t tty_read(char *buf, size_t len, bool is_nonblocking);
ssize_t tty_write(const char *buf, size_t len);
int tty_ioctl(uint32_t cmd, uintptr_t arg);
unsigned tty_poll(struct poll_table *pt);

/* Read one edited line into buf (NUL-terminated, without the newline), for
 * the in-kernel monitor.  Returns its length, TTY_EOF or -EINTR (a ^C while
 * waiting: kernel threads get no signals).  Sleeps: call from a task. */
int tty_read_line(char *buf, size_t size);

/* The terminal's state, for kernel/tty_ioctl.c: each checks and changes in
 * one place under the tty's lock. */
void tty_get_termios(struct termios *out);
void tty_set_termios(const struct termios *t); /* switches modes as Linux does */
void tty_flush_input(void);
size_t tty_nr_readable(void);			/* FIONREAD */
int tty_get_pgrp(void);           /* the foreground process group, any caller */
void tty_set_pgrp(int pgrp);
void tty_get_winsize(unsigned short *rows, unsigned short *cols);
bool tty_set_winsize(unsigned short rows, unsigned short cols); /* true if it changed */

/* Job control (kernel/tty_job.c): the session that holds the console and
 * the background checks.  The check_ functions return 0 (go on), -EINTR
 * (SIGTTIN / SIGTTOU went to the caller's group: the call starts again once
 * it is continued) or -EIO. */
struct task;
int tty_get_session(void);                  /* 0: no controlling session */
int tty_job_check_read(void);
int tty_job_check_change(void);             /* writes with TOSTOP, termios, tcsetpgrp */
int tty_job_set_controlling(int arg);       /* TIOCSCTTY */
int tty_job_drop_controlling(void);         /* TIOCNOTTY */
int tty_job_set_foreground(int pgrp);       /* TIOCSPGRP */
int tty_job_get_foreground(void);           /* TIOCGPGRP: pgrp or -ENOTTY */
int tty_job_get_session(void);              /* TIOCGSID: sid or -ENOTTY */
void tty_session_leader_exited(const struct task *t);

/* Self tests: while capture is set, output (echo and writes) goes to it
 * instead of the console; NULL ends it.  Also back to the default modes. */
void tty_capture_output(char *buf, size_t size, size_t *len);
void tty_reset_for_test(void);

#endif
