/*
 * clock.c — clocks: the wall clock holds today's date and moves forward, the
 * monotonic clocks never go back, only root sets the time, bad clock ids and
 * values are refused, sleeps (relative and TIMER_ABSTIME) end after their
 * deadline or early with EINTR and the time left, and new files carry the
 * wall-clock time; alarm and the interval timers (real, virtual, profiling).
 *
 * The checks compare clocks with themselves and with each other, never with
 * how long something took: timing under emulation is not a test.  Both system
 * call layouts are tried: the 32-bit one the C library uses (clock_gettime
 * 265, ...) and the 64-bit *_time64 one (403, ...), through raw calls.
 * Next: badptr.c.
 */
#include "usertests.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NS_PER_SEC 1000000000LL
#define EPOCH_2024 1704067200LL /* 2024-01-01 00:00:00 UTC */
#define SLEEP_NS (50 * 1000000LL)
#define BAD_CLOCK 99

static long long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * NS_PER_SEC + ts->tv_nsec;
}

static struct timespec ns_ts(long long ns)
{
	struct timespec ts = {(long)(ns / NS_PER_SEC), (long)(ns % NS_PER_SEC)};
	return ts;
}

static long long clock_ns(clockid_t clock)
{
	struct timespec ts;
	if (clock_gettime(clock, &ts) < 0)
		ut_fail("clock_gettime(%d): %s", clock, ut_errno_name(errno));
	return ts_ns(&ts);
}

/* clock_gettime64 (403): struct __kernel_timespec with 64-bit seconds. */
static long long clock_ns64(clockid_t clock)
{
	struct __kernel_timespec kts = {0, 0};
	long ret = __sc2(__NR_clock_gettime64, clock, &kts);
	if (ret < 0)
		ut_fail("clock_gettime64(%d): %s", clock, ut_errno_name((int)-ret));
	return kts.tv_sec * NS_PER_SEC + kts.tv_nsec;
}

/* Today is after 2024 by every way of asking, and the clock moves forward. */
static void test_clockrealtime(void)
{
	long long before = clock_ns(CLOCK_REALTIME);
	if (before < EPOCH_2024 * NS_PER_SEC)
		ut_fail("CLOCK_REALTIME says %lld s since 1970: before 2024", before / NS_PER_SEC);
	struct timeval tv;
	UT_CHECK_OK(gettimeofday(&tv, NULL));
	time_t now = time(NULL);
	long long coarse = clock_ns(CLOCK_REALTIME_COARSE), wide = clock_ns64(CLOCK_REALTIME);
	/* Read after `before`: equal to it or later, by seconds at most. */
	UT_CHECK(tv.tv_sec >= before / NS_PER_SEC - 1 && tv.tv_sec <= before / NS_PER_SEC + 5);
	UT_CHECK(now >= before / NS_PER_SEC - 1 && now <= before / NS_PER_SEC + 5);
	UT_CHECK(coarse >= before - NS_PER_SEC && coarse <= before + 5 * NS_PER_SEC);
	UT_CHECK(wide >= before && wide <= before + 5 * NS_PER_SEC);
	ut_sleep_ms(30);
	long long after = clock_ns(CLOCK_REALTIME);
	if (after <= before)
		ut_fail("CLOCK_REALTIME went from %lld to %lld ns across a sleep", before, after);
}

/* Every monotonic clock only goes forward, read after read. */
static void test_clockmonotonic(void)
{
	static const clockid_t clocks[] = {CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW,
					   CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME};
	long long last[4] = {0, 0, 0, 0};
	for (int round = 0; round < 2000; round++) {
		for (int c = 0; c < 4; c++) {
			long long now = round % 2 ? clock_ns64(clocks[c]) : clock_ns(clocks[c]);
			if (now < last[c])
				ut_fail("clock %d went back from %lld to %lld ns", clocks[c],
					last[c], now);
			last[c] = now;
		}
		if (round % 500 == 0)
			ut_sleep_ms(10);
	}
	struct timespec res;
	UT_CHECK_OK(clock_getres(CLOCK_MONOTONIC, &res));
	UT_CHECK(res.tv_sec == 0 && res.tv_nsec > 0);
	struct __kernel_timespec kres = {0, 0};
	UT_CHECK(__sc2(__NR_clock_getres_time64, CLOCK_REALTIME, &kres) == 0);
	UT_CHECK(kres.tv_sec == 0 && kres.tv_nsec > 0);
}

