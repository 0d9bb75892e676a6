/*
 * containers.c — top's container rows: the root container ("/") first, then
 * every directory of /configfs/container by name, as `containers` shows them
 * (user/bin/containers/), with fewer columns and a %CPU of their own.
 *
 * A container's %CPU is the sum of its tasks' in the same frame, so the rows
 * add up to the process table's.  The root container has no directory: its
 * tasks are the processes whose /proc/PID/container is "/", its pages what
 * the named containers leave of /proc/meminfo's AnonPages and file pages,
 * and it has no limits ("max", "-").  Without configfs (not mounted) there
 * is only the root's row.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "top.h"

#define CONTAINER_DIR "/configfs/container"

/* One attribute's first line, or "?" if it cannot be read (being removed). */
static void read_attr(const char *name, const char *attr, char *buf, size_t size)
{
	char path[128];
	snprintf(path, sizeof(path), CONTAINER_DIR "/%s/%s", name, attr);
	if (read_file_text(path, buf, size) <= 0)
		snprintf(buf, size, "?");
	buf[strcspn(buf, "\n")] = '\0';
}

static long read_number(const char *name, const char *attr)
{
	char text[24];
	read_attr(name, attr, text, sizeof(text));
	return strtol(text, NULL, 10);
}

/* The %CPU x 10 and the number of the tasks in container name. */
static void sum_tasks(const struct top_sample *s, const char *name, int *cpu, int *count)
{
	*cpu = *count = 0;
	for (int i = 0; i < s->nr_tasks; i++)
		if (strcmp(s->tasks[i].container, name) == 0) {
			*cpu += s->tasks[i].cpu_tenths;
			++*count;
		}
}

static void read_named(const struct top_sample *s, const char *name, struct top_container *c)
{
	int count;
	snprintf(c->name, sizeof(c->name), "%s", name);
	sum_tasks(s, name, &c->cpu_tenths, &count);
	c->nr_tasks = (int)read_number(name, "num_tasks");
	c->anon_pages = read_number(name, "num_anon_pages");
	c->file_pages = read_number(name, "num_file_pages");
	read_attr(name, "task_limit", c->task_limit, sizeof(c->task_limit));
	read_attr(name, "page_limit", c->page_limit, sizeof(c->page_limit));
	read_attr(name, "limit_mode", c->mode, sizeof(c->mode));
	read_attr(name, "oom_kills", c->oom_kills, sizeof(c->oom_kills));
}

static void fill_root(const struct top_sample *s, struct top_container *rows, int count)
{
	struct top_container *root = &rows[0];
	memset(root, 0, sizeof(*root));
	strcpy(root->name, "/");
	sum_tasks(s, "/", &root->cpu_tenths, &root->nr_tasks);
	root->anon_pages = s->memory.anon_kib / 4;
	root->file_pages = s->memory.file_kib / 4;
	for (int i = 1; i < count; i++) {
		root->anon_pages -= rows[i].anon_pages;
		root->file_pages -= rows[i].file_pages;
	}
	if (root->anon_pages < 0) /* pages charged between the reads */
		root->anon_pages = 0;
	if (root->file_pages < 0)
		root->file_pages = 0;
	strcpy(root->task_limit, "max");
	strcpy(root->page_limit, "max");
	strcpy(root->mode, "-");
	strcpy(root->oom_kills, "-");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct top_container *)a)->name,
		      ((const struct top_container *)b)->name);
}

/* The rows, root first; their number (at least 1), or -1 out of memory. */
int top_containers_read(const struct top_sample *s, struct top_container **out)
{
	int count = 1, cap = 16;
	struct top_container *rows = malloc((size_t)cap * sizeof(*rows));
	DIR *d = opendir(CONTAINER_DIR);
	struct dirent *e;
	while (rows && d && (e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		if (count == cap) {
			struct top_container *grown =
			    realloc(rows, (size_t)(cap *= 2) * sizeof(*rows));
			if (!grown)
				break;
			rows = grown;
		}
		read_named(s, e->d_name, &rows[count++]);
	}
	if (d)
		closedir(d);
	if (!rows)
		return -1;
	qsort(rows + 1, (size_t)(count - 1), sizeof(*rows), by_name);
	fill_root(s, rows, count);
	*out = rows;
	return count;
}
