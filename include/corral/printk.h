/*
 * printk.h — formatted kernel messages with levels, and the string formatter.
 *
 * A message may start with a level (KERN_ERR "..."), as in Linux: the level is
 * a two-byte prefix "\001N"; a message without one has LOGLEVEL_DEFAULT.
 * Messages whose level is below the console log level (default 7: everything
 * but debug; `loglevel=N` on the command line) reach the console; all of them
 * go to the log buffer that the monitor's `log` prints.
 *
 * Formats: %d %i %u %x %X %o %p %s %c %%, with l and ll (%lu %llu %lld %llx),
 * a width, '0' padding and '-' left alignment, and the precision of %.Ns.
 */
#ifndef CORRAL_PRINTK_H
#define CORRAL_PRINTK_H

#include <corral/types.h>

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"

#define LOGLEVEL_DEFAULT 4 /* level of a message that names none (as Linux) */
#define CONSOLE_LOGLEVEL_DEFAULT 7

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
void printk_set_console_level(int level);
/* Copy the newest part of the log buffer into buf, levels stripped; returns
 * bytes copied. */
size_t printk_read_log(char *buf, size_t size);
/* syslog(2)'s view (kernel/syslog.c): lines with their "<N>" level prefixes. */
size_t printk_syslog_read(char *buf, size_t size); /* unread bytes, consumed */
size_t printk_syslog_read_all(char *buf, size_t size, bool is_clear); /* newest whole lines */
size_t printk_syslog_unread(void);
void printk_syslog_clear(void);                    /* READ_ALL starts after what is there */
size_t printk_syslog_buffer_size(void);
void printk_console_off(int quiet_level);          /* only levels below quiet_level */
void printk_console_on(void);                      /* the level before console_off */

/* Start a new console line unless at the start of one (reports must begin a line). */
void printk_start_line(void);
/* For panic only: forget any holder of the printk and console locks. */
void printk_break_locks(void);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#define pr_err(...) printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...) printk(KERN_WARNING __VA_ARGS__)
#define pr_info(...) printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...) printk(KERN_DEBUG __VA_ARGS__)

#endif
