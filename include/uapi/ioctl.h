/*
 * ioctl.h — the terminal ioctls Corral's console answers (Linux i386
 * numbers; kernel/tty_ioctl.c).  Their arguments: struct termios
 * (uapi/termios.h) for TCGETS/TCSETS*, an int for the rest, struct winsize
 * for the window size.
 */
#ifndef UAPI_IOCTL_H
#define UAPI_IOCTL_H

#define TCGETS 0x5401  /* isatty() asks this; the console answers with a termios */
#define TCSETS 0x5402  /* set the modes now */
#define TCSETSW 0x5403 /* ... after output drains (it always has: writes are synchronous) */
#define TCSETSF 0x5404 /* ... and throw away unread input */
#define TCSBRK 0x5409  /* tcdrain (argument non-zero); a break is not sent */
#define TCFLSH 0x540B  /* argument TCIFLUSH, TCOFLUSH or TCIOFLUSH */
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411 /* bytes not yet sent: always 0 */
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541B /* bytes a read would get now (TIOCINQ) */
#define TIOCINQ FIONREAD
#define TIOCNOTTY 0x5422
#define TIOCGSID 0x5429

struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#endif
