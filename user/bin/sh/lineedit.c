/*
 * lineedit.c — the line editor: how the interactive shell reads a line from
 * a terminal.  (Scripts, pipes and sh -c never come here: input.c reads
 * them as before.)
 *
 * For each line the terminal goes into raw mode -- no ICANON, no ECHO, no
 * IEXTEN, one byte per read -- so every key reaches the
 * editor, which echoes and edits itself.  ISIG stays on: ^C still sends
 * SIGINT, and main.c's handler leaves the read at once (longjmp) and calls
 * lineedit_interrupted(), which prints "^C" and puts the modes back.  ^Z and
 * ^\ are turned into plain bytes for the line (VSUSP, VQUIT off) and ignored.
 * The saved modes come back in lineedit_finish(), which the shell calls as
 * soon as a command is parsed, before it runs anything, so every program
 * starts in the canonical mode it expects; a terminal left raw by a program
 * that died is put back in canonical mode, as "stty sane".
 *
 * The newline that ends a line waits until then too.  Between the lines of
 * one command (an open quote, an if without its fi) the terminal stays raw,
 * so a pasted continuation line meets the editor, not the kernel's canonical
 * editing; and the newline shows only after the modes are back, so what is
 * typed once it is on the screen (input for cat) meets the canonical terminal.
 *
 *   text, Backspace (DEL, ^H), Delete (ESC [ 3 ~), ^D on text: insert, erase
 *   Left/Right (^B/^F), Home/End (^A/^E)                     move the cursor
 *   ^K, ^U, ^W         erase to the end, to the start, the word before the cursor
 *   Up/Down (^P/^N)    walk the history (the line being typed is kept)
 *   Tab                complete (complete.c); a second Tab lists the matches
 *   ^L                 clear the screen, draw the prompt and the line again
 *   Enter (CR, LF)     the line is done; ^D on an empty line: end of input
 *
 * Bytes are read one at a time through input.c (which knows how ^C leaves a
 * read), never past the Enter: what was typed ahead stays in the terminal
 * for the command about to run, or for the next line.  A line holds at most
 * LINEEDIT_MAX bytes: past that, input is refused with a bell, and Enter
 * prints "sh: line too long" and drops the line -- never a silent cut.
 *
 * Read next: keys.c, display.c, history.c, complete.c.
 */
#include "lineedit.h"
#include "sh.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#define KEY_TAB '\t'
#define KEY_BACKSPACE 0x08
#define KEY_DEL 0x7f
#define CTRL_KEY(c) ((c)&0x1f)
#define DISPLAY_FD 2 /* the prompt's descriptor (input.c) */

enum edit_result { EDIT_GOING, EDIT_DONE, EDIT_EOF };

/* The terminal's modes while a line is edited. */
static struct {
	int fd;
	struct termios saved; /* put back after each line */
	bool is_raw;
	bool is_exit_hooked; /* atexit puts the modes back too */
} terminal;

/* The line being edited.  Static: it outlives the longjmp of a ^C. */
static struct editor {
	char text[LINEEDIT_MAX + 1];
	size_t len, pos;	 /* bytes in text; the cursor's place in them */
	bool is_too_long;	 /* input was refused: Enter drops the line */
	size_t history_pos;	 /* the history entry shown; history_count(): the new line */
	char *draft;		 /* the new line, kept while the history is shown */
	int last_key;		 /* the key before this one (Tab, Tab lists) */
	bool is_newline_pending; /* Enter was pressed; its newline is not shown yet */
	int (*read_byte)(void *arg);
	void *read_arg;
	struct key_source keys;
	struct display display;
} ed;

/* ---- the terminal's modes ---------------------------------------------------------- */

static void terminal_restore(void)
{
	if (!terminal.is_raw)
		return;
	tcsetattr(terminal.fd, TCSANOW, &terminal.saved);
	terminal.is_raw = false;
}

/* A terminal that a full-screen program left raw when it died would leave
 * every later command without line editing or echo. */
static void terminal_sanitize(struct termios *t)
{
	if (t->c_lflag & ICANON)
		return;
	t->c_lflag |= ICANON | ECHO | ECHOE | ECHOK | ISIG | IEXTEN;
	t->c_iflag |= ICRNL;
	t->c_oflag |= OPOST | ONLCR;
}

