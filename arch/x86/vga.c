/*
 * vga.c — the VGA text screen as a console output driver.
 *
 * The screen is 80x25 cells of 16-bit words in memory at physical 0xB8000
 * (reached through the kernel's direct map): the low byte is the character
 * (code page 437), the high byte its colour.  Every byte the console writes is
 * fed through vga_feed_byte(), which keeps the cursor, wraps long lines at the
 * right edge, scrolls the whole screen up one row when the cursor passes the
 * bottom, and moves the blinking hardware cursor (a register pair in the CRT
 * controller) once per write.
 *
 * Programs write ANSI escape sequences meant for a serial terminal.  The
 * screen understands the few a line editor needs (the shell's, user/bin/sh/
 * lineedit.c) -- cursor up/down/right/left (ESC [ n A/B/C/D), cursor position
 * (ESC [ row ; col H), erase in line (ESC [ K, 1 K, 2 K) and in display
 * (ESC [ J, 1 J, 2 J) -- and swallows every other sequence whole instead of
 * printing "[1m" and the like.  Unlike a VT100 it wraps as soon as the last
 * column is written (there is no "pending wrap" state); the shell's editor
 * copes with both.
 *
 * The state is a struct vga_screen (vga_screen.h), so the self tests
 * (vga_test.c) can draw on a screen of their own in RAM.
 *
 * Read next: kernel/console.c (who calls vga_write) and arch/x86/keyboard.c
 * (the input half of the VGA console).
 */
#include <corral/console.h>
#include <corral/memlayout.h>
#include <corral/types.h>
#include <corral/x86.h>

#include "vga_screen.h"

#define VGA_TEXT_PHYS 0xB8000u
#define VGA_TAB_WIDTH 8u
#define VGA_COLOUR_GREY_ON_BLACK 0x07u

/* CRT controller: write a register number to the index port, then its value
 * to the data port. */
#define VGA_CRTC_INDEX_PORT 0x3D4
#define VGA_CRTC_DATA_PORT 0x3D5
#define VGA_CRTC_CURSOR_START 0x0A /* first scan line of the cursor; bit 5 hides it */
#define VGA_CRTC_CURSOR_END 0x0B   /* last scan line of the cursor */
#define VGA_CRTC_CURSOR_HIGH 0x0E  /* cursor cell index, high byte */
#define VGA_CRTC_CURSOR_LOW 0x0F   /* cursor cell index, low byte */

#define ASCII_ESC 0x1B
#define VGA_PARAM_MAX 9999u /* a bigger number is as good as "to the edge" */

/*
 * The screen the driver draws on.  After vga_init() only vga_write() touches
 * it, and kernel/console.c calls that with console_lock held (interrupts off),
 * so it is protected by console_lock.  No lock of our own: taking one here
 * would turn a panic raised while printing into a second, recursive panic.
 */
static struct vga_screen vga;

static uint16_t vga_make_cell(char c)
{
	return (uint16_t)((VGA_COLOUR_GREY_ON_BLACK << 8) | (uint8_t)c);
}

/* Blank the cells [from, to) of the screen, counted row-major. */
static void vga_clear_cells(struct vga_screen *s, unsigned from, unsigned to)
{
	for (unsigned i = from; i < to; i++)
		s->cells[i] = vga_make_cell(' ');
}

static unsigned vga_cursor_cell(const struct vga_screen *s)
{
	return s->row * VGA_COLS + s->col;
}

