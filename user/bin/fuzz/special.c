/*
 * special.c — the system calls whose arguments depend on each other, or
 * which could reach outside the fuzzer if made with random arguments.
 *
 * Each function here draws every random number it needs first and only then
 * makes its call (or calls: fchmod gets a descriptor of its own).  That keeps the batch's
 * random stream the same whatever the calls return, and lets the parent
 * restart a batch right after the call that killed its child.
 *
 * The limits that keep a run harmless and repeatable:
 *   - open/openat that may create, truncate or write name scratch paths only,
 *     and open a FIFO only with O_NONBLOCK (a blocking open would wait for
 *     a partner that never comes);
 *   - mknod/mknodat make scratch paths only, and device nodes only for
 *     devices that cannot hurt (null, zero, numbers no driver has: never a
 *     disk, whose bytes are the harness's);
 *   - kill signals only the child itself, its own children, or nobody;
 *   - fork, vfork and clone: at most FUZZ_FORKS_PER_BATCH per child, and the
 *     new process exits at once (fork_and_exit, in sigframe.c);
 *   - execve runs nothing but /bin/true and /bin/false (never halt ...);
 *   - sleeps last at most 10 ms; alarm and setitimer are off or a day away;
 *   - mount and umount only inside the batch directory;
 *   - setpriority on the child itself, chroot to "/" or to paths that fail.
 * The operations on the fuzzer's container are in container.c.
 */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "fuzz.h"

#define PICK(c, table) ((table)[rng_below(&(c)->rng, sizeof(table) / sizeof((table)[0]))])
#define O_HARMLESS (O_NONBLOCK | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW | O_LARGEFILE | O_NOCTTY)

static void call_set(struct fuzz_call *call, int nr_args, long a0, long a1, long a2, long a3,
		     long a4)
{
	call->nr_args = nr_args;
	call->arg[0] = a0, call->arg[1] = a1, call->arg[2] = a2;
	call->arg[3] = a3, call->arg[4] = a4;
}

/* ---- files ---- */

static long open_flags(struct fuzz_child *c)
{
	static const uint32_t extra[] = {O_NONBLOCK, O_DIRECTORY, O_CLOEXEC, O_NOFOLLOW,  O_EXCL,
					 O_CREAT,    O_TRUNC,	  O_APPEND,  O_LARGEFILE, 0};
	uint32_t kind = rng_below(&c->rng, 10);
	uint32_t more = PICK(c, extra) | PICK(c, extra);
	if (kind < 4)
		return (long)(more & O_HARMLESS);
	if (kind < 8)
		return (long)(1 + rng_below(&c->rng, 3)) | (long)more; /* O_WRONLY, O_RDWR, 3 */
	return arg_flags(c);
}

/* May open() with these flags change the file it names? */
static int open_may_change(long flags)
{
	return (flags & ~(long)O_HARMLESS) != 0; /* any access but O_RDONLY, or any unknown bit */
}

/* Descriptors that cannot be open, for openat's dirfd when the path is
 * relative and the call may create: it must never resolve outside. */
static long impossible_fd(struct fuzz_child *c)
{
	static const int32_t fds[] = {-1, INT_MIN, 64, 1024, 0x7fffffff};
	return PICK(c, fds);
}

/* The dirfd of an *at call that may change what path names.  An absolute
 * scratch path ignores it; anything else (a relative path, "" with
 * AT_EMPTY_PATH, a bad pointer) must not resolve against a directory or
 * file that might not be ours: the cwd (always inside the batch directory)
 * or a descriptor that cannot be open. */
static long dirfd_for_change(struct fuzz_child *c, const char *path)
{
	long any = arg_fd(c), safe = rng_percent(&c->rng, 50) ? AT_FDCWD : impossible_fd(c);
	return fuzz_is_own_string(path) && path[0] == '/' ? any : safe;
}

/* A FIFO (one the fuzzer made with mknod) opened without O_NONBLOCK would
 * sleep until a partner opens it, and none will: it gets O_NONBLOCK, and so
 * does a path that cannot be looked at first (not our string, or relative
 * to some descriptor).  Looking draws no random numbers: the batch's
 * stream stays the same. */
static long open_flags_for(const char *path, long dirfd, long flags)
{
	struct stat st;
	if (flags & O_NONBLOCK)
		return flags;
	if (!fuzz_is_own_string(path) || (dirfd != AT_FDCWD && path[0] != '/'))
		return flags | O_NONBLOCK;
	return stat(path, &st) == 0 && S_ISFIFO(st.st_mode) ? flags | O_NONBLOCK : flags;
}

