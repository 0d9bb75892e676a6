/*
 * table.c — a sample as a table, or as CSV rows:
 *
 *     page counts in 4 KiB pages
 *     NAME ID TASKS/LIMIT ANON FILE MAPPED ACTIVE PAGE_LIMIT MODE HITS(page/task) OOM
 *          KERNEL CPU% IO_KiB/s
 *
 *     time,name,id,tasks,task_limit,anon,file,mapped,active,swap,page_limit,mode,
 *     page_limit_hits,oom_kills,kernel,cpu_percent,io_kib_per_s
 *
 * (each on one line).  A CSV row's time is CLOCK_REALTIME in seconds since the
 * epoch, with milliseconds, the same for every row of one sample.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "containers.h"

#define TABLE_FORMAT "%-*s %3s %11s %6s %6s %6s %6s %10s %4s %15s %3s %6s %5s %8s\n"

static void print_row(const struct row *r, int name_width)
{
	char tasks[32], hits[32];
	snprintf(tasks, sizeof(tasks), "%s/%s", r->tasks, r->task_limit);
	if (strcmp(r->page_hits, "-") == 0)
		strcpy(hits, "-");
	else
		snprintf(hits, sizeof(hits), "%s/%s", r->page_hits, r->task_hits);
	printf(TABLE_FORMAT, name_width, r->name, r->id, tasks, r->anon, r->file, r->mapped,
	       r->active, r->page_limit, r->mode, hits, r->oom, r->kernel, r->cpu_percent,
	       r->io_rate);
}

void print_table(const struct sample *s)
{
	int name_width = 4;
	for (int i = 0; i < s->count; i++)
		if ((int)strlen(s->rows[i].name) > name_width)
			name_width = (int)strlen(s->rows[i].name);
	printf("page counts in 4 KiB pages\n");
	printf(TABLE_FORMAT, name_width, "NAME", "ID", "TASKS/LIMIT", "ANON", "FILE", "MAPPED",
	       "ACTIVE", "PAGE_LIMIT", "MODE", "HITS(page/task)", "OOM", "KERNEL", "CPU%",
	       "IO_KiB/s");
	print_row(&s->root, name_width);
	for (int i = 0; i < s->count; i++)
		print_row(&s->rows[i], name_width);
}

/* -w's line above the table: when, in UTC (Corral keeps no time zones). */
void print_time_line(const struct sample *s, long interval)
{
	char when[32];
	time_t t = s->when.tv_sec;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
	printf("%s, every %ld s (^C stops)\n", when, interval);
}

void print_csv_header(void)
{
	printf("time,name,id,tasks,task_limit,anon,file,mapped,active,swap,page_limit,mode,"
	       "page_limit_hits,oom_kills,kernel,cpu_percent,io_kib_per_s\n");
}

static void print_csv_row(const struct sample *s, const struct row *r)
{
	printf("%ld.%03ld,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n",
	       (long)s->when.tv_sec, s->when.tv_nsec / 1000000, r->name, r->id, r->tasks,
	       r->task_limit, r->anon, r->file, r->mapped, r->active, r->swap, r->page_limit,
	       r->mode, r->page_hits, r->oom, r->kernel, r->cpu_percent, r->io_rate);
}

void print_csv(const struct sample *s)
{
	print_csv_row(s, &s->root);
	for (int i = 0; i < s->count; i++)
		print_csv_row(s, &s->rows[i]);
}