/* -1 when fd is not a terminal we can edit on (then input.c reads as before). */
static int terminal_enter_raw(int fd)
{
	struct termios t;
	if (tcgetattr(fd, &t) < 0 || !isatty(DISPLAY_FD))
		return -1;
	terminal_sanitize(&t);
	terminal.saved = t;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL | IEXTEN);
	/* CR in as LF (ICRNL): bytes typed ahead of Enter stay in the terminal
	 * for the next command, which must find lines in them. */
	t.c_iflag &= ~(tcflag_t)(INLCR | IGNCR | ISTRIP);
	t.c_iflag |= ICRNL;
	t.c_oflag |= OPOST | ONLCR; /* "\n" out is CR LF, as in canonical mode */
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	t.c_cc[VSUSP] = 0; /* ^Z and ^\ at the prompt: bytes the editor ignores */
	t.c_cc[VQUIT] = 0;
	if (tcsetattr(fd, TCSANOW, &t) < 0)
		return -1;
	terminal.fd = fd;
	terminal.is_raw = true;
	if (!terminal.is_exit_hooked)
		terminal.is_exit_hooked = atexit(terminal_restore) == 0;
	return 0;
}

static bool terminal_has_input(void)
{
	int n = 0;
	return ioctl(terminal.fd, FIONREAD, &n) == 0 && n > 0;
}

/* The editor's byte source: what was drawn is written out before a read
 * that may wait, and not before (a fast typist's keys cost one write). */
static int editor_read_byte(void *arg)
{
	(void)arg;
	if (ed.display.out_len && !terminal_has_input())
		display_flush(&ed.display);
	return ed.read_byte(ed.read_arg);
}

/* ---- edits --------------------------------------------------------------------- */

/* Replace text[from, to) with n bytes of s; the cursor goes after them.
 * false (and a bell, once) when the line would outgrow LINEEDIT_MAX. */
static bool editor_replace(size_t from, size_t to, const char *s, size_t n)
{
	if (ed.len - (to - from) + n > LINEEDIT_MAX) {
		if (!ed.is_too_long)
			display_bell(&ed.display);
		ed.is_too_long = true;
		return false;
	}
	memmove(ed.text + from + n, ed.text + to, ed.len - to);
	memcpy(ed.text + from, s, n);
	ed.len = ed.len - (to - from) + n;
	ed.pos = from + n;
	if (ed.len == 0)
		ed.is_too_long = false; /* cleared: a fresh start */
	display_refresh(&ed.display, ed.text, ed.len, from, ed.pos);
	return true;
}

static void editor_erase(size_t from, size_t to)
{
	if (from < to)
		editor_replace(from, to, "", 0);
	else
		display_bell(&ed.display);
}

static void editor_move(size_t pos)
{
	ed.pos = pos;
	display_move(&ed.display, pos);
}

/* One byte left (-1) or right (1); a bell at either end. */
static void editor_move_by(int step)
{
	if ((step < 0 && ed.pos == 0) || (step > 0 && ed.pos == ed.len))
		display_bell(&ed.display);
	else
		editor_move(step < 0 ? ed.pos - 1 : ed.pos + 1);
}

