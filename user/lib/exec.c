/*
 * exec.c — execv and execvp: execve with this process's environment, and for
 * execvp a search of $PATH (default "/bin:/usr/bin") when the name has no '/'.
 *
 * As in glibc: a file that exists but cannot be run (EACCES) does not stop the
 * search, but is the error reported if nothing else runs; a file the kernel
 * does not recognise as a program (ENOEXEC) is run as a script by /bin/sh.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

static void exec_as_script(const char *path, char *const argv[])
{
	int argc = 0;
	while (argv[argc])
		argc++;
	char **args = malloc((size_t)(argc + 2) * sizeof(char *));
	if (!args)
		return;
	args[0] = "sh";
	args[1] = (char *)path;
	for (int i = 1; i <= argc; i++)
		args[i + 1] = argv[i];
	execve("/bin/sh", args, environ);
	free(args);
}

static int exec_one(const char *path, char *const argv[])
{
	execve(path, argv, environ);
	if (errno == ENOEXEC) {
		exec_as_script(path, argv);
		errno = ENOEXEC;
	}
	return -1;
}

int execvp(const char *file, char *const argv[])
{
	if (!*file) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/'))
		return exec_one(file, argv);
	const char *path = getenv("PATH");
	if (!path)
		path = "/bin:/usr/bin";
	size_t file_len = strlen(file);
	int seen_eacces = 0;
	char buf[PATH_MAX];
	for (const char *dir = path;; dir++) {
		const char *end = strchr(dir, ':');
		size_t len = end ? (size_t)(end - dir) : strlen(dir);
		if (len + 1 + file_len + 1 <= sizeof(buf)) {
			memcpy(buf, dir, len);
			if (len == 0) /* an empty entry means the current directory */
				buf[len++] = '.';
			buf[len] = '/';
			memcpy(buf + len + 1, file, file_len + 1);
			exec_one(buf, argv);
			if (errno == EACCES)
				seen_eacces = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return -1;
		}
		if (!end)
			break;
		dir = end;
	}
	errno = seen_eacces ? EACCES : ENOENT;
	return -1;
}
