/*
 * poll.c — waiting for several files at once: poll, ppoll, select, pselect6.
 *
 * A file says how ready it is through its poll op, a mask of POLL* bits
 * (uapi/poll.h); files without one (regular files, directories, procfs,
 * /dev/null) are always readable and writable, as on Linux.  Before the op
 * looks at its state it hands poll_wait() each wait queue where a change
 * would be signalled (a pipe's `readable`, the tty's input queue).
 *
 * poll_files() is the one waiting loop every call is made of:
 *
 *     mark the task sleeping ──> ask every file (the first time round, each
 *        ^                       op puts an entry of ours on its queues)
 *        |                            │ something ready, the deadline passed,
 *        └──── schedule() <───────────┘ or a signal: stop; else sleep
 *
 * The task is marked sleeping *before* the files are asked, and every op
 * queues before it looks, so a wake-up that comes after a look finds us on
 * its queue and makes us runnable: schedule() then returns at once and we
 * look again.  Nothing is lost between the check and the sleep.  On the way
 * out every entry comes off its queue; the caller's file references keep the
 * queues alive until then.  The entries live in a poll_table of
 * POLL_QUEUES_MAX (two per descriptor: enough for every op in the tree); if
 * it ever overflows, the sleep is cut to one tick, so the waiter still sees
 * the change, late, instead of never.
 *
 * The system calls below convert their user shapes (pollfd arrays, fd_set
 * bitmaps, three layouts of timeout, an optional signal mask) into
 * poll_files and back.  Read next: fs/pipe.c (pipe_poll), kernel/tty.c
 * (tty_poll).
 */
#include <corral/kmalloc.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/uaccess.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/poll.h>
#include <uapi/time.h>

#define POLL_QUEUES_MAX (2 * FILES_MAX)
#define SIGSET_SIZE 8
/* What select's three sets mean as poll bits (Linux's POLLIN_SET, ...). */
#define SELECT_IN (POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR)
#define SELECT_OUT (POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR)
#define SELECT_EX POLLPRI
#define FDSET_WORDS (FILES_MAX / 32)
#define TIME_SEC_MAX (1ll << 33) /* longer is forever (kernel/syscalls_time.c) */

struct poll_entry {
	struct wait_queue *wq;
	struct wait_entry entry;
};

/* Owned by one waiting task, on its way through poll_files. */
struct poll_table {
	bool is_registering; /* the first look: ops' queues are taken */
	bool has_overflowed; /* a queue did not fit: sleep a tick at a time */
	unsigned nr_entries;
	struct poll_entry entries[POLL_QUEUES_MAX];
};

void poll_wait(struct poll_table *pt, struct wait_queue *wq)
{
	if (!pt || !pt->is_registering)
		return;
	if (pt->nr_entries == POLL_QUEUES_MAX) {
		pt->has_overflowed = true;
		return;
	}
	struct poll_entry *e = &pt->entries[pt->nr_entries++];
	e->wq = wq;
	wait_queue_add(wq, &e->entry);
}

unsigned file_poll(struct file *file, struct poll_table *pt)
{
	if (!file->fops || !file->fops->poll)
		return POLL_DEFAULT_MASK;
	return file->fops->poll(file, pt);
}

static void poll_table_free(struct poll_table *pt)
{
	if (!pt)
		return;
	for (unsigned i = 0; i < pt->nr_entries; i++)
		wait_queue_remove(pt->entries[i].wq, &pt->entries[i].entry);
	kfree(pt);
}

/* Ask every file once; how many have a wanted bit. */
static int poll_scan(struct poll_file *pf, unsigned n, struct poll_table *pt)
{
	int nr_ready = 0;
	for (unsigned i = 0; i < n; i++) {
		if (pf[i].file)
			pf[i].revents = file_poll(pf[i].file, pt) & pf[i].events;
		nr_ready += pf[i].revents != 0;
	}
	return nr_ready;
}

int poll_files(struct poll_file *pf, unsigned n, uint64_t deadline)
{
	struct poll_table *pt = NULL;
	if (deadline > jiffies_read()) { /* only a waiter needs the table */
		pt = kzalloc(sizeof(*pt));
		if (!pt)
			return -ENOMEM;
		pt->is_registering = true;
	}
	int nr_ready;
	for (;;) {
		wait_mark_sleeping();
		nr_ready = poll_scan(pf, n, pt);
		if (pt)
			pt->is_registering = false;
		uint64_t now = jiffies_read();
		if (nr_ready || now >= deadline)
			break;
		if (signal_is_pending()) {
			nr_ready = -EINTR;
			break;
		}
		uint64_t wake_at = pt->has_overflowed ? MIN(deadline, now + 1) : deadline;
		if (wake_at != POLL_FOREVER)
			sched_arm_timeout(wake_at);
		schedule();
	}
	wait_mark_running();
	poll_table_free(pt);
	return nr_ready;
}

