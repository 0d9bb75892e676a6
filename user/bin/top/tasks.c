/*
 * tasks.c — one sample of the machine for top: every process (from
 * /proc/PID/stat, status and container), the "cpu" line of /proc/stat and
 * /proc/meminfo; then each task's %CPU against an earlier sample.
 *
 * A process may exit while it is being read: its files then fail to open and
 * it is left out of the sample, never an error.  Tasks are kept sorted by
 * pid so the next frame finds each one's earlier ticks by binary search.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "top.h"

/* The fields after "(comm) S " in /proc/PID/stat, by their proc(5) number. */
enum {
	STAT_FIRST = 4,
	STAT_UTIME = 14,
	STAT_STIME = 15,
	STAT_PRIORITY = 18,
	STAT_NICE = 19,
	STAT_START = 22,
	STAT_VSIZE = 23,
	STAT_RSS = 24
};

static int read_stat(int pid, struct top_task *t)
{
	char path[40], text[1024];
	long long f[STAT_RSS + 1] = {0};
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file_text(path, text, sizeof(text)) < 0)
		return -1;
	char *open = strchr(text, '('), *close = strrchr(text, ')');
	if (!open || !close || close[1] != ' ' || !close[2])
		return -1;
	snprintf(t->comm, sizeof(t->comm), "%.*s", (int)(close - open - 1), open + 1);
	t->state = close[2];
	char *p = close + 3;
	for (int i = STAT_FIRST; i <= STAT_RSS && *p; i++)
		f[i] = strtoll(p, &p, 10);
	t->ticks = (unsigned long long)(f[STAT_UTIME] + f[STAT_STIME]);
	t->priority = (long)f[STAT_PRIORITY];
	t->nice = (long)f[STAT_NICE];
	t->start = (unsigned long long)f[STAT_START];
	t->vsize_kib = (unsigned long)(f[STAT_VSIZE] / 1024);
	t->rss_kib = (unsigned long)f[STAT_RSS] * 4;
	return 0;
}

/* The effective uid (the second number of status's "Uid:" line) and the
 * container (/proc/PID/container); a task that went meanwhile keeps 0, "?". */
static void read_owner(int pid, struct top_task *t)
{
	char path[48], text[1024];
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	char *uid = read_file_text(path, text, sizeof(text)) > 0 ? strstr(text, "\nUid:") : NULL;
	if (uid) {
		char *p = uid + 5;
		strtoul(p, &p, 10); /* the real uid */
		t->uid = (uid_t)strtoul(p, NULL, 10);
	}
	snprintf(path, sizeof(path), "/proc/%d/container", pid);
	if (read_file_text(path, t->container, sizeof(t->container)) <= 0)
		strcpy(t->container, "?");
	t->container[strcspn(t->container, "\n")] = '\0';
}

static int by_pid(const void *a, const void *b)
{
	return ((const struct top_task *)a)->pid - ((const struct top_task *)b)->pid;
}

static int read_tasks(struct top_sample *s)
{
	DIR *d = opendir("/proc");
	if (!d)
		return -1;
	int cap = 64;
	s->tasks = malloc((size_t)cap * sizeof(*s->tasks));
	struct dirent *e;
	while (s->tasks && (e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		if (s->nr_tasks == cap) {
			struct top_task *grown =
			    realloc(s->tasks, (size_t)(cap *= 2) * sizeof(*grown));
			if (!grown)
				break;
			s->tasks = grown;
		}
		struct top_task *t = &s->tasks[s->nr_tasks];
		memset(t, 0, sizeof(*t));
		t->pid = atoi(e->d_name);
		if (read_stat(t->pid, t) == 0) {
			read_owner(t->pid, t);
			s->nr_tasks++;
		}
	}
	closedir(d);
	if (!s->tasks)
		return -1;
	qsort(s->tasks, (size_t)s->nr_tasks, sizeof(*s->tasks), by_pid);
	return 0;
}

/* "12.34" seconds (/proc/uptime) in ticks. */
static unsigned long long read_uptime_ticks(void)
{
	char text[64];
	if (read_file_text("/proc/uptime", text, sizeof(text)) < 0)
		return 0;
	char *p;
	unsigned long long ticks = strtoull(text, &p, 10) * TOP_HZ;
	if (*p == '.' && isdigit((unsigned char)p[1]))
		ticks += (unsigned long long)(p[1] - '0') * 10 +
			 (isdigit((unsigned char)p[2]) ? (unsigned long long)(p[2] - '0') : 0);
	return ticks;
}

static void read_cpu(struct top_cpu *cpu)
{
	char text[256];
	memset(cpu, 0, sizeof(*cpu));
	if (read_file_text("/proc/stat", text, sizeof(text)) < 0 || strncmp(text, "cpu ", 4) != 0)
		return;
	char *p = text + 4;
	unsigned long long *fields[] = {&cpu->user, &cpu->nice, &cpu->system, &cpu->idle,
					&cpu->iowait};
	for (int i = 0; i < 5; i++)
		*fields[i] = strtoull(p, &p, 10);
}

/* One "Key:   123 kB" value of /proc/meminfo text, 0 if it is not there. */
static long meminfo_value(const char *text, const char *key)
{
	size_t len = strlen(key);
	const char *line = text;
	while (line) {
		if (strncmp(line, key, len) == 0 && line[len] == ':')
			return strtol(line + len + 1, NULL, 10);
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return 0;
}

static void read_memory(struct top_memory *m)
{
	static char text[4096];
	if (read_file_text("/proc/meminfo", text, sizeof(text)) < 0)
		text[0] = '\0';
	m->total_kib = meminfo_value(text, "MemTotal");
	m->free_kib = meminfo_value(text, "MemFree");
	m->cache_kib = meminfo_value(text, "Buffers") + meminfo_value(text, "Cached") +
		       meminfo_value(text, "SReclaimable");
	m->available_kib = meminfo_value(text, "MemAvailable");
	m->anon_kib = meminfo_value(text, "AnonPages");
	m->file_kib = meminfo_value(text, "Active(file)") + meminfo_value(text, "Inactive(file)");
	m->swap_total_kib = meminfo_value(text, "SwapTotal");
	m->swap_free_kib = meminfo_value(text, "SwapFree");
}

int top_sample_take(struct top_sample *s)
{
	memset(s, 0, sizeof(*s));
	s->uptime_ticks = read_uptime_ticks();
	read_cpu(&s->cpu);
	read_memory(&s->memory);
	return read_tasks(s);
}

void top_sample_free(struct top_sample *s)
{
	free(s->tasks);
	s->tasks = NULL;
	s->nr_tasks = 0;
}

/* Each task's %CPU x 10 since the earlier sample, or over its life when it
 * was not in it (a task forked since). */
void top_sample_cpu(struct top_sample *now, const struct top_sample *before)
{
	for (int i = 0; i < now->nr_tasks; i++) {
		struct top_task *t = &now->tasks[i];
		const struct top_task *old =
		    before ? bsearch(t, before->tasks, (size_t)before->nr_tasks, sizeof(*t), by_pid)
			   : NULL;
		if (old && old->start != t->start)
			old = NULL; /* the pid was reused */
		unsigned long long ticks = old ? t->ticks - old->ticks : t->ticks;
		unsigned long long since = old ? before->uptime_ticks : t->start;
		unsigned long long elapsed =
		    now->uptime_ticks > since ? now->uptime_ticks - since : 0;
		unsigned long long tenths = elapsed ? ticks * 1000 / elapsed : 0;
		t->cpu_tenths = tenths > 1000 ? 1000 : (int)tenths;
	}
}