static void special_open(struct fuzz_child *c, struct fuzz_call *call)
{
	long flags = open_flags(c);
	int may_change = open_may_change(flags);
	const char *path = may_change ? arg_scratch_path(c) : arg_path(c);
	long mode = arg_mode(c);
	long dirfd = may_change ? dirfd_for_change(c, path)
				: (rng_percent(&c->rng, 50) ? AT_FDCWD : arg_fd(c));
	flags = open_flags_for(path, call->nr == __NR_open ? AT_FDCWD : dirfd, flags);
	if (call->nr == __NR_open) {
		call_set(call, 3, (long)path, flags, mode, 0, 0);
		call->is_path[0] = 1;
	} else {
		call_set(call, 4, dirfd, (long)path, flags, mode, 0);
		call->is_path[1] = 1;
	}
	fuzz_syscall(c, call);
}

static void special_symlinkat(struct fuzz_child *c, struct fuzz_call *call)
{
	const char *target = arg_scratch_path(c), *path = arg_scratch_path(c);
	call_set(call, 3, (long)target, dirfd_for_change(c, path), (long)path, 0, 0);
	call->is_path[0] = call->is_path[2] = 1;
	fuzz_syscall(c, call);
}

/* mknod's type: mostly the ones anyone may make, now and then a device
 * (root only), a directory or junk (EPERM, EINVAL). */
static long mknod_mode(struct fuzz_child *c)
{
	static const uint32_t types[] = {0,	  S_IFREG, S_IFIFO, S_IFIFO, S_IFSOCK, S_IFCHR,
					 S_IFBLK, S_IFDIR, 0170000, 0070000, 0150000};
	return (long)PICK(c, types) | (arg_mode(c) & 07777);
}

/* Device numbers that are safe to open and write: null, zero, and numbers
 * no driver has (ENXIO).  Never hda, hdb (the disks) or the console. */
static long mknod_dev(struct fuzz_child *c)
{
	static const uint32_t devs[] = {0, 0x103, 0x105, 0x6301, 0xfff00, 0xffffffff};
	return (long)PICK(c, devs);
}

static void special_mknod(struct fuzz_child *c, struct fuzz_call *call)
{
	const char *path = arg_scratch_path(c);
	long mode = mknod_mode(c), dev = mknod_dev(c);
	if (call->nr == __NR_mknod) {
		call_set(call, 3, (long)path, mode, dev, 0, 0);
		call->is_path[0] = 1;
	} else {
		call_set(call, 4, dirfd_for_change(c, path), (long)path, mode, dev, 0);
		call->is_path[1] = 1;
	}
	fuzz_syscall(c, call);
}

static void special_fchownat(struct fuzz_child *c, struct fuzz_call *call)
{
	static const uint32_t flags[] = {0, 0x100, 0x1000, 0x1100, 0xffffffff};
	const char *path = arg_scratch_path(c);
	long uid = arg_id(c), gid = arg_id(c), f = PICK(c, flags);
	call_set(call, 5, dirfd_for_change(c, path), (long)path, uid, gid, f);
	call->is_path[1] = 1;
	fuzz_syscall(c, call);
}

static void special_pipe(struct fuzz_child *c, struct fuzz_call *call)
{
	/* Mostly O_NONBLOCK: a read of one's own empty pipe sleeps for good,
	 * and costs the watchdog's WATCH_STUCK_MS to end. */
	static const uint32_t flags[] = {
	    0,	       O_NONBLOCK, O_NONBLOCK, O_NONBLOCK, O_NONBLOCK | O_CLOEXEC,
	    O_CLOEXEC, 0xffffffff, O_DIRECTORY};
	int *fds = c->pipe_fds;
	long where = rng_percent(&c->rng, 85) ? (long)(uintptr_t)fds : arg_bad_pointer(c);
	long f = PICK(c, flags);
	if (call->nr == __NR_pipe)
		call_set(call, 1, where, 0, 0, 0, 0);
	else
		call_set(call, 2, where, f, 0, 0, 0);
	fds[0] = fds[1] = -1;
	if (fuzz_syscall(c, call) == 0 && where == (long)(uintptr_t)fds) {
		fuzz_remember_fd(c, fds[0]);
		fuzz_remember_fd(c, fds[1]);
	}
}

/* fchmod and fchown change the file behind a descriptor, so they get one
 * that is known to be the fuzzer's: a scratch file opened for the purpose, a
 * fresh pipe, or a number that cannot be open.  (An inherited or recent
 * descriptor might be /dev/null or a file in /bin.) */
