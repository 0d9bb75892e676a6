/*
 * console.c — the console: one output fan-out and one input queue.
 *
 * Output goes to every registered driver (serial first, then VGA).  Input
 * arrives from the serial and keyboard interrupt handlers through
 * console_input() into a ring buffer; readers take bytes with console_getc().
 * Until the scheduler exists (issue 3) a reader waits by halting until the next
 * interrupt; the wait then becomes a wait queue.  Next: kernel/tty.c (line
 * editing), arch/x86/serial.c and vga.c (drivers).
 */
#include <corral/console.h>
#include <corral/spinlock.h>
#include <corral/x86.h>

#define INPUT_RING_SIZE 256 /* power of two */

static struct spinlock console_lock = SPINLOCK_INIT("console");
/* Protected by console_lock (interrupts off). */
static struct console_driver *console_drivers;
static char input_ring[INPUT_RING_SIZE];
static uint32_t input_head, input_tail; /* free-running; head == tail: empty */

void console_register(struct console_driver *driver)
{
	uint32_t flags = spin_lock_irqsave(&console_lock);
	struct console_driver **link = &console_drivers;
	while (*link)
		link = &(*link)->next;
	driver->next = NULL;
	*link = driver;
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_write(const char *buf, size_t len)
{
	uint32_t flags = spin_lock_irqsave(&console_lock);
	for (struct console_driver *d = console_drivers; d; d = d->next)
		d->write(buf, len);
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_input(char c)
{
	uint32_t flags = spin_lock_irqsave(&console_lock);
	/* When the ring is full the newest byte is dropped, as a terminal would. */
	if (input_head - input_tail < INPUT_RING_SIZE)
		input_ring[input_head++ % INPUT_RING_SIZE] = c;
	spin_unlock_irqrestore(&console_lock, flags);
}

int console_try_getc(void)
{
	int c = -1;
	uint32_t flags = spin_lock_irqsave(&console_lock);
	if (input_tail != input_head)
		c = (unsigned char)input_ring[input_tail++ % INPUT_RING_SIZE];
	spin_unlock_irqrestore(&console_lock, flags);
	return c;
}

int console_getc(void)
{
	for (;;) {
		cli();
		int c = console_try_getc();
		if (c >= 0) {
			sti();
			return c;
		}
		/* Atomically re-enable interrupts and sleep: the byte we wait for
		 * arrives by interrupt, and must not slip in before the hlt. */
		sti_hlt();
	}
}

void console_break_lock(void)
{
	console_lock.is_locked = 0;
}
