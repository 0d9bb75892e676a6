/*
 * console.h — where kernel output goes and where keyboard/serial input comes from.
 *
 * Output: every registered console driver (serial, VGA) receives every byte
 * written with console_write().  Input: drivers push received characters with
 * console_input() from their interrupt handlers; the terminal line discipline
 * (kernel/tty.c) edits them into lines for readers.
 */
#ifndef CORRAL_CONSOLE_H
#define CORRAL_CONSOLE_H

#include <corral/types.h>

struct console_driver {
	const char *name;
	/* Write len bytes; "\n" means newline (the driver adds "\r" if it needs it).
	 * Called with interrupts disabled; must not sleep. */
	void (*write)(const char *buf, size_t len);
	/* The same, bytes as they are: "\n" moves down a line and nothing else
	 * (a terminal with ONLCR off).  NULL: write is used. */
	void (*write_raw)(const char *buf, size_t len);
	struct console_driver *next; /* console list, protected by console_lock */
};

void console_register(struct console_driver *driver);
void console_write(const char *buf, size_t len);
void console_write_raw(const char *buf, size_t len); /* the tty with OPOST/ONLCR off */

void console_break_lock(void); /* panic only, via printk_break_locks */

/* Input side: a received byte, from an interrupt handler (goes to kernel/tty.c). */
void console_input(char c);

/* Special input bytes (what the keyboard driver produces for control keys). */
#define CTRL(c) ((c)&0x1f)

/* Drivers (arch/x86). */
void serial_init(void);
void serial_enable_input(void);  /* after the IDT and PIC are ready */
void vga_init(void);
void keyboard_init(void);

#endif
