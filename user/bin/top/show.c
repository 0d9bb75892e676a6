/*
 * show.c — one frame of top: the summary (procps top's five lines), the
 * containers, then the processes, busiest first:
 *
 *   top - 11:38:46 up 3 min,  load average: 0.00, 0.00, 0.00
 *   Tasks:   8 total,   1 running,   7 sleeping,   0 stopped,   0 zombie
 *   %Cpu(s):   1.0 us,   2.0 sy,   0.0 ni,  97.0 id,   0.0 wa
 *   MiB Mem :     63.5 total,     57.3 free,      4.2 used,      2.0 buff/cache
 *   MiB Swap:    128.0 total,    128.0 free,      0.0 used.     57.0 avail Mem
 *
 *   CONTAINER        TASKS LIMIT  %CPU     ANON     FILE PAGE_LIMIT MODE   OOM
 *   /                    7   max   0.5      300      420        max -       -
 *
 *     PID USER      PR  NI    VIRT    RES S  %CPU  %MEM     TIME+ CONTAINER    COMMAND
 *       1 root      20   0      76     48 S   0.0   0.1   0:00.05 /            init
 *
 * VIRT and RES in KiB, pages in 4 KiB pages, TIME+ is minutes:seconds.hundredths
 * of CPU.  Numbers with a decimal are kept in tenths: no floating point.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uptime.h>

#include "top.h"

#define SUMMARY_LINES 5

/* "12.3" from 123 tenths. */
static const char *tenths(long value, char *buf, size_t size)
{
	snprintf(buf, size, "%ld.%ld", value / 10, value % 10);
	return buf;
}

static void show_uptime(void)
{
	struct uptime up;
	char line[160] = " ?";
	if (uptime_read(&up) == 0)
		uptime_format(&up, line, sizeof(line));
	printf("top -%s\n", line);
}

static void show_task_counts(const struct top_sample *s)
{
	int running = 0, sleeping = 0, stopped = 0, zombie = 0;
	for (int i = 0; i < s->nr_tasks; i++) {
		char st = s->tasks[i].state;
		running += st == 'R';
		sleeping += st == 'S' || st == 'D' || st == 'I';
		stopped += st == 'T' || st == 't';
		zombie += st == 'Z';
	}
	printf("Tasks: %3d total, %3d running, %3d sleeping, %3d stopped, %3d zombie\n",
	       s->nr_tasks, running, sleeping, stopped, zombie);
}

/* The machine's CPU since the earlier sample. */
static void show_cpu(const struct top_sample *s, const struct top_sample *before)
{
	struct top_cpu d = s->cpu;
	if (before) {
		d.user -= before->cpu.user;
		d.nice -= before->cpu.nice;
		d.system -= before->cpu.system;
		d.idle -= before->cpu.idle;
		d.iowait -= before->cpu.iowait;
	}
	unsigned long long total = d.user + d.nice + d.system + d.idle + d.iowait;
	unsigned long long parts[] = {d.user, d.system, d.nice, d.idle, d.iowait};
	const char *names[] = {"us", "sy", "ni", "id", "wa"};
	char buf[16];
	printf("%%Cpu(s):");
	for (int i = 0; i < 5; i++)
		printf("%s %5s %s", i ? "," : "",
		       tenths(total ? (long)(parts[i] * 1000 / total) : (i == 3) * 1000, buf,
			      sizeof(buf)),
		       names[i]);
	putchar('\n');
}

/* KiB as MiB with one decimal. */
static const char *mib(long kib, char buf[16])
{
	return tenths(kib * 10 / 1024, buf, 16);
}

static void show_memory(const struct top_memory *m)
{
	char b[4][16];
	long used = m->total_kib - m->free_kib - m->cache_kib;
	printf("MiB Mem : %8s total, %8s free, %8s used, %8s buff/cache\n", mib(m->total_kib, b[0]),
	       mib(m->free_kib, b[1]), mib(used > 0 ? used : 0, b[2]), mib(m->cache_kib, b[3]));
	printf("MiB Swap: %8s total, %8s free, %8s used. %8s avail Mem\n",
	       mib(m->swap_total_kib, b[0]), mib(m->swap_free_kib, b[1]),
	       mib(m->swap_total_kib - m->swap_free_kib, b[2]), mib(m->available_kib, b[3]));
}

