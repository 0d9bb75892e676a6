/*
 * sys/select.h — select() and pselect() (lib/poll.c) over glibc's fd_set:
 * FD_SETSIZE bits, one per descriptor, in 32-bit words.
 */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H

#include <signal.h>
#include <sys/time.h>
#include <time.h>

#define FD_SETSIZE 1024

typedef struct {
	unsigned long fds_bits[FD_SETSIZE / 32];
} fd_set;

#define FD_ZERO(s) __builtin_memset((s), 0, sizeof(fd_set))
#define FD_SET(fd, s) ((s)->fds_bits[(fd) / 32] |= 1ul << ((fd) % 32))
#define FD_CLR(fd, s) ((s)->fds_bits[(fd) / 32] &= ~(1ul << ((fd) % 32)))
#define FD_ISSET(fd, s) (((s)->fds_bits[(fd) / 32] >> ((fd) % 32)) & 1)

/* The kernel writes the time left into timeout (Linux does). */
int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	   struct timeval *timeout);
/* timeout is not changed (POSIX); sigmask is in force for the wait only. */
int pselect(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	    const struct timespec *timeout, const sigset_t *sigmask);

#endif
