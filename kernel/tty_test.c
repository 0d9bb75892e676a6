/*
 * tty_test.c — the line discipline (kernel/tty.c) driven through
 * tty_receive_char, as the interrupt handlers drive it: canonical echo and
 * editing, end of file, raw mode and each VMIN/VTIME case, escape bytes,
 * the signal characters' echo and flush, flushing, mode switches, FIONREAD
 * and poll.  Output is captured, so the KTAP log stays clean; every test
 * starts and ends with the default modes.
 */
#include <corral/ktest.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/tty.h>
#include <uapi/errno.h>
#include <uapi/poll.h>

#define NOBODY_PGRP 32000 /* signals from the tests reach no process */

static char echo_buf[256];
static size_t echo_len;
static int saved_pgrp;

static void tt_begin(void)
{
	tty_reset_for_test();
	saved_pgrp = tty_get_pgrp();
	tty_set_pgrp(NOBODY_PGRP);
	echo_len = 0;
	memset(echo_buf, 0, sizeof(echo_buf));
	tty_capture_output(echo_buf, sizeof(echo_buf) - 1, &echo_len);
}

static void tt_end(void)
{
	tty_capture_output(NULL, 0, NULL);
	tty_reset_for_test();
	tty_set_pgrp(saved_pgrp);
}

static void tt_type(const char *s)
{
	while (*s)
		tty_receive_char(*s++);
}

static void tt_set_raw(int vmin, int vtime, bool is_echo)
{
	struct termios t;
	tty_get_termios(&t);
	t.c_lflag &= ~(tcflag_t)(ICANON | (is_echo ? 0 : ECHO));
	t.c_cc[VMIN] = (cc_t)vmin;
	t.c_cc[VTIME] = (cc_t)vtime;
	tty_set_termios(&t);
}

/* A nonblocking read, NUL-terminated. */
static ssize_t tt_read_now(char *buf, size_t size)
{
	ssize_t n = tty_read(buf, size - 1, true);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

KTEST(tty_canonical_echo_and_editing)
{
	char buf[64];
	tt_begin();
	tt_type("hi\r");
	KT_EXPECT_STREQ(ctx, echo_buf, "hi\n");
	KT_EXPECT_EQ(ctx, tty_nr_readable(), 3);
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), 3);
	KT_EXPECT_STREQ(ctx, buf, "hi\n");
	echo_len = 0;
	tt_type("ab\x7f" "c one two\x17\x01\r"); /* DEL, ^W, a stored ^A */
	echo_buf[echo_len] = '\0';
	KT_EXPECT_STREQ(ctx, echo_buf, "ab\b \bc one two\b \b\b \b\b \b^A\n");
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), 9);
	KT_EXPECT_STREQ(ctx, buf, "ac one \x01\n");
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), -EAGAIN); /* nothing half-typed */
	tt_type("x\x15y\r");                                      /* ^U */
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), 2);
	KT_EXPECT_STREQ(ctx, buf, "y\n");
	tt_end();
}

/* A tab takes the echo to the next multiple of 8; erasing it goes back to
 * where it began (a prompt of 3 columns, then "ab": the tab spans 3 columns),
 * and a control character's "^X" is two columns. */
KTEST(tty_canonical_erases_a_tab_by_its_width)
{
	char buf[64];
	tt_begin();
	tty_write("$> ", 3); /* the line starts at column 3 */
	echo_len = 0;
	tt_type("ab\t\x7f\x01\x7f\x15");
	echo_buf[echo_len] = '\0';
	KT_EXPECT_STREQ(ctx, echo_buf, "ab\t\b\b\b^A\b \b\b \b\b \b\b \b");
	tt_type("z\r");
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), 2);
	KT_EXPECT_STREQ(ctx, buf, "z\n");
	tt_end();
}

KTEST(tty_canonical_eof_and_arrows)
{
	char buf[64];
	tt_begin();
	tt_type("ab\x04\x04\x1b[Aq\r");
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), 2); /* "ab", no newline */
	KT_EXPECT_STREQ(ctx, buf, "ab");
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), 0); /* ^D on an empty line */
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), 2); /* the arrow was swallowed */
	KT_EXPECT_STREQ(ctx, buf, "q\n");
	tt_end();
}

KTEST(tty_raw_bytes_at_once_without_echo)
{
	char buf[64];
	tt_begin();
	tt_set_raw(1, 0, false);
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), -EAGAIN);
	KT_EXPECT_EQ(ctx, tty_poll(NULL), POLLOUT | POLLWRNORM);
	tt_type("a\x1b[A\r");
	KT_EXPECT_EQ(ctx, echo_len, 0);
	KT_EXPECT_EQ(ctx, tty_poll(NULL), POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM);
	KT_EXPECT_EQ(ctx, tty_nr_readable(), 5);
	KT_EXPECT_EQ(ctx, tty_read(buf, 2, false), 2);
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), 3);
	KT_EXPECT_STREQ(ctx, buf, "[A\n"); /* ICRNL still maps Enter */
	tt_end();
}

