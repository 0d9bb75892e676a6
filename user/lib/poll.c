/*
 * poll.c — poll, ppoll, select and pselect: one system call each
 * (fs/poll.c in the kernel does the waiting).
 */
#include <poll.h>
#include <sys/select.h>
#include <sys/syscall.h>

int poll(struct pollfd *fds, nfds_t nfds, int timeout_ms)
{
	return (int)syscall3(__NR_poll, fds, nfds, timeout_ms);
}

int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout,
	  const sigset_t *sigmask)
{
	/* The kernel writes the time left back; POSIX callers keep theirs. */
	struct timespec left, *t = 0;
	if (timeout) {
		left = *timeout;
		t = &left;
	}
	return (int)syscall5(__NR_ppoll, fds, nfds, t, sigmask, sizeof(sigset_t));
}

int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	   struct timeval *timeout)
{
	return (int)syscall5(__NR__newselect, nfds, readfds, writefds, exceptfds, timeout);
}

int pselect(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	    const struct timespec *timeout, const sigset_t *sigmask)
{
	struct timespec left, *t = 0;
	if (timeout) {
		left = *timeout;
		t = &left;
	}
	struct {
		const sigset_t *set;
		unsigned long size;
	} sig = {sigmask, sizeof(sigset_t)};
	return (int)syscall6(__NR_pselect6, nfds, readfds, writefds, exceptfds, t, &sig);
}
