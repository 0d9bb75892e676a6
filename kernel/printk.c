/*
 * printk.c — kernel messages: level filtering, the log buffer, the console.
 *
 * Every message is formatted into a line buffer, appended to a ring (the log
 * buffer, read by the monitor's `log` and by syslog(2)), and, when its level
 * is below the console level, written to every console.  printk may be called
 * from interrupt handlers and from panic: it takes printk_lock with interrupts
 * off and never sleeps.  Formatting rules: kernel/vsprintf.c.
 *
 * The ring keeps each line as syslog(2) hands it out, its level in front:
 *
 *     <6>ata: hda: QEMU HARDDISK, 16 MiB\n<4>swap: ...\n
 *     ^ clear_pos (READ_ALL starts here)     ^ read_pos (READ consumes from here)
 *
 * Positions count every byte ever written (log_head likewise); the ring holds
 * the last LOG_BUF_SIZE of them, so a position older than that means "the
 * oldest byte still there", and a read that starts in the middle of a line
 * skips to the next whole one.  printk_read_log (the monitor's view) strips
 * the levels again.  Next: kernel/syslog.c (the system call), kernel/console.c.
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
static size_t log_read_pos;    /* syslog READ's cursor */
static size_t log_clear_pos;   /* syslog CLEAR's mark: READ_ALL starts no earlier */
static int console_level = CONSOLE_LOGLEVEL_DEFAULT; /* print levels below it */
static int saved_console_level; /* syslog CONSOLE_OFF's, for CONSOLE_ON; 0: none */

void printk_set_console_level(int level)
{
	uint32_t flags = spin_lock_irqsave(&printk_lock);
	console_level = level;
	saved_console_level = 0; /* a level set by hand is not undone by CONSOLE_ON */
	spin_unlock_irqrestore(&printk_lock, flags);
}

static char log_byte(size_t pos)
{
	return log_buf[pos % LOG_BUF_SIZE];
}

static bool log_is_line_start(size_t pos)
{
	return pos == 0 || log_byte(pos - 1) == '\n';
}

static void log_put(char c)
{
	log_buf[log_head % LOG_BUF_SIZE] = c;
	log_head++;
}

/* Append text; each line it begins gets its level in front, "<4>". */
static void log_append(const char *text, size_t len, int level)
{
	for (size_t i = 0; i < len; i++) {
		if (log_is_line_start(log_head)) {
			log_put('<');
			log_put((char)('0' + level));
			log_put('>');
		}
		log_put(text[i]);
	}
}

/* The oldest position still in the ring, at or after from. */
static size_t log_oldest_from(size_t from)
{
	size_t oldest = log_head > LOG_BUF_SIZE ? log_head - LOG_BUF_SIZE : 0;
	return from > oldest ? from : oldest;
}

/* Copy [start, log_head) but at most size bytes of it, the newest, beginning
 * at a whole line; returns the bytes copied.  printk_lock held. */
static size_t log_copy_newest(char *buf, size_t size, size_t start)
{
	start = log_oldest_from(start);
	if (log_head - start > size)
		start = log_head - size;
	/* A whole line begins where the byte before is a '\n' still in the ring. */
	while (start > 0 && start < log_head &&
	       (log_head - start >= LOG_BUF_SIZE || log_byte(start - 1) != '\n'))
		start++;
	for (size_t i = start; i < log_head; i++)
		buf[i - start] = log_byte(i);
	return log_head - start;
}

/* Remove the "<N>" at the start of each line, in place; returns the new length. */
static size_t log_strip_levels(char *buf, size_t n)
{
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		bool is_line_start = i == 0 || buf[i - 1] == '\n';
		if (is_line_start && i + 2 < n && buf[i] == '<' && buf[i + 2] == '>' &&
		    buf[i + 1] >= '0' && buf[i + 1] <= '7') {
			i += 2;
			continue;
		}
		buf[out++] = buf[i];
	}
	return out;
}

size_t printk_read_log(char *buf, size_t size)
{
	uint32_t flags = spin_lock_irqsave(&printk_lock);
	size_t n = log_copy_newest(buf, size, 0);
	spin_unlock_irqrestore(&printk_lock, flags);
	return log_strip_levels(buf, n);
}

size_t printk_syslog_read_all(char *buf, size_t size, bool is_clear)
{
	uint32_t flags = spin_lock_irqsave(&printk_lock);
	size_t n = log_copy_newest(buf, size, log_clear_pos);
	if (is_clear)
		log_clear_pos = log_head;
	spin_unlock_irqrestore(&printk_lock, flags);
	return n;
}

size_t printk_syslog_read(char *buf, size_t size)
{
	uint32_t flags = spin_lock_irqsave(&printk_lock);
	size_t start = log_oldest_from(log_read_pos);
	size_t n = log_head - start < size ? log_head - start : size;
	for (size_t i = 0; i < n; i++)
		buf[i] = log_byte(start + i);
	log_read_pos = start + n;
	spin_unlock_irqrestore(&printk_lock, flags);
	return n;
}

size_t printk_syslog_unread(void)
{
	uint32_t flags = spin_lock_irqsave(&printk_lock);
	size_t n = log_head - log_oldest_from(log_read_pos);
	spin_unlock_irqrestore(&printk_lock, flags);
	return n;
}

void printk_syslog_clear(void)
{
	uint32_t flags = spin_lock_irqsave(&printk_lock);
	log_clear_pos = log_head;
	spin_unlock_irqrestore(&printk_lock, flags);
}

size_t printk_syslog_buffer_size(void)
{
	return LOG_BUF_SIZE;
}

/* CONSOLE_OFF keeps the level it replaced, once; CONSOLE_ON puts it back. */
void printk_console_off(int quiet_level)
{
	uint32_t flags = spin_lock_irqsave(&printk_lock);
	if (!saved_console_level)
		saved_console_level = console_level;
	console_level = quiet_level;
	spin_unlock_irqrestore(&printk_lock, flags);
}

void printk_console_on(void)
{
	uint32_t flags = spin_lock_irqsave(&printk_lock);
	if (saved_console_level)
		console_level = saved_console_level;
	saved_console_level = 0;
	spin_unlock_irqrestore(&printk_lock, flags);
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
	log_append(line, len, level);
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
	if (!log_is_line_start(log_head)) {
		log_put('\n');
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
