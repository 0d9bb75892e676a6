/*
 * tty.h — line editing on the console: echo, backspace, ^U, ^C, ^D.
 */
#ifndef CORRAL_TTY_H
#define CORRAL_TTY_H

#include <corral/types.h>

#define TTY_EOF (-1)       /* ^D on an empty line */
#define TTY_INTERRUPT (-2) /* ^C: the line was thrown away */

/* Read one edited line into buf (NUL-terminated, without the newline).
 * Returns its length, TTY_EOF or TTY_INTERRUPT. */
int tty_read_line(char *buf, size_t size);

#endif
