/*
 * console.c — the console: one output fan-out and one input queue.
 *
 * Output goes to every registered driver (serial first, then VGA), either
 * with "\n" meaning a new line (printk, and the tty with ONLCR) or raw.  Input
 * arrives from the serial and keyboard interrupt handlers through
 * console_input(), which hands each character to the terminal line
 * discipline.  Next: kernel/tty.c (line editing, readers), arch/x86/serial.c
 * and vga.c (drivers).
 */
#include <corral/console.h>
#include <corral/spinlock.h>
#include <corral/tty.h>
#include <corral/x86.h>

static struct spinlock console_lock = SPINLOCK_INIT("console");
/* Protected by console_lock (interrupts off). */
static struct console_driver *console_drivers;

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

void console_write_raw(const char *buf, size_t len)
{
	uint32_t flags = spin_lock_irqsave(&console_lock);
	for (struct console_driver *d = console_drivers; d; d = d->next)
		(d->write_raw ? d->write_raw : d->write)(buf, len);
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_input(char c)
{
	tty_receive_char(c);
}

void console_break_lock(void)
{
	console_lock.is_locked = 0;
}
