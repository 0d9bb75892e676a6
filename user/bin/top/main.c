/*
 * main.c — top: processes and containers, redrawn until you quit.
 *
 *     top                 a new frame every second, until q or ^C
 *     top -d SECONDS      ... every SECONDS (0.1 and up; a fraction allowed)
 *     top -n N            stop after N frames
 *     top -b              batch: no screen control and no keys; frames one
 *                         after another, a blank line between (for files, pipes)
 *
 * Interactively (standard input a terminal, no -b) the terminal is put in a
 * raw-ish mode: no echo, keys read one at a time as they come, but ISIG kept,
 * so ^C is still a signal.  Between frames top polls standard input with the
 * delay as timeout: q quits, any other key redraws at once.  SIGINT (^C),
 * SIGTERM, SIGHUP and SIGQUIT only set a flag, so top always gets to put the
 * terminal's modes back as it found them before it exits (status 0) — the
 * shell does not reset a terminal a program left raw.  Without a terminal top
 * runs as with -b.
 *
 * Read next: tasks.c (what a sample holds), show.c (what a frame prints).
 */
#include <err.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <usage.h>

#include "top.h"

#define DEFAULT_ROWS 24

static const char usage[] =
    "usage: top [-b] [-d SECONDS] [-n N]   (q or ^C quits; -b: batch, -n: N frames)\n";

static struct termios saved_modes;
static int has_saved_modes;
static volatile sig_atomic_t stop_signal;

static void terminal_restore(void)
{
	if (has_saved_modes)
		tcsetattr(0, TCSANOW, &saved_modes);
	has_saved_modes = 0;
}

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

/* Keys one at a time and unseen; 0, or -1 when standard input is no terminal. */
static int terminal_raw(void)
{
	if (tcgetattr(0, &saved_modes) < 0)
		return -1;
	struct termios t = saved_modes;
	t.c_lflag &= ~(unsigned)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(0, TCSANOW, &t) < 0)
		return -1;
	has_saved_modes = 1;
	atexit(terminal_restore);
	static const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal; /* no SA_RESTART: poll returns EINTR */
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		sigaction(signals[i], &sa, NULL);
	return 0;
}

/* Wait up to ms for a key; 1 if top should stop (q, a signal). */
static int wait_for_key(int ms)
{
	struct pollfd p = {.fd = 0, .events = POLLIN};
	int n = poll(&p, 1, ms);
	if (stop_signal)
		return 1;
	char c;
	if (n > 0 && read(0, &c, 1) == 1)
		return c == 'q' || c == 'Q';
	return n < 0 && errno != EINTR; /* a terminal that went away */
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
	nanosleep(&ts, NULL);
}

/* "2", "0.5", "1.25" seconds in milliseconds, 100 ms to a day. */
static int parse_delay(const char *text)
{
	long ms = 0, scale = 1000;
	const char *p = text;
	for (; *p >= '0' && *p <= '9' && ms <= 86400000L; p++)
		ms = ms * 10 + (*p - '0') * 1000;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			ms += (*p - '0') * (scale /= 10);
	if (p == text || *p || ms < 100 || ms > 86400000L)
		usage_error("invalid delay '%s' (seconds, 0.1 and up)", text);
	return (int)ms;
}

static int screen_rows(void)
{
	struct winsize ws;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0)
		return ws.ws_row;
	return DEFAULT_ROWS;
}

int main(int argc, char **argv)
{
	int c, is_batch = 0, delay_ms = 1000;
	long frames = 0; /* 0: until stopped */
	while ((c = usage_getopt(argc, argv, "bd:n:", usage)) != -1) {
		if (c == 'b')
			is_batch = 1;
		else if (c == 'd')
			delay_ms = parse_delay(optarg);
		else
			frames = usage_number(optarg, 1, 1L << 30, "number of frames");
	}
	if (optind < argc)
		usage_error("extra operand '%s'", argv[optind]);
	int is_interactive = !is_batch && terminal_raw() == 0;
	struct top_sample samples[2];
	struct top_sample *now = &samples[1], *before = &samples[0];
	if (top_sample_take(before) < 0)
		err(1, "/proc");
	sleep_ms(TOP_FIRST_INTERVAL_MS); /* the first frame's %CPU is over this */
	for (long frame = 1;; frame++) {
		if (top_sample_take(now) < 0)
			err(1, "/proc");
		top_sample_cpu(now, before);
		if (is_interactive)
			fputs("\033[H\033[2J", stdout); /* home, clear the screen */
		else if (frame > 1)
			putchar('\n');
		top_show(now, before, is_interactive ? screen_rows() : 0);
		fflush(stdout);
		top_sample_free(before);
		before = now;
		now = now == &samples[0] ? &samples[1] : &samples[0];
		if (frames && frame >= frames)
			break;
		if (is_interactive ? wait_for_key(delay_ms) : (sleep_ms(delay_ms), 0))
			break;
	}
	terminal_restore();
	return 0;
}
