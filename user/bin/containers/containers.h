/*
 * containers.h — what the parts of `containers` share.  Read main.c first
 * (options, once or every interval, the audit), then sample.c (one look at
 * every container, and rates between two looks), then table.c (the table
 * and the CSV).
 *
 * CPU% and the I/O rate compare two samples: the CPU time (cpu_usage_usec)
 * and the bytes of disk I/O (io_rbytes + io_wbytes) a container used
 * between them, over the time between them.  With -w that is the previous
 * table's sample; a single table compares with a sample taken
 * CONTAINERS_FIRST_INTERVAL_MS before it.
 */
#ifndef CONTAINERS_H
#define CONTAINERS_H

#include <time.h>

#define CONTAINER_DIR "/configfs/container"
#define CONTAINERS_FIRST_INTERVAL_MS 250

struct row {
	char name[32];
	char id[12], tasks[12], task_limit[12];
	char anon[12], file[12], mapped[12], active[12], swap[12], kernel[12];
	char page_limit[12], mode[8], page_hits[12], task_hits[12], oom[12];
	long long cpu_usec;  /* CPU time used so far; -1: unknown */
	long long io_bytes;  /* disk bytes read and written so far; -1: unknown */
	char cpu_percent[12]; /* between this sample and the one before, or "-" */
	char io_rate[16];     /* KiB/s, the same */
};

/* One look at every container: the root first, then the named ones by name. */
struct sample {
	struct timespec when;     /* CLOCK_REALTIME, for the CSV */
	struct timespec monotonic; /* for the rates */
	long long busy_usec;      /* the machine's non-idle CPU time (/proc/stat) */
	struct row root;
	struct row *rows;
	int count;
};

/* sample.c */
void read_sample(struct sample *s);
/* Fill in each row's CPU% and I/O rate from what changed since `before`. */
void sample_rates(struct sample *s, const struct sample *before);
void free_sample(struct sample *s);

/* table.c */
void print_table(const struct sample *s);
void print_time_line(const struct sample *s, long interval);
void print_csv_header(void);
void print_csv(const struct sample *s);

#endif
