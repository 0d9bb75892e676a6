/*
 * sample.c — one look at every container, and the rates between two looks.
 *
 * Each named container's row comes from the files of its directory in
 * /configfs/container (page counts in 4 KiB pages; swap, kernel pages, CPU
 * time and disk bytes from its `stat`).  The root container has no
 * directory: its row is what the others leave of the system's totals in
 * /proc/meminfo (AnonPages, Active/Inactive(file), Mapped, Active, SwapTotal -
 * SwapFree) and of the busy CPU time in /proc/stat, and its tasks are the
 * processes whose /proc/N/container says "/" (as ps shows them).  It has no
 * limits, so no mode, hits or OOM kills ("-"), and its kernel pages and I/O
 * are not told apart from the system's ("-").  A container removed while a
 * sample is being taken is left out of it.
 *
 * Read next: table.c.
 */
#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <fileio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"

#define USER_HZ 100 /* /proc/stat's ticks per second */

/* ---- reading a named container -------------------------------------------- */

/* Its first line, without the newline. */
static int read_text(const char *path, char *buf, size_t size)
{
	if (read_file_text(path, buf, size) < 0)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Attribute attr of container name into buf; -1 if it has gone. */
static int read_attr(const char *name, const char *attr, char *buf, size_t size)
{
	char path[128];
	snprintf(path, sizeof(path), CONTAINER_DIR "/%s/%s", name, attr);
	return read_text(path, buf, size);
}

/* The number after "key" (then a space, or "key:" when colon) on a line of
 * text; -1 if there is no such line. */
static long long text_value(const char *text, const char *key, int colon)
{
	size_t len = strlen(key);
	for (const char *line = text; line && *line;) {
		if (strncmp(line, key, len) == 0 && line[len] == (colon ? ':' : ' '))
			return strtoll(line + len + 1, NULL, 10);
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -1;
}

/* A count from a stat text, or "-" when the kernel does not keep it. */
static void put_count(char *buf, size_t size, long long value)
{
	if (value < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%lld", value);
}

/* Swap and kernel pages, CPU time and disk bytes of container name, from its
 * stat; -1 if it has gone. */
static int read_stat(const char *name, struct row *r)
{
	char path[128], stat[2048];
	snprintf(path, sizeof(path), CONTAINER_DIR "/%s/stat", name);
	if (read_file_text(path, stat, sizeof(stat)) < 0)
		return -1;
	put_count(r->swap, sizeof(r->swap), text_value(stat, "swap", 0));
	put_count(r->kernel, sizeof(r->kernel), text_value(stat, "kernel", 0));
	r->cpu_usec = text_value(stat, "cpu_usage_usec", 0);
	long long rbytes = text_value(stat, "io_rbytes", 0), wbytes = text_value(stat, "io_wbytes", 0);
	r->io_bytes = rbytes < 0 || wbytes < 0 ? -1 : rbytes + wbytes;
	return 0;
}

static int read_row(const char *name, struct row *r)
{
	struct {
		const char *attr;
		char *buf;
		size_t size;
	} fields[] = {
	    {"id", r->id, sizeof(r->id)},
	    {"num_tasks", r->tasks, sizeof(r->tasks)},
	    {"task_limit", r->task_limit, sizeof(r->task_limit)},
	    {"num_anon_pages", r->anon, sizeof(r->anon)},
	    {"num_file_pages", r->file, sizeof(r->file)},
	    {"num_mapped_pages", r->mapped, sizeof(r->mapped)},
	    {"num_active_pages", r->active, sizeof(r->active)},
	    {"page_limit", r->page_limit, sizeof(r->page_limit)},
	    {"limit_mode", r->mode, sizeof(r->mode)},
	    {"page_limit_hits", r->page_hits, sizeof(r->page_hits)},
	    {"task_limit_hits", r->task_hits, sizeof(r->task_hits)},
	    {"oom_kills", r->oom, sizeof(r->oom)},
	};
	snprintf(r->name, sizeof(r->name), "%s", name);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (read_attr(name, fields[i].attr, fields[i].buf, fields[i].size) < 0)
			return -1;
	return read_stat(name, r);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->name, ((const struct row *)b)->name);
}

/* Every named container, sorted by name; their number. */
static int read_rows(struct row **out)
{
	DIR *d = opendir(CONTAINER_DIR);
	if (!d)
		err(1, "%s", CONTAINER_DIR);
	struct row *rows = NULL;
	int count = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			rows = realloc(rows, (size_t)cap * sizeof(*rows));
			if (!rows)
				err(1, "out of memory");
		}
		if (read_row(e->d_name, &rows[count]) == 0)
			count++;
	}
	closedir(d);
	if (count > 1)
		qsort(rows, (size_t)count, sizeof(*rows), by_name);
	*out = rows;
	return count;
}

/* ---- the root container's row ------------------------------------------- */

static long meminfo_pages(const char *meminfo, const char *key)
{
	long long kib = text_value(meminfo, key, 1);
	return kib < 0 ? 0 : (long)(kib / 4); /* kB → pages */
}

