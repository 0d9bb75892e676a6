/*
 * termios.c — terminal modes through the TCGETS/TCSETS* ioctls, and
 * cfmakeraw (what a full-screen program asks for: bytes as typed, no echo,
 * no signals, no output processing); the foreground process group and the
 * session of a controlling terminal (tcgetpgrp, tcsetpgrp, tcgetsid).
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>

int tcgetattr(int fd, struct termios *t)
{
	return ioctl(fd, TCGETS, t);
}

int tcsetattr(int fd, int when, const struct termios *t)
{
	if (when < TCSANOW || when > TCSAFLUSH) {
		errno = EINVAL;
		return -1;
	}
	return ioctl(fd, TCSETS + when, t);
}

int tcflush(int fd, int queue)
{
	return ioctl(fd, TCFLSH, (void *)(long)queue);
}

void cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t->c_oflag &= ~(tcflag_t)OPOST;
	t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
	t->c_cflag |= CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

pid_t tcgetpgrp(int fd)
{
	pid_t pgrp;
	return ioctl(fd, TIOCGPGRP, &pgrp) < 0 ? -1 : pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	return ioctl(fd, TIOCSPGRP, &pgrp);
}

pid_t tcgetsid(int fd)
{
	pid_t sid;
	return ioctl(fd, TIOCGSID, &sid) < 0 ? -1 : sid;
}