static void vga_scroll_up(struct vga_screen *s)
{
	for (unsigned i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
		s->cells[i] = s->cells[i + VGA_COLS];
	vga_clear_cells(s, (VGA_ROWS - 1) * VGA_COLS, VGA_ROWS * VGA_COLS);
}

static void vga_line_feed(struct vga_screen *s)
{
	if (s->row + 1 < VGA_ROWS)
		s->row++;
	else
		vga_scroll_up(s);
}

static void vga_newline(struct vga_screen *s)
{
	s->col = 0;
	vga_line_feed(s);
}

/* Wrap as soon as the last column is written, so the cursor is always on a
 * real cell; vga_backspace() undoes that wrap for the line editor's "\b \b". */
static void vga_put_printable(struct vga_screen *s, char c)
{
	s->cells[vga_cursor_cell(s)] = vga_make_cell(c);
	if (++s->col == VGA_COLS)
		vga_newline(s);
}

/* Move left without erasing.  At the start of a row go to the end of the row
 * above: an input line longer than the screen is erased across the wrap. */
static void vga_backspace(struct vga_screen *s)
{
	if (s->col > 0) {
		s->col--;
	} else if (s->row > 0) {
		s->row--;
		s->col = VGA_COLS - 1;
	}
}

static void vga_tab(struct vga_screen *s)
{
	s->col = ALIGN_DOWN(s->col + VGA_TAB_WIDTH, VGA_TAB_WIDTH);
	if (s->col >= VGA_COLS)
		vga_newline(s);
}

/* ---- escape sequences ---------------------------------------------------------- */

/* The CSI's parameter i, or dflt when it was left out or 0 (ECMA-48: a
 * missing or zero count means one; a missing erase mode means 0). */
static unsigned vga_param(const struct vga_screen *s, unsigned i, unsigned dflt)
{
	unsigned p = i < MIN(s->nr_params, VGA_CSI_PARAMS_MAX) ? s->params[i] : 0;
	return p ? p : dflt;
}

static unsigned vga_clamp(unsigned value, unsigned limit)
{
	return value < limit ? value : limit - 1;
}

/* ESC [ n J (0: cursor to end, 1: start to cursor, 2 or 3: all) and ESC [ n K
 * (the same within the cursor's row).  The cursor does not move. */
static void vga_erase(struct vga_screen *s, unsigned mode, bool is_whole_screen)
{
	unsigned first = is_whole_screen ? 0 : s->row * VGA_COLS;
	unsigned end = is_whole_screen ? VGA_ROWS * VGA_COLS : first + VGA_COLS;
	unsigned cursor = vga_cursor_cell(s);
	if (mode == 0)
		vga_clear_cells(s, cursor, end);
	else if (mode == 1)
		vga_clear_cells(s, first, cursor + 1);
	else
		vga_clear_cells(s, first, end);
}

/* A complete CSI sequence whose final byte is `final`. */
static void vga_do_csi(struct vga_screen *s, char final)
{
	unsigned n = vga_param(s, 0, 1);
	if (s->is_private)
		return; /* ESC [ ? 25 l and friends: modes this screen does not have */
	switch (final) {
	case 'A':
		s->row = n > s->row ? 0 : s->row - n;
		break;
	case 'B':
		s->row = vga_clamp(s->row + n, VGA_ROWS);
		break;
	case 'C':
		s->col = vga_clamp(s->col + n, VGA_COLS);
		break;
	case 'D':
		s->col = n > s->col ? 0 : s->col - n;
		break;
	case 'H':
	case 'f':
		s->row = vga_clamp(n - 1, VGA_ROWS);
		s->col = vga_clamp(vga_param(s, 1, 1) - 1, VGA_COLS);
		break;
	case 'J':
		vga_erase(s, vga_param(s, 0, 0), true);
		break;
	case 'K':
		vga_erase(s, vga_param(s, 0, 0), false);
		break;
	default:
		break; /* colours (m), scrolling regions (r), ...: not drawn */
	}
}

/* A parameter or intermediate byte (0x20-0x3F) of a CSI sequence.  Numbers
 * past VGA_CSI_PARAMS_MAX are parsed and dropped. */
static void vga_csi_collect(struct vga_screen *s, uint8_t byte)
{
	if (byte >= '0' && byte <= '9') {
		if (s->nr_params == 0)
			s->nr_params = 1;
		if (s->nr_params > VGA_CSI_PARAMS_MAX)
			return;
		unsigned *p = &s->params[s->nr_params - 1];
		*p = MIN(*p * 10 + (byte - '0'), VGA_PARAM_MAX);
	} else if (byte == ';') {
		if (s->nr_params == 0)
			s->nr_params = 1; /* ";5H": the first number was left out */
		if (s->nr_params <= VGA_CSI_PARAMS_MAX)
			s->nr_params++;
		if (s->nr_params <= VGA_CSI_PARAMS_MAX)
			s->params[s->nr_params - 1] = 0;
	} else if (byte == '?' || byte == '>' || byte == '<' || byte == '=') {
		s->is_private = true;
	}
}

static void vga_csi_start(struct vga_screen *s)
{
	s->escape_state = VGA_ESCAPE_CSI;
	s->nr_params = 0;
	s->params[0] = 0;
	s->is_private = false;
}

/* Returns true when c belongs to an escape sequence and must not be shown.
 * A control byte inside a sequence abandons it and is then handled as usual,
 * so a stray ESC can never eat a newline or the rest of the output. */
static bool vga_swallow_escape(struct vga_screen *s, char c)
{
	uint8_t byte = (uint8_t)c;

	if (s->escape_state != VGA_ESCAPE_NONE && (byte < 0x20 || byte > 0x7E))
		s->escape_state = VGA_ESCAPE_NONE;

	switch (s->escape_state) {
	case VGA_ESCAPE_NONE:
		if (byte != ASCII_ESC)
			return false;
		s->escape_state = VGA_ESCAPE_STARTED;
		return true;
	case VGA_ESCAPE_STARTED:
		if (byte == '[')
			vga_csi_start(s);
		else if (byte >= 0x30)
			s->escape_state = VGA_ESCAPE_NONE; /* final byte */
		return true;
	case VGA_ESCAPE_CSI:
		if (byte >= 0x40) {
			s->escape_state = VGA_ESCAPE_NONE; /* final byte */
			vga_do_csi(s, c);
		} else {
			vga_csi_collect(s, byte);
		}
		return true;
	}
	return false;
}

/* is_raw: "\n" is a line feed only (the tty with ONLCR off), as on a terminal. */
static void vga_feed_byte(struct vga_screen *s, char c, bool is_raw)
{
	if (vga_swallow_escape(s, c))
		return;

	switch (c) {
	case '\n':
		if (is_raw)
			vga_line_feed(s);
		else
			vga_newline(s);
		break;
	case '\r':
		s->col = 0;
		break;
	case '\b':
		vga_backspace(s);
		break;
	case '\t':
		vga_tab(s);
		break;
	default:
		/* Other control bytes (bell, DEL, ...) have no glyph we want. */
		if ((uint8_t)c >= 0x20 && (uint8_t)c != 0x7F)
			vga_put_printable(s, c);
		break;
	}
}

void vga_screen_write(struct vga_screen *s, const char *buf, size_t len, bool is_raw)
{
	for (size_t i = 0; i < len; i++)
		vga_feed_byte(s, buf[i], is_raw);
}

void vga_screen_init(struct vga_screen *s, volatile uint16_t *cells)
{
	s->cells = cells;
	s->row = 0;
	s->col = 0;
	s->escape_state = VGA_ESCAPE_NONE;
	vga_clear_cells(s, 0, VGA_ROWS * VGA_COLS);
}

/* ---- the hardware and the console driver ------------------------------------ */

static void vga_crtc_write(uint8_t reg, uint8_t value)
{
	outb(VGA_CRTC_INDEX_PORT, reg);
	outb(VGA_CRTC_DATA_PORT, value);
}

static void vga_move_hardware_cursor(void)
{
	uint16_t cell = (uint16_t)vga_cursor_cell(&vga);

	vga_crtc_write(VGA_CRTC_CURSOR_HIGH, (uint8_t)(cell >> 8));
	vga_crtc_write(VGA_CRTC_CURSOR_LOW, (uint8_t)(cell & 0xFF));
}

/* The boot loader may have hidden the cursor; show it as an underline on the
 * last two scan lines of the 16-line character cell. */
static void vga_show_hardware_cursor(void)
{
	vga_crtc_write(VGA_CRTC_CURSOR_START, 14);
	vga_crtc_write(VGA_CRTC_CURSOR_END, 15);
}

static void vga_write_bytes(const char *buf, size_t len, bool is_raw)
{
	vga_screen_write(&vga, buf, len, is_raw);
	/* Port I/O is slow; move the cursor once per write, not per byte. */
	vga_move_hardware_cursor();
}

static void vga_write(const char *buf, size_t len)
{
	vga_write_bytes(buf, len, false);
}

static void vga_write_raw(const char *buf, size_t len)
{
	vga_write_bytes(buf, len, true);
}

static struct console_driver vga_driver = {
	.name = "vga",
	.write = vga_write,
	.write_raw = vga_write_raw,
};

void vga_init(void)
{
	vga_screen_init(&vga, phys_to_virt(VGA_TEXT_PHYS));
	vga_show_hardware_cursor();
	vga_move_hardware_cursor();
	console_register(&vga_driver);
}