static void special_fd_metadata(struct fuzz_child *c, struct fuzz_call *call)
{
	uint32_t kind = rng_below(&c->rng, 3);
	const char *path = arg_scratch_path(c);
	long bad = impossible_fd(c), a1 = call->nr == __NR_fchmod ? arg_mode(c) : arg_id(c);
	long a2 = arg_id(c);
	struct fuzz_call helper = {.nr = __NR_open, .name = "open"};
	long fd = bad;
	if (kind == 0) {
		call_set(&helper, 3, (long)path, O_RDONLY | O_NONBLOCK, 0, 0, 0);
		helper.is_path[0] = 1;
		fd = fuzz_syscall(c, &helper);
	} else if (kind == 1) {
		helper = (struct fuzz_call){.nr = __NR_pipe, .name = "pipe"};
		call_set(&helper, 1, (long)(uintptr_t)c->pipe_fds, 0, 0, 0, 0);
		fd = fuzz_syscall(c, &helper) == 0 ? c->pipe_fds[0] : bad;
	}
	call_set(call, call->nr == __NR_fchmod ? 2 : 3, fd, a1, a2, 0, 0);
	fuzz_syscall(c, call);
	if (fd >= 0 && fd != bad) {
		__sc1(__NR_close, fd);
		if (kind == 1)
			__sc1(__NR_close, c->pipe_fds[1]);
	}
}

/* ---- processes ---- */

/* Only the child, its own children, or pids nobody has. */
static void special_kill(struct fuzz_child *c, struct fuzz_call *call)
{
	static const int32_t harmless_to_self[] = {0, SIGCHLD, SIGCONT, 23 /* SIGURG */,
						   28 /* SIGWINCH */};
	static const int32_t nobody[] = {0x7ffffff0, INT_MIN, -0x7ffffff0};
	uint32_t kind = rng_below(&c->rng, 10);
	long sig = arg_signal(c);
	long soft = PICK(c, harmless_to_self);
	long gone = PICK(c, nobody);
	uint32_t g = rng_below(&c->rng, FUZZ_FORKS_PER_BATCH);
	long pid;
	if (kind < 3) {
		pid = c->self;
		if (kind < 2)
			sig = soft; /* most signals would end the child, and the batch with it */
	} else if (kind < 7 && (int)g < c->nr_forks) {
		pid = c->grandchildren[g];
	} else {
		pid = gone;
	}
	call_set(call, 2, pid, sig, 0, 0, 0);
	fuzz_syscall(c, call);
}

/* fork, vfork, clone: the new process exits at once, touching no memory. */
static void special_fork(struct fuzz_child *c, struct fuzz_call *call)
{
	static const uint32_t clone_flags[] = {
	    SIGCHLD, 0, 0x100 | SIGCHLD, 0x8000 | SIGCHLD, 0x11 | 0x4000, 0xffffffff};
	long flags = rng_percent(&c->rng, 80) ? (long)PICK(c, clone_flags) : arg_flags(c);
	long stack = rng_percent(&c->rng, 70) ? 0 : arg_buffer(c);
	long a2 = arg_any(c), a3 = arg_any(c), a4 = arg_any(c);
	if (call->nr == __NR_clone)
		call_set(call, 5, flags, stack, a2, a3, a4);
	else
		call_set(call, 0, 0, 0, 0, 0, 0);
	if (c->nr_forks >= FUZZ_FORKS_PER_BATCH)
		return; /* enough processes for one child: skipped, but the draws were made */
	fuzz_call_begin(c, call);
	long pid = fork_and_exit(call->nr, call->arg[0], call->arg[1], call->arg[2], call->arg[3],
				 call->arg[4]);
	fuzz_call_end(c, call, pid);
	if (pid > 0)
		c->grandchildren[c->nr_forks++] = (pid_t)pid;
}

/* A NULL-terminated argument array; sometimes unterminated, huge, or bad. */
static long exec_vector(struct fuzz_child *c, const char *first)
{
	uint32_t kind = rng_below(&c->rng, 6);
	const char **v = c->exec_vec;
	if (kind == 0)
		return 0;
	if (kind == 1)
		return arg_bad_pointer(c);
	if (kind == 2)
		return arg_buffer(c); /* words of random bytes: pointers to nowhere */
	size_t n = kind == 3 ? FUZZ_EXEC_VEC - 1 : 1 + rng_below(&c->rng, 4);
	for (size_t i = 0; i < n; i++)
		v[i] =
		    i == 0 ? first : (rng_percent(&c->rng, 80) ? "x" : (const char *)arg_buffer(c));
	v[n] = NULL;
	return (long)(uintptr_t)v;
}

/* Nothing in /bin but true and false: halt, for one, would end the test. */
static void special_execve(struct fuzz_child *c, struct fuzz_call *call)
{
	static const char *const programs[] = {
	    "/bin/true",	 "/bin/false", "/etc/rc", "/dev/null",
	    "/proc/self/status", "/bin",       "/nope",	  ""};
	uint32_t kind = rng_below(&c->rng, 4);
	const char *path = kind < 2    ? PICK(c, programs)
			   : kind == 2 ? arg_scratch_path(c)
				       : (const char *)arg_unreadable_pointer(c);
	long argv = exec_vector(c, "true");
	long envp = exec_vector(c, "FUZZ=1");
	call_set(call, 3, (long)path, argv, envp, 0, 0);
	call->is_path[0] = 1;
	fuzz_syscall(c, call); /* on success the child is now /bin/true and exits 0 */
}

