/*
 * poll.h — waiting for descriptors: poll() and ppoll() (lib/poll.c).
 * struct pollfd and the POLL* bits are Linux's (<uapi/poll.h>).
 */
#ifndef _POLL_H
#define _POLL_H

#include <signal.h>
#include <time.h>
#include <uapi/poll.h>

typedef unsigned long nfds_t;

int poll(struct pollfd *fds, nfds_t nfds, int timeout_ms); /* timeout < 0: forever */
int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout,
	  const sigset_t *sigmask);

#endif
