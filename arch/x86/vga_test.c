/*
 * vga_test.c — the VGA console's drawing (vga.c) on a screen of its own in
 * RAM: wrapping, and the escape sequences a line editor sends (cursor moves,
 * cursor position, erase in line and in display), and that every other
 * sequence is swallowed without a trace.  The real screen is never touched.
 */
#include <corral/ktest.h>
#include <corral/string.h>

#include "vga_screen.h"

static uint16_t test_cells[VGA_ROWS * VGA_COLS];
static struct vga_screen screen;

static void vt_begin(void)
{
	vga_screen_init(&screen, test_cells);
}

static void vt_write(const char *s)
{
	vga_screen_write(&screen, s, strlen(s), false);
}

/* Row r's characters, trailing blanks cut, NUL-terminated. */
static const char *vt_row(unsigned r)
{
	static char text[VGA_COLS + 1];
	for (unsigned c = 0; c < VGA_COLS; c++)
		text[c] = (char)(test_cells[r * VGA_COLS + c] & 0xff);
	size_t len = VGA_COLS;
	while (len > 0 && text[len - 1] == ' ')
		len--;
	text[len] = '\0';
	return text;
}

KTEST(vga_wraps_at_the_last_column)
{
	vt_begin();
	for (unsigned i = 0; i < VGA_COLS; i++)
		vt_write("x");
	KT_EXPECT_EQ(ctx, screen.row, 1); /* no pending wrap: the cursor moved on */
	KT_EXPECT_EQ(ctx, screen.col, 0);
	vt_write("y\b\bz"); /* "\b" at column 0 goes back over the wrap */
	KT_EXPECT_EQ(ctx, vt_row(0)[VGA_COLS - 1], 'z');
	KT_EXPECT_STREQ(ctx, vt_row(1), "y");
}

KTEST(vga_csi_moves_the_cursor)
{
	vt_begin();
	vt_write("abcdef\x1b[3Dx\x1b[Cy"); /* left 3, x over d, right 1, y over f */
	KT_EXPECT_STREQ(ctx, vt_row(0), "abcxey");
	vt_write("\x1b[5;10Hp");
	KT_EXPECT_EQ(ctx, test_cells[4 * VGA_COLS + 9] & 0xff, 'p');
	vt_write("\x1b[2Aq\x1b[Br"); /* up 2 (to row 2), down 1 (row 3) */
	KT_EXPECT_EQ(ctx, test_cells[2 * VGA_COLS + 10] & 0xff, 'q');
	KT_EXPECT_EQ(ctx, test_cells[3 * VGA_COLS + 11] & 0xff, 'r');
	vt_write("\x1b[99A\x1b[999D"); /* clamped at the edges */
	KT_EXPECT_EQ(ctx, screen.row, 0);
	KT_EXPECT_EQ(ctx, screen.col, 0);
	vt_write("\x1b[99B\x1b[999C");
	KT_EXPECT_EQ(ctx, screen.row, VGA_ROWS - 1);
	KT_EXPECT_EQ(ctx, screen.col, VGA_COLS - 1);
	vt_write("\x1b[H\x1b[;3H"); /* home; a row left out means 1 */
	KT_EXPECT_EQ(ctx, screen.row, 0);
	KT_EXPECT_EQ(ctx, screen.col, 2);
}

KTEST(vga_csi_erases_line_and_display)
{
	vt_begin();
	vt_write("hello world\x1b[5D\x1b[K"); /* erase from the cursor to the row's end */
	KT_EXPECT_STREQ(ctx, vt_row(0), "hello");
	KT_EXPECT_EQ(ctx, screen.col, 6);
	vt_write("\x1b[1K"); /* start of the row up to the cursor */
	KT_EXPECT_STREQ(ctx, vt_row(0), "");
	vt_write("\rone\ntwo\nthree\x1b[2A\x1b[4D\x1b[J"); /* row 0 col 1 to the end */
	KT_EXPECT_STREQ(ctx, vt_row(0), "o");
	KT_EXPECT_STREQ(ctx, vt_row(1), "");
	KT_EXPECT_STREQ(ctx, vt_row(2), "");
	vt_write("\x1b[3;1Hxyz\x1b[2J"); /* all, the cursor stays */
	KT_EXPECT_STREQ(ctx, vt_row(0), "");
	KT_EXPECT_STREQ(ctx, vt_row(2), "");
	KT_EXPECT_EQ(ctx, screen.row, 2);
	KT_EXPECT_EQ(ctx, screen.col, 3);
}

KTEST(vga_other_sequences_are_swallowed)
{
	vt_begin();
	vt_write("a\x1b[1;31mb\x1b[?25lc\x1b[?1049hd\x1b(Be\x1b[1;2;3;4;5;6Hf");
	/* Six numbers: the first two still count, so f lands on row 1, column 2. */
	KT_EXPECT_STREQ(ctx, vt_row(0), "afcde");
	KT_EXPECT_EQ(ctx, screen.row, 0);
	KT_EXPECT_EQ(ctx, screen.col, 2);
}