/* ---- time ---- */

static void special_nanosleep(struct fuzz_child *c, struct fuzz_call *call)
{
	static const int32_t bad_ns[] = {1000000000, -1, INT_MAX, INT_MIN};
	uint32_t kind = rng_below(&c->rng, 10);
	int32_t *ts = c->timespec;
	ts[0] = 0, ts[1] = (int32_t)rng_below(&c->rng, 10000001); /* at most 10 ms */
	int32_t ns = PICK(c, bad_ns);
	long rem = rng_percent(&c->rng, 50) ? arg_buffer(c) : 0;
	long req = (long)(uintptr_t)ts;
	if (kind == 7) {
		ts[1] = ns; /* EINVAL, whatever tv_sec says: it must not sleep */
		ts[0] = rng_percent(&c->rng, 50) ? 0 : INT_MAX;
	} else if (kind == 8) {
		ts[0] = -1;
	} else if (kind == 9) {
		req = arg_bad_pointer(c);
	}
	call_set(call, 2, req, rem, 0, 0, 0);
	fuzz_syscall(c, call);
}

static void special_poll(struct fuzz_child *c, struct fuzz_call *call)
{
	static const uint32_t counts[] = {0, 1, 2, 8, 64, 65, 0x7fffffff, 0xffffffff};
	int32_t *pfd = c->pollfds;
	for (int i = 0; i < 8; i++) {
		pfd[2 * i] = (int32_t)arg_fd(c);
		pfd[2 * i + 1] = (int32_t)rng_next(&c->rng); /* events, revents */
	}
	long where = rng_percent(&c->rng, 70) ? (long)(uintptr_t)pfd : arg_buffer(c);
	long n = rng_percent(&c->rng, 70) ? (long)rng_below(&c->rng, 9) : (long)PICK(c, counts);
	long timeout_ms = (long)rng_below(&c->rng, 11); /* never -1: that would wait forever */
	call_set(call, 3, where, n, timeout_ms, 0, 0);
	fuzz_syscall(c, call);
}

/* A pointer no call can read: the PROT_NONE guard page after the junk.  Not
 * arg_bad_pointer's NULL (a forever timeout), our readable text (a timeout of
 * whatever the code's bytes say) or 0xc0000000 (a 32-bit program on a 64-bit
 * Linux may have a mapping there, as a fuzz call can make). */
static long unreadable_pointer(struct fuzz_child *c)
{
	return (long)(uintptr_t)(c->junk + FUZZ_JUNK_PAGES * FUZZ_PAGE);
}

/* The poll family's timeout: at most 10 ms, or one the kernel must refuse
 * before it waits (nanoseconds out of range, negative seconds, a pointer it
 * cannot read).  Never NULL: that is forever. */
static long short_timeout(struct fuzz_child *c, int layout)
{
	enum { TIMEVAL, TIMESPEC, TIMESPEC64 };
	uint32_t kind = rng_below(&c->rng, 10);
	int32_t small = (int32_t)rng_below(&c->rng, 10001); /* us */
	int32_t *t = layout == TIMESPEC64 ? c->timespec64 : c->timespec;
	int32_t sec = kind == 8 ? -1 : 0;
	int32_t frac = layout == TIMEVAL ? small : small * 1000;
	if (kind == 7)
		frac = layout == TIMEVAL ? -1 : 1000000000;
	if (layout == TIMESPEC64)
		t[0] = sec, t[1] = sec < 0 ? -1 : 0, t[2] = frac, t[3] = 0;
	else
		t[0] = sec, t[1] = frac;
	return kind == 9 ? unreadable_pointer(c) : (long)(uintptr_t)t;
}

/* A signal mask for the wait: any bits, or a bad pointer, or none. */
static long wait_sigmask(struct fuzz_child *c)
{
	uint32_t kind = rng_below(&c->rng, 4);
	c->sigset[0] = rng_next(&c->rng);
	c->sigset[1] = rng_next(&c->rng);
	if (kind == 0)
		return 0;
	return kind == 1 ? arg_bad_pointer(c) : (long)(uintptr_t)c->sigset;
}

static void special_ppoll(struct fuzz_child *c, struct fuzz_call *call)
{
	static const int32_t sizes[] = {8, 8, 8, 0, 4, 16};
	int32_t *pfd = c->pollfds;
	for (int i = 0; i < 8; i++) {
		pfd[2 * i] = (int32_t)arg_fd(c);
		pfd[2 * i + 1] = (int32_t)rng_next(&c->rng);
	}
	long where = rng_percent(&c->rng, 80) ? (long)(uintptr_t)pfd : arg_buffer(c);
	long n = (long)rng_below(&c->rng, 9);
	long timeout = short_timeout(c, call->nr == __NR_ppoll_time64 ? 2 : 1);
	long mask = wait_sigmask(c), size = PICK(c, sizes);
	call_set(call, 5, where, n, timeout, mask, size);
	fuzz_syscall(c, call);
}

