/*
 * which.c — where a command is:  which [-a] NAME...
 *
 * For each NAME, the first file called NAME in a directory of $PATH that is
 * executable (and not a directory), as the shell's search would find it
 * (lib/exec.c: an empty PATH entry is the current directory; no PATH means
 * /bin:/usr/bin).  -a prints every match, not only the first.  A NAME with a
 * '/' is checked as it is.  Nothing is printed for a NAME not found; the
 * status is then 1 (debianutils' which).  Shell built-ins (cd, echo, ...)
 * are not files: which finds /bin/echo, never the built-in.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <usage.h>

#define DEFAULT_PATH "/bin:/usr/bin"

static const char usage[] = "usage: which [-a] NAME...\n";

static int is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Prints the matches for name; returns how many there were. */
static int which_one(const char *name, const char *search, int all)
{
	char path[PATH_MAX];
	int found = 0;
	if (strchr(name, '/')) {
		if (!is_executable(name))
			return 0;
		puts(name);
		return 1;
	}
	for (const char *dir = search;; dir += strcspn(dir, ":") + 1) {
		int len = (int)strcspn(dir, ":");
		if (len == 0)
			snprintf(path, sizeof(path), "./%s", name);
		else
			snprintf(path, sizeof(path), "%.*s/%s", len, dir, name);
		if (is_executable(path)) {
			puts(path);
			if (++found && !all)
				return found;
		}
		if (dir[len] == '\0')
			return found;
	}
}

int main(int argc, char **argv)
{
	int all = 0, status = 0;
	while (usage_getopt(argc, argv, "a", usage) != -1)
		all = 1; /* -a */
	if (optind == argc)
		usage_error("missing NAME");
	const char *search = getenv("PATH") ? getenv("PATH") : DEFAULT_PATH;
	for (int i = optind; i < argc; i++)
		if (!argv[i][0] || which_one(argv[i], search, all) == 0)
			status = 1;
	return status;
}
