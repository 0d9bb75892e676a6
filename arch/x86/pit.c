/*
 * pit.c — the 8253/8254 programmable interval timer, channel 0, at HZ.
 *
 * The PIT counts down from a divisor at 1.193182 MHz and raises IRQ 0 each time
 * it wraps (mode 2, rate generator).  Each tick goes to kernel/time.c; the
 * scheduler (issue 3) hangs its preemption on the same tick.
 */
#include <corral/itimer.h>
#include <corral/cpuinfo.h>
#include <corral/loadavg.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/trap.h>
#include <corral/x86.h>

#define PIT_CHANNEL0 0x40
#define PIT_COMMAND 0x43
#define PIT_BASE_HZ 1193182u
#define PIT_CH0_LOHI_RATE 0x34 /* channel 0, low then high byte, mode 2, binary */

static void pit_irq(struct trap_frame *frame)
{
	time_tick();
	sched_tick(trap_from_user(frame));
	itimer_tick(current, trap_from_user(frame));
	loadavg_tick(jiffies_read());
}

void pit_init(void)
{
	uint32_t divisor = (PIT_BASE_HZ + HZ / 2) / HZ;
	outb(PIT_COMMAND, PIT_CH0_LOHI_RATE);
	outb(PIT_CHANNEL0, divisor & 0xff);
	outb(PIT_CHANNEL0, divisor >> 8);
	irq_register(IRQ_TIMER, pit_irq);
	cpu_tsc_mark_start(); /* the TSC's rate is measured against these ticks */
	pic_unmask(IRQ_TIMER);
}
