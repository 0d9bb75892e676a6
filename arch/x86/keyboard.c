/*
 * keyboard.c — the PS/2 keyboard: scancodes in, console input bytes out.
 *
 * The keyboard controller raises IRQ 1 for every byte the keyboard sends.  With
 * the controller's translation on (how the BIOS and QEMU leave it) the bytes
 * are scancode set 1:
 *
 *   0x01..0x58         a key went down ("make" code)
 *   make | 0x80        the same key came up ("break" code)
 *   0xE0, code         an extended key (right ctrl, arrows, keypad enter, ...)
 *   0xE1, 2 bytes      Pause (make and break together, no release of its own)
 *
 * Modifier state (shift, ctrl, caps lock) lives in struct keyboard_state; an
 * ordinary key is translated through the US-layout table for the current shift
 * state and the result goes to console_input() one byte at a time, as a Linux
 * terminal would send it: Enter is '\n', Backspace is DEL (0x7F), ctrl+letter
 * is the control code, arrows are "ESC [ A".."ESC [ D", Home and End "ESC [ H"
 * and "ESC [ F", Insert, Delete, Page Up and Page Down "ESC [ 2 ~", "ESC [ 3 ~",
 * "ESC [ 5 ~" and "ESC [ 6 ~" (what xterm sends).
 *
 * Read next: kernel/console.c (the input ring) and kernel/tty.c (line editing).
 */
#include <corral/console.h>
#include <corral/trap.h>
#include <corral/types.h>
#include <corral/x86.h>

#define KBD_DATA_PORT 0x60
#define KBD_STATUS_PORT 0x64
#define KBD_STATUS_OUTPUT_FULL 0x01 /* a byte is waiting in the data port */
#define KBD_STATUS_FROM_MOUSE 0x20  /* ...and it came from the aux (mouse) port */

/* Bounds on how many bytes one drain or one interrupt reads: with no controller
 * the status port reads 0xFF, "always full", and an unbounded loop would hang. */
#define KBD_DRAIN_MAX 256
#define KBD_BYTES_PER_IRQ_MAX 16

#define KBD_PREFIX_EXTENDED 0xE0
#define KBD_PREFIX_PAUSE 0xE1
#define KBD_PAUSE_BYTES 2 /* after each 0xE1: 1D 45 (make), then 9D C5 (break) */
#define KBD_RELEASE_BIT 0x80

/* Set 1 make codes the driver treats specially. */
#define KEY_LEFT_CTRL 0x1D   /* with 0xE0: right ctrl */
#define KEY_LEFT_SHIFT 0x2A
#define KEY_RIGHT_SHIFT 0x36
#define KEY_CAPS_LOCK 0x3A
#define KEY_EXT_KEYPAD_ENTER 0x1C
#define KEY_EXT_KEYPAD_SLASH 0x35
#define KEY_EXT_HOME 0x47
#define KEY_EXT_UP 0x48
#define KEY_EXT_PAGE_UP 0x49
#define KEY_EXT_LEFT 0x4B
#define KEY_EXT_RIGHT 0x4D
#define KEY_EXT_END 0x4F
#define KEY_EXT_DOWN 0x50
#define KEY_EXT_PAGE_DOWN 0x51
#define KEY_EXT_INSERT 0x52
#define KEY_EXT_DELETE 0x53

#define KEYMAP_SIZE 0x80 /* every code once the release bit is removed */
#define ESC 0x1B
#define DEL 0x7F

/*
 * US layout, set 1, indexed by make code; 0 means "no character" (modifiers,
 * function keys, Num/Scroll Lock).  The keypad always gives digits, as if Num
 * Lock were on.  Codes the controller sends as replies rather than keys (0x00
 * error, 0xFA ack, 0xFE resend, 0xFF overrun) land on 0 entries or on releases
 * and so are ignored without a special case.
 */
