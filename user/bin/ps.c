/*
 * ps.c — list processes:  PID PPID STATE CONTAINER CMD
 *
 * Everything comes from /proc, in Linux's formats: each numeric directory
 * /proc/N is a process; /proc/N/status gives "Name:", "State:" (first letter
 * used) and "PPid:"; /proc/N/cmdline is argv, NUL-separated (empty for kernel
 * threads: then "[Name]" is shown, as Linux's ps does); /proc/N/container
 * names its container ("/" for the root container, and when the file does not
 * exist, as on Linux).  A process that exits while being read is skipped.
 */
#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <fcntl.h>
#include <fileio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

struct proc {
	int pid, ppid;
	char state;
	char name[64];
	char container[64];
	char cmd[256];
};

static const char *status_field(const char *status, const char *key)
{
	size_t len = strlen(key);
	for (const char *line = status; line && *line;) {
		if (strncmp(line, key, len) == 0 && line[len] == ':') {
			line += len + 1;
			while (*line == ' ' || *line == '\t')
				line++;
			return line;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

static int read_proc(int pid, struct proc *p)
{
	char path[64], status[1024];
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (read_file_text(path, status, sizeof(status)) < 0)
		return -1;
	const char *name = status_field(status, "Name");
	const char *state = status_field(status, "State");
	const char *ppid = status_field(status, "PPid");
	p->pid = pid;
	p->ppid = ppid ? atoi(ppid) : 0;
	p->state = state ? state[0] : '?';
	size_t n = name ? strcspn(name, "\n") : 0;
	snprintf(p->name, sizeof(p->name), "%.*s", (int)n, name ? name : "");

	snprintf(path, sizeof(path), "/proc/%d/container", pid);
	if (read_file_text(path, p->container, sizeof(p->container)) <= 0)
		strcpy(p->container, "/");
	p->container[strcspn(p->container, "\n")] = '\0';

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	int len = read_file_text(path, p->cmd, sizeof(p->cmd));
	if (len <= 0) {
		snprintf(p->cmd, sizeof(p->cmd), "[%s]", p->name);
		return 0;
	}
	while (len > 0 && p->cmd[len - 1] == '\0') /* the NUL after the last argument */
		len--;
	for (int i = 0; i < len; i++)
		if (p->cmd[i] == '\0')
			p->cmd[i] = ' ';
	p->cmd[len] = '\0';
	return 0;
}

static int by_pid(const void *a, const void *b)
{
	return ((const struct proc *)a)->pid - ((const struct proc *)b)->pid;
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

static const char usage[] =
    "usage: ps   (every process: PID PPID STATE CONTAINER CMD; STATE as in\n"
    "            /proc/PID/status: R running, S asleep, D disk, I idle kernel\n"
    "            thread, T stopped, Z zombie)\n";

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage) != -1)
		;
	if (optind < argc)
		usage_error("unexpected operand '%s'", argv[optind]);
	DIR *d = opendir("/proc");
	if (!d)
		err(1, "/proc");
	struct proc *procs = NULL;
	int count = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!is_number(e->d_name))
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			procs = realloc(procs, (size_t)cap * sizeof(*procs));
			if (!procs)
				err(1, "out of memory");
		}
		if (read_proc(atoi(e->d_name), &procs[count]) == 0)
			count++;
	}
	closedir(d);
	if (count > 1)
		qsort(procs, (size_t)count, sizeof(*procs), by_pid);
	printf("%5s %5s %-5s %-10s %s\n", "PID", "PPID", "STATE", "CONTAINER", "CMD");
	for (int i = 0; i < count; i++)
		printf("%5d %5d %-5c %-10s %s\n", procs[i].pid, procs[i].ppid, procs[i].state,
		       procs[i].container, procs[i].cmd);
	free(procs);
	return 0;
}
