/*
 * keys.c — the bytes a terminal sends, turned into keys for the line editor.
 *
 * Most keys are one byte: text, and the control keys (^A is 1, Backspace is
 * DEL 0x7f or ^H, Enter is CR or LF).  The grey keys arrive as escape
 * sequences, in one of two shapes (ECMA-48; xterm, the Linux console and
 * Corral's keyboard driver send these):
 *
 *   ESC [ parameters 0x30-0x3f ... intermediates 0x20-0x2f ... final 0x40-0x7e
 *         ESC [ A (up)   ESC [ 3 ~ (Delete)   ESC [ 1 ; 5 C (ctrl-right)
 *   ESC O final          ESC O H (Home, in the keypad's "application" mode)
 *
 * A sequence we do not know is read to its final byte and dropped whole, so
 * none of it ends up in the line.  A control byte in the middle of one (a lone
 * ESC, then Enter) abandons the sequence and counts as a key of its own: an
 * Enter is never eaten.  ESC followed by an ordinary byte (alt-x) is dropped.
 * The editor waits for the byte after an ESC; there is no timeout.
 *
 * Read next: lineedit.c (what each key does).
 */
#include "lineedit.h"

#include <stdio.h>

#define KEY_ESC 0x1b

static int key_next_byte(struct key_source *src)
{
	if (src->held >= 0) {
		int c = src->held;
		src->held = -1;
		return c;
	}
	return src->read_byte(src->arg);
}

/* A byte that cannot be part of a sequence: keep it for the next key. */
static int key_abandon(struct key_source *src, int c)
{
	if (c == EOF)
		return KEY_EOF;
	src->held = c;
	return KEY_IGNORED;
}

/* The key of a CSI sequence's final byte, given its first parameter. */
static int key_of_csi(int final, int param)
{
	switch (final) {
	case 'A':
		return KEY_UP;
	case 'B':
		return KEY_DOWN;
	case 'C':
		return KEY_RIGHT;
	case 'D':
		return KEY_LEFT;
	case 'H':
		return KEY_HOME;
	case 'F':
		return KEY_END;
	case '~':
		if (param == 1 || param == 7)
			return KEY_HOME;
		if (param == 4 || param == 8)
			return KEY_END;
		return param == 3 ? KEY_DELETE : KEY_IGNORED;
	default:
		return KEY_IGNORED;
	}
}

/* After "ESC [" (or "ESC O": the same shape, no parameters in practice):
 * parameters and intermediates up to the final byte. */
static int key_read_sequence(struct key_source *src)
{
	int param = 0, is_first_param = 1;
	for (;;) {
		int c = key_next_byte(src);
		if (c < 0x20 || c > 0x7e)
			return key_abandon(src, c);
		if (c >= 0x40)
			return key_of_csi(c, param);
		if (c >= '0' && c <= '9' && is_first_param && param < 1000)
			param = param * 10 + (c - '0');
		else if (c == ';')
			is_first_param = 0;
	}
}

int key_read(struct key_source *src)
{
	int c = key_next_byte(src);
	if (c == EOF)
		return KEY_EOF;
	if (c != KEY_ESC)
		return c;
	c = key_next_byte(src);
	if (c == '[' || c == 'O')
		return key_read_sequence(src);
	if (c == EOF || c < 0x20 || c == 0x7f)
		return key_abandon(src, c); /* ESC, then a key of its own */
	return KEY_IGNORED;		    /* alt-x */
}
