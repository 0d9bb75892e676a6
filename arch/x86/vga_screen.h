/*
 * vga_screen.h — private to the VGA console (vga.c, vga_test.c): a text screen
 * as a grid of cells plus a cursor, fed bytes the way a terminal is.  The
 * driver has one, over the real VGA memory; the self tests make their own over
 * a buffer in RAM, so they can check what a byte sequence draws without
 * touching the screen a user is looking at.
 */
#ifndef ARCH_X86_VGA_SCREEN_H
#define ARCH_X86_VGA_SCREEN_H

#include <corral/types.h>

#define VGA_COLS 80u
#define VGA_ROWS 25u
#define VGA_CSI_PARAMS_MAX 4 /* ESC [ 1 ; 2 H needs two; more are parsed and ignored */

/* Where we are inside an escape sequence (ECMA-48 shapes):
 *   ESC [intermediates 0x20-0x2F]* final 0x30-0x7E          e.g. ESC ( B
 *   ESC [ [parameters/intermediates 0x20-0x3F]* final 0x40-0x7E   e.g. ESC [ 2 J */
enum vga_escape_state {
	VGA_ESCAPE_NONE,
	VGA_ESCAPE_STARTED, /* seen ESC */
	VGA_ESCAPE_CSI,	    /* seen ESC [ */
};

struct vga_screen {
	volatile uint16_t *cells; /* VGA_ROWS * VGA_COLS, row-major: colour << 8 | char */
	unsigned row, col;	  /* cursor: row < VGA_ROWS, col < VGA_COLS */
	enum vga_escape_state escape_state;
	unsigned params[VGA_CSI_PARAMS_MAX]; /* the CSI's numbers so far (0: not given) */
	unsigned nr_params;		     /* parameters started (a ';' starts the next) */
	bool is_private;		     /* ESC [ ? ...: a mode we do not have, ignored */
};

void vga_screen_init(struct vga_screen *s, volatile uint16_t *cells); /* cleared, cursor 0,0 */
/* Draw bytes; is_raw: "\n" is a line feed only (a tty with ONLCR off). */
void vga_screen_write(struct vga_screen *s, const char *buf, size_t len, bool is_raw);

#endif