static void editor_set_text(const char *s)
{
	size_t n = strlen(s);
	if (n > LINEEDIT_MAX)
		n = LINEEDIT_MAX;
	memcpy(ed.text, s, n);
	ed.len = ed.pos = n;
	ed.is_too_long = false;
	display_refresh(&ed.display, ed.text, ed.len, 0, ed.pos);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* ^W: the blanks before the cursor, then the word before them. */
static void editor_erase_word(void)
{
	size_t start = ed.pos;
	while (start > 0 && is_blank(ed.text[start - 1]))
		start--;
	while (start > 0 && !is_blank(ed.text[start - 1]))
		start--;
	editor_erase(start, ed.pos);
}

/* ---- history ------------------------------------------------------------------- */

static void editor_history_up(void)
{
	if (ed.history_pos == 0) {
		display_bell(&ed.display);
		return;
	}
	if (ed.history_pos == history_count()) {
		free(ed.draft);
		ed.draft = xstrndup(ed.text, ed.len);
	}
	editor_set_text(history_get(--ed.history_pos));
}

static void editor_history_down(void)
{
	if (ed.history_pos >= history_count()) {
		display_bell(&ed.display);
		return;
	}
	if (++ed.history_pos < history_count()) {
		editor_set_text(history_get(ed.history_pos));
		return;
	}
	editor_set_text(ed.draft ? ed.draft : "");
	free(ed.draft);
	ed.draft = NULL;
}

/* ---- completion ---------------------------------------------------------------- */

static size_t longest_name(const struct completion *c)
{
	size_t width = 0;
	for (size_t i = 0; i < c->count; i++)
		if (strlen(c->names[i]) > width)
			width = strlen(c->names[i]);
	return width;
}

/* The matches in columns, down then across (as ls), below the line; then
 * the prompt and the line again. */
static void editor_list_matches(const struct completion *c)
{
	struct display *d = &ed.display;
	size_t width = longest_name(c) + 2;
	size_t columns = d->cols >= width ? d->cols / width : 1;
	size_t rows = (c->count + columns - 1) / columns;
	display_end_line(d, ed.len);
	for (size_t r = 0; r < rows; r++) {
		for (size_t k = 0; k < columns && r + k * rows < c->count; k++) {
			const char *name = c->names[r + k * rows];
			display_put(d, name, strlen(name));
			bool is_last = k + 1 == columns || r + (k + 1) * rows >= c->count;
			for (size_t pad = strlen(name); !is_last && pad < width; pad++)
				display_put(d, " ", 1);
		}
		display_put(d, "\n", 1);
	}
	display_redraw(d, ed.text, ed.len, ed.pos);
}

static void editor_complete(void)
{
	struct completion c;
	complete_at(ed.text, ed.pos, &c);
	if (c.insert[0])
		editor_replace(ed.pos, ed.pos, c.insert, strlen(c.insert));
	if (c.count > 1 && !c.insert[0] && ed.last_key == KEY_TAB)
		editor_list_matches(&c);
	else if (c.count != 1)
		display_bell(&ed.display); /* nothing, or not one: as far as it goes */
	completion_free(&c);
}

/* ---- keys ---------------------------------------------------------------------- */

static bool is_text(int key)
{
	return (key >= 0x20 && key < KEY_DEL) || (key >= 0x80 && key <= 0xff);
}

/* ^D: end of input on an empty line, else Delete. */
static enum edit_result editor_ctrl_d(void)
{
	if (ed.len > 0) {
		editor_erase(ed.pos, ed.pos < ed.len ? ed.pos + 1 : ed.pos);
		return EDIT_GOING;
	}
	return EDIT_EOF; /* lineedit_read ends the line: the next prompt starts one */
}

static void editor_clear_screen(void)
{
	display_clear_screen(&ed.display);
	display_redraw(&ed.display, ed.text, ed.len, ed.pos);
}

/* Keys that move the cursor; false if key is not one. */
static bool editor_motion(int key)
{
	if (key == KEY_LEFT || key == CTRL_KEY('B'))
		editor_move_by(-1);
	else if (key == KEY_RIGHT || key == CTRL_KEY('F'))
		editor_move_by(1);
	else if (key == KEY_HOME || key == CTRL_KEY('A'))
		editor_move(0);
	else if (key == KEY_END || key == CTRL_KEY('E'))
		editor_move(ed.len);
	else if (key == KEY_UP || key == CTRL_KEY('P'))
		editor_history_up();
	else if (key == KEY_DOWN || key == CTRL_KEY('N'))
		editor_history_down();
	else
		return false;
	return true;
}

/* Keys that change the text; false if key is not one. */
static bool editor_change(int key)
{
	if (is_text(key)) {
		char c = (char)key;
		editor_replace(ed.pos, ed.pos, &c, 1);
	} else if (key == KEY_DEL || key == KEY_BACKSPACE) {
		editor_erase(ed.pos ? ed.pos - 1 : 0, ed.pos);
	} else if (key == KEY_DELETE) {
		editor_erase(ed.pos, ed.pos < ed.len ? ed.pos + 1 : ed.pos);
	} else if (key == CTRL_KEY('K')) {
		editor_erase(ed.pos, ed.len);
	} else if (key == CTRL_KEY('U')) {
		editor_erase(0, ed.pos);
	} else if (key == CTRL_KEY('W')) {
		editor_erase_word();
	} else if (key == KEY_TAB) {
		editor_complete();
	} else {
		return false;
	}
	return true;
}

/* The terminal's own erase, kill and word-erase characters (stty erase ^H,
 * ...) do what they do in canonical mode. */
static int editor_map_tty_key(int key)
{
	const cc_t *cc = terminal.saved.c_cc;
	if (key < 0 || key > 0xff)
		return key;
	if (cc[VERASE] && key == cc[VERASE])
		return KEY_DEL;
	if (cc[VKILL] && key == cc[VKILL])
		return CTRL_KEY('U');
	if (cc[VWERASE] && key == cc[VWERASE])
		return CTRL_KEY('W');
	return key;
}

static enum edit_result editor_key(int key)
{
	key = editor_map_tty_key(key);
	if (key == '\r' || key == '\n')
		return EDIT_DONE;
	if (key == KEY_EOF)
		return EDIT_EOF;
	if (key == CTRL_KEY('D'))
		return editor_ctrl_d();
	if (key == CTRL_KEY('L'))
		editor_clear_screen();
	else if (!editor_motion(key) && !editor_change(key) && key != CTRL_KEY('Z') &&
		 key != CTRL_KEY('\\') && key != KEY_IGNORED)
		display_bell(&ed.display); /* a control key with no meaning here */
	return EDIT_GOING;
}

/* ---- the shell's side ------------------------------------------------------------- */

static void editor_begin(const char *prompt, int (*read_byte)(void *), void *arg)
{
	ed.len = ed.pos = 0;
	ed.is_too_long = false;
	ed.history_pos = history_count();
	free(ed.draft);
	ed.draft = NULL;
	ed.last_key = -1;
	ed.read_byte = read_byte;
	ed.read_arg = arg;
	ed.keys = (struct key_source){editor_read_byte, NULL, -1};
	display_start(&ed.display, DISPLAY_FD, prompt);
}

/* The newline that ends the last line read, if it is still owed. */
static void editor_end_line(void)
{
	if (!ed.is_newline_pending)
		return;
	ed.is_newline_pending = false;
	display_end_line(&ed.display, ed.len);
	display_flush(&ed.display);
}

int lineedit_read(int fd, const char *prompt, int (*read_byte)(void *), void *arg,
		  struct strbuf *line)
{
	editor_end_line(); /* a continuation line: the terminal is still raw */
	if (!terminal.is_raw && terminal_enter_raw(fd) < 0)
		return -1;
	editor_begin(prompt, read_byte, arg);
	enum edit_result r = EDIT_GOING;
	while (r == EDIT_GOING) {
		int key = key_read(&ed.keys);
		r = editor_key(key);
		ed.last_key = key;
	}
	display_move(&ed.display, ed.len);
	display_flush(&ed.display);
	ed.is_newline_pending = true;
	if (r == EDIT_EOF || ed.is_too_long)
		lineedit_finish();
	if (r == EDIT_EOF)
		return 0;
	if (ed.is_too_long) {
		sh_error("line too long (limit %d bytes)", LINEEDIT_MAX);
		shell.last_status = 2;
	} else {
		history_add(ed.text, ed.len);
		sb_add(line, ed.text, ed.len);
	}
	sb_addc(line, '\n');
	return 1;
}

void lineedit_finish(void)
{
	if (terminal.is_raw) {
		display_flush(&ed.display);
		terminal_restore();
	}
	editor_end_line();
}

void lineedit_interrupted(void)
{
	ed.is_newline_pending = false; /* main.c prints the newline after "^C" */
	if (!terminal.is_raw)
		return;
	display_move(&ed.display, ed.len);
	display_put(&ed.display, "^C", 2);
	display_flush(&ed.display);
	terminal_restore();
}