/* An fd_set with a few likely-open descriptors in it, NULL, or junk. */
static long select_set(struct fuzz_child *c, uint32_t *set)
{
	uint32_t kind = rng_below(&c->rng, 8);
	memset(set, 0, 32 * sizeof(uint32_t));
	for (int i = 0; i < 3; i++) {
		long fd = arg_fd(c);
		if (fd >= 0 && fd < 1024)
			set[fd / 32] |= 1u << (fd % 32);
	}
	if (kind < 2)
		return 0;
	return kind == 2 ? arg_buffer(c) : (long)(uintptr_t)set;
}

/* select (82, its arguments in memory), _newselect, pselect6(_time64). */
static void special_select(struct fuzz_child *c, struct fuzz_call *call)
{
	static const int32_t counts[] = {0, 1, 3, 8, 23, 64, 65, 1024, -1, 0x7fffffff};
	static const int32_t sizes[] = {8, 8, 8, 0, 4, 16};
	long n = PICK(c, counts);
	long in = select_set(c, c->fdsets[0]), out = select_set(c, c->fdsets[1]);
	long ex = select_set(c, c->fdsets[2]);
	int is_pselect = call->nr == __NR_pselect6 || call->nr == __NR_pselect6_time64;
	int layout = !is_pselect ? 0 : call->nr == __NR_pselect6_time64 ? 2 : 1;
	long timeout = short_timeout(c, layout);
	c->sigmask_arg[0] = (uint32_t)wait_sigmask(c);
	c->sigmask_arg[1] = (uint32_t)PICK(c, sizes);
	long sig = rng_percent(&c->rng, 20) ? 0 : (long)(uintptr_t)c->sigmask_arg;
	if (call->nr == __NR_select) {
		uint32_t *a = c->select_args;
		a[0] = (uint32_t)n, a[1] = (uint32_t)in, a[2] = (uint32_t)out;
		a[3] = (uint32_t)ex, a[4] = (uint32_t)timeout;
		long where = rng_percent(&c->rng, 85) ? (long)(uintptr_t)a : unreadable_pointer(c);
		call_set(call, 1, where, 0, 0, 0, 0);
	} else {
		call_set(call, is_pselect ? 6 : 5, n, in, out, ex, timeout);
		call->arg[5] = sig;
	}
	fuzz_syscall(c, call);
}

static void special_alarm(struct fuzz_child *c, struct fuzz_call *call)
{
	static const uint32_t seconds[] = {0, 86400, 0xffffffff, 0x80000000};
	call_set(call, 1, (long)PICK(c, seconds), 0, 0, 0, 0); /* never within a batch */
	fuzz_syscall(c, call);
}

/* setitimer: any of the three timers (or a bad one), set to fire no sooner
 * than a day from now (so never within a batch) or disarmed, with any
 * interval; or values setitimer must refuse (EINVAL), or a bad pointer. */
static void special_setitimer(struct fuzz_child *c, struct fuzz_call *call)
{
	static const int32_t far_seconds[] = {0, 86400, INT_MAX};
	static const int32_t bad_usec[] = {1000000, -1, INT_MIN};
	int32_t *v = c->itimerval; /* interval sec, usec; value sec, usec */
	v[0] = (int32_t)rng_below(&c->rng, 3), v[1] = (int32_t)rng_below(&c->rng, 1000000);
	v[2] = PICK(c, far_seconds), v[3] = 0;
	uint32_t kind = rng_below(&c->rng, 10);
	long which = rng_percent(&c->rng, 90) ? (long)rng_below(&c->rng, 3) : arg_any(c);
	long new = (long)(uintptr_t)v, old = rng_percent(&c->rng, 50) ? arg_buffer(c) : 0;
	if (kind == 8)
		v[1 + 2 * (long)rng_below(&c->rng, 2)] = PICK(c, bad_usec);
	else if (kind == 9)
		new = arg_bad_pointer(c);
	call_set(call, 3, which, new, old, 0, 0);
	fuzz_syscall(c, call);
}

/* ---- the child's own identity ---- */

/* setpriority on the child itself only: PRIO_PROCESS for 0 or its pid, or
 * names that match nothing (a pid or group that cannot exist, a bad `which`:
 * never 1 or 2 with who 0, which as root would renice every root task, the
 * shell running the tests included).  Any value, clamped or refused by the
 * kernel: a lower nice works only as root, and only here. */
