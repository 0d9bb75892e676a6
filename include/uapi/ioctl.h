/*
 * ioctl.h — the terminal ioctls Corral's console answers (Linux numbers).
 */
#ifndef UAPI_IOCTL_H
#define UAPI_IOCTL_H

#define TCGETS 0x5401  /* isatty() asks this; the console answers with a termios */
#define TCSETS 0x5402
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCGWINSZ 0x5413

struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#endif