static const char keymap_plain[KEYMAP_SIZE] = {
	/* 0x00 */ 0,    ESC,  '1', '2',  '3',  '4', '5', '6',
	/* 0x08 */ '7',  '8',  '9', '0',  '-',  '=', DEL, '\t',
	/* 0x10 */ 'q',  'w',  'e', 'r',  't',  'y', 'u', 'i',
	/* 0x18 */ 'o',  'p',  '[', ']',  '\n', 0,   'a', 's',
	/* 0x20 */ 'd',  'f',  'g', 'h',  'j',  'k', 'l', ';',
	/* 0x28 */ '\'', '`',  0,   '\\', 'z',  'x', 'c', 'v',
	/* 0x30 */ 'b',  'n',  'm', ',',  '.',  '/', 0,   '*',
	/* 0x38 */ 0,    ' ',  0,   0,    0,    0,   0,   0,
	/* 0x40 */ 0,    0,    0,   0,    0,    0,   0,   '7',
	/* 0x48 */ '8',  '9',  '-', '4',  '5',  '6', '+', '1',
	/* 0x50 */ '2',  '3',  '0', '.',
};

static const char keymap_shifted[KEYMAP_SIZE] = {
	/* 0x00 */ 0,    ESC,  '!', '@',  '#',  '$', '%', '^',
	/* 0x08 */ '&',  '*',  '(', ')',  '_',  '+', DEL, '\t',
	/* 0x10 */ 'Q',  'W',  'E', 'R',  'T',  'Y', 'U', 'I',
	/* 0x18 */ 'O',  'P',  '{', '}',  '\n', 0,   'A', 'S',
	/* 0x20 */ 'D',  'F',  'G', 'H',  'J',  'K', 'L', ':',
	/* 0x28 */ '"',  '~',  0,   '|',  'Z',  'X', 'C', 'V',
	/* 0x30 */ 'B',  'N',  'M', '<',  '>',  '?', 0,   '*',
	/* 0x38 */ 0,    ' ',  0,   0,    0,    0,   0,   0,
	/* 0x40 */ 0,    0,    0,   0,    0,    0,   0,   '7',
	/* 0x48 */ '8',  '9',  '-', '4',  '5',  '6', '+', '1',
	/* 0x50 */ '2',  '3',  '0', '.',
};

/*
 * Touched only by the IRQ 1 handler (interrupts off for its whole run) and by
 * keyboard_init() before the IRQ is unmasked, so it needs no lock.
 */
static struct keyboard_state {
	bool left_shift_down, right_shift_down;
	bool left_ctrl_down, right_ctrl_down;
	bool caps_lock_on;
	bool caps_lock_key_down; /* held keys repeat their make code: toggle once */
	bool is_extended;        /* the previous byte was 0xE0 */
	unsigned pause_bytes_left; /* bytes of a Pause sequence still to skip */
} kbd;

static void keyboard_send_string(const char *s)
{
	while (*s)
		console_input(*s++);
}

static bool keyboard_is_letter(char c)
{
	return c >= 'a' && c <= 'z';
}

/* Ctrl turns letters and [ \ ] ^ _ into control codes 1..31, as on a Linux
 * console (ctrl-C is 3, ctrl-[ is ESC); other keys are left alone. */
static char keyboard_apply_ctrl(char c)
{
	bool has_control_code = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= '_');

	return has_control_code ? (char)CTRL(c) : c;
}

static char keyboard_translate(uint8_t code)
{
	bool use_shifted = kbd.left_shift_down || kbd.right_shift_down;
	char c;

	/* Caps lock inverts shift for letters only: caps+shift+a gives 'a'. */
	if (kbd.caps_lock_on && keyboard_is_letter(keymap_plain[code]))
		use_shifted = !use_shifted;
	c = use_shifted ? keymap_shifted[code] : keymap_plain[code];
	if (c && (kbd.left_ctrl_down || kbd.right_ctrl_down))
		c = keyboard_apply_ctrl(c);
	return c;
}

/* Returns true when code is a modifier (now recorded), false for other keys. */
static bool keyboard_update_modifier(uint8_t code, bool is_release)
{
	switch (code) {
	case KEY_LEFT_SHIFT:
		kbd.left_shift_down = !is_release;
		return true;
	case KEY_RIGHT_SHIFT:
		kbd.right_shift_down = !is_release;
		return true;
	case KEY_LEFT_CTRL:
		kbd.left_ctrl_down = !is_release;
		return true;
	case KEY_CAPS_LOCK:
		if (!is_release && !kbd.caps_lock_key_down)
			kbd.caps_lock_on = !kbd.caps_lock_on;
		kbd.caps_lock_key_down = !is_release;
		return true;
	default:
		return false;
	}
}

