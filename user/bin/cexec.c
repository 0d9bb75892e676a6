/*
 * cexec.c — run a command inside a container:  cexec NAME CMD [ARG...]
 *
 * Moves itself into container NAME (writes its own pid to
 * /configfs/container/NAME/addtask), then executes CMD there, so CMD and
 * everything it forks are charged to NAME.  Errors read as
 * "cexec: NAME: strerror" (no such container, Permission denied for someone
 * not delegated, No space left on device when the container is at its
 * task_limit); a command not found gives 127, one that cannot be run 126.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CONTAINER_DIR "/configfs/container"

/* Write our pid to NAME's addtask: 0, or -1 with errno set. */
static int join(const char *name)
{
	if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		errno = EINVAL; /* not a container name: never another path */
		return -1;
	}
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

int main(int argc, char **argv)
{
	if (argc < 3)
		errx(1, "usage: cexec NAME CMD [ARG...]");
	if (join(argv[1]) < 0)
		err(1, "%s", argv[1]);
	execvp(argv[2], argv + 2);
	int status = errno == ENOENT ? 127 : 126;
	warn("%s", argv[2]);
	return status;
}
