/*
 * time.c — kernel time: the tick count since boot, and the two clocks made
 * from it.
 *
 *     monotonic = jiffies * 10 ms                 (HZ = 100)
 *     realtime  = monotonic + realtime_offset_ns
 *
 * jiffies is 64 bits so it never wraps; reading it on a 32-bit CPU takes two
 * loads, so readers turn interrupts off around them.
 *
 * The wall clock is never kept in a counter of its own: it is the monotonic
 * clock shifted by an offset.  Boot sets the offset from the CMOS clock
 * (arch/x86/rtc.c), settimeofday and clock_settime move it, and nothing ever
 * moves monotonic, so sleeps and timeouts measured on it survive a change of
 * date.  Both clocks advance in whole ticks: their resolution is 10 ms.
 *
 * Read next: kernel/syscalls_time.c (the clock system calls).
 */
#include <corral/time.h>
#include <corral/x86.h>

static volatile uint64_t jiffies; /* written only by the timer interrupt */

/* CLOCK_REALTIME minus CLOCK_MONOTONIC, in ns.  Read and written only by
 * tasks, never by an interrupt handler, and the kernel is not preempted:
 * no lock. */
static int64_t realtime_offset_ns;

void time_tick(void)
{
	jiffies++;
}

uint64_t jiffies_read(void)
{
	uint32_t flags = read_eflags();
	cli();
	uint64_t now = jiffies;
	if (flags & EFLAGS_IF)
		sti();
	return now;
}

int64_t time_monotonic_ns(void)
{
	return (int64_t)jiffies_read() * TIME_NS_PER_TICK;
}

int64_t time_realtime_ns(void)
{
	return time_monotonic_ns() + realtime_offset_ns;
}

/* Whole seconds, rounded down (also before 1970, should the clock be there). */
int64_t time_ns_to_seconds(int64_t ns)
{
	int64_t seconds = ns / TIME_NS_PER_SEC;
	return (ns % TIME_NS_PER_SEC < 0) ? seconds - 1 : seconds;
}

int64_t time_realtime_seconds(void)
{
	return time_ns_to_seconds(time_realtime_ns());
}

void time_set_realtime_ns(int64_t ns)
{
	realtime_offset_ns = ns - time_monotonic_ns();
}

int64_t time_boot_epoch_seconds(void)
{
	return time_ns_to_seconds(realtime_offset_ns);
}
