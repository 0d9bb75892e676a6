/*
 * cexec.c — run a command inside a container:  cexec NAME CMD [ARG...]
 *
 * Moves itself into container NAME (writes its own pid to
 * /configfs/container/NAME/addtask), then executes CMD there, so CMD and
 * everything it forks are charged to NAME.  When the move fails, the
 * message says why in the container's words rather than the errno's:
 *
 *     cexec: nope: no such container
 *     cexec: cannot move into web: task_limit reached (20 of 20 tasks)
 *     cexec: cannot move into web: Permission denied      (not delegated)
 *
 * (addtask answers a full container with ENOSPC, "No space left on device",
 * where a fork there gets EAGAIN: DESIGN.md section 5.)  Options end at NAME:
 * what follows is the command's.  Status: 1 when cexec cannot move, 127 for
 * a command not found, 126 for one that cannot be run, 2 for a usage error.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

#define CONTAINER_DIR "/configfs/container"

static const char usage[] = "usage: cexec NAME CMD [ARG...]\n";

static int is_container_name(const char *name)
{
	return *name && !strchr(name, '/') && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

/* Write our pid to NAME's addtask: 0, or -1 with errno set. */
static int join(const char *name)
{
	char path[128], pid[16];
	snprintf(path, sizeof(path), CONTAINER_DIR "/%s/addtask", name);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	int len = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	ssize_t n = write(fd, pid, (size_t)len);
	int saved = errno;
	close(fd);
	errno = saved;
	return n == len ? 0 : -1;
}

/* The first line of one of NAME's attributes, or "?" if it cannot be read. */
static void read_attribute(const char *name, const char *attr, char *out, size_t size)
{
	char path[128];
	snprintf(path, sizeof(path), CONTAINER_DIR "/%s/%s", name, attr);
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, out, size - 1);
	if (fd >= 0)
		close(fd);
	out[n > 0 ? n : 0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	if (!out[0])
		strcpy(out, "?");
}

static _Noreturn void join_failed(const char *name)
{
	if (errno == ENOENT && access(CONTAINER_DIR, F_OK) < 0)
		err(1, "%s", CONTAINER_DIR); /* configfs is not mounted */
	if (errno == ENOENT)
		errx(1, "%s: no such container", name);
	if (errno == ENOSPC) {
		char tasks[24], limit[24];
		read_attribute(name, "num_tasks", tasks, sizeof(tasks));
		read_attribute(name, "task_limit", limit, sizeof(limit));
		errx(1, "cannot move into %s: task_limit reached (%s of %s tasks)", name, tasks,
		     limit);
	}
	err(1, "cannot move into %s", name);
}

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "+", usage) != -1)
		continue; /* no options but --help */
	if (argc - optind < 2)
		usage_error(optind == argc ? "missing container name" : "missing command");
	const char *name = argv[optind];
	if (!is_container_name(name))
		errx(1, "%s: not a container name", name);
	if (join(name) < 0)
		join_failed(name);
	execvp(argv[optind + 1], argv + optind + 1);
	int status = errno == ENOENT ? 127 : 126;
	warn("%s", argv[optind + 1]);
	return status;
}
