/*
 * syscalls_time.c — the clock system calls: read, set and sleep on the clocks
 * of kernel/time.c, in Linux's i386 shapes.
 *
 *     time 13, gettimeofday 78, settimeofday 79, nanosleep 162,
 *     clock_settime 264, clock_gettime 265, clock_getres 266,
 *     clock_nanosleep 267                     struct timespec, 32-bit seconds
 *     clock_gettime64 403, clock_settime64 404, clock_getres_time64 406,
 *     clock_nanosleep_time64 407              struct __kernel_timespec, 64-bit
 *     restart_syscall 0                       a stopped sleep resumed
 *
 * Inside, every time is a signed 64-bit count of nanoseconds; the two user
 * layouts are converted at the edge (timespec_from_user, timespec_to_user).
 *
 * The clocks: REALTIME (and _COARSE) is the wall clock; MONOTONIC, _RAW,
 * _COARSE and BOOTTIME are all time since boot (Corral neither slews nor
 * suspends); PROCESS_ and THREAD_CPUTIME_ID are the ticks the caller has run
 * (one thread per process: the same).  All advance in 10 ms ticks, which is
 * what clock_getres says.  Only root may set the wall clock.
 *
 * A sleep is a wait until a deadline on a clock, re-checked after every
 * wake-up: a relative sleep's deadline is on the monotonic clock, so changing
 * the date does not stretch or cut it; a TIMER_ABSTIME sleep on REALTIME
 * wakes at least once a second to look again, so it notices when the clock is
 * set past its deadline.
 */
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/uaccess.h>
#include <corral/x86.h>
#include <uapi/errno.h>
#include <uapi/time.h>

enum timespec_layout {
	TIMESPEC_32, /* struct timespec: long seconds */
	TIMESPEC_64, /* struct __kernel_timespec: long long seconds */
};

static long nanosleep_restart(struct restart_block *rb);

/* Longer is "forever": 2^33 seconds (272 years) in ns still fits an int64
 * with any uptime added. */
#define TIME_SEC_MAX (1ll << 33)
/* The wall clock may be set up to the last second inode times can hold. */
#define TIME_SETTABLE_SEC_MAX 0xffffffffll

/* A valid timespec from user memory, as ns: -EFAULT, or -EINVAL for a
 * negative time or nanoseconds outside 0..999999999. */
static int timespec_from_user(const void *uts, enum timespec_layout layout, int64_t *ns)
{
	int64_t sec, nsec;
	if (layout == TIMESPEC_64) {
		struct __kernel_timespec ts;
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		/* A 32-bit kernel reads only the low half of tv_nsec (Linux too):
		 * a 32-bit C library may leave the padding above it unset. */
		sec = ts.tv_sec;
		nsec = (int32_t)ts.tv_nsec;
	} else {
		struct timespec ts;
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		sec = ts.tv_sec;
		nsec = ts.tv_nsec;
	}
	if (sec < 0 || nsec < 0 || nsec >= TIME_NS_PER_SEC)
		return -EINVAL;
	*ns = MIN(sec, TIME_SEC_MAX) * TIME_NS_PER_SEC + nsec;
	return 0;
}

int timespec32_from_user(const struct timespec *uts, int64_t *ns)
{
	return timespec_from_user(uts, TIMESPEC_32, ns);
}

int timespec64_from_user(const struct __kernel_timespec *uts, int64_t *ns)
{
	return timespec_from_user(uts, TIMESPEC_64, ns);
}

static int timespec_to_user(void *uts, enum timespec_layout layout, int64_t ns)
{
	int64_t sec = time_ns_to_seconds(ns), nsec = ns - sec * TIME_NS_PER_SEC;
	if (layout == TIMESPEC_64) {
		struct __kernel_timespec ts = {sec, nsec};
		return copy_to_user(uts, &ts, sizeof(ts));
	}
	struct timespec ts = {(long)sec, (long)nsec}; /* wraps in 2038, as on Linux */
	return copy_to_user(uts, &ts, sizeof(ts));
}