/* ---- timeouts: user shapes to a deadline in jiffies and back ---------------- */

static uint64_t poll_deadline_after_ns(int64_t ns)
{
	if (ns < 0)
		return POLL_FOREVER;
	return jiffies_read() + (uint64_t)(ns + TIME_NS_PER_TICK - 1) / TIME_NS_PER_TICK;
}

static int64_t poll_ns_left(uint64_t deadline)
{
	uint64_t now = jiffies_read();
	return now >= deadline ? 0 : (int64_t)(deadline - now) * TIME_NS_PER_TICK;
}

enum timeout_layout { TIMEOUT_TIMEVAL, TIMEOUT_TIMESPEC32, TIMEOUT_TIMESPEC64 };

/* The timeout at utime as ns; NULL is forever (-1).  -EFAULT, -EINVAL. */
static int poll_timeout_from_user(const void *utime, enum timeout_layout layout, int64_t *ns)
{
	*ns = -1;
	if (!utime)
		return 0;
	if (layout == TIMEOUT_TIMESPEC32)
		return timespec32_from_user(utime, ns);
	if (layout == TIMEOUT_TIMESPEC64)
		return timespec64_from_user(utime, ns);
	struct timeval tv;
	if (copy_from_user(&tv, utime, sizeof(tv)))
		return -EFAULT;
	if (tv.tv_sec < 0 || tv.tv_usec < 0)
		return -EINVAL;
	/* Microseconds past a second carry over, as on Linux. */
	*ns = MIN((int64_t)tv.tv_sec, TIME_SEC_MAX) * TIME_NS_PER_SEC + (int64_t)tv.tv_usec * 1000;
	return 0;
}

/* Linux writes the time left back (select's man page warns of it); a
 * timeout in read-only memory is not an error after the wait. */
static void poll_timeout_to_user(void *utime, enum timeout_layout layout, uint64_t deadline)
{
	int64_t ns = poll_ns_left(deadline);
	if (!utime)
		return;
	if (layout == TIMEOUT_TIMESPEC32) {
		timespec32_to_user(utime, ns);
	} else if (layout == TIMEOUT_TIMESPEC64) {
		timespec64_to_user(utime, ns);
	} else {
		struct timeval tv = {(long)(ns / TIME_NS_PER_SEC), (long)(ns % TIME_NS_PER_SEC / 1000)};
		copy_to_user(utime, &tv, sizeof(tv));
	}
}

/* The optional signal mask of ppoll and pselect6: 0 with *has_mask, or -errno. */
static int poll_sigmask_from_user(const void *umask, size_t size, uint64_t *mask, bool *has_mask)
{
	*has_mask = umask != NULL;
	if (!umask)
		return 0;
	if (size != SIGSET_SIZE)
		return -EINVAL;
	return copy_from_user(mask, umask, sizeof(*mask));
}

static struct file *poll_fd_get_ref(int fd)
{
	struct file *file = fd_get(fd);
	if (file)
		file_get(file);
	return file;
}

/* ---- poll and ppoll --------------------------------------------------------------- */

static long poll_fds(struct pollfd *ufds, uint32_t nfds, uint64_t deadline)
{
	struct pollfd fds[FILES_MAX];
	struct poll_file pf[FILES_MAX];
	if (nfds > FILES_MAX) /* RLIMIT_NOFILE, as Linux */
		return -EINVAL;
	if (nfds && copy_from_user(fds, ufds, nfds * sizeof(fds[0])))
		return -EFAULT;
	for (uint32_t i = 0; i < nfds; i++) {
		/* Negative descriptors are skipped; closed ones say POLLNVAL. */
		pf[i].file = fds[i].fd < 0 ? NULL : poll_fd_get_ref(fds[i].fd);
		pf[i].events = (uint16_t)fds[i].events | POLLERR | POLLHUP;
		pf[i].revents = fds[i].fd >= 0 && !pf[i].file ? POLLNVAL : 0;
	}
	long ret = poll_files(pf, nfds, deadline);
	for (uint32_t i = 0; i < nfds; i++) {
		fds[i].revents = (short)pf[i].revents;
		if (pf[i].file)
			file_put(pf[i].file);
	}
	if (ret >= 0 && nfds && copy_to_user(ufds, fds, nfds * sizeof(fds[0])))
		ret = -EFAULT;
	return ret;
}

