/*
 * containers.c — every container at a glance:
 *
 *     containers              one table, the root container first (as "/")
 *     containers -w SECONDS   redraw the table every SECONDS until ^C
 *     containers -c           CSV for plotting: a header, then a row per container
 *     containers -c -w SECONDS   a set of CSV rows every SECONDS (one header)
 *     containers -a           run the kernel's accounting audit; exit 1 if it finds problems
 *
 *     page counts in 4 KiB pages
 *     NAME ID TASKS/LIMIT ANON FILE MAPPED ACTIVE PAGE_LIMIT MODE HITS(page/task) OOM
 *
 *     time,name,id,tasks,task_limit,anon,file,mapped,active,swap,page_limit,mode,
 *     page_limit_hits,oom_kills
 *
 * Each named container's row comes from the files of its directory in
 * /configfs/container (page counts in 4 KiB pages; swap from its `stat`).  The
 * root container has no directory: its row is what the others leave of the
 * system's totals in /proc/meminfo (AnonPages, Active/Inactive(file), Mapped,
 * Active, SwapTotal - SwapFree), and its tasks are the processes whose
 * /proc/N/container says "/" (as ps shows them).  It has no limits, so no mode,
 * hits or OOM kills ("-").  A container removed while a sample is being taken
 * is left out of it.  A CSV row's time is CLOCK_REALTIME in seconds since the
 * epoch, with milliseconds, the same for every row of one sample.
 *
 * -w runs until SIGINT (^C) or SIGTERM; it finishes the sample it is
 * printing, then dies of the signal.  The audit is /proc/container_audit: its text is
 * printed as it is.
 */
#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <fileio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <usage.h>

#define CONTAINER_DIR "/configfs/container"
#define AUDIT_FILE "/proc/container_audit"
#define USAGE "usage: containers [-c] [-w SECONDS] | containers -a"
#define INTERVAL_MAX 86400 /* a day: -w takes whole seconds, 1 and up */

struct row {
	char name[32];
	char id[12], tasks[12], task_limit[12];
	char anon[12], file[12], mapped[12], active[12], swap[12];
	char page_limit[12], mode[8], page_hits[12], task_hits[12], oom[12];
};

/* One look at every container: the root first, then the named ones by name. */
struct sample {
	struct timespec when;
	struct row root;
	struct row *rows;
	int count;
};

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
 * text; 0 if there is no such line. */