int timespec32_to_user(struct timespec *uts, int64_t ns)
{
	return timespec_to_user(uts, TIMESPEC_32, ns);
}

int timespec64_to_user(struct __kernel_timespec *uts, int64_t ns)
{
	return timespec_to_user(uts, TIMESPEC_64, ns);
}

static int64_t clock_cpu_time_ns(void)
{
	uint32_t flags = read_eflags();
	cli(); /* the tick adds to it: two loads must not straddle one */
	uint64_t ticks = current->nr_ticks;
	if (flags & EFLAGS_IF)
		sti();
	return (int64_t)ticks * TIME_NS_PER_TICK;
}

/* The clock's time in ns, or -EINVAL for an id that names no clock. */
static int clock_read_ns(int clock, int64_t *ns)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = time_realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = time_monotonic_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = clock_cpu_time_ns();
		return 0;
	}
	return -EINVAL;
}

static bool clock_may_set(void)
{
	return current->cred.euid == 0;
}

/* Setting goes through here after every check: nothing else moves the wall
 * clock once the system runs. */
static int clock_set_realtime(int64_t ns)
{
	if (ns / TIME_NS_PER_SEC > TIME_SETTABLE_SEC_MAX)
		return -EINVAL;
	if (!clock_may_set())
		return -EPERM;
	time_set_realtime_ns(ns);
	return 0;
}

static long clock_gettime_common(int clock, void *uts, enum timespec_layout layout)
{
	int64_t ns;
	int err = clock_read_ns(clock, &ns);
	return err ? err : timespec_to_user(uts, layout, ns);
}

static long clock_getres_common(int clock, void *ures, enum timespec_layout layout)
{
	int64_t ns;
	if (clock_read_ns(clock, &ns))
		return -EINVAL;
	return ures ? timespec_to_user(ures, layout, TIME_NS_PER_TICK) : 0;
}

/* Only the wall clock can be set: the others count time since boot. */
static long clock_settime_common(int clock, const void *uts, enum timespec_layout layout)
{
	if (clock != CLOCK_REALTIME)
		return -EINVAL;
	int64_t ns;
	int err = timespec_from_user(uts, layout, &ns);
	return err ? err : clock_set_realtime(ns);
}

/* Sleep until `clock` reads deadline_ns or later: 0, or -EINTR. */
static int clock_sleep_until(int clock, int64_t deadline_ns)
{
	for (;;) {
		int64_t now;
		clock_read_ns(clock, &now);
		if (now >= deadline_ns)
			return 0;
		uint64_t ticks =
		    (uint64_t)(deadline_ns - now + TIME_NS_PER_TICK - 1) / TIME_NS_PER_TICK;
		if (clock == CLOCK_REALTIME)
			ticks = MIN(ticks, (uint64_t)HZ); /* the date may be set meanwhile */
		int err = sleep_ticks_interruptible(ticks);
		if (err)
			return err;
	}
}

/* Which clocks a task may sleep on.  Linux says EOPNOTSUPP for the raw and
 * coarse clocks and the thread's CPU time; it does sleep on the process's CPU
 * time, which here (one thread per process) could only end by a signal, so
 * Corral refuses that one too. */
static int clock_check_sleepable(int clock)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		return 0;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		return -EOPNOTSUPP;
	}
	return -EINVAL;
}

/* Sleep until deadline on clock; on a signal, write what is left to urem
 * (a relative sleep) and leave current->restart set up so that a stop and
 * SIGCONT resume the same sleep (restart_syscall, 0). */
static long clock_sleep_restartable(int clock, int64_t deadline, void *urem,
				    enum timespec_layout layout)
{
	int err = clock_sleep_until(clock, deadline);
	if (err != -EINTR)
		return err;
	current->restart = (struct restart_block){
		.fn = nanosleep_restart, .clock = clock, .deadline_ns = deadline,
		.uptr = urem, .n = layout,
	};
	if (urem) {
		int64_t now;
		clock_read_ns(clock, &now);
		if (timespec_to_user(urem, layout, MAX(deadline - now, 0)))
			return -EFAULT;
	}
	return err;
}

