/*
 * poll.h — what poll(2) and select(2) share with user space (Linux values):
 * struct pollfd and the event bits.  fs/poll.c implements the calls.
 */
#ifndef UAPI_POLL_H
#define UAPI_POLL_H

#define POLLIN 0x0001	  /* a read would not block */
#define POLLPRI 0x0002	  /* urgent data (nothing in Corral has any) */
#define POLLOUT 0x0004	  /* a write would not block */
#define POLLERR 0x0008	  /* an error: a pipe's write end with no reader */
#define POLLHUP 0x0010	  /* hung up: a pipe's read end with no writer */
#define POLLNVAL 0x0020	  /* the descriptor is not open */
#define POLLRDNORM 0x0040 /* = POLLIN for Corral's files */
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100 /* = POLLOUT for Corral's files */
#define POLLWRBAND 0x0200

struct pollfd {
	int fd;	       /* negative: ignored (revents 0) */
	short events;  /* what the caller waits for */
	short revents; /* what happened: events, plus POLLERR, POLLHUP, POLLNVAL always */
};

#endif
