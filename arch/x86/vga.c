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
 * Programs write ANSI escape sequences meant for a serial terminal; the screen
 * understands none of them, so a small parser swallows each sequence whole
 * instead of printing "[2J" and the like.
 *
 * Read next: kernel/console.c (who calls vga_write) and arch/x86/keyboard.c
 * (the input half of the VGA console).
 */
#include <corral/console.h>
#include <corral/memlayout.h>
#include <corral/types.h>
#include <corral/x86.h>

#define VGA_TEXT_PHYS 0xB8000u
#define VGA_COLS 80u
#define VGA_ROWS 25u
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

/* Where we are inside an escape sequence (ECMA-48 shapes):
 *   ESC [intermediates 0x20-0x2F]* final 0x30-0x7E          e.g. ESC ( B
 *   ESC [ [parameters/intermediates 0x20-0x3F]* final 0x40-0x7E   e.g. ESC [ 2 J */
enum vga_escape_state {
	VGA_ESCAPE_NONE,
	VGA_ESCAPE_STARTED, /* seen ESC */
	VGA_ESCAPE_CSI,     /* seen ESC [ */
};

/*
 * The screen's state.  After vga_init() only vga_write() touches it, and
 * kernel/console.c calls that with console_lock held (interrupts off), so it is
 * protected by console_lock.  No lock of our own: taking one here would turn a
 * panic raised while printing into a second, recursive panic.
 */
static struct vga_screen {
	volatile uint16_t *cells; /* VGA_ROWS * VGA_COLS, row-major */
	unsigned row, col;        /* cursor: row < VGA_ROWS, col < VGA_COLS */
	enum vga_escape_state escape_state;
} vga;

static uint16_t vga_make_cell(char c)
{
	return (uint16_t)((VGA_COLOUR_GREY_ON_BLACK << 8) | (uint8_t)c);
}

static void vga_clear_row(unsigned row)
{
	for (unsigned col = 0; col < VGA_COLS; col++)
		vga.cells[row * VGA_COLS + col] = vga_make_cell(' ');
}

static void vga_scroll_up(void)
{
	for (unsigned i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
		vga.cells[i] = vga.cells[i + VGA_COLS];
	vga_clear_row(VGA_ROWS - 1);
}

static void vga_line_feed(void)
{
	if (vga.row + 1 < VGA_ROWS)
		vga.row++;
	else
		vga_scroll_up();
}

static void vga_newline(void)
{
	vga.col = 0;
	vga_line_feed();
}

/* Wrap as soon as the last column is written, so the cursor is always on a
 * real cell; vga_backspace() undoes that wrap for the line editor's "\b \b". */
static void vga_put_printable(char c)
{
	vga.cells[vga.row * VGA_COLS + vga.col] = vga_make_cell(c);
	if (++vga.col == VGA_COLS)
		vga_newline();
}

/* Move left without erasing.  At the start of a row go to the end of the row
 * above: an input line longer than the screen is erased across the wrap. */
static void vga_backspace(void)
{
	if (vga.col > 0) {
		vga.col--;
	} else if (vga.row > 0) {
		vga.row--;
		vga.col = VGA_COLS - 1;
	}
}

static void vga_tab(void)
{
	vga.col = ALIGN_DOWN(vga.col + VGA_TAB_WIDTH, VGA_TAB_WIDTH);
	if (vga.col >= VGA_COLS)
		vga_newline();
}

/* Returns true when c belongs to an escape sequence and must not be shown.
 * A control byte inside a sequence abandons it and is then handled as usual,
 * so a stray ESC can never eat a newline or the rest of the output. */
static bool vga_swallow_escape(char c)
{
	uint8_t byte = (uint8_t)c;

	if (vga.escape_state != VGA_ESCAPE_NONE && (byte < 0x20 || byte > 0x7E))
		vga.escape_state = VGA_ESCAPE_NONE;

	switch (vga.escape_state) {
	case VGA_ESCAPE_NONE:
		if (byte != ASCII_ESC)
			return false;
		vga.escape_state = VGA_ESCAPE_STARTED;
		return true;
	case VGA_ESCAPE_STARTED:
		if (byte == '[')
			vga.escape_state = VGA_ESCAPE_CSI;
		else if (byte >= 0x30)
			vga.escape_state = VGA_ESCAPE_NONE; /* final byte */
		return true;
	case VGA_ESCAPE_CSI:
		if (byte >= 0x40)
			vga.escape_state = VGA_ESCAPE_NONE; /* final byte */
		return true;
	}
	return false;
}

/* is_raw: "\n" is a line feed only (the tty with ONLCR off), as on a terminal. */
static void vga_feed_byte(char c, bool is_raw)
{
	if (vga_swallow_escape(c))
		return;

	switch (c) {
	case '\n':
		if (is_raw)
			vga_line_feed();
		else
			vga_newline();
		break;
	case '\r':
		vga.col = 0;
		break;
	case '\b':
		vga_backspace();
		break;
	case '\t':
		vga_tab();
		break;
	default:
		/* Other control bytes (bell, DEL, ...) have no glyph we want. */
		if ((uint8_t)c >= 0x20 && (uint8_t)c != 0x7F)
			vga_put_printable(c);
		break;
	}
}

static void vga_crtc_write(uint8_t reg, uint8_t value)
{
	outb(VGA_CRTC_INDEX_PORT, reg);
	outb(VGA_CRTC_DATA_PORT, value);
}

static void vga_move_hardware_cursor(void)
{
	uint16_t cell = (uint16_t)(vga.row * VGA_COLS + vga.col);

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
	for (size_t i = 0; i < len; i++)
		vga_feed_byte(buf[i], is_raw);
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
	vga.cells = phys_to_virt(VGA_TEXT_PHYS);
	vga.row = 0;
	vga.col = 0;
	vga.escape_state = VGA_ESCAPE_NONE;
	for (unsigned row = 0; row < VGA_ROWS; row++)
		vga_clear_row(row);
	vga_show_hardware_cursor();
	vga_move_hardware_cursor();
	console_register(&vga_driver);
}
