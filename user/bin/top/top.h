/*
 * top.h — what the parts of top share.  Read main.c first (options, the
 * refresh loop, the terminal), then tasks.c (one sample of every process
 * and of the machine, and CPU shares between two samples), then
 * containers.c (the container rows) and show.c (one screenful).
 *
 * A frame compares two samples: %CPU is the ticks a task (or the machine)
 * spent between them over the ticks that passed.  The first frame compares
 * with a sample taken TOP_FIRST_INTERVAL_MS before it (a share over a task's
 * whole life would show top itself, a few ticks old, at 100%).
 */
#ifndef TOP_H
#define TOP_H

#include <fileio.h> /* read_file_text */
#include <sys/types.h>
#include <time.h>

#define TOP_HZ 100 /* /proc's clock ticks per second (USER_HZ) */
#define TOP_FIRST_INTERVAL_MS 250
#define TOP_NAME_LEN 32

struct top_task {
	int pid;
	char comm[TOP_NAME_LEN];
	char state; /* R, S, D, T, Z */
	long priority, nice;
	unsigned long long ticks; /* utime + stime */
	unsigned long long start; /* ticks after boot it was forked */
	unsigned long vsize_kib;
	unsigned long rss_kib;
	uid_t uid;		      /* effective */
	char container[TOP_NAME_LEN]; /* "/" for the root container */
	int cpu_tenths;		      /* %CPU x 10, over the frame */
};

/* The machine's CPU ticks, from /proc/stat's "cpu" line. */
struct top_cpu {
	unsigned long long user, nice, system, idle, iowait;
};

struct top_memory {
	long total_kib, free_kib, cache_kib, available_kib, anon_kib, file_kib;
	long swap_total_kib, swap_free_kib;
};

struct top_sample {
	struct top_task *tasks; /* sorted by pid */
	int nr_tasks;
	unsigned long long uptime_ticks;
	struct top_cpu cpu;
	struct top_memory memory;
};

/* tasks.c */
int top_sample_take(struct top_sample *s);
void top_sample_free(struct top_sample *s);
void top_sample_cpu(struct top_sample *now, const struct top_sample *before);

/* containers.c: the rows under the header */
struct top_container {
	char name[TOP_NAME_LEN];
	int nr_tasks, cpu_tenths;
	char task_limit[16], page_limit[16], mode[8], oom_kills[16];
	long anon_pages, file_pages;
};
int top_containers_read(const struct top_sample *s, struct top_container **rows);

/* show.c */
void top_show(const struct top_sample *s, const struct top_sample *before, int max_rows);

#endif