static void special_setpriority(struct fuzz_child *c, struct fuzz_call *call)
{
	static const int32_t values[] = {-21, -20, -1, 0, 1, 19, 20, INT_MIN, INT_MAX};
	static const int32_t bad_which[] = {3, -1, INT_MAX, INT_MIN};
	uint32_t kind = rng_below(&c->rng, 8);
	long value =
	    rng_percent(&c->rng, 50) ? (long)PICK(c, values) : (long)rng_below(&c->rng, 41) - 20;
	long which = 0, who = 0;
	if (kind < 3)
		who = 0;
	else if (kind < 5)
		who = __sc0(__NR_getpid);
	else if (kind < 6)
		who = 0x7ffffff0; /* no such pid: ESRCH */
	else if (kind < 7)
		which = 1, who = 0x7ffffff0; /* no such group: ESRCH */
	else
		which = PICK(c, bad_which); /* EINVAL */
	call_set(call, 3, which, who, value, 0, 0);
	fuzz_syscall(c, call);
}

/* chroot only to paths that leave the root where it is ("/" and its
 * spellings) or that must fail: a file, a missing name, an empty path, an
 * unreadable pointer.  A chroot anywhere else would lose the scratch and
 * batch directories' absolute paths for the rest of the batch (and the
 * cwd check in calls.c); as uid 1000 every one is EPERM or a lookup error. */
static void special_chroot(struct fuzz_child *c, struct fuzz_call *call)
{
	static const char *const paths[] = {
	    "/", "/.", "/..", "//", "/bin/..", "/bin/true", "/nonexistent/dir", ""};
	long path =
	    rng_percent(&c->rng, 15) ? unreadable_pointer(c) : (long)(uintptr_t)PICK(c, paths);
	call_set(call, 1, path, 0, 0, 0, 0);
	call->is_path[0] = path != unreadable_pointer(c);
	fuzz_syscall(c, call);
}

/* Setting the clock: only with values the kernel must refuse (a bad
 * pointer, tv_nsec or tv_usec out of range, a clock that cannot be set), so
 * that a run never moves the machine's time -- unless the kernel is wrong. */
static void special_settime(struct fuzz_child *c, struct fuzz_call *call)
{
	static const int32_t bad_ns[] = {1000000000, -1, INT_MAX, INT_MIN};
	static const int32_t bad_us[] = {1000000, -1, INT_MAX, INT_MIN};
	static const int32_t clocks[] = {0, 1, 2, 3, 4, 7, -1, 100};
	int32_t *t = c->timespec64;
	uint32_t kind = rng_below(&c->rng, 4);
	long clock = PICK(c, clocks);
	/* No pointer to readable memory but t: random bytes could make a valid time. */
	static const uint32_t unreadable[] = {0,	  0xfff,      0xbffff000,
					      0xbffffff8, 0xc0000000, 0xfffffff0};
	int32_t ns = PICK(c, bad_ns), us = PICK(c, bad_us);
	long bad = (long)PICK(c, unreadable), tz = rng_percent(&c->rng, 70) ? 0 : bad;
	long where = kind == 0 ? bad : (long)(uintptr_t)t;
	t[0] = (int32_t)rng_next(&c->rng);
	if (call->nr == __NR_settimeofday) {
		t[1] = us; /* struct timeval */
		call_set(call, 2, where, tz, 0, 0, 0);
	} else if (call->nr == __NR_clock_settime) {
		t[1] = ns; /* struct timespec */
		call_set(call, 2, clock, where, 0, 0, 0);
	} else {
		t[1] = 0, t[2] = ns, t[3] = ns < 0 ? -1 : 0; /* struct __kernel_timespec */
		call_set(call, 2, clock, where, 0, 0, 0);
	}
	fuzz_syscall(c, call);
}

/* clock_nanosleep: at most 10 ms, or a deadline in the past (TIMER_ABSTIME
 * with a small time), or a request the kernel must refuse. */
static void special_clock_nanosleep(struct fuzz_child *c, struct fuzz_call *call)
{
	static const int32_t clocks[] = {0, 1, 1, 2, 7, -1, 100};
	static const uint32_t flags[] = {0, 0, 1, 1, 2, 0xfffffffe};
	static const int32_t bad_ns[] = {1000000000, -1, INT_MAX, INT_MIN};
	long clock = PICK(c, clocks), f = PICK(c, flags);
	int32_t ns = (int32_t)rng_below(&c->rng, 10000001), bad = PICK(c, bad_ns);
	uint32_t kind = rng_below(&c->rng, 8);
	long rem = rng_percent(&c->rng, 50) ? arg_buffer(c) : 0;
	int is64 = call->nr == __NR_clock_nanosleep_time64;
	int32_t *t = is64 ? c->timespec64 : c->timespec;
	long req = kind == 7 ? arg_bad_pointer(c) : (long)(uintptr_t)t;
	if (kind == 6)
		ns = bad;
	if (is64) {
		t[0] = t[1] = 0, t[2] = ns, t[3] = ns < 0 ? -1 : 0;
		if (kind == 5)
			t[3] =
			    1; /* 2^32 + ns: the high half must not be ignored into a valid value */
	} else {
		t[0] = 0, t[1] = ns;
	}
	call_set(call, 4, clock, f, req, rem, 0);
	fuzz_syscall(c, call);
}

