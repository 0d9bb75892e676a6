/*
 * main.c — every container at a glance:
 *
 *     containers              one table, the root container first (as "/")
 *     containers -w SECONDS   redraw the table every SECONDS until ^C
 *     containers -c           CSV for plotting: a header, then a row per container
 *     containers -c -w SECONDS   a set of CSV rows every SECONDS (one header)
 *     containers -a           run the kernel's accounting audit; exit 1 if it finds problems
 *
 * -w runs until SIGINT (^C) or SIGTERM; it finishes the sample it is
 * printing, then dies of the signal.  The audit is /proc/container_audit: its
 * text is printed as it is.
 *
 * Read next: containers.h, sample.c, table.c.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fileio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <usage.h>

#include "containers.h"

#define AUDIT_FILE "/proc/container_audit"
#define USAGE "usage: containers [-c] [-w SECONDS] | containers -a"
#define INTERVAL_MAX 86400 /* a day: -w takes whole seconds, 1 and up */

static volatile sig_atomic_t stop_signal; /* the SIGINT or SIGTERM that came, or 0 */

static void note_stop_signal(int sig)
{
	stop_signal = sig;
}

/* SIGINT and SIGTERM end the loop once the sample being printed is out
 * whole (a CSV file never ends in half a row).  Without SA_RESTART, so that
 * they cut the sleep short.  A SIGINT the shell ignores (a background job's)
 * stays ignored, as POSIX asks of every program. */
static void catch_stop_signals(void)
{
	struct sigaction act = {note_stop_signal, 0, 0}, old;
	if (sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		sigaction(SIGINT, &act, NULL);
	sigaction(SIGTERM, &act, NULL);
}

/* Then die of it, as if it had not been caught: the shell sees a command
 * killed by ^C (it prints a newline and abandons the rest of the line). */
static _Noreturn void die_of_stop_signal(void)
{
	fflush(stdout);
	signal(stop_signal, SIG_DFL);
	raise(stop_signal);
	_exit(128 + stop_signal); /* not reached */
}

static void sleep_for(time_t seconds, long nanoseconds)
{
	struct timespec ts = {seconds, nanoseconds};
	while (!stop_signal && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void print_sample(const struct sample *s, int is_csv, long interval)
{
	if (is_csv) {
		print_csv(s);
		return;
	}
	if (interval) {
		fputs("\033[H\033[2J", stdout);
		print_time_line(s, interval);
	}
	print_table(s);
}

/* interval 0: once.  Otherwise until a stop signal, clearing the screen
 * before each table; CSV gets its header once and is never cleared.  Each
 * sample's rates compare it with the one before; the first one's with a
 * sample taken a moment earlier. */
static int show(int is_csv, long interval)
{
	if (interval)
		catch_stop_signals();
	if (is_csv)
		print_csv_header();
	struct sample before, now;
	read_sample(&before);
	sleep_for(0, CONTAINERS_FIRST_INTERVAL_MS * 1000000L);
	for (;;) {
		read_sample(&now);
		sample_rates(&now, &before);
		print_sample(&now, is_csv, interval);
		fflush(stdout);
		free_sample(&before);
		before = now;
		if (!interval)
			break;
		if (!stop_signal)
			sleep_for(interval, 0);
		if (stop_signal)
			die_of_stop_signal();
	}
	free_sample(&before);
	return 0;
}

/* Print the audit's text; 0 if it says "audit: ok". */
static int run_audit(void)
{
	static char text[4096];
	if (read_file_text(AUDIT_FILE, text, sizeof(text)) < 0)
		err(1, "%s", AUDIT_FILE);
	fputs(text, stdout);
	return strcmp(text, "audit: ok\n") == 0 ? 0 : 1;
}

/* A whole number of seconds, 1 to INTERVAL_MAX. */
static long parse_interval(const char *arg)
{
	char *end = (char *)arg;
	errno = 0;
	long n = isdigit((unsigned char)arg[0]) ? strtol(arg, &end, 10) : 0;
	if (n < 1 || n > INTERVAL_MAX || *end || errno)
		usage_error("-w: not a number of seconds from 1 to 86400: '%s'", arg);
	return n;
}

int main(int argc, char **argv)
{
	int c, is_audit = 0, is_csv = 0;
	long interval = 0;
	while ((c = usage_getopt(argc, argv, "acw:", USAGE)) != -1) {
		if (c == 'a')
			is_audit = 1;
		else if (c == 'c')
			is_csv = 1;
		else if (c == 'w')
			interval = parse_interval(optarg);
	}
	if (optind != argc)
		usage_error("extra operand '%s'", argv[optind]);
	if (is_audit && (is_csv || interval))
		usage_error("-a takes no other option: '%s'", is_csv ? "-c" : "-w");
	return is_audit ? run_audit() : show(is_csv, interval);
}
