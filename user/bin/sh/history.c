/*
 * history.c — the lines typed at the terminal, oldest first, for the line
 * editor's up and down arrows and the history builtin.
 *
 * Each line the editor hands to the shell is added as it is (a command typed
 * over several lines is several entries), unless it is blank or repeats the
 * line just before it.  At most HISTORY_MAX lines are kept; the oldest go
 * first, and entries keep their numbers as they move up (bash's way):
 *
 *     history          every entry, numbered:  "   12  ls -l"
 *     history N        the last N
 *     history -c       forget them all (numbering starts again at 1)
 *
 * The history lives in this shell's memory only: a subshell starts empty and
 * nothing is saved to a file (/ is a ramfs; nothing would outlive a reboot).
 */
#include "lineedit.h"
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *entries[HISTORY_MAX]; /* [0] is the oldest */
static size_t nr_entries;
static unsigned long first_number = 1; /* the number entries[0] is shown with */

static bool history_is_blank(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			return false;
	return true;
}

void history_add(const char *line, size_t len)
{
	if (history_is_blank(line, len))
		return;
	if (nr_entries > 0) {
		const char *last = entries[nr_entries - 1];
		if (strlen(last) == len && memcmp(last, line, len) == 0)
			return;
	}
	if (nr_entries == HISTORY_MAX) {
		free(entries[0]);
		memmove(entries, entries + 1, (HISTORY_MAX - 1) * sizeof(entries[0]));
		nr_entries--;
		first_number++;
	}
	entries[nr_entries++] = xstrndup(line, len);
}

size_t history_count(void)
{
	return nr_entries;
}

const char *history_get(size_t i)
{
	return i < nr_entries ? entries[i] : NULL;
}

static void history_clear(void)
{
	for (size_t i = 0; i < nr_entries; i++)
		free(entries[i]);
	nr_entries = 0;
	first_number = 1;
}

static int history_usage(int status)
{
	const char *usage = "usage: history [-c] [N]\n";
	fputs(usage, status ? stderr : stdout);
	return status;
}

int builtin_history(int argc, char **argv)
{
	size_t show = nr_entries;
	if (argc > 2)
		return history_usage(2);
	if (argc == 2) {
		const char *arg = argv[1];
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
			return history_usage(0);
		if (strcmp(arg, "-c") == 0) {
			history_clear();
			return 0;
		}
		char *end;
		long n = strtol(arg, &end, 10);
		if (arg[0] == '-' || !*arg || *end) {
			sh_error("history: %s: %s", arg,
				 arg[0] == '-' ? "invalid option" : "bad number");
			return history_usage(2);
		}
		if ((size_t)n < show)
			show = (size_t)n;
	}
	for (size_t i = nr_entries - show; i < nr_entries; i++)
		printf("%5lu  %s\n", first_number + (unsigned long)i, entries[i]);
	return 0;
}
