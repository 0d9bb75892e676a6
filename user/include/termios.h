/*
 * termios.h — terminal modes (lib/termios.c): the kernel's struct termios and
 * flags (<uapi/termios.h>), read and set with TCGETS/TCSETS*.
 */
#ifndef _TERMIOS_H
#define _TERMIOS_H

#include <sys/types.h>
#include <uapi/termios.h>

#define TCSANOW 0   /* tcsetattr: now (TCSETS) */
#define TCSADRAIN 1 /* after output drains (TCSETSW) */
#define TCSAFLUSH 2 /* ... and unread input is dropped (TCSETSF) */

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int when, const struct termios *t);
int tcflush(int fd, int queue); /* TCIFLUSH, TCOFLUSH, TCIOFLUSH */
pid_t tcgetpgrp(int fd);          /* the foreground process group */
int tcsetpgrp(int fd, pid_t pgrp);
pid_t tcgetsid(int fd);
void cfmakeraw(struct termios *t);

#endif
