/*
 * loadavg.c — the load averages: how many tasks wanted the CPU (or waited
 * uninterruptibly for the disk), averaged over the last 1, 5 and 15 minutes.
 *
 * Every LOADAVG_PERIOD_TICKS (5 s) the timer interrupt counts the active
 * tasks, n, and moves each average one step toward it:
 *
 *     load' = load * e + n * (1 - e),   e = exp(-5 s / period)
 *
 * so a change in n shows in an average with the weight 1 - e per step and
 * fades with the factor e: after one period (12, 60 or 180 steps) about
 * 63% of it is in.  Everything is fixed point with LOADAVG_SHIFT (11)
 * fraction bits, the numbers Linux uses, so sysinfo(2) can hand them on
 * shifted to its own 16 bits.  A step rounds toward n (up while rising,
 * down while falling), so an idle machine's load reaches exactly 0.00.
 *
 * Locking: loads[] is written by the timer interrupt only; readers turn
 * interrupts off to copy all three.  Read next: kernel/task.c
 * (task_get_counts).
 */
#include <corral/loadavg.h>
#include <corral/x86.h>

/* LOADAVG_FIXED_1 * exp(-5/60), exp(-5/300), exp(-5/900): 1, 5, 15 minutes. */
static const uint32_t decay[3] = {1884, 2014, 2037};

static uint32_t loads[3]; /* the timer interrupt's */
static uint64_t next_step_jiffies = LOADAVG_PERIOD_TICKS;

uint32_t loadavg_step(uint32_t load, uint32_t e, uint32_t nr_active)
{
	uint64_t target = (uint64_t)nr_active * LOADAVG_FIXED_1;
	uint64_t sum = (uint64_t)load * e + target * (LOADAVG_FIXED_1 - e);
	if (target >= load)
		sum += LOADAVG_FIXED_1 - 1; /* rising: round up, to reach n */
	return (uint32_t)(sum >> LOADAVG_SHIFT);
}

void loadavg_tick(uint64_t now_jiffies)
{
	if (now_jiffies < next_step_jiffies)
		return;
	next_step_jiffies = now_jiffies + LOADAVG_PERIOD_TICKS;
	struct task_counts counts;
	task_get_counts(&counts);
	uint32_t nr_active = counts.nr_running + counts.nr_blocked;
	for (int i = 0; i < 3; i++)
		loads[i] = loadavg_step(loads[i], decay[i], nr_active);
}

void loadavg_get(uint32_t out[3])
{
	uint32_t flags = read_eflags();
	cli();
	for (int i = 0; i < 3; i++)
		out[i] = loads[i];
	if (flags & EFLAGS_IF)
		sti();
}

/* Printed to two places, rounded to the nearest hundredth. */
uint32_t loadavg_int(uint32_t load)
{
	return (load + LOADAVG_FIXED_1 / 200) >> LOADAVG_SHIFT;
}

uint32_t loadavg_hundredths(uint32_t load)
{
	uint32_t rounded = load + LOADAVG_FIXED_1 / 200;
	return ((rounded & (LOADAVG_FIXED_1 - 1)) * 100) >> LOADAVG_SHIFT;
}
