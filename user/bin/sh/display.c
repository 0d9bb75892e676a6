/*
 * display.c — the line being edited, drawn on the terminal after the prompt
 * and kept in step with each edit using plain VT100 sequences: CR, "\b",
 * ESC [ n A/B/C/D (cursor up/down/right/left), ESC [ K and ESC [ J (erase to
 * the end of the row / of the screen), ESC [ H ESC [ 2 J (clear).  The serial
 * console's terminal and Corral's VGA console (arch/x86/vga.c) both know them.
 *
 * The picture: the prompt starts a row, and the prompt and the text run on
 * through as many rows as they need, the terminal wrapping them at its width
 * (TIOCGWINSZ; 80 if it does not say).  Every byte takes one cell, so text[i]
 * is cell prompt_width + i, on row cell / cols and column cell % cols of the
 * line's first row.  Moving between two cells is a row move and a column
 * move.  An edit redraws from the first changed byte to the end, erases what
 * the old text had beyond the new end, and puts the cursor back: typing at the
 * end of the line prints just the byte typed, so the echo looks exactly as in
 * canonical mode (the test harness reads it so).
 *
 * The one trap is the last column.  After a byte is written there, a VT100
 * (xterm, most serial terminals) leaves the cursor on that column with a wrap
 * "pending" until the next byte, while the VGA console wraps at once.  Both
 * agree again after one more byte, so before moving or erasing from such a
 * spot we write one (a blank: nothing but stale cells follows the text's
 * end).  Enter's newline is written from either state as it is: on a VT100
 * the next line starts on the next row, on the VGA console one row is left
 * blank, as it is after a canonical-mode echo there.
 *
 * A line taller than the screen cannot be redrawn right (the rows above the
 * top are gone); the text is still edited right.  Output is gathered in d->out
 * and written when the editor is about to wait for a key.
 */
#include "lineedit.h"

#include <fileio.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define DISPLAY_DEFAULT_COLS 80

void display_flush(struct display *d)
{
	/* A failure means the terminal is gone: nothing to show it on. */
	(void)write_all(d->fd, d->out, d->out_len);
	d->out_len = 0;
}

void display_put(struct display *d, const char *s, size_t n)
{
	while (n > 0) {
		if (d->out_len == sizeof(d->out))
			display_flush(d);
		size_t room = sizeof(d->out) - d->out_len;
		size_t k = n < room ? n : room;
		memcpy(d->out + d->out_len, s, k);
		d->out_len += k;
		s += k;
		n -= k;
	}
}

static void display_puts(struct display *d, const char *s)
{
	display_put(d, s, strlen(s));
}

/* ESC [ n X: a cursor move of n cells in direction X. */
static void display_csi(struct display *d, size_t n, char x)
{
	char seq[24];
	int len = n == 1 ? snprintf(seq, sizeof(seq), "\033[%c", x)
			 : snprintf(seq, sizeof(seq), "\033[%zu%c", n, x);
	display_put(d, seq, (size_t)len);
}

/* Text or prompt bytes written at the cursor, one cell each. */
static void display_write_cells(struct display *d, const char *s, size_t n)
{
	display_put(d, s, n);
	d->cursor += n;
	if (d->cursor > d->shown)
		d->shown = d->cursor;
	if (n > 0)
		d->is_wrap_pending = d->cursor % d->cols == 0;
}

/* From a pending wrap to a known place: see the header. */
static void display_settle_wrap(struct display *d)
{
	if (!d->is_wrap_pending)
		return;
	display_write_cells(d, " ", 1);
	d->is_wrap_pending = false;
}

static void display_goto_cell(struct display *d, size_t cell)
{
	if (cell == d->cursor)
		return;
	display_settle_wrap(d);
	size_t row = d->cursor / d->cols, col = d->cursor % d->cols;
	size_t to_row = cell / d->cols, to_col = cell % d->cols;
	if (to_row < row)
		display_csi(d, row - to_row, 'A');
	else if (to_row > row)
		display_csi(d, to_row - row, 'B');
	if (to_col + 1 == col)
		display_puts(d, "\b");
	else if (to_col < col)
		display_csi(d, col - to_col, 'D');
	else if (to_col > col)
		display_csi(d, to_col - col, 'C');
	d->cursor = cell;
}

/* Erase the cells from the cursor to the end of what was drawn. */
static void display_erase_rest(struct display *d)
{
	if (d->shown <= d->cursor)
		return;
	display_settle_wrap(d);
	if (d->shown > d->cursor) {
		bool is_same_row = (d->shown - 1) / d->cols == d->cursor / d->cols;
		display_puts(d, is_same_row ? "\033[K" : "\033[J");
	}
	d->shown = d->cursor;
}

static size_t display_terminal_cols(int fd)
{
	struct winsize ws;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return DISPLAY_DEFAULT_COLS;
}

/* Only the prompt's last line shares a row with the text. */
static size_t display_prompt_width(const char *prompt)
{
	const char *last = strrchr(prompt, '\n');
	return strlen(last ? last + 1 : prompt);
}

static void display_draw_prompt(struct display *d)
{
	d->cursor = d->shown = 0;
	d->is_wrap_pending = false;
	display_puts(d, d->prompt);
	d->cursor = d->shown = d->prompt_width;
	d->is_wrap_pending = d->prompt_width > 0 && d->prompt_width % d->cols == 0;
}

void display_start(struct display *d, int fd, const char *prompt)
{
	d->fd = fd;
	d->cols = display_terminal_cols(fd);
	d->prompt = prompt;
	d->prompt_width = display_prompt_width(prompt);
	d->out_len = 0;
	display_draw_prompt(d);
}

void display_refresh(struct display *d, const char *text, size_t len, size_t from, size_t pos)
{
	display_goto_cell(d, d->prompt_width + from);
	display_write_cells(d, text + from, len - from);
	display_erase_rest(d);
	display_goto_cell(d, d->prompt_width + pos);
}

void display_move(struct display *d, size_t pos)
{
	display_goto_cell(d, d->prompt_width + pos);
}

/* The prompt and the line again, from the cursor's row start (after ^L, or
 * after a list of completions left the cursor on a fresh row). */
void display_redraw(struct display *d, const char *text, size_t len, size_t pos)
{
	display_draw_prompt(d);
	display_refresh(d, text, len, 0, pos);
}

void display_clear_screen(struct display *d)
{
	display_puts(d, "\033[H\033[2J");
}

/* Enter: past the text, then a newline (the terminal's ONLCR makes it CR LF).
 * A pending wrap is not settled first: that would print a blank the test
 * harness would read as part of the echo. */
void display_end_line(struct display *d, size_t len)
{
	display_goto_cell(d, d->prompt_width + len);
	display_puts(d, "\n");
	d->cursor = d->shown = 0;
	d->is_wrap_pending = false;
}

void display_bell(struct display *d)
{
	display_puts(d, "\a");
}