/* The CPU-time clocks advance while the process computes. */
static void test_clockcputime(void)
{
	long long start = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	long long give_up = clock_ns(CLOCK_MONOTONIC) + 20 * NS_PER_SEC;
	volatile unsigned spin = 0;
	while (clock_ns(CLOCK_PROCESS_CPUTIME_ID) == start) {
		for (int i = 0; i < 100000; i++)
			spin++;
		if (clock_ns(CLOCK_MONOTONIC) > give_up)
			ut_fail("CLOCK_PROCESS_CPUTIME_ID stayed at %lld ns while computing",
				start);
	}
	UT_CHECK(clock_ns(CLOCK_THREAD_CPUTIME_ID) > 0);
}

/* Ids that name no clock, and clocks that cannot be set or slept on. */
static void test_clockbadid(void)
{
	struct timespec ts = {0, 0};
	UT_CHECK_ERRNO(clock_gettime(BAD_CLOCK, &ts), EINVAL);
	UT_CHECK_ERRNO(clock_getres(BAD_CLOCK, &ts), EINVAL);
	UT_CHECK_ERRNO(clock_settime(BAD_CLOCK, &ts), EINVAL);
	UT_CHECK(__sc2(__NR_clock_gettime64, BAD_CLOCK, &ts) == -EINVAL);
	UT_CHECK(clock_nanosleep(BAD_CLOCK, 0, &ts, NULL) == EINVAL);
	UT_CHECK(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL) == EOPNOTSUPP);
	UT_CHECK(clock_nanosleep(CLOCK_MONOTONIC_RAW, 0, &ts, NULL) == EOPNOTSUPP);
	UT_CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &ts));
	UT_CHECK_ERRNO(clock_settime(CLOCK_MONOTONIC, &ts), EINVAL); /* only REALTIME is set */
}

/* Bad values: EINVAL before any permission check, so this is safe as root. */
static void test_clockbadvalue(void)
{
	struct timeval tv = {(long)time(NULL), 1000000};
	UT_CHECK_ERRNO(settimeofday(&tv, NULL), EINVAL);
	tv.tv_usec = -1;
	UT_CHECK_ERRNO(settimeofday(&tv, NULL), EINVAL);
	struct timespec ts = {(long)time(NULL), NS_PER_SEC};
	UT_CHECK_ERRNO(clock_settime(CLOCK_REALTIME, &ts), EINVAL);
	UT_CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL) == EINVAL);
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	UT_CHECK_ERRNO(nanosleep(&ts, NULL), EINVAL);
	UT_CHECK_ERRNO(clock_settime(CLOCK_REALTIME, &ts), EINVAL);
	void *bad = (void *)16;
	UT_CHECK_ERRNO(clock_gettime(CLOCK_REALTIME, bad), EFAULT);
	UT_CHECK_ERRNO(clock_getres(CLOCK_REALTIME, bad), EFAULT);
	UT_CHECK_ERRNO(gettimeofday(bad, NULL), EFAULT);
	UT_CHECK(__sc1(__NR_time, bad) == -EFAULT);
	UT_CHECK(__sc2(__NR_clock_gettime64, CLOCK_MONOTONIC, bad) == -EFAULT);
	UT_CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, bad, NULL) == EFAULT);
	UT_CHECK_ERRNO(clock_settime(CLOCK_REALTIME, bad), EFAULT);
}

/* A user may not set the clock, by any of the three calls. */
static void test_clockperm(void)
{
	pid_t pid = ut_fork();
	if (pid == 0) {
		if (getuid() == 0)
			UT_CHECK_OK(setuid(1000));
		struct timeval tv;
		UT_CHECK_OK(gettimeofday(&tv, NULL));
		UT_CHECK_ERRNO(settimeofday(&tv, NULL), EPERM);
		struct timespec ts = {tv.tv_sec, 0};
		UT_CHECK_ERRNO(clock_settime(CLOCK_REALTIME, &ts), EPERM);
		struct __kernel_timespec kts = {tv.tv_sec, 0};
		UT_CHECK(__sc2(__NR_clock_settime64, CLOCK_REALTIME, &kts) == -EPERM);
		_exit(0);
	}
	ut_expect_exit(pid, 0);
}

/* Root moves the wall clock an hour ahead and back; monotonic does not jump.
 * Only on Corral: on a Linux host this would change the host's clock. */
static void test_clockset(void)
{
	if (ut_on_linux || getuid() != 0)
		ut_skip("sets the clock: only as root on Corral");
	long long real = clock_ns(CLOCK_REALTIME), mono = clock_ns(CLOCK_MONOTONIC);
	struct timespec ahead = ns_ts(real + 3600 * NS_PER_SEC);
	UT_CHECK_OK(clock_settime(CLOCK_REALTIME, &ahead));
	long long real_ahead = clock_ns(CLOCK_REALTIME), mono_after = clock_ns(CLOCK_MONOTONIC);
	struct timeval back = {(long)((real_ahead - 3600 * NS_PER_SEC) / NS_PER_SEC),
			       (long)(real_ahead % NS_PER_SEC / 1000)};
	UT_CHECK_OK(settimeofday(&back, NULL));
	if (real_ahead - real < 3600 * NS_PER_SEC || real_ahead - real > 3605 * NS_PER_SEC)
		ut_fail("set an hour ahead, the clock moved %lld ns", real_ahead - real);
	if (mono_after - mono > 5 * NS_PER_SEC)
		ut_fail("setting the wall clock moved CLOCK_MONOTONIC by %lld ns",
			mono_after - mono);
	UT_CHECK(clock_ns(CLOCK_REALTIME) < real_ahead);
}

