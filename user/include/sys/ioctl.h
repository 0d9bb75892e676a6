/*
 * sys/ioctl.h — ioctl() and the terminal requests Corral answers.
 */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <uapi/ioctl.h>

int ioctl(int fd, unsigned long request, ...);

#endif
