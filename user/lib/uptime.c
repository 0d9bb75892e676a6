/*
 * uptime.c — the uptime line of procps' uptime and top (uptime.h).
 *
 * /proc/uptime's first number is the seconds since boot (with hundredths,
 * cut here); /proc/loadavg's first three words are the load averages, copied
 * as they are, already with the two decimals procps prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uptime.h>

/* A small /proc file's text into buf, NUL-terminated: 0 or -1. */
static int read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	int saved = errno;
	close(fd);
	errno = saved;
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

int uptime_read(struct uptime *up)
{
	char text[128];
	if (read_text("/proc/uptime", text, sizeof(text)) < 0)
		return -1;
	up->seconds = 0;
	for (const char *p = text; *p >= '0' && *p <= '9'; p++)
		up->seconds = up->seconds * 10 + (*p - '0');
	if (read_text("/proc/loadavg", text, sizeof(text)) < 0)
		return -1;
	char *p = text;
	for (int i = 0; i < 3; i++) {
		size_t len = strcspn(p, " \n");
		snprintf(up->load[i], sizeof(up->load[i]), "%.*s", (int)len, p);
		p += len + (p[len] != '\0');
	}
	return 0;
}

void uptime_format(const struct uptime *up, char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	long days = up->seconds / 86400, hours = up->seconds / 3600 % 24;
	long minutes = up->seconds / 60 % 60;
	int n = snprintf(buf, size, " %02d:%02d:%02d up ", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (days)
		n += snprintf(buf + n, size - (size_t)n, "%ld day%s, ", days, days == 1 ? "" : "s");
	if (hours)
		n += snprintf(buf + n, size - (size_t)n, "%2ld:%02ld, ", hours, minutes);
	else
		n += snprintf(buf + n, size - (size_t)n, "%ld min, ", minutes);
	snprintf(buf + n, size - (size_t)n, " load average: %s, %s, %s", up->load[0], up->load[1],
		 up->load[2]);
}

void uptime_format_pretty(const struct uptime *up, char *buf, size_t size)
{
	long parts[] = {up->seconds / 86400, up->seconds / 3600 % 24, up->seconds / 60 % 60};
	const char *names[] = {"day", "hour", "minute"};
	int n = snprintf(buf, size, "up");
	for (int i = 0; i < 3; i++)
		if (parts[i] || (i == 2 && n == 2)) /* "up 0 minutes" rather than "up" */
			n += snprintf(buf + n, size - (size_t)n, "%s %ld %s%s", n > 2 ? "," : "",
				      parts[i], names[i], parts[i] == 1 ? "" : "s");
}