static long nanosleep_restart(struct restart_block *rb)
{
	return clock_sleep_restartable(rb->clock, rb->deadline_ns, rb->uptr,
				       (enum timespec_layout)rb->n);
}

static long clock_nanosleep_common(int clock, int flags, const void *ureq, void *urem,
				   enum timespec_layout layout)
{
	int64_t req;
	int err = clock_check_sleepable(clock);
	if (!err)
		err = timespec_from_user(ureq, layout, &req);
	if (err)
		return err;
	if (flags & TIMER_ABSTIME) /* nothing "remains" of a deadline */
		return clock_sleep_restartable(clock, req, NULL, layout);
	return clock_sleep_restartable(CLOCK_MONOTONIC, time_monotonic_ns() + req, urem, layout);
}

/* restart_syscall (0): what signal delivery puts in eax to resume a sleep a
 * stop interrupted (kernel/signal.c); anything else gets EINTR. */
long sys_restart_syscall(void)
{
	struct restart_block rb = current->restart;
	current->restart.fn = NULL;
	return rb.fn ? rb.fn(&rb) : -EINTR;
}

long sys_time(uint32_t *ut)
{
	uint32_t now = (uint32_t)time_realtime_seconds();
	if (ut && copy_to_user(ut, &now, sizeof(now)))
		return -EFAULT;
	return (long)now;
}

long sys_gettimeofday(void *utv, void *utz)
{
	if (utv) {
		int64_t ns = time_realtime_ns(), sec = time_ns_to_seconds(ns);
		struct timeval tv = {(long)sec, (long)((ns - sec * TIME_NS_PER_SEC) / 1000)};
		if (copy_to_user(utv, &tv, sizeof(tv)))
			return -EFAULT;
	}
	struct timezone tz = {0, 0}; /* always UTC */
	if (utz && copy_to_user(utz, &tz, sizeof(tz)))
		return -EFAULT;
	return 0;
}

/* The time zone is checked as Linux checks it, then ignored: Corral keeps UTC. */
long sys_settimeofday(const void *utv, const void *utz)
{
	struct timeval tv;
	struct timezone tz;
	if ((utv && copy_from_user(&tv, utv, sizeof(tv))) ||
	    (utz && copy_from_user(&tz, utz, sizeof(tz))))
		return -EFAULT;
	if (utv && (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000))
		return -EINVAL;
	if (utz && (tz.tz_minuteswest < -15 * 60 || tz.tz_minuteswest > 15 * 60))
		return -EINVAL;
	if (!utv)
		return clock_may_set() ? 0 : -EPERM;
	return clock_set_realtime((int64_t)tv.tv_sec * TIME_NS_PER_SEC + tv.tv_usec * 1000ll);
}

long sys_nanosleep(const void *ureq, void *urem)
{
	return clock_nanosleep_common(CLOCK_MONOTONIC, 0, ureq, urem, TIMESPEC_32);
}

long sys_clock_gettime(int clock, void *uts)
{
	return clock_gettime_common(clock, uts, TIMESPEC_32);
}

long sys_clock_gettime64(int clock, void *uts)
{
	return clock_gettime_common(clock, uts, TIMESPEC_64);
}

long sys_clock_settime(int clock, const void *uts)
{
	return clock_settime_common(clock, uts, TIMESPEC_32);
}

long sys_clock_settime64(int clock, const void *uts)
{
	return clock_settime_common(clock, uts, TIMESPEC_64);
}

long sys_clock_getres(int clock, void *ures)
{
	return clock_getres_common(clock, ures, TIMESPEC_32);
}

long sys_clock_getres_time64(int clock, void *ures)
{
	return clock_getres_common(clock, ures, TIMESPEC_64);
}

long sys_clock_nanosleep(int clock, int flags, const void *ureq, void *urem)
{
	return clock_nanosleep_common(clock, flags, ureq, urem, TIMESPEC_32);
}

long sys_clock_nanosleep_time64(int clock, int flags, const void *ureq, void *urem)
{
	return clock_nanosleep_common(clock, flags, ureq, urem, TIMESPEC_64);
}
