/*
 * lineedit.h — private to the line editor, the shell's interactive front end:
 *
 *   lineedit.c   the terminal's modes, and keys turned into edits of one line
 *   keys.c       bytes turned into keys (escape sequences: arrows, Home, ...)
 *   display.c    the line drawn on the terminal and kept in step with edits
 *   history.c    the lines typed before (up/down, the history builtin)
 *   complete.c   Tab: what the word at the cursor could become
 *
 * input.c calls lineedit_read() (sh.h) for each line when the shell reads a
 * terminal; everything else here is between these five files.
 */
#ifndef SH_LINEEDIT_H
#define SH_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

/* ---- keys (keys.c) ------------------------------------------------------------ */

/* A key is a byte (0-255: printable text and control keys as typed), or one
 * of these for an escape sequence. */
enum {
	KEY_EOF = -1,	/* the terminal has no more input */
	KEY_UP = 0x100, /* ESC [ A, ESC O A */
	KEY_DOWN,	/* ESC [ B, ESC O B */
	KEY_RIGHT,	/* ESC [ C, ESC O C */
	KEY_LEFT,	/* ESC [ D, ESC O D */
	KEY_HOME,	/* ESC [ H, ESC O H, ESC [ 1 ~, ESC [ 7 ~ */
	KEY_END,	/* ESC [ F, ESC O F, ESC [ 4 ~, ESC [ 8 ~ */
	KEY_DELETE,	/* ESC [ 3 ~ */
	KEY_IGNORED,	/* any other sequence, swallowed whole */
};

struct key_source {
	int (*read_byte)(void *arg); /* the next byte, or EOF */
	void *arg;
	int held; /* a byte read too far (it ended a sequence early), or -1 */
};

int key_read(struct key_source *src);

/* ---- the display (display.c) --------------------------------------------------- */

#define DISPLAY_OUT_MAX 1024 /* output gathered before one write */

/* Positions are cells counted from the prompt's first one, row after row:
 * cell c is on row c / cols, column c % cols of the line's first row. */
struct display {
	int fd;			   /* the terminal */
	size_t cols;		   /* its width */
	const char *prompt;	   /* drawn again after ^L or a list of completions */
	size_t prompt_width;	   /* cells of its last line */
	size_t cursor;		   /* where the terminal's cursor is */
	size_t shown;		   /* cells drawn: prompt and text (stale cells too) */
	bool is_wrap_pending;	   /* text ended in the last column: see display.c */
	char out[DISPLAY_OUT_MAX]; /* bytes not yet written */
	size_t out_len;
};

void display_start(struct display *d, int fd, const char *prompt); /* draws the prompt */
void display_refresh(struct display *d, const char *text, size_t len, size_t from,
		     size_t pos);		  /* text[from..] changed; the cursor goes to pos */
void display_move(struct display *d, size_t pos); /* the cursor to text[pos] */
void display_redraw(struct display *d, const char *text, size_t len, size_t pos);
void display_clear_screen(struct display *d);
void display_end_line(struct display *d, size_t len);	      /* past the text, newline */
void display_put(struct display *d, const char *s, size_t n); /* plain output */
void display_bell(struct display *d);
void display_flush(struct display *d);

/* ---- history (history.c) --------------------------------------------------------- */

#define HISTORY_MAX 500 /* entries kept; the oldest go first */

void history_add(const char *line, size_t len); /* blank lines and repeats are not kept */
size_t history_count(void);
const char *history_get(size_t i); /* 0 is the oldest */

/* ---- completion (complete.c) ----------------------------------------------------- */

struct completion {
	char *insert; /* what Tab puts at the cursor (quoted), or "" */
	char **names; /* the matches, sorted; a directory ends in "/" */
	size_t count;
};

void complete_at(const char *line, size_t cursor, struct completion *out);
void completion_free(struct completion *c);

#endif
