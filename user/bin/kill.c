/*
 * kill.c — send a signal to processes:  kill [-9 | -N | -NAME | -s NAME] PID...
 * The default signal is TERM; names may be given with or without "SIG".
 * kill -l lists the signal names, kill -l N names signal N.
 *
 * An option here is a signal, so the usage convention (lib/usage.c) reads:
 * -h and --help print the usage, an unknown signal ("kill -NOPE 1") or long
 * option is a usage error (status 2).  A pid kill cannot signal is status 1.
 * A negative pid (a process group) needs "--" first: kill -- -5.
 */
#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <usage.h>

static const char usage[] =
    "usage: kill [-s NAME | -NAME | -N] PID...   (the default signal is TERM)\n"
    "       kill -l [N]                         (signal names; N's name)\n";

static int list_signals(int argc, char **argv, int first)
{
	if (first < argc) {
		int sig = sig_from_name(argv[first]);
		if (sig <= 0 || !sigabbrev_np(sig))
			usage_error("%s: invalid signal", argv[first]);
		puts(sigabbrev_np(sig));
		return 0;
	}
	for (int i = 1; sigabbrev_np(i); i++)
		printf("%2d) SIG%s\n", i, sigabbrev_np(i));
	return 0;
}

static int signal_or_die(const char *name)
{
	int sig = sig_from_name(name); /* lib/signame.c: 9, KILL, SIGKILL, kill */
	if (sig < 0)
		usage_error("%s: invalid signal", name);
	return sig;
}

/* The signal options, by hand: getopt cannot read "-9" or "-KILL".  Returns
 * the index of the first pid. */
static int parse_options(int argc, char **argv, int *sig)
{
	int i = 1;
	if (i < argc && usage_is_help(argv[i]))
		usage_help();
	if (i < argc && strcmp(argv[i], "-l") == 0)
		exit(list_signals(argc, argv, i + 1));
	if (i < argc && strcmp(argv[i], "-s") == 0) {
		if (i + 1 >= argc)
			usage_error("option requires an argument -- 's'");
		*sig = signal_or_die(argv[i + 1]);
		i += 2;
	} else if (i < argc && strncmp(argv[i], "--", 2) == 0 && argv[i][2]) {
		usage_error("unrecognized option '%s'", argv[i]);
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
		*sig = signal_or_die(argv[i] + 1);
		i++;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	return i;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM;
	usage_set(usage);
	int i = parse_options(argc, argv, &sig);
	if (i >= argc)
		usage_error("missing process id");
	int status = 0;
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end) {
			warnx("%s: arguments must be process ids", argv[i]);
			status = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
	}
	return status;
}
