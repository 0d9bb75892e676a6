/*
 * free.c — memory use, from /proc/meminfo, with procps-ng's arithmetic and layout:
 *
 *                    total        used        free      shared  buff/cache   available
 *     Mem:           65023        1800       61200           0        2023       60100
 *     Swap:          32764           0       32764
 *
 *     free [-k | -m | -h]      KiB (the default), MiB, or a unit per number
 *
 * -h is procps' "human", so only --help prints the usage (lib/usage.c).
 *
 * buff/cache = Buffers + Cached + SReclaimable, used = total - free - buff/cache
 * (so total = used + free + buff/cache), available is MemAvailable (else free +
 * buff/cache, for an old kernel).
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <usage.h>

struct meminfo {
	const char *key;
	long long kib;
	int found;
};

enum { TOTAL, FREE, AVAILABLE, BUFFERS, CACHED, SRECLAIMABLE, SHMEM, SWAP_TOTAL, SWAP_FREE };

static struct meminfo fields[] = {
    [TOTAL] = {"MemTotal", 0, 0},
    [FREE] = {"MemFree", 0, 0},
    [AVAILABLE] = {"MemAvailable", 0, 0},
    [BUFFERS] = {"Buffers", 0, 0},
    [CACHED] = {"Cached", 0, 0},
    [SRECLAIMABLE] = {"SReclaimable", 0, 0},
    [SHMEM] = {"Shmem", 0, 0},
    [SWAP_TOTAL] = {"SwapTotal", 0, 0},
    [SWAP_FREE] = {"SwapFree", 0, 0},
};
#define NR_FIELDS ((int)(sizeof(fields) / sizeof(fields[0])))

static void parse_line(const char *line)
{
	size_t len = strcspn(line, ":");
	if (line[len] != ':')
		return;
	for (int i = 0; i < NR_FIELDS; i++) {
		if (strlen(fields[i].key) == len && strncmp(line, fields[i].key, len) == 0) {
			fields[i].kib = strtoll(line + len + 1, NULL, 10);
			fields[i].found = 1;
		}
	}
}

/* -h: the number with a unit, scaled by 1024 until it is short. */
static void format_human(long long kib, char *buf, size_t size)
{
	static const char units[] = "KMGT";
	double value = (double)kib;
	int unit = 0;
	while (value >= 1024 && unit < 3) {
		value /= 1024;
		unit++;
	}
	if (unit == 0 || value >= 10)
		snprintf(buf, size, "%lld%ci", (long long)(value + 0.5), units[unit]);
	else
		snprintf(buf, size, "%lld.%lld%ci", (long long)value,
			 (long long)(value * 10) % 10, units[unit]);
}

static char scale = 'k';

static void print_row(const char *label, const long long *kib, int n)
{
	printf("%-8s", label);
	for (int i = 0; i < n; i++) {
		char text[32];
		if (scale == 'h')
			format_human(kib[i], text, sizeof(text));
		else
			snprintf(text, sizeof(text), "%lld", scale == 'm' ? kib[i] / 1024 : kib[i]);
		printf("%12s", text);
	}
	printf("\n");
}

static void read_meminfo(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	if (!f)
		err(1, "/proc/meminfo");
	char line[256];
	while (fgets(line, sizeof(line), f))
		parse_line(line);
	fclose(f);
	if (!fields[TOTAL].found)
		errx(1, "/proc/meminfo: no MemTotal line");
}

static const char usage[] = "usage: free [-k | -m | -h]   (KiB, MiB, human-readable)\n";

int main(int argc, char **argv)
{
	int c;
	while ((c = usage_getopt(argc, argv, "kmh", usage)) != -1)
		scale = (char)c;
	if (optind < argc)
		usage_error("extra operand '%s'", argv[optind]);
	read_meminfo();
	long long cache = fields[BUFFERS].kib + fields[CACHED].kib + fields[SRECLAIMABLE].kib;
	long long used = fields[TOTAL].kib - fields[FREE].kib - cache;
	if (used < 0)
		used = fields[TOTAL].kib - fields[FREE].kib; /* procps: cache larger than it can be */
	long long available = fields[AVAILABLE].found ? fields[AVAILABLE].kib
						      : fields[FREE].kib + cache;
	if (available > fields[TOTAL].kib)
		available = fields[TOTAL].kib;
	printf("%-8s%12s%12s%12s%12s%12s%12s\n", "", "total", "used", "free", "shared",
	       "buff/cache", "available");
	long long mem[] = {fields[TOTAL].kib, used, fields[FREE].kib, fields[SHMEM].kib, cache,
			   available};
	print_row("Mem:", mem, 6);
	long long swap[] = {fields[SWAP_TOTAL].kib, fields[SWAP_TOTAL].kib - fields[SWAP_FREE].kib,
			    fields[SWAP_FREE].kib};
	print_row("Swap:", swap, 3);
	return 0;
}
