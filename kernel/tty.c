/*
 * tty.c — canonical line editing on the console.
 *
 * Reads bytes from the console and builds one line: printable bytes are echoed
 * and stored, backspace/DEL erase one ("\b \b"), ^U erases the line, ^C throws
 * it away, ^D on an empty line is end of file, Enter (CR or LF) ends it.
 * Serial terminals send CR for Enter; a following LF is not a second line.
 * Escape sequences (arrow keys: ESC [ A) are read whole and ignored: there is
 * no history or cursor movement to use them for.
 * The monitor uses it now; /dev/console and the shell use it in issue 3.
 */
#include <corral/console.h>
#include <corral/tty.h>

#define KEY_BACKSPACE 0x08
#define KEY_DEL 0x7f
#define KEY_ESC 0x1b

static void tty_echo(const char *s, size_t len)
{
	console_write(s, len);
}

static void tty_erase(size_t count)
{
	while (count--)
		tty_echo("\b \b", 3);
}

/* Swallow the rest of an escape sequence: ESC [ params final-byte, or ESC x. */
static void tty_skip_escape(void)
{
	char c = (char)console_getc();
	if (c != '[')
		return;
	do
		c = (char)console_getc();
	while (c >= 0x20 && c < 0x40); /* parameter and intermediate bytes */
}

int tty_read_line(char *buf, size_t size)
{
	size_t len = 0;
	static bool last_was_cr; /* swallow the LF of a CR LF pair */

	for (;;) {
		char c = (char)console_getc();
		if (c == '\n' && last_was_cr) {
			last_was_cr = false;
			continue;
		}
		last_was_cr = (c == '\r');
		if (c == '\r' || c == '\n') {
			tty_echo("\n", 1);
			buf[len] = '\0';
			return (int)len;
		}
		if (c == KEY_BACKSPACE || c == KEY_DEL) {
			if (len) {
				len--;
				tty_erase(1);
			}
		} else if (c == CTRL('U')) {
			tty_erase(len);
			len = 0;
		} else if (c == CTRL('C')) {
			tty_echo("^C\n", 3);
			return TTY_INTERRUPT;
		} else if (c == CTRL('D')) {
			if (len == 0)
				return TTY_EOF;
		} else if (c == KEY_ESC) {
			tty_skip_escape();
		} else if (((unsigned char)c >= ' ' || c == '\t') && len + 1 < size) {
			buf[len++] = c;
			tty_echo(&c, 1);
		}
	}
}