static long poll_restart(struct restart_block *rb);

/* poll's timeout is a value, not a place the time left can be written: an
 * interrupted poll leaves its deadline in the task, for restart_syscall to
 * resume it after a stop (kernel/signal.c). */
static long poll_until(struct pollfd *ufds, uint32_t nfds, uint64_t deadline)
{
	long ret = poll_fds(ufds, nfds, deadline);
	if (ret == -EINTR)
		current->restart = (struct restart_block){
			.fn = poll_restart, .deadline_ns = (int64_t)deadline, .uptr = ufds, .n = nfds,
		};
	return ret;
}

static long poll_restart(struct restart_block *rb)
{
	return poll_until(rb->uptr, rb->n, (uint64_t)rb->deadline_ns);
}

long sys_poll(void *ufds, uint32_t nfds, int timeout_ms)
{
	int64_t ns = timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000;
	return poll_until(ufds, nfds, poll_deadline_after_ns(ns));
}

/* What ppoll and pselect6 add to poll and select: a deadline from a timespec,
 * and the caller's signal mask for the wait, put in place by wait_begin and
 * ended by wait_end (which also writes the time left back, as Linux). */
struct timed_wait {
	uint64_t deadline;
	bool has_mask;
};

static int wait_begin(void *utime, enum timeout_layout layout, const void *umask,
		      size_t masksize, struct timed_wait *w)
{
	int64_t ns;
	uint64_t mask;
	int err = poll_timeout_from_user(utime, layout, &ns);
	if (!err)
		err = poll_sigmask_from_user(umask, masksize, &mask, &w->has_mask);
	if (err)
		return err;
	w->deadline = poll_deadline_after_ns(ns);
	if (w->has_mask)
		signal_set_temporary_mask(mask);
	return 0;
}

static void wait_end(const struct timed_wait *w, long ret, void *utime, enum timeout_layout layout)
{
	if (w->has_mask && ret != -EINTR) /* else it ends when the signal is delivered */
		signal_restore_saved_mask();
	poll_timeout_to_user(utime, layout, w->deadline);
}

static long ppoll_common(void *ufds, uint32_t nfds, void *utime, enum timeout_layout layout,
			 const void *umask, size_t masksize)
{
	struct timed_wait w;
	int err = wait_begin(utime, layout, umask, masksize, &w);
	if (err)
		return err;
	long ret = poll_fds(ufds, nfds, w.deadline);
	wait_end(&w, ret, utime, layout);
	return ret;
}

long sys_ppoll(void *ufds, uint32_t nfds, void *uts, const void *umask, size_t masksize)
{
	return ppoll_common(ufds, nfds, uts, TIMEOUT_TIMESPEC32, umask, masksize);
}

long sys_ppoll_time64(void *ufds, uint32_t nfds, void *uts, const void *umask, size_t masksize)
{
	return ppoll_common(ufds, nfds, uts, TIMEOUT_TIMESPEC64, umask, masksize);
}

/* ---- select and pselect6 ----------------------------------------------------------- */

struct select_sets {
	uint32_t in[FDSET_WORDS], out[FDSET_WORDS], ex[FDSET_WORDS];
};

static bool fdset_has(const uint32_t *set, int fd)
{
	return set[fd / 32] & (1u << (fd % 32));
}

/* Put fd in the answer if it was asked for and is ready: 1 if it went in. */
static int fdset_answer(uint32_t *got, const uint32_t *want, int fd, bool is_ready)
{
	if (!is_ready || !fdset_has(want, fd))
		return 0;
	got[fd / 32] |= 1u << (fd % 32);
	return 1;
}

/* Copy n bits of a user fd_set (whole 32-bit words, as Linux reads them). */
static int fdset_from_user(uint32_t *set, const void *uset, int n)
{
	memset(set, 0, FDSET_WORDS * sizeof(uint32_t));
	if (!uset || n == 0)
		return 0;
	if (copy_from_user(set, uset, (size_t)(n + 31) / 32 * sizeof(uint32_t)))
		return -EFAULT;
	if (n % 32)
		set[n / 32] &= (1u << (n % 32)) - 1;
	return 0;
}

static int fdset_to_user(void *uset, const uint32_t *set, int n)
{
	if (!uset || n == 0)
		return 0;
	return copy_to_user(uset, set, (size_t)(n + 31) / 32 * sizeof(uint32_t));
}

