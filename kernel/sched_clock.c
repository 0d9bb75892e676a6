/*
 * sched_clock.c — a clock finer than the tick, for charging CPU time.
 *
 * The tick (10 ms) is too coarse to say how long a task ran: a shell that
 * runs for 200 µs between two ticks would be charged nothing or a whole
 * tick.  So the scheduler reads
 *
 *     sched_clock_ns = (time of the last tick) + (TSC cycles since then) × ns per cycle
 *
 * The tick stays the reference (the clock never drifts away from
 * CLOCK_MONOTONIC); the TSC only says where we are inside the current tick.
 * Its rate is measured against the ticks themselves — cycles since the first
 * tick over ticks since then, again every second — so nothing depends on the
 * host's frequency.  The part inside a tick is clamped below one tick: a late
 * tick cannot make the clock run ahead and then back.  Until the rate is
 * known (the first tenth of a second) the clock moves in whole ticks.
 *
 * Read next: kernel/sched.c, which charges the running task with it.
 */
#include <corral/sched_group.h>
#include <corral/time.h>
#include <corral/x86.h>

#define SCHED_CLOCK_FIRST_CALIBRATION (HZ / 10) /* ticks before the rate is trusted */

/* Written by the timer interrupt only; read with interrupts off. */
static uint64_t tick_base_ns;    /* the time of the last tick */
static uint64_t tick_base_tsc;   /* the TSC at the last tick */
static uint64_t first_tick_tsc;  /* the TSC at the first tick, and its jiffies */
static uint64_t first_tick_jiffies;
static uint32_t cycles_per_tick; /* 0 until measured */
static uint64_t ns_per_cycle_x32; /* TIME_NS_PER_TICK / cycles_per_tick, << 32 */

static void sched_clock_calibrate(uint64_t tsc, uint64_t jiffies)
{
	uint64_t nr_ticks = jiffies - first_tick_jiffies;
	uint64_t per_tick = (tsc - first_tick_tsc) / nr_ticks;
	if (per_tick == 0 || per_tick > UINT32_MAX)
		return; /* a TSC that does not run, or runs past 400 GHz: keep ticks */
	cycles_per_tick = (uint32_t)per_tick;
	ns_per_cycle_x32 = ((uint64_t)TIME_NS_PER_TICK << 32) / cycles_per_tick;
}

void sched_clock_tick(void)
{
	uint64_t tsc = rdtsc();
	uint64_t jiffies = jiffies_read();
	if (!first_tick_jiffies) {
		first_tick_tsc = tsc;
		first_tick_jiffies = jiffies;
	} else {
		uint64_t since_first = jiffies - first_tick_jiffies;
		if (since_first == SCHED_CLOCK_FIRST_CALIBRATION || since_first % HZ == 0)
			sched_clock_calibrate(tsc, jiffies);
	}
	tick_base_ns = jiffies * TIME_NS_PER_TICK;
	tick_base_tsc = tsc;
}

/* Interrupts off (the scheduler holds its lock): the tick cannot move the
 * base between the two reads. */
uint64_t sched_clock_ns_locked(void)
{
	uint64_t ns = tick_base_ns;
	if (cycles_per_tick) {
		uint32_t cycles = (uint32_t)(rdtsc() - tick_base_tsc);
		if (cycles >= cycles_per_tick)
			cycles = cycles_per_tick - 1; /* the tick is late: wait for it */
		ns += (cycles * ns_per_cycle_x32) >> 32;
	}
	return ns;
}

uint64_t sched_clock_ns(void)
{
	uint32_t flags = read_eflags();
	cli();
	uint64_t ns = sched_clock_ns_locked();
	if (flags & EFLAGS_IF)
		sti();
	return ns;
}
