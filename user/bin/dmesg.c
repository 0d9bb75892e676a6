/*
 * dmesg.c — the kernel's log ring, through syslog(2) (klogctl):
 *
 *     dmesg            every line still in the ring, levels taken off
 *     dmesg -r         raw: each line as the kernel keeps it, "<6>text"
 *     dmesg -c         print, then clear the ring (root)
 *     dmesg -C         clear it without printing (root)
 *     dmesg -n LEVEL   only messages below LEVEL (1..8) reach the console (root)
 *
 * util-linux's options.  Corral's ring keeps no time stamps, so there is no
 * "[    0.000000]" column.  Reading is everyone's (dmesg_restrict = 0);
 * clearing and the console level are root's: "dmesg: klogctl: Operation not
 * permitted" otherwise (kernel/syslog.c).
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: dmesg [-r] [-c | -C] [-n LEVEL]\n";

/* Write the ring's text, each line without its "<N>" prefix unless raw. */
static void print_log(const char *text, int len, int raw)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl + 1 : end;
		if (!raw && *p == '<') {
			const char *close = memchr(p, '>', (size_t)(line_end - p));
			if (close && close - p <= 4)
				p = close + 1;
		}
		write(1, p, (size_t)(line_end - p));
		p = line_end;
	}
}

int main(int argc, char **argv)
{
	int c, raw = 0, action = SYSLOG_ACTION_READ_ALL;
	long level = 0;
	while ((c = usage_getopt(argc, argv, "rcCn:", usage)) != -1) {
		if (c == 'r')
			raw = 1;
		else if (c == 'c')
			action = SYSLOG_ACTION_READ_CLEAR;
		else if (c == 'C')
			action = SYSLOG_ACTION_CLEAR;
		else
			level = usage_number(optarg, 1, 8, "console level");
	}
	if (optind < argc)
		usage_error("extra operand '%s'", argv[optind]);
	if (level) {
		if (klogctl(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, (int)level) < 0)
			err(1, "klogctl");
		return 0;
	}
	if (action == SYSLOG_ACTION_CLEAR) {
		if (klogctl(action, NULL, 0) < 0)
			err(1, "klogctl");
		return 0;
	}
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	if (size <= 0)
		size = 16384;
	char *text = malloc((size_t)size);
	if (!text)
		err(1, "out of memory");
	int len = klogctl(action, text, size);
	if (len < 0)
		err(1, "klogctl");
	print_log(text, len, raw);
	return 0;
}