/* ---- memory ---- */

static long map_address(struct fuzz_child *c)
{
	static const uint32_t addrs[] = {0,	     0x1000,	 0x10000,    0x40000000,
					 0x9ffff000, 0xc0000000, 0xfffff000, 0x40000001};
	uint32_t kind = rng_below(&c->rng, 8);
	uint32_t r = rng_next(&c->rng);
	if (kind < 3 && c->maps[r % 8]) /* (no draw depends on what mmap2 returned) */
		return (long)(c->maps[r % 8] + (kind == 2 ? FUZZ_PAGE : 0));
	if (kind < 4)
		return (long)(uintptr_t)c->junk;
	if (kind == 4)
		return (long)((0x40000000u + r % 0x60000000u) & ~(FUZZ_PAGE - 1));
	return (long)PICK(c, addrs);
}

static long map_length(struct fuzz_child *c)
{
	static const uint32_t lens[] = {0,	  1,	     4096,	 8192,	     65536,
					0x100000, 0x4000000, 0x40000000, 0xc0000000, 0xffffffff};
	return rng_percent(&c->rng, 85) ? (long)PICK(c, lens) : (long)rng_next(&c->rng);
}

static long map_prot(struct fuzz_child *c)
{
	return rng_percent(&c->rng, 85) ? (long)rng_below(&c->rng, 8) : arg_flags(c);
}

static void special_mmap(struct fuzz_child *c, struct fuzz_call *call)
{
	static const uint32_t flags[] = {0x22, 0x22, 0x21, 0x32, 0x31, 0x02, 0x20, 0x23, 0x01};
	long addr = map_address(c), len = map_length(c), prot = map_prot(c);
	long f = rng_percent(&c->rng, 85) ? (long)PICK(c, flags) : arg_flags(c);
	long fd = rng_percent(&c->rng, 70) ? -1 : arg_fd(c);
	long pgoff = rng_percent(&c->rng, 80) ? 0 : (long)rng_next(&c->rng);
	/* MAP_FIXED over the stack, the text or the shared page would end the
	 * child at once: fixed mappings go only where map_address aims (its
	 * own mappings, the junk buffer, free space, or bad addresses). */
	call_set(call, 6, addr, len, prot, f, fd);
	call->arg[5] = pgoff;
	fuzz_syscall(c, call);
}

static void special_munmap_mprotect(struct fuzz_child *c, struct fuzz_call *call)
{
	long addr = map_address(c), len = map_length(c), prot = map_prot(c);
	if (rng_percent(&c->rng, 10))
		addr += 12; /* unaligned */
	call_set(call, call->nr == __NR_munmap ? 2 : 3, addr, len, prot, 0, 0);
	fuzz_syscall(c, call);
}

static void special_brk(struct fuzz_child *c, struct fuzz_call *call)
{
	static const uint32_t fixed[] = {0, 0xb0000000, 0xbffff000, 0xc0000000, 0xffffffff};
	uint32_t kind = rng_below(&c->rng, 6);
	uint32_t r = rng_next(&c->rng);
	long end = (long)PICK(c, fixed);
	if (kind < 3)
		end = (long)(c->brk0 + r % 0x20000);
	else if (kind == 3)
		end = (long)(c->brk0 + 0x1000000);
	else if (kind == 4)
		end = (long)(c->brk0 - 4096); /* below the heap's start: only a query */
	call_set(call, 1, end, 0, 0, 0, 0);
	fuzz_syscall(c, call);
}

/* ---- signals ---- */

static void fuzz_signal_handler(int sig)
{
	/* A fault signal comes back as soon as the handler returns: let it take
	 * its default action the next time, so the child dies of it once
	 * instead of faulting forever. */
	if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP) {
		uint32_t dfl[5] = {0, 0, 0, 0, 0};
		__sc4(__NR_rt_sigaction, sig, dfl, 0, 8);
	}
}

