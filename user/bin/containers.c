/*
 * containers.c — one table of every container:
 *
 *     containers        the table, the root container first (as "/")
 *     containers -a     run the kernel's accounting audit; exit 1 if it finds problems
 *
 *     NAME ID TASKS/LIMIT ANON FILE MAPPED ACTIVE PAGE_LIMIT MODE HITS(page/task) OOM
 *
 * Each named container's row comes from the files of its directory in
 * /configfs/container (page counts in 4 KiB pages).  The root container has no
 * directory: its row is what the others leave of the system's totals in
 * /proc/meminfo (AnonPages, Active/Inactive(file), Mapped, Active), and its
 * tasks are the processes whose /proc/N/container says "/" (as ps shows
 * them).  It has no limits, so no mode, hits or OOM kills ("-").  A container
 * removed while the table is being made is left out.  The audit is
 * /proc/container_audit: its text is printed as it is.
 */
#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONTAINER_DIR "/configfs/container"
#define AUDIT_FILE "/proc/container_audit"

struct row {
	char name[32];
	char id[12], tasks[12], task_limit[12];
	char anon[12], file[12], mapped[12], active[12];
	char page_limit[12], mode[8], page_hits[12], task_hits[12], oom[12];
};

/* A small file's whole text (NUL-terminated); -1 (errno set) on failure. */
static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	ssize_t n = 0;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	int saved = errno;
	close(fd);
	if (n < 0) {
		errno = saved;
		return -1;
	}
	buf[len] = '\0';
	return 0;
}

/* Its first line, without the newline. */
static int read_text(const char *path, char *buf, size_t size)
{
	if (read_file(path, buf, size) < 0)
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
	return 0;
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
	size_t len = strlen(key);
	for (const char *line = meminfo; line && *line;) {
		if (strncmp(line, key, len) == 0 && line[len] == ':')
			return strtol(line + len + 1, NULL, 10) / 4; /* kB → pages */
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return 0;
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
	if (read_file("/proc/meminfo", meminfo, sizeof(meminfo)) < 0)
		meminfo[0] = '\0';
	long anon = meminfo_pages(meminfo, "AnonPages");
	long file =
	    meminfo_pages(meminfo, "Active(file)") + meminfo_pages(meminfo, "Inactive(file)");
	long mapped = meminfo_pages(meminfo, "Mapped");
	long active = meminfo_pages(meminfo, "Active");
	for (int i = 0; i < count; i++) {
		anon -= atol(rows[i].anon);
		file -= atol(rows[i].file);
		mapped -= atol(rows[i].mapped);
		active -= atol(rows[i].active);
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
	strcpy(r->page_limit, "max");
	strcpy(r->mode, "-");
	strcpy(r->page_hits, "-");
	strcpy(r->task_hits, "-");
	strcpy(r->oom, "-");
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

static int show_table(void)
{
	struct row *rows, root;
	int count = read_rows(&rows);
	root_row(&root, rows, count);
	int name_width = 4;
	for (int i = 0; i < count; i++)
		if ((int)strlen(rows[i].name) > name_width)
			name_width = (int)strlen(rows[i].name);
	printf("%-*s %3s %11s %6s %6s %6s %6s %10s %4s %15s %3s\n", name_width, "NAME", "ID",
	       "TASKS/LIMIT", "ANON", "FILE", "MAPPED", "ACTIVE", "PAGE_LIMIT", "MODE",
	       "HITS(page/task)", "OOM");
	print_row(&root, name_width);
	for (int i = 0; i < count; i++)
		print_row(&rows[i], name_width);
	free(rows);
	return 0;
}

/* Print the audit's text; 0 if it says "audit: ok". */
static int run_audit(void)
{
	static char text[4096];
	if (read_file(AUDIT_FILE, text, sizeof(text)) < 0)
		err(1, "%s", AUDIT_FILE);
	fputs(text, stdout);
	return strcmp(text, "audit: ok\n") == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	int c, is_audit = 0;
	while ((c = getopt(argc, argv, "a")) != -1) {
		if (c != 'a')
			errx(1, "usage: containers [-a]");
		is_audit = 1;
	}
	if (optind != argc)
		errx(1, "usage: containers [-a]");
	return is_audit ? run_audit() : show_table();
}