static void show_containers(const struct top_container *rows, int count)
{
	char cpu[16];
	printf("CONTAINER        TASKS LIMIT  %%CPU     ANON     FILE PAGE_LIMIT MODE   OOM\n");
	for (int i = 0; i < count; i++) {
		const struct top_container *c = &rows[i];
		printf("%-16s %5d %5s %5s %8ld %8ld %10s %-5s %4s\n", c->name, c->nr_tasks,
		       c->task_limit, tenths(c->cpu_tenths, cpu, sizeof(cpu)), c->anon_pages,
		       c->file_pages, c->page_limit, c->mode, c->oom_kills);
	}
}

/* A user's name for the USER column: the last few are remembered. */
static const char *user_name(uid_t uid)
{
	static struct {
		uid_t uid;
		char name[16];
	} cache[8];
	static int used;
	for (int i = 0; i < used && i < 8; i++)
		if (cache[i].uid == uid)
			return cache[i].name;
	struct passwd *pw = getpwuid(uid);
	int slot = used++ % 8;
	cache[slot].uid = uid;
	if (pw)
		snprintf(cache[slot].name, sizeof(cache[slot].name), "%.8s", pw->pw_name);
	else
		snprintf(cache[slot].name, sizeof(cache[slot].name), "%u", uid);
	return cache[slot].name;
}

static void show_task(const struct top_task *t, long total_kib)
{
	char cpu[16], mem[16], time[24];
	unsigned long long cs = t->ticks * (100 / TOP_HZ); /* hundredths of a second */
	snprintf(time, sizeof(time), "%llu:%02llu.%02llu", cs / 6000, cs / 100 % 60, cs % 100);
	long mem_tenths = total_kib ? (long)((unsigned long long)t->rss_kib * 1000 / total_kib) : 0;
	printf("%5d %-8s %3ld %3ld %7lu %6lu %c %5s %5s %9s %-12s %s\n", t->pid, user_name(t->uid),
	       t->priority, t->nice, t->vsize_kib, t->rss_kib, t->state,
	       tenths(t->cpu_tenths, cpu, sizeof(cpu)), tenths(mem_tenths, mem, sizeof(mem)), time,
	       t->container, t->comm);
}

static int by_cpu(const void *a, const void *b)
{
	const struct top_task *x = *(const struct top_task *const *)a;
	const struct top_task *y = *(const struct top_task *const *)b;
	if (x->cpu_tenths != y->cpu_tenths)
		return y->cpu_tenths - x->cpu_tenths;
	return x->pid - y->pid;
}

static void show_tasks(const struct top_sample *s, int max_tasks)
{
	const struct top_task **order = malloc((size_t)(s->nr_tasks + 1) * sizeof(*order));
	if (!order)
		return;
	for (int i = 0; i < s->nr_tasks; i++)
		order[i] = &s->tasks[i];
	qsort(order, (size_t)s->nr_tasks, sizeof(*order), by_cpu);
	printf("  PID USER      PR  NI    VIRT    RES S  %%CPU  %%MEM     TIME+ CONTAINER    "
	       "COMMAND\n");
	for (int i = 0; i < s->nr_tasks && (max_tasks < 0 || i < max_tasks); i++)
		show_task(order[i], s->memory.total_kib);
	free(order);
}

/* One frame.  max_rows > 0: the screen's height, which the process list is
 * cut to fit (leaving the last line for the cursor); 0: no limit (batch). */
void top_show(const struct top_sample *s, const struct top_sample *before, int max_rows)
{
	struct top_container *rows = NULL;
	int nr_rows = top_containers_read(s, &rows);
	show_uptime();
	show_task_counts(s);
	show_cpu(s, before);
	show_memory(&s->memory);
	putchar('\n');
	if (nr_rows > 0)
		show_containers(rows, nr_rows);
	putchar('\n');
	int used = SUMMARY_LINES + 1 + (nr_rows > 0 ? nr_rows + 1 : 0) + 1 + 1;
	int max_tasks = max_rows > 0 ? max_rows - used - 1 : -1;
	show_tasks(s, max_tasks < 0 && max_rows > 0 ? 0 : max_tasks);
	free(rows);
}