/* The escape sequence of a grey editing key (0xE0 prefix), or "" for keys
 * that send nothing (right alt, the Windows keys, ...). */
static const char *keyboard_extended_sequence(uint8_t code)
{
	switch (code) {
	case KEY_EXT_UP:
		return "\033[A";
	case KEY_EXT_DOWN:
		return "\033[B";
	case KEY_EXT_RIGHT:
		return "\033[C";
	case KEY_EXT_LEFT:
		return "\033[D";
	case KEY_EXT_HOME:
		return "\033[H";
	case KEY_EXT_END:
		return "\033[F";
	case KEY_EXT_INSERT:
		return "\033[2~";
	case KEY_EXT_DELETE:
		return "\033[3~";
	case KEY_EXT_PAGE_UP:
		return "\033[5~";
	case KEY_EXT_PAGE_DOWN:
		return "\033[6~";
	default:
		return "";
	}
}

/* Keys behind the 0xE0 prefix.  The prefix also wraps "fake shift" codes
 * (0xE0 0x2A around Print Screen and the grey cursor keys); those fall into the
 * default case, so they never change the real shift state. */
static void keyboard_handle_extended(uint8_t code, bool is_release)
{
	if (code == KEY_LEFT_CTRL) {
		kbd.right_ctrl_down = !is_release;
		return;
	}
	if (is_release)
		return;
	switch (code) {
	case KEY_EXT_KEYPAD_ENTER:
		console_input('\n');
		break;
	case KEY_EXT_KEYPAD_SLASH:
		console_input('/');
		break;
	default:
		keyboard_send_string(keyboard_extended_sequence(code));
		break;
	}
}

static void keyboard_handle_byte(uint8_t byte)
{
	bool is_release = (byte & KBD_RELEASE_BIT) != 0;
	uint8_t code = byte & (uint8_t)~KBD_RELEASE_BIT;
	char c;

	if (kbd.pause_bytes_left > 0) {
		kbd.pause_bytes_left--;
		return;
	}
	if (byte == KBD_PREFIX_EXTENDED) {
		kbd.is_extended = true;
		return;
	}
	if (byte == KBD_PREFIX_PAUSE) {
		/* Its bytes look like left ctrl going down and up: skip them. */
		kbd.pause_bytes_left = KBD_PAUSE_BYTES;
		return;
	}
	if (kbd.is_extended) {
		kbd.is_extended = false;
		keyboard_handle_extended(code, is_release);
		return;
	}
	if (keyboard_update_modifier(code, is_release) || is_release)
		return;
	c = keyboard_translate(code);
	if (c)
		console_input(c);
}

static void keyboard_handle_irq(struct trap_frame *frame)
{
	for (int i = 0; i < KBD_BYTES_PER_IRQ_MAX; i++) {
		uint8_t status = inb(KBD_STATUS_PORT);
		uint8_t byte;

		if (!(status & KBD_STATUS_OUTPUT_FULL))
			break;
		byte = inb(KBD_DATA_PORT);
		/* Mouse bytes share the data port; they are not keys. */
		if (!(status & KBD_STATUS_FROM_MOUSE))
			keyboard_handle_byte(byte);
	}
}

/* Throw away bytes that arrived before we were listening (keys pressed at the
 * boot menu, the keyboard's self-test reply): half a key sequence would
 * otherwise leave a modifier stuck or a prefix pending. */
static void keyboard_drain(void)
{
	for (int i = 0; i < KBD_DRAIN_MAX; i++) {
		if (!(inb(KBD_STATUS_PORT) & KBD_STATUS_OUTPUT_FULL))
			break;
		(void)inb(KBD_DATA_PORT);
	}
}

void keyboard_init(void)
{
	keyboard_drain();
	irq_register(IRQ_KEYBOARD, keyboard_handle_irq);
	pic_unmask(IRQ_KEYBOARD);
}