KTEST(tty_raw_vmin0_vtime0_polls)
{
	char buf[8];
	tt_begin();
	tt_set_raw(0, 0, false);
	KT_EXPECT_EQ(ctx, tty_read(buf, sizeof(buf), false), 0);
	tt_type("z");
	KT_EXPECT_EQ(ctx, tty_read(buf, sizeof(buf), false), 1);
	tt_end();
}

KTEST(tty_raw_vmin0_vtime_times_out)
{
	char buf[8];
	tt_begin();
	tt_set_raw(0, 1, false); /* 0.1 s */
	uint64_t start = jiffies_read();
	KT_EXPECT_EQ(ctx, tty_read(buf, sizeof(buf), false), 0);
	KT_EXPECT(ctx, jiffies_read() - start >= HZ / 10);
	tt_end();
}

static void thread_type_later(void *arg)
{
	sleep_ticks(2);
	tt_type(arg);
}

static void tt_reap(struct task *t)
{
	int status, got;
	if (t)
		task_wait(t->pid, &status, 0, &got);
}

KTEST(tty_raw_vmin_waits_for_enough)
{
	char buf[8];
	tt_begin();
	tt_set_raw(2, 0, false);
	tt_type("a");
	struct task *t = kthread_create("ktest-tty", thread_type_later, "b");
	KT_ASSERT(ctx, t != NULL);
	KT_EXPECT_EQ(ctx, tty_read(buf, sizeof(buf), false), 2);
	KT_EXPECT(ctx, memcmp(buf, "ab", 2) == 0);
	tt_reap(t);
	tt_type("c");
	KT_EXPECT_EQ(ctx, tty_read(buf, 1, false), 1); /* MIN counts up to the request */
	tt_end();
}

KTEST(tty_raw_intercharacter_timer)
{
	char buf[8];
	tt_begin();
	tt_set_raw(3, 1, false);
	tt_type("ab");
	uint64_t start = jiffies_read();
	KT_EXPECT_EQ(ctx, tty_read(buf, sizeof(buf), false), 2); /* 0.1 s after "b" */
	KT_EXPECT(ctx, jiffies_read() - start >= 1);
	tt_end();
}

KTEST(tty_signal_chars_echo_and_flush)
{
	char buf[16];
	tt_begin();
	tt_type("abc\r" "de\x03");
	KT_EXPECT_STREQ(ctx, echo_buf, "abc\nde^C");
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), -EAGAIN); /* both lines went */
	echo_len = 0;
	tt_set_raw(1, 0, true);
	tt_type("x\x1c");
	echo_buf[echo_len] = '\0';
	KT_EXPECT_STREQ(ctx, echo_buf, "x^\\");
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), -EAGAIN);
	tt_end();
}

KTEST(tty_mode_switches_keep_input)
{
	char buf[16];
	tt_begin();
	tt_type("line\rpart");
	tt_set_raw(1, 0, false);
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), 9);
	KT_EXPECT_STREQ(ctx, buf, "line\npart");
	tt_type("xy");
	struct termios t;
	tty_get_termios(&t);
	t.c_lflag |= ICANON; /* canonical again: what is queued is one line */
	tty_set_termios(&t);
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), 2);
	KT_EXPECT_STREQ(ctx, buf, "xy");
	tt_type("q");
	tty_flush_input();
	tt_type("\r");
	KT_EXPECT_EQ(ctx, tt_read_now(buf, sizeof(buf)), 1);
	KT_EXPECT_STREQ(ctx, buf, "\n");
	tt_end();
}

/* A canonical line holds 4095 typed bytes and its newline (Linux's 4096);
 * bytes past that are refused with a bell, never cut off silently, and
 * editing still works on the full line. */
#define FULL_LINE_TYPED 4095
#define FULL_LINE_EXTRA 3

static char full_echo[FULL_LINE_TYPED + 64];
static char full_read[FULL_LINE_TYPED + 64];

KTEST(tty_canonical_full_line_rings_the_bell)
{
	size_t len = 0;
	tt_begin();
	tty_capture_output(full_echo, sizeof(full_echo) - 1, &len);
	for (int i = 0; i < FULL_LINE_TYPED + FULL_LINE_EXTRA; i++)
		tty_receive_char('x');
	KT_EXPECT_EQ(ctx, len, FULL_LINE_TYPED + FULL_LINE_EXTRA);
	KT_EXPECT(ctx, full_echo[FULL_LINE_TYPED - 1] == 'x');
	KT_EXPECT(ctx, memcmp(full_echo + FULL_LINE_TYPED, "\a\a\a", 3) == 0);
	tt_type("\x7fy\r"); /* DEL makes room for one more byte */
	KT_EXPECT(ctx, memcmp(full_echo + len - 5, "\b \by\n", 5) == 0);
	ssize_t n = tty_read(full_read, sizeof(full_read), true);
	KT_EXPECT_EQ(ctx, n, FULL_LINE_TYPED + 1);
	KT_EXPECT(ctx, n > 2 && full_read[n - 2] == 'y' && full_read[n - 1] == '\n');
	KT_EXPECT(ctx, n > 3 && full_read[n - 3] == 'x');
	tt_end();
}
