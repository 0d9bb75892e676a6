/*
 * tty.h — the console terminal: line editing, ^C, ^D (kernel/tty.c).
 */
#ifndef CORRAL_TTY_H
#define CORRAL_TTY_H

#include <corral/types.h>

#define TTY_EOF (-1) /* ^D on an empty line */

/* Read one edited line into buf (NUL-terminated, without the newline).
 * Returns its length, TTY_EOF or -EINTR.  Sleeps: call from a task. */
int tty_read_line(char *buf, size_t size);

/* A typed character, from the serial or keyboard interrupt handler. */
void tty_receive_char(char c);

#endif
