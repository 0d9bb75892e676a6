/*
 * time.c — kernel time: the tick count since boot.
 *
 * jiffies is 64 bits so it never wraps; reading it on a 32-bit CPU takes two
 * loads, so readers turn interrupts off around them.
 */
#include <corral/time.h>
#include <corral/x86.h>

static volatile uint64_t jiffies; /* written only by the timer interrupt */

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