static long text_value(const char *text, const char *key, int colon)
{
	size_t len = strlen(key);
	for (const char *line = text; line && *line;) {
		if (strncmp(line, key, len) == 0 && line[len] == (colon ? ':' : ' '))
			return strtol(line + len + 1, NULL, 10);
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return 0;
}

/* The swap pages of container name, from its stat; -1 if it has gone. */
static int read_swap(const char *name, char *buf, size_t size)
{
	char path[128], stat[1024];
	snprintf(path, sizeof(path), CONTAINER_DIR "/%s/stat", name);
	if (read_file_text(path, stat, sizeof(stat)) < 0)
		return -1;
	snprintf(buf, size, "%ld", text_value(stat, "swap", 0));
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
	return read_swap(name, r->swap, sizeof(r->swap));
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
	return text_value(meminfo, key, 1) / 4; /* kB → pages */
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
}

static void read_sample(struct sample *s)
{
	clock_gettime(CLOCK_REALTIME, &s->when);
	s->count = read_rows(&s->rows);
	root_row(&s->root, s->rows, s->count);
}

/* ---- output --------------------------------------------------------------- */

static void print_row(const struct row *r, int name_width)
{
	char tasks[32], hits[32];
	snprintf(tasks, sizeof(tasks), "%s/%s", r->tasks, r->task_limit);
	if (strcmp(r->page_hits, "-") == 0)
		strcpy(hits, "-");
	else
		snprintf(hits, sizeof(hits), "%s/%s", r->page_hits, r->task_hits);
	printf("%-*s %3s %11s %6s %6s %6s %6s %10s %4s %15s %3s\n", name_width, r->name, r->id,
	       tasks, r->anon, r->file, r->mapped, r->active, r->page_limit, r->mode, hits, r->oom);
}

static void print_table(const struct sample *s)
{
	int name_width = 4;
	for (int i = 0; i < s->count; i++)
		if ((int)strlen(s->rows[i].name) > name_width)
			name_width = (int)strlen(s->rows[i].name);
	printf("page counts in 4 KiB pages\n");
	printf("%-*s %3s %11s %6s %6s %6s %6s %10s %4s %15s %3s\n", name_width, "NAME", "ID",
	       "TASKS/LIMIT", "ANON", "FILE", "MAPPED", "ACTIVE", "PAGE_LIMIT", "MODE",
	       "HITS(page/task)", "OOM");
	print_row(&s->root, name_width);
	for (int i = 0; i < s->count; i++)
		print_row(&s->rows[i], name_width);
}

/* -w's line above the table: when, in UTC (Corral keeps no time zones). */
static void print_time_line(const struct sample *s, long interval)
{
	char when[32];
	time_t t = s->when.tv_sec;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
	printf("%s, every %ld s (^C stops)\n", when, interval);
}

static void print_csv_header(void)
{
	printf("time,name,id,tasks,task_limit,anon,file,mapped,active,swap,page_limit,mode,"
	       "page_limit_hits,oom_kills\n");
}

static void print_csv_row(const struct sample *s, const struct row *r)
{
	printf("%ld.%03ld,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", (long)s->when.tv_sec,
	       s->when.tv_nsec / 1000000, r->name, r->id, r->tasks, r->task_limit, r->anon, r->file,
	       r->mapped, r->active, r->swap, r->page_limit, r->mode, r->page_hits, r->oom);
}

static void print_csv(const struct sample *s)
{
	print_csv_row(s, &s->root);
	for (int i = 0; i < s->count; i++)
		print_csv_row(s, &s->rows[i]);
}

/* ---- once, or every interval ----------------------------------------------- */

static volatile sig_atomic_t stop_signal; /* the SIGINT or SIGTERM that came, or 0 */

static void note_stop_signal(int sig)
{
	stop_signal = sig;
}

/* SIGINT and SIGTERM end the loop once the sample being printed is out
 * whole (a CSV file never ends in half a row).  Without SA_RESTART, so that
 * they cut the sleep short.  A SIGINT the shell ignores (a background job's)
 * stays ignored, as POSIX asks of every program. */
static void catch_stop_signals(void)
{
	struct sigaction act = {note_stop_signal, 0, 0}, old;
	if (sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		sigaction(SIGINT, &act, NULL);
	sigaction(SIGTERM, &act, NULL);
}

/* Then die of it, as if it had not been caught: the shell sees a command
 * killed by ^C (it prints a newline and abandons the rest of the line). */
static _Noreturn void die_of_stop_signal(void)
{
	fflush(stdout);
	signal(stop_signal, SIG_DFL);
	raise(stop_signal);
	_exit(128 + stop_signal); /* not reached */
}

static void sleep_interval(long seconds)
{
	struct timespec ts = {seconds, 0};
	while (!stop_signal && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* interval 0: once.  Otherwise until a stop signal, clearing the screen
 * before each table; CSV gets its header once and is never cleared. */
static int show(int is_csv, long interval)
{
	if (interval)
		catch_stop_signals();
	if (is_csv)
		print_csv_header();
	for (;;) {
		struct sample s;
		read_sample(&s);
		if (is_csv) {
			print_csv(&s);
		} else {
			if (interval) {
				fputs("\033[H\033[2J", stdout);
				print_time_line(&s, interval);
			}
			print_table(&s);
		}
		free(s.rows);
		fflush(stdout);
		if (!interval)
			return 0;
		if (!stop_signal)
			sleep_interval(interval);
		if (stop_signal)
			die_of_stop_signal();
	}
}

/* Print the audit's text; 0 if it says "audit: ok". */
static int run_audit(void)
{
	static char text[4096];
	if (read_file_text(AUDIT_FILE, text, sizeof(text)) < 0)
		err(1, "%s", AUDIT_FILE);
	fputs(text, stdout);
	return strcmp(text, "audit: ok\n") == 0 ? 0 : 1;
}

/* ---- arguments ------------------------------------------------------------- */

/* A whole number of seconds, 1 to INTERVAL_MAX. */
static long parse_interval(const char *arg)
{
	char *end = (char *)arg;
	errno = 0;
	long n = isdigit((unsigned char)arg[0]) ? strtol(arg, &end, 10) : 0;
	if (n < 1 || n > INTERVAL_MAX || *end || errno)
		usage_error("-w: not a number of seconds from 1 to 86400: '%s'", arg);
	return n;
}

int main(int argc, char **argv)
{
	int c, is_audit = 0, is_csv = 0;
	long interval = 0;
	while ((c = usage_getopt(argc, argv, "acw:", USAGE)) != -1) {
		if (c == 'a')
			is_audit = 1;
		else if (c == 'c')
			is_csv = 1;
		else if (c == 'w')
			interval = parse_interval(optarg);
	}
	if (optind != argc)
		usage_error("extra operand '%s'", argv[optind]);
	if (is_audit && (is_csv || interval))
		usage_error("-a takes no other option: '%s'", is_csv ? "-c" : "-w");
	return is_audit ? run_audit() : show(is_csv, interval);
}
