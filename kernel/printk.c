/*
 * printk.c — kernel messages: level filtering, the log buffer, the console.
 *
 * Every message is formatted into a line buffer, appended to a ring (the log
 * buffer, read by the monitor's `log`), and, when its level is at or below the
 * console level, written to every console.  printk may be called from interrupt
 * handlers and from panic: it takes printk_lock with interrupts off and never
 * sleeps.  Formatting rules: kernel/vsprintf.c.  Next: kernel/console.c.
 */
#include <corral/console.h>
#include <corral/printk.h>
#include <corral/spinlock.h>
#include <corral/string.h>

#define LOG_BUF_SIZE 16384
#define PRINTK_LINE_MAX 512

static struct spinlock printk_lock = SPINLOCK_INIT("printk");
/* Protected by printk_lock. */
static char log_buf[LOG_BUF_SIZE];
static size_t log_head;        /* total bytes ever written; index = head % size */
static int console_level = CONSOLE_LOGLEVEL_DEFAULT; /* print levels below it */

void printk_set_console_level(int level)
{
	uint32_t flags = spin_lock_irqsave(&printk_lock);
	console_level = level;
	spin_unlock_irqrestore(&printk_lock, flags);
}

static void log_append(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		log_buf[(log_head + i) % LOG_BUF_SIZE] = text[i];
	log_head += len;
}

size_t printk_read_log(char *buf, size_t size)
{
	uint32_t flags = spin_lock_irqsave(&printk_lock);
	size_t avail = log_head < LOG_BUF_SIZE ? log_head : LOG_BUF_SIZE;
	size_t n = avail < size ? avail : size;
	size_t start = log_head - n;
	for (size_t i = 0; i < n; i++)
		buf[i] = log_buf[(start + i) % LOG_BUF_SIZE];
	spin_unlock_irqrestore(&printk_lock, flags);
	return n;
}

/* Strip a KERN_* prefix; returns the level it names. */
static int take_level(const char **fmt)
{
	const char *f = *fmt;
	if (f[0] == KERN_SOH[0] && f[1] >= '0' && f[1] <= '7') {
		*fmt = f + 2;
		return f[1] - '0';
	}
	return LOGLEVEL_DEFAULT;
}

int vprintk(const char *fmt, va_list ap)
{
	char line[PRINTK_LINE_MAX];
	int level = take_level(&fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	size_t len = n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1;

	uint32_t flags = spin_lock_irqsave(&printk_lock);
	log_append(line, len);
	if (level < console_level)
		console_write(line, len);
	spin_unlock_irqrestore(&printk_lock, flags);
	return (int)len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* Start a new console line unless the last byte printed ended one. */
void printk_start_line(void)
{
	uint32_t flags = spin_lock_irqsave(&printk_lock);
	bool is_mid_line = log_head && log_buf[(log_head - 1) % LOG_BUF_SIZE] != '\n';
	if (is_mid_line) {
		log_append("\n", 1);
		console_write("\n", 1);
	}
	spin_unlock_irqrestore(&printk_lock, flags);
}

/* A panic may interrupt a holder of these locks; it must still be heard.
 * One CPU, interrupts off: nobody else will touch them again. */
void printk_break_locks(void)
{
	printk_lock.is_locked = 0;
	console_break_lock();
}
