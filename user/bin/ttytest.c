/*
 * ttytest — the terminal's modes seen from a program (tests/test_tty.py).
 *
 *     ttytest raw N       raw mode, echo off: read N bytes (VMIN 1), print them in hex
 *     ttytest timeout K   raw, VMIN 0, VTIME K: one read, print what it returned
 *     ttytest poll        raw: poll stdin with no timeout, then read the byte
 *     ttytest stty        TCGETS/TCSETS round trip: print the modes, change VERASE,
 *                         read it back, put the modes back
 *     ttytest devtty      open /dev/tty and write to it
 *     ttytest quit        wait for a signal (^\ sends SIGQUIT, whose default ends us)
 *
 * Each raw mode is set with tcsetattr and undone before anything is printed,
 * and "ready" says when the test may type.  Runs on Linux too.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <usage.h>

static struct termios saved;

static void say(const char *s)
{
	write(1, s, strlen(s));
}

static void die(const char *what)
{
	printf("ttytest: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void enter_raw(int vmin, int vtime)
{
	if (tcgetattr(0, &saved) < 0)
		die("tcgetattr");
	struct termios t = saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = (cc_t)vmin;
	t.c_cc[VTIME] = (cc_t)vtime;
	if (tcsetattr(0, TCSAFLUSH, &t) < 0)
		die("tcsetattr");
	say("ready\n");
}

static void leave_raw(void)
{
	if (tcsetattr(0, TCSANOW, &saved) < 0)
		die("tcsetattr (restore)");
}

static int cmd_raw(int n)
{
	unsigned char buf[64];
	int got = 0;
	if (n < 1 || n > (int)sizeof(buf))
		n = 1;
	enter_raw(1, 0);
	while (got < n) {
		ssize_t r = read(0, buf + got, (size_t)(n - got));
		if (r <= 0)
			break;
		got += (int)r;
	}
	leave_raw();
	printf("got:");
	for (int i = 0; i < got; i++)
		printf(" %02x", buf[i]);
	printf("\n");
	return got == n ? 0 : 1;
}

static int cmd_timeout(int tenths)
{
	char c;
	enter_raw(0, tenths);
	ssize_t r = read(0, &c, 1);
	leave_raw();
	printf("read returned %d\n", (int)r);
	return 0;
}

static int cmd_poll(void)
{
	char c;
	enter_raw(1, 0);
	struct pollfd p = {0, POLLIN, 0};
	int n = poll(&p, 1, -1);
	ssize_t r = read(0, &c, 1);
	leave_raw();
	printf("poll returned %d revents %#x, read %d byte %02x\n", n, p.revents, (int)r,
	       (unsigned char)c);
	return 0;
}

static int cmd_stty(void)
{
	struct termios t, back;
	if (tcgetattr(0, &t) < 0)
		die("tcgetattr");
	printf("iflag %o oflag %o lflag %o erase %d min %d\n", t.c_iflag, t.c_oflag, t.c_lflag,
	       t.c_cc[VERASE], t.c_cc[VMIN]);
	struct termios changed = t;
	changed.c_cc[VERASE] = 8;
	changed.c_lflag &= ~(tcflag_t)ECHOCTL;
	if (tcsetattr(0, TCSANOW, &changed) < 0 || tcgetattr(0, &back) < 0)
		die("tcsetattr");
	int is_same = memcmp(&back, &changed, sizeof(back)) == 0;
	if (tcsetattr(0, TCSANOW, &t) < 0)
		die("tcsetattr (restore)");
	printf("round trip %s\n", is_same ? "ok" : "differs");
	return is_same ? 0 : 1;
}

static int cmd_devtty(void)
{
	int fd = open("/dev/tty", O_RDWR);
	if (fd < 0)
		die("open /dev/tty");
	const char *msg = "written to /dev/tty\n";
	if (write(fd, msg, strlen(msg)) != (ssize_t)strlen(msg))
		die("write /dev/tty");
	printf("/dev/tty is a terminal: %s\n", isatty(fd) ? "yes" : "no");
	close(fd);
	return 0;
}

static int cmd_quit(void)
{
	say("waiting for a signal\n");
	pause();
	return 0;
}

static const char usage[] = "usage: ttytest raw N | timeout TENTHS | poll | stty | devtty | quit\n";

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	if (optind == argc)
		usage_error("missing command");
	const char *cmd = argv[optind];
	int arg = argc > optind + 1 ? (int)usage_number(argv[optind + 1], 0, 1000, "number") : 1;
	if (strcmp(cmd, "raw") == 0)
		return cmd_raw(arg);
	if (strcmp(cmd, "timeout") == 0)
		return cmd_timeout(arg);
	if (strcmp(cmd, "poll") == 0)
		return cmd_poll();
	if (strcmp(cmd, "stty") == 0)
		return cmd_stty();
	if (strcmp(cmd, "devtty") == 0)
		return cmd_devtty();
	if (strcmp(cmd, "quit") == 0)
		return cmd_quit();
	usage_error("no command '%s'", cmd);
}
