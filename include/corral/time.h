/*
 * time.h — the timer tick and the clocks built on it (kernel/time.c).
 *
 * The PIT interrupts HZ times a second; each interrupt adds one to `jiffies`.
 * Time since boot (CLOCK_MONOTONIC) is jiffies in nanoseconds; the wall clock
 * (CLOCK_REALTIME) is that plus an offset, set at boot from the CMOS clock
 * (arch/x86/rtc.c) and changed only by setting the clock.
 */
#ifndef CORRAL_TIME_H
#define CORRAL_TIME_H

#include <corral/types.h>

#define HZ 100
#define TIME_NS_PER_SEC 1000000000ll
#define TIME_NS_PER_TICK (TIME_NS_PER_SEC / HZ)

void pit_init(void);
uint64_t jiffies_read(void);
void time_tick(void); /* called by the timer interrupt */

int64_t time_monotonic_ns(void); /* since boot; never goes back */
int64_t time_realtime_ns(void);	 /* since 1970-01-01 00:00:00 UTC */
int64_t time_realtime_seconds(void);
void time_set_realtime_ns(int64_t ns);
int64_t time_boot_epoch_seconds(void);	/* the wall-clock time of jiffies 0 (btime) */
int64_t time_ns_to_seconds(int64_t ns); /* rounded down, also below 0 */
/* A valid struct timespec (32-bit seconds) from user memory, as ns: 0,
 * -EFAULT, or -EINVAL for a negative time or nanoseconds outside 0..999999999
 * (kernel/syscalls_time.c, which reads every user timespec). */
struct timespec;
struct __kernel_timespec;
int timespec32_from_user(const struct timespec *uts, int64_t *ns);
int timespec64_from_user(const struct __kernel_timespec *uts, int64_t *ns); /* the same, 64-bit */
/* ns (not negative) to a user timespec of either layout: 0 or -EFAULT. */
int timespec32_to_user(struct timespec *uts, int64_t ns);
int timespec64_to_user(struct __kernel_timespec *uts, int64_t ns);

#endif
