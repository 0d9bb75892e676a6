/*
 * free.c — memory use in KiB, from /proc/meminfo, laid out like procps free:
 *
 *                    total        used        free      shared  buff/cache   available
 *     Mem:           65023       12040       50100           0        2883       52000
 *     Swap:          32764           0       32764
 *
 * buff/cache = Buffers + Cached + SReclaimable; available is MemAvailable when
 * the kernel gives it, else free + buff/cache; used = total - available (as in
 * procps-ng 4).
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
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

	long long cache = fields[BUFFERS].kib + fields[CACHED].kib + fields[SRECLAIMABLE].kib;
	long long available =
	    fields[AVAILABLE].found ? fields[AVAILABLE].kib : fields[FREE].kib + cache;
	long long used = fields[TOTAL].kib - available;
	if (used < 0)
		used = 0;
	long long swap_used = fields[SWAP_TOTAL].kib - fields[SWAP_FREE].kib;
	printf("%-8s%12s%12s%12s%12s%12s%12s\n", "", "total", "used", "free", "shared",
	       "buff/cache", "available");
	printf("%-8s%12lld%12lld%12lld%12lld%12lld%12lld\n", "Mem:", fields[TOTAL].kib, used,
	       fields[FREE].kib, fields[SHMEM].kib, cache, available);
	printf("%-8s%12lld%12lld%12lld\n", "Swap:", fields[SWAP_TOTAL].kib, swap_used,
	       fields[SWAP_FREE].kib);
	return 0;
}