static int is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Processes whose /proc/N/container says "/". */
static long root_tasks(void)
{
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	long n = 0;
	struct dirent *e;
	char path[64], name[64];
	while ((e = readdir(d))) {
		if (!is_number(e->d_name))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/container", e->d_name);
		if (read_text(path, name, sizeof(name)) == 0 && strcmp(name, "/") == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* What is left of total when the named containers' numbers are taken away
 * (pages charged meanwhile may take it below 0: then 0). */
static void put_rest(char *buf, size_t size, long total)
{
	snprintf(buf, size, "%ld", total > 0 ? total : 0);
}

static void root_row(struct row *r, const struct row *rows, int count)
{
	static char meminfo[2048];
	if (read_file_text("/proc/meminfo", meminfo, sizeof(meminfo)) < 0)
		meminfo[0] = '\0';
	long anon = meminfo_pages(meminfo, "AnonPages");
	long file =
	    meminfo_pages(meminfo, "Active(file)") + meminfo_pages(meminfo, "Inactive(file)");
	long mapped = meminfo_pages(meminfo, "Mapped");
	long active = meminfo_pages(meminfo, "Active");
	long swap = meminfo_pages(meminfo, "SwapTotal") - meminfo_pages(meminfo, "SwapFree");
	for (int i = 0; i < count; i++) {
		anon -= atol(rows[i].anon);
		file -= atol(rows[i].file);
		mapped -= atol(rows[i].mapped);
		active -= atol(rows[i].active);
		swap -= atol(rows[i].swap);
	}
	memset(r, 0, sizeof(*r));
	strcpy(r->name, "/");
	strcpy(r->id, "0");
	snprintf(r->tasks, sizeof(r->tasks), "%ld", root_tasks());
	strcpy(r->task_limit, "max");
	put_rest(r->anon, sizeof(r->anon), anon);
	put_rest(r->file, sizeof(r->file), file);
	put_rest(r->mapped, sizeof(r->mapped), mapped);
	put_rest(r->active, sizeof(r->active), active);
	put_rest(r->swap, sizeof(r->swap), swap);
	strcpy(r->page_limit, "max");
	strcpy(r->mode, "-");
	strcpy(r->page_hits, "-");
	strcpy(r->task_hits, "-");
	strcpy(r->oom, "-");
	strcpy(r->kernel, "-");
	r->cpu_usec = r->io_bytes = -1; /* sample_rates works the CPU out */
}

/* The machine's busy CPU time: user + system ticks of /proc/stat's cpu line. */
static long long busy_usec(void)
{
	char text[512];
	if (read_file_text("/proc/stat", text, sizeof(text)) < 0 || strncmp(text, "cpu ", 4) != 0)
		return -1;
	char *p = text + 4;
	long long ticks = 0;
	for (int field = 0; field < 3; field++) /* user, nice, system */
		ticks += strtoll(p, &p, 10);
	return ticks * (1000000 / USER_HZ);
}

void read_sample(struct sample *s)
{
	clock_gettime(CLOCK_REALTIME, &s->when);
	clock_gettime(CLOCK_MONOTONIC, &s->monotonic);
	s->busy_usec = busy_usec();
	s->count = read_rows(&s->rows);
	root_row(&s->root, s->rows, s->count);
	strcpy(s->root.cpu_percent, "-");
	strcpy(s->root.io_rate, "-");
	for (int i = 0; i < s->count; i++) {
		strcpy(s->rows[i].cpu_percent, "-");
		strcpy(s->rows[i].io_rate, "-");
	}
}

void free_sample(struct sample *s)
{
	free(s->rows);
	s->rows = NULL;
}

/* ---- rates between two samples -------------------------------------------- */

static const struct row *find_row(const struct sample *s, const char *name)
{
	for (int i = 0; i < s->count; i++)
		if (strcmp(s->rows[i].name, name) == 0)
			return &s->rows[i];
	return NULL;
}

static void put_percent(char *buf, size_t size, long long used_usec, long long elapsed_usec)
{
	if (used_usec < 0)
		used_usec = 0; /* the root's estimate, from coarser ticks */
	long long tenths = used_usec * 1000 / elapsed_usec;
	snprintf(buf, size, "%lld.%lld", tenths / 10, tenths % 10);
}

/* A named row's CPU% and I/O rate; what it used goes into *used_usec. */
static void row_rates(struct row *r, const struct row *was, long long elapsed_usec,
		      long long *used_usec)
{
	if (!was || r->cpu_usec < 0 || was->cpu_usec < 0)
		return;
	long long used = r->cpu_usec - was->cpu_usec;
	*used_usec += used;
	put_percent(r->cpu_percent, sizeof(r->cpu_percent), used, elapsed_usec);
	if (r->io_bytes >= 0 && was->io_bytes >= 0)
		snprintf(r->io_rate, sizeof(r->io_rate), "%lld",
			 (r->io_bytes - was->io_bytes) * 1000000 / 1024 / elapsed_usec);
}

void sample_rates(struct sample *s, const struct sample *before)
{
	long long elapsed_usec = (s->monotonic.tv_sec - before->monotonic.tv_sec) * 1000000LL +
				 (s->monotonic.tv_nsec - before->monotonic.tv_nsec) / 1000;
	if (elapsed_usec <= 0)
		return;
	long long named_usec = 0;
	for (int i = 0; i < s->count; i++)
		row_rates(&s->rows[i], find_row(before, s->rows[i].name), elapsed_usec,
			  &named_usec);
	if (s->busy_usec >= 0 && before->busy_usec >= 0)
		put_percent(s->root.cpu_percent, sizeof(s->root.cpu_percent),
			    s->busy_usec - before->busy_usec - named_usec, elapsed_usec);
}

