/*
 * time.c — the clock system calls: clock_gettime/settime/getres/nanosleep,
 * gettimeofday, settimeofday, time, nanosleep and sleep.
 *
 * With a 32-bit time_t these use the old calls (clock_gettime 265, ...),
 * which are exact until 2038; the kernel also has the *_time64 ones.
 * Calendar time is in gmtime.c, formatting in strftime.c.
 */
#include <errno.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

int clock_gettime(clockid_t clock, struct timespec *ts)
{
	return (int)syscall2(__NR_clock_gettime, clock, ts);
}

int clock_settime(clockid_t clock, const struct timespec *ts)
{
	return (int)syscall2(__NR_clock_settime, clock, ts);
}

int clock_getres(clockid_t clock, struct timespec *res)
{
	return (int)syscall2(__NR_clock_getres, clock, res);
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req, struct timespec *rem)
{
	return (int)-__sc4(__NR_clock_nanosleep, clock, flags, req, rem);
}

int gettimeofday(struct timeval *tv, struct timezone *tz)
{
	return (int)syscall2(__NR_gettimeofday, tv, tz);
}

int settimeofday(const struct timeval *tv, const struct timezone *tz)
{
	return (int)syscall2(__NR_settimeofday, tv, tz);
}

time_t time(time_t *t)
{
	time_t now = (time_t)__sc1(__NR_time, 0); /* cannot fail without a pointer */
	if (t)
		*t = now;
	return now;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)syscall2(__NR_nanosleep, req, rem);
}

/* Returns the seconds left when a signal cut the sleep short, as POSIX says. */
unsigned int sleep(unsigned int seconds)
{
	struct timespec req = {(long)seconds, 0}, rem = {0, 0};
	if (nanosleep(&req, &rem) < 0 && errno == EINTR)
		return (unsigned int)rem.tv_sec + (rem.tv_nsec > 0);
	return 0;
}
