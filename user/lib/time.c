/*
 * time.c — clocks and sleeping: clock_gettime, time, nanosleep, sleep.
 */
#include <errno.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int clock_gettime(clockid_t clock, struct timespec *ts)
{
	return (int)syscall2(__NR_clock_gettime, clock, ts);
}

time_t time(time_t *t)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return (time_t)-1;
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
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