/* struct k_sigaction as Linux i386 lays it out: handler, flags, restorer, mask. */
long special_sigaction_arg(struct fuzz_child *c)
{
	extern void __restore_rt(void);
	static const uint32_t flags[] = {0,
					 SA_RESTORER,
					 SA_RESTORER | SA_RESTART,
					 SA_RESTORER | SA_NODEFER | SA_RESETHAND,
					 SA_RESTORER | SA_SIGINFO,
					 SA_RESTART};
	uint32_t *act = c->sigact;
	uint32_t kind = rng_below(&c->rng, 10);
	uint32_t handlers[] = {0, 1, (uint32_t)(uintptr_t)fuzz_signal_handler,
			       (uint32_t)(uintptr_t)fuzz_signal_handler, rng_next(&c->rng)};
	uint32_t restorers[] = {(uint32_t)(uintptr_t)__restore_rt,
				(uint32_t)(uintptr_t)__restore_rt, 0, rng_next(&c->rng)};
	act[0] = PICK(c, handlers);
	act[1] = rng_percent(&c->rng, 85) ? PICK(c, flags) : rng_next(&c->rng);
	act[2] = PICK(c, restorers);
	act[3] = rng_next(&c->rng), act[4] = rng_next(&c->rng);
	if (kind == 0)
		return 0;
	if (kind == 1)
		return arg_bad_pointer(c);
	return (long)(uintptr_t)act;
}

/* ---- mounts (root only; EPERM for others) ---- */

/* Only ramfs is really mounted: each mount of it is a tree of its own.  A
 * second view of devfs, proc or configfs would share its inodes with /dev,
 * /proc or /configfs, and a chmod of "d0/." would reach them.  ext2 gets no
 * disk (no source is a block device): only the refusal is tested. */
static void special_mount(struct fuzz_child *c, struct fuzz_call *call)
{
	static const char *const types[] = {
	    "ramfs", "ramfs", "ramfs", "ext2",
	    "nope",  "",      "RAMFS", "ramfsramfsramfsramfsramfsramfsramfsramfs"};
	/* No source names a real file: were MS_BIND or MS_MOVE honoured one day,
	 * the scratch directory must not get a view of one. */
	static const char *const sources[] = {"none", "fuzz", "", "/nope",
					      "0123456789012345678901234567890123456789"
					      "0123456789012345678901234567890123456789"};
	long source = rng_percent(&c->rng, 20) ? 0 : (long)(uintptr_t)PICK(c, sources);
	const char *target = arg_scratch_path(c);
	long type = rng_percent(&c->rng, 85) ? (long)(uintptr_t)PICK(c, types) : arg_bad_pointer(c);
	long flags = rng_percent(&c->rng, 70) ? 0 : arg_flags(c);
	long data = rng_percent(&c->rng, 70) ? 0 : arg_buffer(c);
	if (rng_percent(&c->rng, 10))
		source = arg_unreadable_pointer(c);
	call_set(call, 5, source, (long)target, type, flags, data);
	call->is_path[1] = 1;
	fuzz_syscall(c, call);
}

/* ---- dispatch ---- */

void special_call(struct fuzz_child *c, struct fuzz_call *call)
{
	switch (call->nr) {
	case __NR_open:
	case __NR_openat:
		special_open(c, call);
		break;
	case __NR_pipe:
	case __NR_pipe2:
		special_pipe(c, call);
		break;
	case __NR_fchmod:
	case __NR_fchown32:
		special_fd_metadata(c, call);
		break;
	case __NR_kill:
		special_kill(c, call);
		break;
	case __NR_fork:
	case __NR_vfork:
	case __NR_clone:
		special_fork(c, call);
		break;
	case __NR_execve:
		special_execve(c, call);
		break;
	case __NR_nanosleep:
		special_nanosleep(c, call);
		break;
	case __NR_poll:
		special_poll(c, call);
		break;
	case __NR_ppoll:
	case __NR_ppoll_time64:
		special_ppoll(c, call);
		break;
	case __NR_select:
	case __NR__newselect:
	case __NR_pselect6:
	case __NR_pselect6_time64:
		special_select(c, call);
		break;
	case __NR_alarm:
		special_alarm(c, call);
		break;
	case __NR_setitimer:
		special_setitimer(c, call);
		break;
	case __NR_setpriority:
		special_setpriority(c, call);
		break;
	case __NR_chroot:
		special_chroot(c, call);
		break;
	case __NR_settimeofday:
	case __NR_clock_settime:
	case __NR_clock_settime64:
		special_settime(c, call);
		break;
	case __NR_clock_nanosleep:
	case __NR_clock_nanosleep_time64:
		special_clock_nanosleep(c, call);
		break;
	case __NR_symlinkat:
		special_symlinkat(c, call);
		break;
	case __NR_fchownat:
		special_fchownat(c, call);
		break;
	case __NR_mknod:
	case __NR_mknodat:
		special_mknod(c, call);
		break;
	case __NR_mmap2:
		special_mmap(c, call);
		break;
	case __NR_munmap:
	case __NR_mprotect:
		special_munmap_mprotect(c, call);
		break;
	case __NR_brk:
		special_brk(c, call);
		break;
	case __NR_mount:
		special_mount(c, call);
		break;
	case __NR_sigreturn:
	case __NR_rt_sigreturn:
		sigframe_return(c, call);
		break;
	case FUZZ_NR_CONTAINER:
		container_fuzz_one(c);
		break;
	}
}