/* One poll_file per descriptor in any set; -EBADF for one not open. */
static int select_gather(const struct select_sets *want, int n, struct poll_file *pf,
			 int *fd_of, unsigned *count)
{
	*count = 0;
	for (int fd = 0; fd < n; fd++) {
		unsigned events = (fdset_has(want->in, fd) ? SELECT_IN : 0) |
				  (fdset_has(want->out, fd) ? SELECT_OUT : 0) |
				  (fdset_has(want->ex, fd) ? SELECT_EX : 0);
		if (!events)
			continue;
		struct file *file = poll_fd_get_ref(fd);
		if (!file)
			return -EBADF;
		pf[*count] = (struct poll_file){file, events, 0};
		fd_of[(*count)++] = fd;
	}
	return 0;
}

/* The answer's bits: one per set a descriptor is ready in. */
static long select_scatter(const struct select_sets *want, const struct poll_file *pf,
			   const int *fd_of, unsigned count, struct select_sets *got)
{
	long nr_bits = 0;
	memset(got, 0, sizeof(*got));
	for (unsigned i = 0; i < count; i++) {
		int fd = fd_of[i];
		unsigned r = pf[i].revents;
		nr_bits += fdset_answer(got->in, want->in, fd, r & SELECT_IN);
		nr_bits += fdset_answer(got->out, want->out, fd, r & SELECT_OUT);
		nr_bits += fdset_answer(got->ex, want->ex, fd, r & SELECT_EX);
	}
	return nr_bits;
}

static long select_fds(int n, void *uin, void *uout, void *uex, uint64_t deadline)
{
	struct select_sets want, got;
	struct poll_file pf[FILES_MAX];
	int fd_of[FILES_MAX];
	unsigned count = 0;
	if (n < 0)
		return -EINVAL;
	n = MIN(n, FILES_MAX); /* Linux too: no descriptor lies beyond the table */
	if (fdset_from_user(want.in, uin, n) || fdset_from_user(want.out, uout, n) ||
	    fdset_from_user(want.ex, uex, n))
		return -EFAULT;
	long ret = select_gather(&want, n, pf, fd_of, &count);
	if (!ret)
		ret = poll_files(pf, count, deadline);
	if (ret >= 0)
		ret = select_scatter(&want, pf, fd_of, count, &got);
	for (unsigned i = 0; i < count; i++)
		file_put(pf[i].file);
	if (ret >= 0 && (fdset_to_user(uin, got.in, n) || fdset_to_user(uout, got.out, n) ||
			 fdset_to_user(uex, got.ex, n)))
		ret = -EFAULT;
	return ret;
}

static long select_common(int n, void *uin, void *uout, void *uex, void *utime,
			  enum timeout_layout layout, const void *umask, size_t masksize)
{
	struct timed_wait w;
	int err = wait_begin(utime, layout, umask, masksize, &w);
	if (err)
		return err;
	long ret = select_fds(n, uin, uout, uex, w.deadline);
	wait_end(&w, ret, utime, layout);
	return ret;
}

long sys_select(int n, void *uin, void *uout, void *uex, void *utv)
{
	return select_common(n, uin, uout, uex, utv, TIMEOUT_TIMEVAL, NULL, 0);
}

/* The old i386 select (82): one pointer to the five arguments. */
long sys_old_select(const void *uargs)
{
	struct {
		uint32_t n, in, out, ex, tv;
	} a;
	if (copy_from_user(&a, uargs, sizeof(a)))
		return -EFAULT;
	return sys_select((int)a.n, (void *)a.in, (void *)a.out, (void *)a.ex, (void *)a.tv);
}

/* pselect6's sixth argument points at {const sigset_t *, size_t}. */
static long pselect6_common(int n, void *uin, void *uout, void *uex, void *uts,
			    const void *usig, enum timeout_layout layout)
{
	struct {
		uint32_t set, size;
	} sig = {0, 0};
	if (usig && copy_from_user(&sig, usig, sizeof(sig)))
		return -EFAULT;
	return select_common(n, uin, uout, uex, uts, layout, (const void *)sig.set, sig.size);
}

long sys_pselect6(int n, void *uin, void *uout, void *uex, void *uts, const void *usig)
{
	return pselect6_common(n, uin, uout, uex, uts, usig, TIMEOUT_TIMESPEC32);
}

long sys_pselect6_time64(int n, void *uin, void *uout, void *uex, void *uts, const void *usig)
{
	return pselect6_common(n, uin, uout, uex, uts, usig, TIMEOUT_TIMESPEC64);
}