/* Relative and absolute sleeps end at or after their deadline on their clock. */
static void test_clocksleep(void)
{
	long long start = clock_ns(CLOCK_MONOTONIC);
	struct timespec req = ns_ts(SLEEP_NS);
	UT_CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) == 0);
	if (clock_ns(CLOCK_MONOTONIC) - start < SLEEP_NS)
		ut_fail("a relative sleep of %lld ns ended early", SLEEP_NS);

	static const clockid_t clocks[] = {CLOCK_MONOTONIC, CLOCK_REALTIME};
	for (int c = 0; c < 2; c++) {
		long long deadline = clock_ns(clocks[c]) + SLEEP_NS;
		struct timespec abs = ns_ts(deadline);
		UT_CHECK(clock_nanosleep(clocks[c], TIMER_ABSTIME, &abs, NULL) == 0);
		if (clock_ns(clocks[c]) < deadline)
			ut_fail("clock %d: a TIMER_ABSTIME sleep ended before its deadline",
				clocks[c]);
	}
	struct __kernel_timespec kabs = {clock_ns(CLOCK_MONOTONIC) / NS_PER_SEC + 1, 0};
	UT_CHECK(__sc4(__NR_clock_nanosleep_time64, CLOCK_MONOTONIC, TIMER_ABSTIME, &kabs, 0) == 0);
	UT_CHECK(clock_ns64(CLOCK_MONOTONIC) >= kabs.tv_sec * NS_PER_SEC);
	struct timespec past = {1, 0}; /* a deadline long gone: at once */
	UT_CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL) == 0);
}

static volatile int usr1_count;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_count++;
}

/* A handled signal cuts clock_nanosleep short: EINTR and the time left.  The
 * parent signals until the child is gone, so a signal that lands between the
 * handler's installation and the sleep cannot leave the child sleeping 100 s. */
static void test_clocksleepintr(void)
{
	int ready[2];
	ut_pipe(ready);
	pid_t pid = ut_fork();
	if (pid == 0) {
		ut_catch_signal(SIGUSR1, on_usr1);
		ut_write_all(ready[1], "r", 1);
		struct timespec req = {100, 0}, rem = {0, 0};
		int ret = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
		if (ret != EINTR)
			ut_fail("clock_nanosleep returned %d, wanted EINTR", ret);
		if (usr1_count < 1 || rem.tv_sec < 90 || rem.tv_sec > 100)
			ut_fail("%d signals, %ld s left of 100", usr1_count, rem.tv_sec);
		_exit(0);
	}
	char c;
	ut_read_all(ready[0], &c, 1);
	ut_signal_until_exit(pid, SIGUSR1, 200, 0);
}

/* A new file's times are the wall clock's, to the second or so. */
static void test_clockfiletime(void)
{
	time_t before = time(NULL);
	ut_write_file("stamped", "x", 1);
	time_t after = time(NULL);
	struct stat st;
	UT_CHECK_OK(stat("stamped", &st));
	if (st.st_mtime < before - 2 || st.st_mtime > after + 2)
		ut_fail("mtime %ld, but time() said %ld..%ld", (long)st.st_mtime, (long)before,
			(long)after);
	UT_CHECK(st.st_ctime >= before - 2 && st.st_ctime <= after + 2);
}

static volatile int timer_signals[32];

static void on_timer(int sig)
{
	timer_signals[sig]++;
}

static void catch_timer_signal(int sig)
{
	ut_catch_signal(sig, on_timer);
	timer_signals[sig] = 0;
}

struct ut_itimerval {
	struct timeval interval, value;
};

/* alarm and ITIMER_REAL: alarm returns what was left of the previous one
 * (rounded, never 0 while one is pending); a timer fires SIGALRM, once or
 * every interval; getitimer reads what is left; values are rounded up to the
 * tick; fork's child has no timer; the errors. */
static void test_itimerreal(void)
{
	catch_timer_signal(SIGALRM);
	UT_CHECK(alarm(0) == 0);
	UT_CHECK(alarm(5) == 0);
	UT_CHECK(alarm(7) == 5); /* 4.99... s left: rounded to 5 */
	pid_t pid = ut_fork();
	if (pid == 0) {
		struct ut_itimerval v;
		if (syscall2(__NR_getitimer, ITIMER_REAL, &v) != 0 || v.value.tv_sec || v.value.tv_usec)
			_exit(1);
		_exit(alarm(0) == 0 ? 0 : 2);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK(alarm(0) == 7);
	/* One shot, 25 ms: fires once, pause() returns EINTR. */
	struct ut_itimerval v = {{0, 0}, {0, 25000}}, old;
	UT_CHECK_OK(syscall3(__NR_setitimer, ITIMER_REAL, &v, &old));
	UT_CHECK(old.value.tv_sec == 0 && old.value.tv_usec == 0);
	UT_CHECK_ERRNO(pause(), EINTR);
	UT_CHECK(timer_signals[SIGALRM] == 1);
	UT_CHECK_OK(syscall2(__NR_getitimer, ITIMER_REAL, &old));
	UT_CHECK(old.value.tv_sec == 0 && old.value.tv_usec == 0);
	/* Periodic: 15 ms rounded up to 20 ms, read back as such; three signals. */
	v = (struct ut_itimerval){{0, 15000}, {0, 15000}};
	UT_CHECK_OK(syscall3(__NR_setitimer, ITIMER_REAL, &v, NULL));
	UT_CHECK_OK(syscall2(__NR_getitimer, ITIMER_REAL, &old));
	UT_CHECK(old.interval.tv_sec == 0 && old.interval.tv_usec == 20000);
	UT_CHECK(old.value.tv_usec > 0 && old.value.tv_usec <= 30000);
	while (timer_signals[SIGALRM] < 4)
		pause();
	v = (struct ut_itimerval){{0, 0}, {0, 0}};
	UT_CHECK_OK(syscall3(__NR_setitimer, ITIMER_REAL, &v, &old));
	UT_CHECK(old.interval.tv_usec == 20000);
	/* The errors. */
	UT_CHECK_ERRNO(syscall3(__NR_setitimer, 3, &v, NULL), EINVAL);
	v.value.tv_usec = 1000000;
	UT_CHECK_ERRNO(syscall3(__NR_setitimer, ITIMER_REAL, &v, NULL), EINVAL);
	v.value = (struct timeval){-1, 0};
	UT_CHECK_ERRNO(syscall3(__NR_setitimer, ITIMER_REAL, &v, NULL), EINVAL);
	UT_CHECK_ERRNO(syscall3(__NR_setitimer, ITIMER_REAL, (void *)8, NULL), EFAULT);
	UT_CHECK_ERRNO(syscall2(__NR_getitimer, ITIMER_PROF, (void *)8), EFAULT);
	UT_CHECK_ERRNO(syscall2(__NR_getitimer, -1, &old), EINVAL);
	signal(SIGALRM, SIG_DFL);
}

/* ITIMER_VIRTUAL counts only the task's user time, ITIMER_PROF user and
 * system time: both fire while it spins in user mode, neither while it sleeps. */
static void test_itimercpu(void)
{
	const int sigs[2] = {26 /* SIGVTALRM */, 27 /* SIGPROF */};
	for (int i = 0; i < 2; i++) {
		catch_timer_signal(sigs[i]);
		struct ut_itimerval v = {{0, 0}, {0, 30000}};
		UT_CHECK_OK(syscall3(__NR_setitimer, ITIMER_VIRTUAL + i, &v, NULL));
		ut_sleep_ms(100); /* asleep: no CPU time passes */
		UT_CHECK(timer_signals[sigs[i]] == 0);
		for (volatile unsigned long n = 0; timer_signals[sigs[i]] == 0; n++)
			if (n > 4000000000ul)
				ut_fail("no signal %d after a long spin", sigs[i]);
		struct ut_itimerval left;
		UT_CHECK_OK(syscall2(__NR_getitimer, ITIMER_VIRTUAL + i, &left));
		UT_CHECK(left.value.tv_sec == 0 && left.value.tv_usec == 0);
		signal(sigs[i], SIG_DFL);
	}
}

const struct ut_test ut_clock_tests[] = {
    {"clockrealtime", test_clockrealtime},
    {"clockmonotonic", test_clockmonotonic},
    {"clockcputime", test_clockcputime},
    {"clockbadid", test_clockbadid},
    {"clockbadvalue", test_clockbadvalue},
    {"clockperm", test_clockperm},
    {"clockset", test_clockset},
    {"clocksleep", test_clocksleep},
    {"clocksleepintr", test_clocksleepintr},
    {"clockfiletime", test_clockfiletime},
    {"itimerreal", test_itimerreal},
    {"itimercpu", test_itimercpu},
    {NULL, NULL},
};
